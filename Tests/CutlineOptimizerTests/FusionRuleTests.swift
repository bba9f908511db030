import CutlineIR
@testable import CutlineOptimizer
import XCTest

/// The weight-folding and pattern-fusion rules (Conv/Gemm/Pad/MatMul+BN, Gelu, LayerNormalization): one positive
/// case and one rejected precondition each, on graphs built in code. Expected weights are derived in the test from
/// the formulas ORT applies.
final class FusionRuleTests: XCTestCase {
    func node(_ m: Model, _ op: String) throws -> Node {
        try XCTUnwrap(m.graph.liveNodeIDs.map { m.graph[$0] }.first { $0.opType == op }, "no \(op) node")
    }

    func values(_ m: Model, _ v: ValueID?) throws -> [Double] {
        let t = try XCTUnwrap(m.graph[try XCTUnwrap(v)].initializer, "not an initializer")
        return try TensorData.doubles(of: t, storage: nil)
    }

    // MARK: Conv

    func testConvAddFusionMovesPerChannelAddIntoBias() throws {
        var g = TestGraph()
        let x = g.input("x", [1, 1, 4, 4])
        let w = g.floats("w", [2, 1, 1, 1], [1, 1])
        let b = g.floats("b", [1, 2, 1, 1], [0.5, -2])
        g.output(g.node("Add", [g.node("Conv", [x, w])[0], b])[0])
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Conv": 1])
        XCTAssertEqual(try values(m, try node(m, "Conv").input(2)), [0.5, -2])
    }

    func testConvAddFusionNeedsPerChannelOperand() throws {
        var g = TestGraph()
        let x = g.input("x", [1, 1, 4, 4])
        let w = g.floats("w", [2, 1, 1, 1], [1, 1])
        let b = g.floats("b", [2, 4, 4], Array(repeating: 1, count: 32))
        g.output(g.node("Add", [g.node("Conv", [x, w])[0], b])[0])
        XCTAssertEqual(try g.optimized().1, ["Conv": 1, "Add": 1])
    }

    func testConvMulFusionScalesWeightsAndBias() throws {
        var g = TestGraph()
        let x = g.input("x", [1, 1, 4, 4])
        let w = g.floats("w", [2, 1, 1, 1], [1, 2]), bias = g.floats("bias", [2], [3, 4])
        let k = g.floats("k", [], [3])
        g.output(g.node("Mul", [g.node("Conv", [x, w, bias])[0], k])[0])
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Conv": 1])
        let conv = try node(m, "Conv")
        XCTAssertEqual(try values(m, conv.input(1)), [1 * 3, 2 * 3])
        XCTAssertEqual(try values(m, conv.input(2)), [3 * 3, 4 * 3])
    }

    func testConvMulFusionNeedsConstantMultiplier() throws {
        var g = TestGraph()
        let x = g.input("x", [1, 1, 4, 4]), k = g.input("k", [])
        let w = g.floats("w", [2, 1, 1, 1], [1, 2])
        g.output(g.node("Mul", [g.node("Conv", [x, w])[0], k])[0])
        XCTAssertEqual(try g.optimized().1, ["Conv": 1, "Mul": 1])
    }

    func testConvBNFusionFoldsNormalization() throws {
        var g = TestGraph()
        let x = g.input("x", [1, 1, 4, 4])
        let w = g.floats("w", [2, 1, 1, 1], [1, 1])
        let scale: [Double] = [4, 3], bias: [Double] = [5, 7], mean: [Double] = [0.5, 1], variance: [Double] = [3, 8]
        let eps = 1.0
        let bn = g.node("BatchNormalization", [g.node("Conv", [x, w])[0], g.floats("s", [2], scale), g.floats("bb", [2], bias),
                                               g.floats("m", [2], mean), g.floats("v", [2], variance)],
                        [attr("epsilon", Float(eps))])[0]
        g.output(bn)
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Conv": 1])
        let factor = zip(scale, variance).map { $0 / ($1 + eps).squareRoot() }
        let conv = try node(m, "Conv")
        XCTAssertEqual(try values(m, conv.input(1)), factor)
        XCTAssertEqual(try values(m, conv.input(2)), (0..<2).map { bias[$0] - mean[$0] * factor[$0] })
    }

    func testConvBNFusionNeedsConstantParameters() throws {
        var g = TestGraph()
        let x = g.input("x", [1, 1, 4, 4]), s = g.input("s", [2])
        let w = g.floats("w", [2, 1, 1, 1], [1, 1])
        let bn = g.node("BatchNormalization", [g.node("Conv", [x, w])[0], s, g.floats("bb", [2], [0, 0]),
                                               g.floats("m", [2], [0, 0]), g.floats("v", [2], [1, 1])])[0]
        g.output(bn)
        XCTAssertEqual(try g.optimized().1, ["Conv": 1, "BatchNormalization": 1])
    }

