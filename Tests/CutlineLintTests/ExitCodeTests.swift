import Foundation
import Testing

/// 0: nothing at or above the fail level; 1: findings; 2: usage, config or model errors.
@Suite struct ExitCodeTests {
    static let erf = "fixtures/graphs/coreml-erf-middle-op17.onnx"
    static let smallCNN = "fixtures/graphs/coreml-small-cnn-op13.onnx"

    func config(_ text: String) throws -> String {
        let dir = try LintCLI.tempDir()
        let url = dir.appendingPathComponent("cutline.yml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func thresholdsDecideTheExitCode() throws {
        let cfg = try config("version: 1\nseverities:\n  \"*\": off\n")
        // Everything off: nothing can fail.
        #expect(try LintCLI.run(["lint", Self.erf, "--config", cfg]).status == 0)
        // The NeuralNetwork format splits the graph around Erf: 2 partitions.
        let strict = try LintCLI.run(["lint", Self.erf, "--config", try config("version: 1\nseverities:\n  \"[!P]*\": off\n  \"PT20[3-6]\": off\n"),
                                      "--max-partitions", "1", "--ep", "coreml-neuralnetwork"])
        #expect(strict.status == 2, "globs are * and ? only: a bracket pattern is an unknown code")
        let only = try config("version: 1\nseverities:\n  \"EP*\": off\n  \"MD*\": off\n  \"RW*\": off\n  PT203: off\n  PT205: off\n")
        let over = try LintCLI.run(["lint", Self.erf, "--config", only, "--max-partitions", "1", "--ep", "coreml-neuralnetwork"])
        #expect(over.status == 1)
        #expect(over.stdout.contains("PT201"))
        let within = try LintCLI.run(["lint", Self.erf, "--config", only, "--max-partitions", "2", "--ep", "coreml-neuralnetwork"])
        #expect(within.status == 0, "\(within.stdout)")
    }

    @Test func failOnErrorIgnoresWarnings() throws {
        let cfg = try config("version: 1\n")
        let warn = try LintCLI.run(["lint", Self.erf, "--config", cfg, "--ep", "coreml-neuralnetwork"])
        #expect(warn.status == 1, "EP101 and PT203 are warnings")
        let err = try LintCLI.run(["lint", Self.erf, "--config", cfg, "--ep", "coreml-neuralnetwork", "--fail-on", "error"])
        #expect(err.status == 0, "\(err.stdout)")
        let forbid = try LintCLI.run(["lint", Self.erf, "--config", cfg, "--fail-on", "error", "--forbid-op", "Erf"])
        #expect(forbid.status == 1)
        #expect(forbid.stdout.contains("MD407"))
    }

    @Test func usageAndInputErrorsExit2() throws {
        let cfg = try config("version: 1\n")
        let missing = try LintCLI.run(["lint", "no/such/model.onnx", "--config", cfg])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no/such/model.onnx: no such file or directory"))
        #expect(try LintCLI.run(["lint", Self.erf, "--config", cfg, "--fail-on", "info"]).status == 2)
        #expect(try LintCLI.run(["lint", Self.erf, "--config", cfg, "--format", "xml"]).status == 2)
        #expect(try LintCLI.run(["lint", Self.erf, "--config", cfg, "--min-coverage", "120"]).status == 2)
        let badModel = try LintCLI.tempDir().appendingPathComponent("bad.onnx")
        try Data("not a model".utf8).write(to: badModel)
        #expect(try LintCLI.run(["lint", badModel.path, "--config", cfg]).status == 2)
        let empty = try LintCLI.tempDir()
        let noModels = try LintCLI.run(["lint", empty.path, "--config", cfg])
        #expect(noModels.status == 2)
        #expect(noModels.stderr.contains("no .onnx files"))
    }

    @Test func configIsFoundByWalkingUp() throws {
        let root = try LintCLI.tempDir()
        let sub = root.appendingPathComponent("a/b")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try "version: 1\nforbid-ops: [Erf]\nfail-on: error\n".write(to: root.appendingPathComponent(".cutline.yml"), atomically: true, encoding: .utf8)
        let model = LintCLI.repoRoot.appendingPathComponent(Self.erf).path
        let r = try LintCLI.run(["lint", model], cwd: sub)
        #expect(r.status == 1, "the forbidden op comes from the config two levels up")
        #expect(r.stdout.contains("MD407"))
        try "version: 2\n".write(to: root.appendingPathComponent(".cutline.yml"), atomically: true, encoding: .utf8)
        let bad = try LintCLI.run(["lint", model], cwd: sub)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains(".cutline.yml:1:10: version 2 is not supported"))
    }
}
