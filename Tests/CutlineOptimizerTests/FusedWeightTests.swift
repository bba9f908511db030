import CutlineIR
import CutlineONNX
@testable import CutlineOptimizer
import Foundation
import XCTest

/// The weights the Conv/MatMul fusion rules compute, compared bit for bit with the ones onnxruntime 1.31.1 computed
/// (fixtures/ort-basic-weights, written by scripts/goldens-optimizer/ort_basic_extra.py: an FNV-1a 64 hash of each
/// fused tensor's little-endian bytes, keyed by the Conv/Gemm output name and input index).
final class FusedWeightTests: XCTestCase {
    /// FNV-1a, 64-bit: offset basis 0xcbf29ce484222325, prime 0x100000001b3.
    static func fnv1a64(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    func testHashMatchesTheScriptsDefinition() {
        // FNV-1a 64 test vectors: "" and "a".
        XCTAssertEqual(Self.fnv1a64([]), "cbf29ce484222325")
        XCTAssertEqual(Self.fnv1a64(Array("a".utf8)), "af63dc4c8601ec8c")
    }

    func testFusedWeightsMatchOnnxRuntime() throws {
        let dir = ORTBasicGolden.root.appendingPathComponent("fixtures/ort-basic-weights")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertFalse(files.isEmpty)
        for f in files {
            let obj = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(f))) as? [String: Any])
            let rel = try XCTUnwrap(obj["model"] as? String)
            let expected = try XCTUnwrap(obj["weights"] as? [String: [String: Any]])
            var model = try ONNXLoader.load(path: ORTBasicGolden.root.appendingPathComponent(rel).path)
            _ = try GraphOptimizer.optimize(&model, options: OptimizerOptions())
            let g = model.graph
            for (key, want) in expected {
                let parts = key.split(separator: "#")
                let name = String(parts[0])
                let slot = try XCTUnwrap(Int(parts[1]))
                let out = try XCTUnwrap(g.value(named: name), "\(rel): no value \(name)")
                let producer = try XCTUnwrap(g[out].producer, "\(rel): \(name) has no producer")
                let w = try XCTUnwrap(g[producer].input(slot).flatMap { g[$0].initializer }, "\(rel): \(key) is not an initializer")
                XCTAssertEqual(w.dims, (want["dims"] as? [Int])?.map(Int64.init), "\(rel) \(key) dims")
                XCTAssertEqual(Self.fnv1a64(try TensorData.rawBytes(of: w, storage: model.storage)), want["fnv1a64"] as? String,
                               "\(rel) \(key) values")
            }
        }
    }
}

/// Constant folding's Resize kernel against ORT's CPU Resize on the same constant (fixtures/ort-fold-values, written
/// by scripts/goldens-optimizer/ort_basic_extra.py): the folded tensor the Add reads, value for value.
final class FoldedResizeTests: XCTestCase {
    func testFoldedResizeMatchesOnnxRuntime() throws {
        let dir = ORTBasicGolden.root.appendingPathComponent("fixtures/ort-fold-values")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertEqual(files.count, 2)
        for f in files {
            let obj = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(f))) as? [String: Any])
            let rel = try XCTUnwrap(obj["model"] as? String)
            let want = try XCTUnwrap(obj["values"] as? [Double])
            var model = try ONNXLoader.load(path: ORTBasicGolden.root.appendingPathComponent(rel).path)
            _ = try GraphOptimizer.optimize(&model, options: OptimizerOptions())
            let g = model.graph
            XCTAssertEqual(g.liveNodeCount, 1, "\(rel): the Resize folds")
            let add = try XCTUnwrap(g.liveNodeIDs.first)
            let t = try XCTUnwrap(g[add].input(1).flatMap { g[$0].initializer }, "\(rel): the Add reads no initializer")
            XCTAssertEqual(t.dims, (obj["dims"] as? [Int])?.map(Int64.init), rel)
            let got = try TensorValue(tensor: t, storage: model.storage).reals
            XCTAssertEqual(got.count, want.count, rel)
            for (i, (a, b)) in zip(got, want).enumerated() where abs(a - b) > 1e-5 * max(1, abs(b)) {
                XCTFail("\(rel): value \(i) is \(a), ORT computes \(b)")
                break
            }
        }
    }
}