    func testConvFusionKeepsConvThatIsAGraphOutput() throws {
        var g = TestGraph()
        let x = g.input("x", [1, 1, 4, 4])
        let w = g.floats("w", [2, 1, 1, 1], [1, 1]), b = g.floats("b", [1, 2, 1, 1], [1, 1])
        let c = g.node("Conv", [x, w])[0]
        g.output(c)
        g.output(g.node("Add", [c, b])[0])
        XCTAssertEqual(try g.optimized().1, ["Conv": 1, "Add": 1])
    }

    // MARK: Pad

    func testPadFusionMovesSpatialPadsIntoConv() throws {
        var g = TestGraph()
        let x = g.input("x", [1, 1, 4, 4])
        let pads = g.ints("pads", [8], [0, 0, 1, 2, 0, 0, 3, 4])
        let p = g.node("Pad", [x, pads])[0]
        g.output(g.node("Conv", [p, g.floats("w", [1, 1, 1, 1], [1])])[0])
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Conv": 1])
        XCTAssertEqual(try node(m, "Conv").attribute("pads")?.ints, [1, 2, 3, 4])
    }

    func testPadFusionSetsCountIncludePadOnAveragePool() throws {
        var g = TestGraph()
        let x = g.input("x", [1, 1, 4, 4])
        let p = g.node("Pad", [x, g.ints("pads", [8], [0, 0, 1, 1, 0, 0, 1, 1])])[0]
        g.output(g.node("AveragePool", [p], [attr("kernel_shape", ints: [2, 2])])[0])
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["AveragePool": 1])
        XCTAssertEqual(try node(m, "AveragePool").attribute("count_include_pad")?.int, 1)
    }

    func testPadFusionRejectsAveragePoolExcludingItsOwnPadding() throws {
        var g = TestGraph()
        let x = g.input("x", [1, 1, 4, 4])
        let p = g.node("Pad", [x, g.ints("pads", [8], [0, 0, 1, 1, 0, 0, 1, 1])])[0]
        g.output(g.node("AveragePool", [p], [attr("kernel_shape", ints: [2, 2]), attr("pads", ints: [1, 1, 1, 1])])[0])
        XCTAssertEqual(try g.optimized().1, ["Pad": 1, "AveragePool": 1])
    }

    func testPadFusionRejectsReflectMode() throws {
        var g = TestGraph()
        let x = g.input("x", [1, 1, 4, 4])
        let p = g.node("Pad", [x, g.ints("pads", [8], [0, 0, 1, 1, 0, 0, 1, 1])],
                       [Attribute(name: "mode", value: .string(Array("reflect".utf8)))])[0]
        g.output(g.node("Conv", [p, g.floats("w", [1, 1, 1, 1], [1])])[0])
        XCTAssertEqual(try g.optimized().1, ["Pad": 1, "Conv": 1])
    }

    // MARK: Gemm

    func testGemmSumFusionMakesTheSumTheBias() throws {
        var g = TestGraph()
        let a = g.input("a", [4, 3]), c = g.input("c", [5])
        let gemm = g.node("Gemm", [a, g.floats("b", [3, 5], Array(repeating: 1, count: 15))], [attr("alpha", Float(2))])[0]
        g.output(g.node("Sum", [gemm, c])[0])
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Gemm": 1])
        let n = try node(m, "Gemm")
        XCTAssertEqual(n.inputs.count, 3)
        XCTAssertEqual(n.input(2).map { m.graph[$0].name }, "c")
        XCTAssertEqual(n.attribute("alpha")?.float, 2)
        XCTAssertEqual(n.attribute("beta")?.float, 1)
    }

    func testGemmSumFusionNeedsTwoInputSum() throws {
        var g = TestGraph()
        let a = g.input("a", [4, 3]), c = g.input("c", [5]), d = g.input("d", [5])
        let gemm = g.node("Gemm", [a, g.floats("b", [3, 5], Array(repeating: 1, count: 15))])[0]
        g.output(g.node("Sum", [gemm, c, d])[0])
        XCTAssertEqual(try g.optimized().1, ["Gemm": 1, "Sum": 1])
    }

    func testGemmTransposeFusionFlipsTransA() throws {
        var g = TestGraph()
        let a = g.input("a", [3, 4])
        let t = g.node("Transpose", [a], [attr("perm", ints: [1, 0])])[0]
        g.output(g.node("Gemm", [t, g.floats("b", [3, 5], Array(repeating: 1, count: 15))])[0])
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Gemm": 1])
        let n = try node(m, "Gemm")
        XCTAssertEqual(n.attribute("transA")?.int, 1)
        XCTAssertEqual(n.input(0).map { m.graph[$0].name }, "a")
    }

    func testGemmTransposeFusionAbsorbsOutputTranspose() throws {
        var g = TestGraph()
        let a = g.input("a", [4, 3])
        let y = g.node("Gemm", [a, g.floats("b", [3, 5], Array(repeating: 1, count: 15))])[0]
        g.output(g.node("Transpose", [y], [attr("perm", ints: [1, 0])])[0])
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Gemm": 1])
        // (A·B)ᵀ = Bᵀ·Aᵀ: inputs swap and both flags flip.
        let n = try node(m, "Gemm")
        XCTAssertEqual(n.input(0).map { m.graph[$0].name }, "b")
        XCTAssertEqual(n.attribute("transA")?.int, 1)
        XCTAssertEqual(n.attribute("transB")?.int, 1)
    }

    func testGemmTransposeFusionKeepsTransposeWithOtherConsumers() throws {
        var g = TestGraph()
        let a = g.input("a", [3, 4])
        let t = g.node("Transpose", [a], [attr("perm", ints: [1, 0])])[0]
        g.output(g.node("Gemm", [t, g.floats("b", [3, 5], Array(repeating: 1, count: 15)),
                                 g.floats("c", [5], Array(repeating: 0, count: 5))])[0])
        g.output(g.node("Relu", [t])[0])
        XCTAssertEqual(try g.optimized().1, ["Transpose": 1, "Gemm": 1, "Relu": 1])
    }

    // MARK: MatMul + BatchNormalization

    func testMatmulBNFusionBuildsGemm() throws {
        var g = TestGraph()
        let a = g.input("a", [4, 2])
        let b: [Double] = [1, 2, 3, 4]  // [[1, 2], [3, 4]]
        let scale: [Double] = [2, 6], bias: [Double] = [1, 1], mean: [Double] = [1, 2], variance: [Double] = [0, 8]
        let eps = 1.0
        let mm = g.node("MatMul", [a, g.floats("b", [2, 2], b)])[0]
        g.output(g.node("BatchNormalization", [mm, g.floats("s", [2], scale), g.floats("bb", [2], bias),
                                               g.floats("m", [2], mean), g.floats("v", [2], variance)],
                        [attr("epsilon", Float(eps))])[0])
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Gemm": 1])
        let factor = zip(scale, variance).map { $0 / ($1 + eps).squareRoot() }
        let gemm = try node(m, "Gemm")
        XCTAssertEqual(try values(m, gemm.input(1)), b.indices.map { b[$0] * factor[$0 % 2] })
        XCTAssertEqual(try values(m, gemm.input(2)), (0..<2).map { bias[$0] - mean[$0] * factor[$0] })
    }

    func testMatmulBNFusionNeedsTwoDimensionalInput() throws {
        var g = TestGraph()
        let a = g.input("a", [1, 4, 2])
        let mm = g.node("MatMul", [a, g.floats("b", [2, 2], [1, 2, 3, 4])])[0]
        let t = g.node("Transpose", [mm], [attr("perm", ints: [0, 2, 1])])[0]
        g.output(g.node("BatchNormalization", [t, g.floats("s", [2], [1, 1]), g.floats("bb", [2], [0, 0]),
                                               g.floats("m", [2], [0, 0]), g.floats("v", [2], [1, 1])])[0])
        XCTAssertEqual(try g.optimized().1, ["MatMul": 1, "Transpose": 1, "BatchNormalization": 1])
    }

    // MARK: Gelu and LayerNormalization (Level 1 only from the opsets that define them)

    func geluGraph(opset: Int64) -> TestGraph {
        var g = TestGraph(opset: opset)
        let x = g.input("x", [2, 8])
        let d = g.node("Div", [x, g.floats("sqrt2", [], [Double(2).squareRoot()])])[0]
        let a = g.node("Add", [g.node("Erf", [d])[0], g.floats("one", [], [1])])[0]
        g.output(g.node("Mul", [g.node("Mul", [x, a])[0], g.floats("half", [], [0.5])])[0])
        return g
    }

    func testGeluFusionFromOpset20() throws {
        let (m, h, log) = try geluGraph(opset: 20).optimized()
        XCTAssertEqual(h, ["Gelu": 1])
        XCTAssertTrue(try node(m, "Gelu").isDefaultDomain)
        XCTAssertEqual(log.totals[GeluFusion.passName]?.removed, 5)
    }

    func testGeluFusionNotBeforeOpset20() throws {
        XCTAssertEqual(try geluGraph(opset: 19).optimized().1, ["Div": 1, "Erf": 1, "Add": 1, "Mul": 2])
    }

    func layerNormGraph(opset: Int64) -> TestGraph {
        var g = TestGraph(opset: opset)
        let x = g.input("x", [2, 3, 8])
        let axes = [attr("axes", ints: [-1])]
        let mean = g.node("ReduceMean", [x], axes)[0]
        let centered = g.node("Sub", [x, mean])[0]
        let variance = g.node("ReduceMean", [g.node("Pow", [centered, g.floats("two", [], [2])])[0]], axes)[0]
        let std = g.node("Sqrt", [g.node("Add", [variance, g.floats("eps", [], [1e-6])])[0]])[0]
        let scaled = g.node("Mul", [g.node("Div", [centered, std])[0], g.floats("gamma", [8], Array(repeating: 1, count: 8))])[0]
        g.output(g.node("Add", [scaled, g.floats("beta", [8], Array(repeating: 0, count: 8))])[0])
        return g
    }

    func testLayerNormFusionFromOpset17() throws {
        let (m, h, _) = try layerNormGraph(opset: 17).optimized()
        XCTAssertEqual(h, ["LayerNormalization": 1])
        let ln = try node(m, "LayerNormalization")
        XCTAssertEqual(ln.attribute("axis")?.int, -1)
        XCTAssertEqual(ln.attribute("epsilon")?.float, Float(1e-6))
        XCTAssertEqual(ln.inputs.compactMap { $0.map { m.graph[$0].name } }, ["x", "gamma", "beta"])
    }

    func testLayerNormFusionNotBeforeOpset17() throws {
        XCTAssertEqual(try layerNormGraph(opset: 16).optimized().1["LayerNormalization"], nil)
    }
}

