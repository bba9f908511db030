import CutlineLint
import Foundation
import Testing

/// `.cutline.yml` parsing: every mistake is reported with the file, line and column it is at.
@Suite struct ConfigTests {
    func load(_ text: String) throws -> Result<LintConfig, ConfigError> {
        let url = try LintCLI.tempDir().appendingPathComponent(".cutline.yml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        do { return .success(try LintConfig.load(path: url.path)) } catch { return .failure(error) }
    }

    func error(_ text: String) throws -> ConfigError? {
        if case .failure(let e) = try load(text) { return e }
        return nil
    }

    @Test func fullConfigParses() throws {
        let text = """
            version: 1
            eps: [coreml-mlprogram]
            options:
              ort-version: "1.27"
              coreml-version: 7
              static-shapes: true
              free-dims: {batch: 1, sequence: 128}
            thresholds:
              max-partitions: 3
              min-coverage: 80.5
              max-overhead-ms: 0.5
              max-boundary-mib: 2
              min-opset: 17
            forbid-ops: [NonZero, "com.microsoft:FastGelu"]
            device: m1
            fail-on: error
            baseline: ci/baseline.json
            severities:
              EP1*: info
              PT203: off
            ignore:
              - EP120
              - {code: EP100, model: "models/*", node: "/bert/*"}
            overrides:
              - models: "models/mobilenet*"
                thresholds: {max-partitions: 1}
                forbid-ops: [Erf]
            """
        guard case .success(let c) = try load(text) else { Issue.record("did not parse"); return }
        #expect(c.failOn == .error)
        #expect(c.baseline?.hasSuffix("/ci/baseline.json") == true)
        let bert = c.settings(forModelKey: "models/bert.onnx")
        #expect(bert.analysis.eps == ["coreml-mlprogram"])
        #expect(bert.analysis.ortVersion == "1.27")
        #expect(bert.analysis.coremlVersion == 7)
        #expect(bert.analysis.staticShapes)
        #expect(bert.analysis.freeDims == ["batch": 1, "sequence": 128])
        #expect(bert.analysis.device == "m1")
        #expect(bert.maxPartitions == 3 && bert.minCoverage == 80.5 && bert.maxOverheadMs == 0.5)
        #expect(bert.maxBoundaryMiB == 2 && bert.minOpset == 17)
        #expect(bert.forbidOps == ["NonZero", "com.microsoft:FastGelu"])
        #expect(bert.severity(of: "EP111") == .info)
        #expect(bert.severity(of: "PT203") == nil)
        #expect(bert.severity(of: "PT201") == .error)
        #expect(bert.ignores.count == 2)
        #expect(bert.ignores[1].matches(code: "EP100", modelKey: "models/bert.onnx", location: "/bert/Erf", ep: "coreml-mlprogram"))
        #expect(!bert.ignores[1].matches(code: "EP100", modelKey: "other/bert.onnx", location: "/bert/Erf", ep: nil))
        let mobilenet = c.settings(forModelKey: "models/mobilenetv2.onnx")
        #expect(mobilenet.maxPartitions == 1)
        #expect(mobilenet.forbidOps.contains("Erf") && mobilenet.forbidOps.contains("NonZero"))
    }

    /// (config text, line, column, message fragment)
    static let cases: [(String, Int, Int, String)] = [
        ("eps: [coreml-mlprogram]\n", 1, 1, "'version' is required"),
        ("version: 1\nthreshold:\n  max-partitions: 2\n", 2, 1, "unknown key 'threshold'"),
        ("version: 1\nthresholds:\n  max-partitions: two\n", 3, 19, "max-partitions must be an integer"),
        ("version: 1\nthresholds:\n  min-coverage: 150\n", 3, 17, "min-coverage is a percentage"),
        ("version: 1\neps: [coreml-mlprogram, tpu]\n", 2, 25, "unknown EP 'tpu'"),
        ("version: 1\nseverities:\n  EP999: error\n", 3, 3, "unknown code 'EP999'"),
        ("version: 1\nseverities:\n  EP100: loud\n", 3, 10, "severity must be"),
        ("version: 1\nfail-on: info\n", 2, 10, "fail-on must be 'warning' or 'error'"),
        ("version: 1\noptions:\n  ort-version: \"1.2\"\n", 3, 16, "outside the modelled range"),
        ("version: 1\noptions:\n  static-shapes: yes please\n", 3, 18, "static-shapes must be true or false"),
        ("version: 1\noverrides:\n  - thresholds: {max-partitions: 1}\n", 3, 5, "needs 'models'"),
        ("version: 1\nignore:\n  - {code: EP100, nodes: x}\n", 3, 19, "unknown key 'nodes'"),
        ("version: 1\ndevice: tpu-v9\n", 2, 9, "unknown device 'tpu-v9'"),
        ("version: 1\neps: [a\n", 3, 1, "not valid YAML"),
        ("version: 1\nversion: 1\n", 2, 1, "duplicate key 'version'"),
    ]

    @Test(arguments: 0..<cases.count)
    func errorsNameTheLine(_ i: Int) throws {
        let (text, line, column, fragment) = Self.cases[i]
        guard let e = try error(text) else { Issue.record("case \(i) parsed: \(text)"); return }
        #expect(e.line == line && e.column == column, "case \(i): \(e)")
        #expect(e.message.contains(fragment), "case \(i): \(e.message)")
        #expect(e.description.hasPrefix("\(e.file):\(line):\(column): "))
    }

    @Test func cliReportsConfigErrorsWithExit2() throws {
        let url = try LintCLI.tempDir().appendingPathComponent("bad.yml")
        try "version: 1\nthresholds:\n  max-partitions: -1\n".write(to: url, atomically: true, encoding: .utf8)
        let r = try LintCLI.run(["lint", "fixtures/graphs/coreml-erf-middle-op17.onnx", "--config", url.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.yml:3:19: max-partitions must be at least 0, got -1"))
    }

    @Test func globs() {
        #expect(Glob.matches("models/*.onnx", "models/a/b.onnx"))
        #expect(Glob.matches("EP1?0", "EP120"))
        #expect(!Glob.matches("EP1?0", "EP121"))
        #expect(Glob.matches("*", ""))
        #expect(!Glob.matches("a*b", "acd"))
    }
}
