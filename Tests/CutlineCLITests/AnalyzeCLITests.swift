import Foundation
import Testing

@Suite(.serialized) struct AnalyzeCLITests {
    static let models = ["bert-tiny-dynamic", "bert-tiny-static", "mobilenetv2"]

    static func json(_ args: [String]) throws -> [String: Any] {
        let r = try CLI.run(args)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
    }

    @Test(arguments: models) func textSnapshot(_ name: String) throws {
        let r = try CLI.run(["analyze", "models/\(name).onnx"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        try CLI.assertSnapshot(r.stdout, "analyze-\(name).txt")
    }

    @Test(arguments: models) func jsonSnapshot(_ name: String) throws {
        let r = try CLI.run(["analyze", "models/\(name).onnx", "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        try CLI.assertSnapshot(r.stdout, "analyze-\(name).json")
    }

    /// An older release selected: the report names it, and says how the latest release's answer differs.
    @Test func olderReleaseTextSnapshot() throws {
        let r = try CLI.run(["analyze", "models/bert-tiny-static.onnx", "--ort-version", "1.20.1", "--ep", "coreml-mlprogram"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        try CLI.assertSnapshot(r.stdout, "analyze-bert-tiny-static-ort1.20.txt")
    }

    @Test func olderReleaseJSONSnapshot() throws {
        let r = try CLI.run(["analyze", "models/bert-tiny-static.onnx", "--ort-version", "1.20.1", "--ep", "coreml-mlprogram",
                             "--format", "json"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        try CLI.assertSnapshot(r.stdout, "analyze-bert-tiny-static-ort1.20.json")
    }

    @Test func checkerModeOlderReleaseSnapshot() throws {
        let r = try CLI.run(["analyze", "models/bert-tiny-static.onnx", "--rules", "ort-checker", "--ort-version", "1.20",
                             "--ep", "coreml-mlprogram"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        try CLI.assertSnapshot(r.stdout, "analyze-checker-bert-tiny-static-ort1.20.txt")
    }

    @Test func releasesOutsideTheModelledRangeAreRefused() throws {
        for v in ["1.18", "1.33", "1.32.0.0.1", "one"] {
            let r = try CLI.run(["analyze", "models/mobilenetv2.onnx", "--ort-version", v])
            #expect(r.status != 0, "\(v) accepted")
        }
        for v in ["1.19", "1.19.2", "1.32", "1.32.0"] {
            #expect(try CLI.run(["analyze", "models/mobilenetv2.onnx", "--ort-version", v]).status == 0, "\(v) refused")
        }
    }

    @Test func jsonHasTheDocumentedKeys() throws {
        let obj = try Self.json(["analyze", "models/bert-tiny-dynamic.onnx", "--format", "json"])
        #expect(obj["schemaVersion"] as? Int == 1)
        #expect(obj["model"] as? String == "models/bert-tiny-dynamic.onnx")
        let analyses = try #require(obj["analyses"] as? [[String: Any]])
        #expect(analyses.map { $0["ep"] as? String } == ["coreml-neuralnetwork", "coreml-mlprogram"])
        for a in analyses {
            for key in ["ep", "options", "nodeCount", "supportedNodeCount", "partitionCount", "coverage", "partitions",
                        "unsupportedNodes", "cutMakers"] {
                #expect(a[key] != nil, "missing \(key)")
            }
            let partitions = try #require(a["partitions"] as? [[String: Any]])
            let total = partitions.reduce(0) { $0 + ($1["nodeCount"] as? Int ?? 0) }
            #expect(total == a["supportedNodeCount"] as? Int, "partition sizes add up to the supported count")
            for p in partitions {
                for key in ["index", "nodeCount", "nodes", "opTypes", "inputs", "outputs"] { #expect(p[key] != nil) }
            }
        }
    }

    @Test func sameInputSameBytes() throws {
        let a = try CLI.run(["analyze", "models/mobilenetv2.onnx", "--format", "json"])
        let b = try CLI.run(["analyze", "models/mobilenetv2.onnx", "--format", "json"])
        #expect(a.stdout == b.stdout)
    }

    @Test func summaryLineHasORTsForm() throws {
        let r = try CLI.run(["analyze", "models/mobilenetv2.onnx", "--ep", "coreml-mlprogram"])
        let line = try #require(r.stdout.split(separator: "\n").first { $0.contains("GetCapability") })
        #expect(line.trimmingCharacters(in: .whitespaces).hasPrefix(
            "CoreMLExecutionProvider::GetCapability, number of partitions supported by CoreML: "))
        #expect(line.contains(" number of nodes in the graph: ") && line.contains(" number of nodes supported by CoreML: "))
    }

    @Test func badOptionsExitTwo() throws {
        #expect(try CLI.run(["analyze", "models/mobilenetv2.onnx", "--coreml-version", "4"]).status == 2)
        #expect(try CLI.run(["analyze", "models/mobilenetv2.onnx", "--ep", "tpu"]).status == 2)
        #expect(try CLI.run(["analyze", "models/mobilenetv2.onnx", "--free-dim", "batch"]).status == 2)
        #expect(try CLI.run(["analyze", "models/mobilenetv2.onnx", "--ort-version", "0.9"]).status == 2)
        #expect(try CLI.run(["analyze", "models/mobilenetv2.onnx", "--ignore-shapes"]).status == 2)
    }

    /// `--rules ort-checker` on the model as written (Cutline's loader, ORT-basic simulation and shape inference)
    /// gives the numbers ORT 1.31.1's own checker printed, recorded by scripts/goldens/ort_checker.py.
    @Test(arguments: models) func ortCheckerParityEndToEnd(_ name: String) throws {
        let golden = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: CLI.repoRoot.appendingPathComponent("fixtures/ort-checker/\(name).json"))) as? [String: Any])
        let eps = try #require(golden["eps"] as? [String: [String: Any]])
        for (ep, key) in [("nnapi", "nnapi"), ("coreml-neuralnetwork", "coremlNeuralNetwork"), ("coreml-mlprogram", "coremlMLProgram")] {
            for (pass, flag) in [("fixedShapesRequired", [String]()), ("ifShapesWereFixed", ["--ignore-shapes"])] {
                let expected = try #require(eps[key]?[pass] as? [String: Any])
                if expected["error"] != nil { continue }
                let obj = try Self.json(["analyze", "models/\(name).onnx", "--rules", "ort-checker", "--ep", ep, "--format", "json"] + flag)
                let a = try #require((obj["analyses"] as? [[String: Any]])?.first)
                #expect(a["supportedNodeCount"] as? Int == expected["supportedNodes"] as? Int, "\(name) \(ep) \(pass) supported")
                #expect(a["nodeCount"] as? Int == expected["totalNodes"] as? Int, "\(name) \(ep) \(pass) nodes")
                #expect(a["partitionCount"] as? Int == expected["partitions"] as? Int, "\(name) \(ep) \(pass) partitions")
            }
        }
    }
}