/// SliceConcatToSpaceToDepthFusion on the YOLOv5 "Focus" pattern (scripts/goldens-optimizer/
/// probe_space_to_depth.py runs the same four cases through onnxruntime 1.31.1).
final class SpaceToDepthFusionTests: XCTestCase {
    func focus(_ phases: [(Int64, Int64)], channels: Dim = .value(3), step: Int64 = 2) -> TestGraph {
        var g = TestGraph(opset: 13)
        let x = g.input("x", dims: [.value(1), channels, .value(8), .value(8)])
        var parts: [ValueID] = []
        for (k, (h, w)) in phases.enumerated() {
            parts.append(g.node("Slice", [x, g.ints("s\(k)", [2], [h, w]), g.ints("e\(k)", [2], [Int64.max, Int64.max]),
                                          g.ints("a\(k)", [2], [2, 3]), g.ints("st\(k)", [2], [step, step])])[0])
        }
        g.output(g.node("Relu", [g.node("Concat", parts, [attr("axis", Int64(1))])[0]])[0])
        return g
    }

    func testCanonicalPhaseOrderBecomesSpaceToDepth() throws {
        let (m, h, _) = try focus([(0, 0), (0, 1), (1, 0), (1, 1)]).optimized()
        XCTAssertEqual(h, ["SpaceToDepth": 1, "Relu": 1])
        let s2d = try XCTUnwrap(m.graph.liveNodeIDs.map { m.graph[$0] }.first { $0.opType == "SpaceToDepth" })
        XCTAssertEqual(s2d.attribute("blocksize")?.int, 2)
    }

