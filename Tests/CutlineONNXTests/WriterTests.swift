import CutlineIR
@testable import CutlineONNX
import Foundation
import XCTest

final class WriterTests: XCTestCase {
    private let externalModel = TestSupport.repoRoot + "/fixtures/roundtrip/external/external.onnx"

    private func values(_ m: Model, _ name: String) throws -> [Double] {
        let t = try XCTUnwrap(m.graph.value(named: name).flatMap { m.graph[$0].initializer }, name)
        return try TensorData.doubles(of: t, storage: m.storage)
    }

    func testRefusesToOverwriteItsSource() throws {
        let dir = TestSupport.tempDir()
        let path = dir + "/m.onnx"
        try FileManager.default.copyItem(atPath: TestSupport.repoRoot + "/models/mobilenetv2.onnx", toPath: path)
        let m = try ONNXLoader.load(path: path)
        XCTAssertThrowsError(try ONNXWriter.write(m, to: path)) { error in
            XCTAssertEqual("\(error)", "\(path): refusing to overwrite the model's own source file; write to another path")
        }
        // Through a symbolic link too.
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.onnx", withDestinationPath: path)
        XCTAssertThrowsError(try ONNXWriter.write(m, to: dir + "/link.onnx"))
    }

    func testAtomicWriteLeavesNoTemporaryFiles() throws {
        let m = try ONNXLoader.load(path: TestSupport.repoRoot + "/models/bert-tiny-static.onnx")
        let dir = TestSupport.tempDir()
        try ONNXWriter.write(m, to: dir + "/out.onnx")
        try ONNXWriter.write(m, to: dir + "/out.onnx")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["out.onnx"])
        XCTAssertThrowsError(try ONNXWriter.write(m, to: dir + "/missing-folder/out.onnx")) { error in
            XCTAssertEqual((error as? ONNXError)?.problem, "the folder '\(dir)/missing-folder' does not exist")
        }
    }

    func testKeepCopiesExternalFilesToAnotherFolder() throws {
        let original = try ONNXLoader.load(path: externalModel)
        let dir = TestSupport.tempDir()
        try ONNXWriter.write(original, to: dir + "/copy.onnx", externalData: .keep)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir + "/external.weights"))
        let copy = try ONNXLoader.load(path: dir + "/copy.onnx")
        XCTAssertTrue(copy.graph.value(named: "w").flatMap { copy.graph[$0].initializer }?.isExternal ?? false)
        XCTAssertEqual(try values(copy, "w"), try values(original, "w"))
        XCTAssertEqual(try ONNXRoundTrip.payloadsInMemory(copy), try ONNXRoundTrip.payloadsInMemory(original))
    }

    func testEmbedInlinesExternalData() throws {
        let original = try ONNXLoader.load(path: externalModel)
        let dir = TestSupport.tempDir()
        try ONNXWriter.write(original, to: dir + "/embedded.onnx", externalData: .embed)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir), ["embedded.onnx"])
        let m = try ONNXLoader.load(path: dir + "/embedded.onnx")
        for name in ["w", "b"] {
            let t = try XCTUnwrap(m.graph.value(named: name).flatMap { m.graph[$0].initializer })
            guard case .field(.rawData, .file) = t.payload else { return XCTFail("\(name) not inline") }
            XCTAssertEqual(try values(m, name), try values(original, name))
        }
    }

    func testExternalizeMovesLargeTensorsToOneFile() throws {
        let original = try ONNXLoader.load(path: TestSupport.repoRoot + "/models/bert-tiny-static.onnx")
        let dir = TestSupport.tempDir()
        let threshold = 1024
        try ONNXWriter.write(original, to: dir + "/bert.onnx", externalData: .externalize(fileName: "bert.data", threshold: threshold))
        let m = try ONNXLoader.load(path: dir + "/bert.onnx")
        var external = 0
        for id in m.graph.initializerOrder {
            let t = try XCTUnwrap(m.graph[id].initializer)
            let size = try TensorData.rawBytes(of: t, storage: m.storage).count
            XCTAssertEqual(t.isExternal, size >= threshold, t.name)
            if t.isExternal { external += 1 }
            let before = try XCTUnwrap(original.graph.value(named: t.name).flatMap { original.graph[$0].initializer })
            XCTAssertTrue(try TensorData.rawBytes(of: t, storage: m.storage) == TensorData.rawBytes(of: before, storage: original.storage), t.name)
        }
        XCTAssertGreaterThan(external, 0)
        let dataSize = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: dir + "/bert.data")[.size] as? Int)
        XCTAssertGreaterThan(dataSize, 0)
        // Writing it back embedded gives the original tensors inline again.
        try ONNXWriter.write(m, to: dir + "/inline.onnx", externalData: .embed)
        let inline = try ONNXLoader.load(path: dir + "/inline.onnx")
        XCTAssertEqual(try ONNXRoundTrip.payloadsInMemory(inline), try ONNXRoundTrip.payloadsInMemory(original))
        try "\(TestSupport.repoRoot)/models/bert-tiny-static.onnx\t\(dir)/inline.onnx\n"
            .write(toFile: dir + "/manifest.tsv", atomically: true, encoding: .utf8)
        try RoundTripChecker.run(dir)
    }

    func testExternalizeRejectsEscapingFileName() throws {
        let m = try ONNXLoader.load(path: externalModel)
        let dir = TestSupport.tempDir()
        XCTAssertThrowsError(try ONNXWriter.write(m, to: dir + "/x.onnx", externalData: .externalize(fileName: "../x.data", threshold: 0))) { error in
            XCTAssertEqual((error as? ONNXError)?.problem, "external data file name '../x.data' must be a path inside the output folder")
        }
    }

    /// A graph built and edited in code: changed types are encoded through protobuf-c, new nodes are written in
    /// topological order, and the result loads back to the same IR.
    func testModelBuiltInCode() throws {
        var e = GraphEditor(Graph(name: "built"))
        let x = e.addValue(name: "x")
        e.appendInput(ValueInfo(value: x, type: .tensor(.float, Shape([.param("N"), .value(4)]))))
        let w = e.addInitializer(Tensor(name: "w", dataType: .float, dims: [4],
                                        payload: .field(.rawData, .memory([UInt8](repeating: 0, count: 16)))))
        let n2 = try e.addNode(Node(name: "relu", opType: "Relu"), inputs: [nil], outputNames: ["y"])
        let n1 = try e.addNode(Node(name: "add", opType: "Add", attributes: [Attribute(name: "note", value: .string(Array("x".utf8)))]),
                               inputs: [x, w], outputNames: ["sum"])
        e.setInputs(n2, [e.graph.value(named: "sum")])
        let y = try XCTUnwrap(e.graph.value(named: "y"))
        e.appendOutput(ValueInfo(value: y, type: .tensor(.float, Shape([.param("N"), .value(4)]))))
        e.appendValueInfo(ValueInfo(value: try XCTUnwrap(e.graph.value(named: "sum")),
                                    type: .sequence(.map(key: .string, value: .optional(.tensor(.int64, nil))))))
        try Verifier.verify(e.graph)
        let model = Model(irVersion: 9, opsetImports: [OpsetImport(domain: "", version: 17)], graph: e.graph)
        let loaded = try ONNXLoader.load(bytes: try ONNXWriter.serialize(model), path: "built.onnx", directory: ".")
        XCTAssertEqual(loaded.graph.liveNodeIDs.map { loaded.graph[$0].name }, ["add", "relu"])
        XCTAssertEqual(loaded.graph.inputInfos[0].type, .tensor(.float, Shape([.param("N"), .value(4)])))
        XCTAssertEqual(loaded.graph.valueInfos[0].type, .sequence(.map(key: .string, value: .optional(.tensor(.int64, nil)))))
        XCTAssertEqual(loaded.graph[loaded.graph.liveNodeIDs[0]].attribute("note")?.string, "x")
        XCTAssertEqual(try values(loaded, "w"), [0, 0, 0, 0])
        _ = n1
        // A changed type is written from the IR, not from the bytes read.
        var edited = loaded
        var ed = GraphEditor(edited.graph)
        var infos = ed.graph.inputInfos
        infos[0].type = .tensor(.float16, Shape([.value(1), .value(4)]))
        ed.setInputs(infos)
        edited.graph = ed.graph
        let again = try ONNXLoader.load(bytes: try ONNXWriter.serialize(edited), path: "edited.onnx", directory: ".")
        XCTAssertEqual(again.graph.inputInfos[0].type, .tensor(.float16, Shape([.value(1), .value(4)])))
    }
}
