import Foundation
import Testing

/// Snapshots of the commands not covered elsewhere: rewrite (dry run), calibrate, roundtrip.
@Suite(.serialized) struct OtherCommandsCLITests {
    static func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cutline-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// `--version` prints the one version that the JSON reports and SARIF carry (and the wheel takes).
    @Test func versionIsTheReportsVersion() throws {
        let v = try CLI.run(["--version"])
        #expect(v.status == 0)
        let version = v.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(version.split(separator: ".").count == 3 && version.allSatisfy { $0.isNumber || $0 == "." }, "\(v.stdout)")
        for args in [["inspect", "models/mobilenetv2.onnx", "--format", "json"],
                     ["analyze", "models/mobilenetv2.onnx", "--format", "json"],
                     ["lint", "models/mobilenetv2.onnx", "--format", "json"],
                     ["rules", "--format", "json"]] {
            let r = try CLI.run(args)
            let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
            #expect(object?["cutlineVersion"] as? String == version, "\(args)")
        }
        let sarif = try CLI.run(["lint", "models/mobilenetv2.onnx", "--format", "sarif", "--min-coverage", "100"])
        let log = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any]
        let driver = ((log?["runs"] as? [[String: Any]])?.first?["tool"] as? [String: Any])?["driver"] as? [String: Any]
        #expect(driver?["version"] as? String == version)
        #expect(driver?["semanticVersion"] as? String == version)
    }

    @Test func rewriteDryRunSnapshot() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out.onnx").path
        let r = try CLI.run(["rewrite", "models/bert-tiny-dynamic.onnx", "-o", out, "--pass", "freeze-shapes",
                             "--dim", "batch=1", "--dim", "sequence=128", "--pass", "gelu-tanh", "--dry-run"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out), "a dry run writes nothing")
        try CLI.assertSnapshot(r.stdout.replacingOccurrences(of: out, with: "OUT"), "rewrite-bert-tiny-dynamic.txt")
    }

    @Test func rewriteRefusesToOverwriteItsInput() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = dir.appendingPathComponent("m.onnx")
        try FileManager.default.copyItem(at: CLI.repoRoot.appendingPathComponent("models/mobilenetv2.onnx"), to: model)
        let before = try Data(contentsOf: model)
        let r = try CLI.run(["rewrite", model.path, "-o", model.path, "--pass", "fold-constants"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("cutline: error: "))
        #expect(try Data(contentsOf: model) == before)
    }

    @Test func calibrateSnapshot() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("device.json").path
        let r = try CLI.run(["calibrate", "fixtures/ort-profiles/bert-tiny-dynamic.basic.json",
                             "--model", "models/bert-tiny-dynamic.onnx", "-o", out])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        try CLI.assertSnapshot(r.stdout.replacingOccurrences(of: out, with: "OUT"), "calibrate-bert-tiny-dynamic.txt")
        let profile = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(profile["name"] != nil)
    }

    @Test func calibrateRejectsAMissingTrace() throws {
        let r = try CLI.run(["calibrate", "fixtures/ort-profiles/none.json", "-o", "/tmp/never-written.json"])
        #expect(r.status == 2)
        #expect(r.stderr == "cutline: error: fixtures/ort-profiles/none.json: no such file\n")
    }

    @Test func roundtripSnapshot() throws {
        let dir = try Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("copy.onnx").path
        let r = try CLI.run(["roundtrip", "models/mobilenetv2.onnx", "-o", out])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        try CLI.assertSnapshot(r.stdout.replacingOccurrences(of: out, with: "OUT"), "roundtrip-mobilenetv2.txt")
    }
}
