import CutlineIR
import CutlineONNX
import CutlineOptimizer
import CutlineShapes
import XCTest

/// Cutline's simulated basic-optimized bert-tiny-static against the file onnxruntime 1.31.1 saved for it
/// (`fixtures/ort-optimized/bert-tiny-static.onnx`), beyond the golden's edge multiset: which value feeds which
/// input, the attributes both sides write, and every intermediate type ORT recorded in value_info. Node and
/// generated value names differ between the two, so nodes are matched by structure: a node's key is its op and
/// the keys of what feeds each input (graph inputs by name, initializers by type, dims and small contents).
final class ORTOptimizedFileTests: XCTestCase {
    struct Keyed {
        var key: Int
        var node: Node
        var outputs: [ValueID?]
    }

    static func keyedNodes(_ model: Model) throws -> [Keyed] {
        let g = model.graph
        var valueKey: [ValueID: String] = [:]
        for id in g.inputs { valueKey[id] = "input:\(g[id].name)" }
        for id in g.initializerOrder {
            guard let t = g[id].initializer else { continue }
            var text = "init:\(t.dataType):\(t.dims)"
            if t.dims.reduce(1, *) <= 64 {
                if t.dataType == .float || t.dataType == .double || t.dataType == .float16 {
                    text += ":\(try TensorData.doubles(of: t, storage: model.storage))"
                } else if t.dataType != .string {
                    text += ":\(try TensorData.int64s(of: t, storage: model.storage))"
                }
            } else {
                // Large tensors are the model's weights, which keep their names through optimization.
                text += ":\(g[id].name)"
            }
            valueKey[id] = text
        }
        var out: [Keyed] = []
        for n in try XCTUnwrap(g.topologicalOrder()) {
            let node = g[n]
            let inputs = node.inputs.map { $0.map { valueKey[$0] ?? "outer:\(g[$0].name)" } ?? "-" }
            var h = Hasher()
            h.combine("\(node.domain)::\(node.opType)(\(inputs.joined(separator: ",")))")
            let key = h.finalize()
            for (i, o) in node.outputs.enumerated() { if let o { valueKey[o] = "\(key)#\(i)" } }
            out.append(Keyed(key: key, node: node, outputs: node.outputs))
        }
        return out
    }

    func testBertTinyStaticMatchesORTsOptimizedFile() throws {
        let root = ORTBasicGolden.root.path
        var cutline = try ONNXLoader.load(path: root + "/models/bert-tiny-static.onnx")
        _ = try GraphOptimizer.optimize(&cutline, options: OptimizerOptions())
        // What coverage reads: the analyzer infers shapes on the optimized graph.
        _ = ShapeInference.infer(&cutline)
        let ort = try ONNXLoader.load(path: root + "/fixtures/ort-optimized/bert-tiny-static.onnx")

        let mine = try Self.keyedNodes(cutline)
        let theirs = try Self.keyedNodes(ort)
        XCTAssertEqual(mine.count, theirs.count)
        var byKey: [Int: [Keyed]] = [:]
        for k in mine { byKey[k.key, default: []].append(k) }
        var declared: [ValueID: ValueType] = [:]
        for info in ort.graph.valueInfos + ort.graph.outputInfos { if let t = info.type { declared[info.value] = t } }

        var comparedTypes = 0
        for t in theirs {
            guard var candidates = byKey[t.key], !candidates.isEmpty else {
                XCTFail("ORT's \(t.node.opType) '\(t.node.name)' has no counterpart wired the same way")
                continue
            }
            let m = candidates.removeFirst()
            byKey[t.key] = candidates
            // ORT writes schema defaults (Gemm alpha/beta/transA, ReduceMean keepdims, Reshape allowzero …) that
            // the simulation leaves implicit; attributes both sides write must agree.
            for a in m.node.attributes {
                guard let b = t.node.attributes.first(where: { $0.name == a.name }) else { continue }
                XCTAssertEqual(String(describing: a.value), String(describing: b.value), "\(t.node.name).\(a.name)")
            }
            for (o, p) in zip(t.outputs, m.outputs) {
                guard let o, let p, let want = declared[o] else { continue }
                XCTAssertEqual(cutline.graph[p].type, want, "type of \(cutline.graph[p].name) (ORT: \(ort.graph[o].name))")
                comparedTypes += 1
            }
        }
        XCTAssertTrue(byKey.values.allSatisfy(\.isEmpty), "nodes without an ORT counterpart")
        // ORT's file declares a type for every intermediate value it writes; all of them were compared.
        XCTAssertEqual(comparedTypes, ort.graph.valueInfos.count + ort.graph.outputInfos.count)
    }
}
