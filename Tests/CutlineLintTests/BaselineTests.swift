import CutlineReport
import Foundation
import Testing

/// `--write-baseline` records today's findings; with `--baseline` only new ones fail; stale entries are reported.
@Suite struct BaselineTests {
    static let erf = "fixtures/graphs/coreml-erf-middle-op17.onnx"

    @Test func onlyNewFindingsFail() throws {
        let dir = try LintCLI.tempDir()
        let cfg = dir.appendingPathComponent("c.yml")
        try "version: 1\n".write(to: cfg, atomically: true, encoding: .utf8)
        let base = dir.appendingPathComponent("baseline.json").path
        let write = try LintCLI.run(["lint", Self.erf, "--config", cfg.path, "--write-baseline", base, "--format", "json"])
        #expect(write.status == 0, "writing a baseline accepts today's findings")
        let written = try JSONDecoder().decode(LintReport.self, from: Data(write.stdout.utf8))
        #expect(!written.findings.isEmpty)

        let same = try LintCLI.run(["lint", Self.erf, "--config", cfg.path, "--baseline", base, "--format", "json"])
        #expect(same.status == 0, "\(same.stdout)")
        let sameReport = try JSONDecoder().decode(LintReport.self, from: Data(same.stdout.utf8))
        #expect(sameReport.findings.allSatisfy { $0.baselined })
        #expect(sameReport.findings.map(\.fingerprint) == written.findings.map(\.fingerprint), "fingerprints are stable")
        #expect(sameReport.staleBaselineEntries.isEmpty)

        // A new finding (a forbidden op) fails; the old ones still do not.
        let more = try LintCLI.run(["lint", Self.erf, "--config", cfg.path, "--baseline", base, "--forbid-op", "Relu", "--format", "json"])
        #expect(more.status == 1)
        let moreReport = try JSONDecoder().decode(LintReport.self, from: Data(more.stdout.utf8))
        #expect(Set(moreReport.failing.map(\.code)) == ["MD407"])

        // Findings that disappear leave stale entries.
        let withForbid = dir.appendingPathComponent("b2.json").path
        _ = try LintCLI.run(["lint", Self.erf, "--config", cfg.path, "--forbid-op", "Relu", "--write-baseline", withForbid])
        let fixed = try LintCLI.run(["lint", Self.erf, "--config", cfg.path, "--baseline", withForbid])
        #expect(fixed.status == 0)
        #expect(fixed.stdout.contains("stale baseline entry: MD407"))
    }

    @Test func fingerprintIsFNV1aOfTheIdentity() {
        // FNV-1a 64 of the empty string is the offset basis; a derivation the test can check without the tool.
        #expect(LintFinding.fingerprint(code: "", model: "", location: nil, ep: nil) != "cbf29ce484222325",
                "separators are part of the key")
        let a = LintFinding.fingerprint(code: "EP100", model: "m.onnx", location: "n", ep: "coreml-mlprogram")
        #expect(a.count == 16)
        #expect(a == LintFinding.fingerprint(code: "EP100", model: "m.onnx", location: "n", ep: "coreml-mlprogram"))
        #expect(a != LintFinding.fingerprint(code: "EP100", model: "m.onnx", location: "n", ep: "coreml-neuralnetwork"))
    }
}
