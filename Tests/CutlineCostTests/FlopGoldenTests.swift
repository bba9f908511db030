import CutlineIR
import Foundation
import Testing
@testable import CutlineCost

/// Per-node FLOPs of MatMul, Gemm and Conv in models/*.onnx against onnx-tool 1.0.1 (fixtures/flops, written by
/// scripts/cost/flops_goldens.py). onnx-tool counts MACs and counts a bias add as one MAC per output element;
/// Cutline counts 2 FLOPs per MAC and 1 FLOP per bias add, so expected = 2·macs − (bias ? outputElements : 0).
@Suite struct FlopGoldenTests {
    struct Golden: Decodable {
        struct N: Decodable { var name: String; var op_type: String; var macs: Int64; var output_elements: Int64; var has_bias: Bool }
        var nodes: [N]
        var free_dims: [String: Int64]
    }

    @Test(arguments: CalibrationTests.models)
    func matchesOnnxTool(model: String) throws {
        let golden = try JSONDecoder().decode(Golden.self, from: Data(Repo.bytes("fixtures/flops/\(model).json")))
        let m = try CalibrationTests.loadTyped(model)
        var dims = FreeDims(overrides: golden.free_dims)
        let work = Estimator(profile: Fixtures.profile, freeDims: golden.free_dims).nodeWork(m.graph, dims: &dims)
        var byName: [String: OpWork] = [:]
        for id in m.graph.liveNodeIDs { byName[m.graph[id].name] = work[id.index] }
        #expect(!golden.nodes.isEmpty)
        for n in golden.nodes {
            let expected = Double(2 * n.macs - (n.has_bias ? n.output_elements : 0))
            let got = try #require(byName[n.name], "node \(n.name) not found")
            #expect(got.isCounted, "\(n.name)")
            #expect(got.flops == expected, "\(n.name) (\(n.op_type))")
        }
    }
}
