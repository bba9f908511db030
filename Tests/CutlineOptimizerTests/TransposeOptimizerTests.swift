import CutlineIR
import CutlineONNX
@testable import CutlineOptimizer
import Foundation
import XCTest

/// The TransposeOptimizer simulation against onnxruntime 1.31.1 (scripts/goldens-optimizer/ort_basic_transpose.py):
/// the transpose-* goldens of fixtures/ort-basic-extra and ppocrv4-rec for structure, fixtures/graphs-transpose
/// for the perms and axes ORT wrote, and the permutation arithmetic on ORT's own documented examples.
final class TransposeOptimizerTests: XCTestCase {
    static func isTransposeGolden(_ g: ORTBasicGolden) -> Bool {
        g.name.hasPrefix("transpose-") || g.name == "ppocrv4-rec"
    }

    /// Every transpose golden (and ppocrv4-rec) is in `GoldenParityTests.atParity`, whose test asserts node count,
    /// op histogram and edges for each: this keeps a new golden from being written without being checked.
    func testTransposeGoldensAreCheckedForParity() throws {
        let names = Set(ORTBasicGolden.all(in: GoldenParityTests.goldenDirs).filter(Self.isTransposeGolden).map(\.name))
        XCTAssertFalse(names.filter { $0.hasPrefix("transpose-") }.isEmpty, "no transpose goldens found")
        XCTAssertEqual(names.subtracting(GoldenParityTests.atParity), [], "transpose goldens missing from atParity")
    }

