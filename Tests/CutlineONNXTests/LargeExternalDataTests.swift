import CutlineIR
@testable import CutlineONNX
import Foundation
import XCTest

/// External data beyond 2 GB: the model file stays small and the data file is only read where values are needed.
final class LargeExternalDataTests: XCTestCase {
    func testTensorsBeyondTwoGigabytes() throws {
        let dir = TestSupport.tempDir("large-external")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let dataPath = dir + "/weights.bin"
        // A sparse 3 GB file: no disk blocks are used for the hole.
        let size: UInt64 = 3 << 30
        XCTAssertTrue(FileManager.default.createFile(atPath: dataPath, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: dataPath))
        let offset = size - 16
        try handle.seek(toOffset: offset)
        let values: [Float] = [1, 2, 3, 4]
        try handle.write(contentsOf: values.withUnsafeBytes { Data($0) })
        try handle.close()

        let t = ProtoBytes()
        t.int(1, 4).int(2, 1).string(8, "w")
        for (k, v) in [("location", "weights.bin"), ("offset", String(offset)), ("length", "16")] {
            t.message(13, ProtoBytes().string(1, k).string(2, v))
        }
        t.int(14, 1)
        let g = ProtoBytes()
        g.message(1, .node("Add", ["x", "w"], ["y"], name: "add"))
        g.message(5, t)
        g.message(11, .valueInfo("x", dims: [4])).message(12, .valueInfo("y", dims: [4]))
        let modelPath = dir + "/model.onnx"
        try Data(ProtoBytes.model(g).bytes).write(to: URL(fileURLWithPath: modelPath))

        let m = try ONNXLoader.load(path: modelPath)
        let w = try XCTUnwrap(m.graph.value(named: "w").flatMap { m.graph[$0].initializer })
        XCTAssertEqual(try TensorData.doubles(of: w, storage: m.storage), values.map(Double.init))

        // Rewritten beside the original with `.keep`, the data file is referenced, not copied.
        try ONNXWriter.write(m, to: dir + "/rewritten.onnx")
        let r = try ONNXLoader.load(path: dir + "/rewritten.onnx")
        let rw = try XCTUnwrap(r.graph.value(named: "w").flatMap { r.graph[$0].initializer })
        XCTAssertEqual(try TensorData.doubles(of: rw, storage: r.storage), values.map(Double.init))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir).sorted(),
                       ["model.onnx", "rewritten.onnx", "weights.bin"])
    }
}
