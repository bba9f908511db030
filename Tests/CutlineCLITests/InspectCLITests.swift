import Foundation
import Testing

@Suite(.serialized) struct InspectCLITests {
    static let models = ["bert-tiny-dynamic", "bert-tiny-static", "mobilenetv2"]

    @Test(arguments: models) func textSnapshot(_ name: String) throws {
        let r = try CLI.run(["inspect", "models/\(name).onnx"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        try CLI.assertSnapshot(r.stdout, "inspect-\(name).txt")
    }

    @Test(arguments: models) func jsonSnapshot(_ name: String) throws {
        let r = try CLI.run(["inspect", "models/\(name).onnx", "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        try CLI.assertSnapshot(r.stdout, "inspect-\(name).json")
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for key in ["schemaVersion", "irVersion", "opsetImports", "nodeCount", "subgraphNodeCount", "opHistogram",
                    "inputs", "outputs", "initializerCount", "initializerBytes"] {
            #expect(obj[key] != nil, "missing key \(key)")
        }
    }

    /// `--optimized --ort-version`: the graph of that release's optimizer, which the report names.
    @Test func optimizedPerReleaseSnapshot() throws {
        var out = ""
        for v in ["1.20", "1.21.1", "1.32"] {
            let r = try CLI.run(["inspect", "models/bert-tiny-static.onnx", "--optimized", "--ort-version", v])
            #expect(r.status == 0, "stderr: \(r.stderr)")
            out += r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
                .drop { !$0.hasPrefix("the graph the EP sees") }.joined(separator: "\n")
        }
        try CLI.assertSnapshot(out, "inspect-optimized-bert-tiny-static-releases.txt")
    }

    @Test func dynamicDimsShowByName() throws {
        let r = try CLI.run(["inspect", "models/bert-tiny-dynamic.onnx", "--format", "json"])
        let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let inputs = try #require(obj["inputs"] as? [[String: Any]])
        let ids = try #require(inputs.first { $0["name"] as? String == "input_ids" })
        #expect(ids["dtype"] as? String == "int64")
        #expect((ids["shape"] as? [String]) == ["batch", "sequence"])
    }

    @Test func writesOutputFileAtomically() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cutline-inspect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report.json")
        let r = try CLI.run(["inspect", "models/mobilenetv2.onnx", "--format", "json", "-o", out.path])
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty)
        let written = try String(contentsOf: out, encoding: .utf8)
        let direct = try CLI.run(["inspect", "models/mobilenetv2.onnx", "--format", "json"]).stdout
        #expect(written == direct)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.json"], "no temporary file left")
    }

    @Test func helpExitsZeroAndUsageErrorsExitTwo() throws {
        #expect(try CLI.run(["--help"]).status == 0)
        #expect(try CLI.run(["inspect", "--help"]).status == 0)
        let bad = try CLI.run(["inspect", "models/mobilenetv2.onnx", "--format", "yaml"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("yaml"))
        #expect(try CLI.run(["no-such-command"]).status == 2)
    }
}

/// Each broken input: exit code 2, one line `cutline: error: <path>: <problem>`, nothing on stdout.
@Suite(.serialized) struct ErrorCLITests {
    static func expectError(_ args: [String], _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try CLI.run(args)
        #expect(r.status == 2, "exit status", sourceLocation: sourceLocation)
        #expect(r.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(r.stderr == "cutline: error: \(expected)\n", sourceLocation: sourceLocation)
    }

    static func tempFile(_ name: String, _ bytes: [UInt8]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cutline-errors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    @Test func missingFile() throws {
        try Self.expectError(["inspect", "models/nope.onnx"], "models/nope.onnx: no such file")
    }

    @Test func emptyFile() throws {
        let p = try Self.tempFile("empty.onnx", [])
        try Self.expectError(["inspect", p], "\(p): empty file (0 bytes)")
    }

    @Test func directoryIsNotAModel() throws {
        let r = try CLI.run(["inspect", "models"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("cutline: error: models: "))
    }

    @Test func notONNX() throws {
        let p = try Self.tempFile("readme.onnx", Array("# not a model\njust text\n".utf8))
        let r = try CLI.run(["inspect", p])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("cutline: error: \(p): not an ONNX model"))
        #expect(r.stderr.filter { $0 == "\n" }.count == 1, "one line")
    }

    @Test func truncated() throws {
        let full = try Data(contentsOf: CLI.repoRoot.appendingPathComponent("models/mobilenetv2.onnx"))
        let p = try Self.tempFile("truncated.onnx", Array(full.prefix(full.count / 2)))
        let r = try CLI.run(["inspect", p])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("cutline: error: \(p): truncated"))
        #expect(r.stderr.filter { $0 == "\n" }.count == 1, "one line")
    }

    @Test func noGraph() throws {
        try Self.expectError(["inspect", "fixtures/errors/no-graph.onnx"], "fixtures/errors/no-graph.onnx: the model has no graph")
    }

    @Test func externalDataProblems() throws {
        for (file, needle) in [("missing-external-data", "missing-weights.bin"), ("escaping-external-data", "escapes"),
                               ("short-external-data", "short-weights.bin")] {
            let r = try CLI.run(["inspect", "fixtures/errors/\(file).onnx"])
            #expect(r.status == 2, "\(file)")
            #expect(r.stderr.hasPrefix("cutline: error: fixtures/errors/\(file).onnx: "), "\(file): \(r.stderr)")
            #expect(r.stderr.contains(needle), "\(file): \(r.stderr)")
        }
    }

    @Test func invalidReferences() throws {
        for (file, needle) in [("dangling-input", "ghost"), ("cyclic", "cycle"), ("two-producers", "two producers")] {
            let r = try CLI.run(["inspect", "fixtures/errors/\(file).onnx"])
            #expect(r.status == 2, "\(file)")
            #expect(r.stderr.hasPrefix("cutline: error: fixtures/errors/\(file).onnx: "), "\(file): \(r.stderr)")
            #expect(r.stderr.contains(needle), "\(file): \(r.stderr)")
            #expect(r.stderr.filter { $0 == "\n" }.count == 1, "one line")
        }
    }
}