    /// Subgraphs of the transpose goldens (GraphSummary compares the main graph only). A golden path
    /// `main/<label>/<attribute>` names the node by name, or as `<op>#<i>` when it has none (then it must be the
    /// only node of that op type).
    func testTransposeGoldenSubgraphs() throws {
        var checked = 0
        for g in ORTBasicGolden.all(in: GoldenParityTests.goldenDirs) where g.name.hasPrefix("transpose-") && g.error == nil {
            let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: g.file))) as? [String: Any])
            guard let subs = obj["subgraphs"] as? [String: [String: Any]], !subs.isEmpty else { continue }
            var model = try ONNXLoader.load(path: g.modelPath)
            _ = try GraphOptimizer.optimize(&model, options: OptimizerOptions(expandFunctionsWithoutCPUKernel: true))
            for (path, want) in subs {
                let parts = path.split(separator: "/").map(String.init)
                guard parts.count == 3 else { XCTFail("\(g.name): nested path \(path) not handled"); continue }
                let label = parts[1]
                let matches = model.graph.liveNodeIDs.filter { id in
                    let n = model.graph[id]
                    if let hash = label.firstIndex(of: "#"), n.name.isEmpty { return n.opType == String(label[..<hash]) }
                    return n.name == label
                }
                let node = try XCTUnwrap(matches.count == 1 ? matches.first : nil, "\(g.name): \(path)")
                let sub = try XCTUnwrap(model.graph[node].subgraphs.first { $0.attribute == parts[2] }?.graph)
                let s = GraphSummary(sub, isMain: false)
                XCTAssertEqual(s.nodeCount, want["nodeCount"] as? Int, "\(g.name) \(path)")
                XCTAssertEqual(s.edges, ((want["edges"] as? [String]) ?? []).sorted(), "\(g.name) \(path)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 0)
    }

    /// Perms and axes of the optimized graph against what ORT saved.
    func testAttributesMatchORT() throws {
        let dir = ORTBasicGolden.root.appendingPathComponent("fixtures/graphs-transpose")
        let files = try FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        XCTAssertFalse(files.isEmpty)
        for url in files {
            let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            let rel = try XCTUnwrap(obj["model"] as? String)
            let expected = try XCTUnwrap(obj["attributes"] as? [String])
            let path = ORTBasicGolden.root.appendingPathComponent(rel).path
            guard FileManager.default.fileExists(atPath: path) else {
                if !rel.hasPrefix(".cache/") { XCTFail("\(rel) is missing") }
                continue
            }
            var model = try ONNXLoader.load(path: path)
            _ = try GraphOptimizer.optimize(&model, options: OptimizerOptions(expandFunctionsWithoutCPUKernel: true))
            try Verifier.verify(model.graph)
            XCTAssertEqual(Self.attributes(model), expected, rel)
        }
    }

    /// The same "Op key=value" strings the golden script writes.
    static func attributes(_ model: Model) -> [String] {
        let g = model.graph
        func list(_ v: [Int64]) -> String { "[" + v.map(String.init).joined(separator: ", ") + "]" }
        var out: [String] = []
        for id in g.liveNodeIDs {
            let n = g[id]
            if n.opType == "Transpose" {
                out.append("Transpose perm=\(list(n.attribute("perm")?.ints ?? []))")
            } else if ["Squeeze", "Unsqueeze", "Slice"].contains(n.opType) || n.opType.hasPrefix("Reduce") {
                let slot = n.opType == "Slice" ? 3 : 1
                var axes: [Int64]? = n.attribute("axes")?.ints
                if axes == nil, let v = n.input(slot), let t = g[v].initializer {
                    axes = try? TensorData.int64s(of: t, storage: model.storage)
                }
                out.append("\(n.opType) axes=\(axes.map(list) ?? "None")")
            } else if ["Concat", "Split", "Softmax", "Gather", "ArgMax", "ArgMin"].contains(n.opType) {
                out.append("\(n.opType) axis=\(n.attribute("axis")?.int.map { String($0) } ?? "None")")
            }
        }
        return out.sorted()
    }

    /// The examples in the comments of ORT's UnsqueezePerm, AxesForTransposedInput, SortedAxesForTransposedInput
    /// and UnsqueezeAxis-style helpers.
    func testPermArithmeticOnORTExamples() {
        XCTAssertEqual(TransposePerms.unsqueezePerm([0, 3], [2, 0, 1]), [0, 4, 1, 3, 2])
        XCTAssertEqual(TransposePerms.axesForTransposedInput([0, 1], [2, 0, 1]), [2, 0])
        XCTAssertEqual(TransposePerms.sortedAxesForTransposedInput([0, 1], [2, 0, 1]), [0, 2])
        // Squeezing axis 2 of perm [2,0,3,1,4]: the remaining entries 0,3,1,4 renumbered without 2.
        XCTAssertEqual(TransposePerms.squeezePerm([2], [2, 0, 3, 1, 4]), [0, 2, 1, 3])
        // Transpose [0,2,1,3] then [0,1,3,2]: output axis i reads first[second[i]].
        XCTAssertEqual(TransposePerms.compose([0, 2, 1, 3], [0, 1, 3, 2]), [0, 2, 3, 1])
        XCTAssertEqual(TransposePerms.invert([0, 2, 3, 1]), [0, 3, 1, 2])
        XCTAssertFalse(TransposePerms.isValid([]))
        XCTAssertFalse(TransposePerms.isValid([0, 0]))
        XCTAssertEqual(TransposePerms.unsqueezeShape([3], [0, 1, 2]), [1, 1, 1, 3])
        XCTAssertEqual(TransposePerms.squeezeShape([1, 3, 1], []), [3])
        XCTAssertEqual(TransposePerms.channelLastToFirst(4), [0, 3, 1, 2])
    }

    /// A constant on the other input of a pushed Add is transposed in place: same values, permuted layout.
    func testConstantTransposedInPlace() throws {
        var g = TestGraph()
        let x = g.input("x", [1, 2, 3, 2])
        let values = (0..<12).map(Double.init)
        let c = g.floats("c", [1, 3, 2, 2], values)
        let t = g.node("Transpose", [x], [Attribute(name: "perm", value: .ints([0, 2, 1, 3]))])[0]
        let a = g.node("Add", [t, c])[0]
        g.output(g.node("Transpose", [a], [Attribute(name: "perm", value: .ints([0, 2, 1, 3]))])[0])
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Add": 1])
        let add = try XCTUnwrap(m.graph.liveNodeIDs.first { m.graph[$0].opType == "Add" })
        let cid = try XCTUnwrap(m.graph[add].input(1))
        let tensor = try XCTUnwrap(m.graph[cid].initializer)
        XCTAssertEqual(tensor.dims, [1, 2, 3, 2])
        // out[0][i][j][k] = in[0][j][i][k] with in laid out as [1,3,2,2].
        var expected: [Double] = []
        for i in 0..<2 { for j in 0..<3 { for k in 0..<2 { expected.append(values[j * 4 + i * 2 + k]) } } }
        XCTAssertEqual(try TensorData.doubles(of: tensor, storage: m.storage), expected)
        try Verifier.verify(m.graph)
    }

    /// Without a Transpose after it, a Transpose is not pushed through a unary op (nothing would cancel).
    func testNoPushWithoutTransposeDownstream() throws {
        var g = TestGraph()
        let x = g.input("x", [1, 3, 4, 4])
        let t = g.node("Transpose", [x], [Attribute(name: "perm", value: .ints([0, 2, 3, 1]))])[0]
        let r = g.node("Relu", [t])[0]
        g.output(r)
        let (m, h, log) = try g.optimized()
        XCTAssertEqual(h, ["Transpose": 1, "Relu": 1])
        XCTAssertEqual(log.totals[TransposeOptimizer.passName]?.added ?? 0, 0)
        let relu = try XCTUnwrap(m.graph.liveNodeIDs.first { m.graph[$0].opType == "Relu" })
        XCTAssertEqual(m.graph[try XCTUnwrap(m.graph[relu].input(0))].producer.map { m.graph[$0].opType }, "Transpose")
    }
}