    func testYOLOv5PhaseOrderAddsChannelGather() throws {
        let (m, h, _) = try focus([(0, 0), (1, 0), (0, 1), (1, 1)]).optimized()
        XCTAssertEqual(h, ["SpaceToDepth": 1, "Gather": 1, "Relu": 1])
        let gather = try XCTUnwrap(m.graph.liveNodeIDs.map { m.graph[$0] }.first { $0.opType == "Gather" })
        let indices = try XCTUnwrap(m.graph[try XCTUnwrap(gather.input(1))].initializer)
        // Concat block k holds SpaceToDepth block phase(k): (0,0)→0, (1,0)→2, (0,1)→1, (1,1)→3, three channels each.
        let blocks: [Int64] = [0, 2, 1, 3]
        XCTAssertEqual(try TensorData.int64s(of: indices, storage: nil), blocks.flatMap { b in (0..<3).map { b * 3 + $0 } })
    }

    func testReorderingNeedsStaticChannels() throws {
        let h = try focus([(0, 0), (1, 0), (0, 1), (1, 1)], channels: .param("C")).optimized().1
        XCTAssertEqual(h, ["Slice": 4, "Concat": 1, "Relu": 1])
    }

    func testStrideThreeIsNotSpaceToDepth() throws {
        XCTAssertEqual(try focus([(0, 0), (0, 1), (1, 0), (1, 1)], step: 3).optimized().1, ["Slice": 4, "Concat": 1, "Relu": 1])
    }
}
