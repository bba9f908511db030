import CutlineIR
@testable import CutlineOptimizer
import XCTest

/// One positive case and one case a precondition rejects, per rule, on graphs built in code.
final class RuleTests: XCTestCase {
    func testConstantNodesBecomeInitializers() throws {
        var g = TestGraph()
        let x = g.input("x", [2])
        let c = try XCTUnwrap(g.node("Constant", [], [Attribute(name: "value_floats", value: .floats([1, 2]))]).first)
        g.output(g.node("Add", [x, c])[0])
        let (m, h, log) = try g.optimized(OptimizerOptions(level: .none))
        XCTAssertEqual(h, ["Add": 1])
        XCTAssertNotNil(m.graph[try XCTUnwrap(m.graph.value(named: m.graph[c].name))].initializer)
        XCTAssertEqual(log.totals[ConstantNodes.passName]?.removed, 1)
    }

    func testEliminateIdentity() throws {
        var g = TestGraph()
        let x = g.input("x", [2])
        let r = g.node("Relu", [x])[0]
        let i = g.node("Identity", [r])[0]
        g.output(g.node("Neg", [i])[0])
        XCTAssertEqual(try g.optimized().1, ["Relu": 1, "Neg": 1])
    }

    func testEliminateIdentityKeepsOutputWhoseSourceIsAlsoAnOutput() throws {
        var g = TestGraph()
        let x = g.input("x", [2])
        let r = g.node("Relu", [x])[0]
        g.output(r)
        g.output(g.node("Identity", [r])[0])
        XCTAssertEqual(try g.optimized().1, ["Relu": 1, "Identity": 1])
    }

    func testEliminateIdentityFeedingOnlyAGraphOutput() throws {
        var g = TestGraph()
        let x = g.input("x", [2])
        let r = g.node("Relu", [x])[0]
        let i = g.node("Identity", [r])[0]
        g.output(i)
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Relu": 1])
        XCTAssertEqual(m.graph[m.graph.outputs[0]].name, m.graph[i].name)
    }

    func testEliminateDropout() throws {
        var g = TestGraph()
        let x = g.input("x", [2])
        let d = g.node("Dropout", [x], outputs: 1)[0]
        g.output(g.node("Relu", [d])[0])
        XCTAssertEqual(try g.optimized().1, ["Relu": 1])
    }

    func testDropoutWithUsedMaskStays() throws {
        var g = TestGraph()
        let x = g.input("x", [2])
        let d = g.node("Dropout", [x], outputs: 2)
        g.output(g.node("Relu", [d[0]])[0])
        g.output(g.node("Not", [d[1]])[0])
        XCTAssertEqual(try g.optimized().1["Dropout"], 1)
    }

    func testConstantFoldingOfConstantInputs() throws {
        var g = TestGraph()
        let x = g.input("x", [2])
        let a = g.floats("a", [2], [1, 2]), b = g.floats("b", [2], [3, 4])
        let s = g.node("Add", [a, b])[0]
        g.output(g.node("Mul", [x, s])[0])
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Mul": 1])
        let folded = try XCTUnwrap(m.graph[s].initializer)
        XCTAssertEqual(try TensorData.doubles(of: folded, storage: nil), [4, 6])
    }

    func testConstantFoldingSkipsNonDeterministicAndDataDependentOps() throws {
        var g = TestGraph()
        let c = g.ints("c", [3], [1, 0, 1])
        let nz = g.node("NonZero", [c])[0]
        let ru = g.node("RandomUniform", [], [attr("shape", ints: [2])])[0]
        g.output(nz)
        g.output(ru)
        XCTAssertEqual(try g.optimized().1, ["NonZero": 1, "RandomUniform": 1])
    }

    func testShapeFoldsOnStaticInput() throws {
        var g = TestGraph()
        let x = g.input("x", [2, 3])
        let s = g.node("Shape", [x])[0]
        g.output(g.node("Reshape", [x, s])[0])
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Reshape": 1])
        XCTAssertEqual(try TensorData.int64s(of: try XCTUnwrap(m.graph[s].initializer), storage: nil), [2, 3])
    }

    func testShapeStaysOnDynamicInput() throws {
        var g = TestGraph()
        let x = g.input("x", dims: [Dim.param("batch"), .value(3)])
        let s = g.node("Shape", [x])[0]
        g.output(g.node("Reshape", [x, s])[0])
        XCTAssertEqual(try g.optimized().1, ["Shape": 1, "Reshape": 1])
    }

    func testFreeDimensionOverrideMakesShapeFoldable() throws {
        var g = TestGraph()
        let x = g.input("x", dims: [Dim.param("batch"), .value(3)])
        let s = g.node("Shape", [x])[0]
        g.output(g.node("Reshape", [x, s])[0])
        XCTAssertEqual(try g.optimized(OptimizerOptions(freeDimensions: ["batch": 1])).1, ["Reshape": 1])
    }

    func testCommonSubexpressionElimination() throws {
        var g = TestGraph()
        let x = g.input("x", [2])
        let a = g.node("Relu", [x])[0], b = g.node("Relu", [x])[0]
        g.output(g.node("Add", [a, b])[0])
        XCTAssertEqual(try g.optimized().1, ["Relu": 1, "Add": 1])
    }

    func testCSEKeepsNodesWithDifferentAttributes() throws {
        var g = TestGraph()
        let x = g.input("x", [2, 2])
        let a = g.node("Softmax", [x], [attr("axis", Int64(0))])[0], b = g.node("Softmax", [x], [attr("axis", Int64(1))])[0]
        g.output(g.node("Add", [a, b])[0])
        XCTAssertEqual(try g.optimized().1["Softmax"], 2)
    }

    func testConstantSharingEnablesCSE() throws {
        var g = TestGraph()
        let x = g.input("x", [2])
        let c1 = g.floats("c1", [1], [2]), c2 = g.floats("c2", [1], [2])
        let a = g.node("Mul", [x, c1])[0], b = g.node("Mul", [x, c2])[0]
        g.output(g.node("Add", [a, b])[0])
        XCTAssertEqual(try g.optimized().1, ["Mul": 1, "Add": 1])
    }

    func testConstantSharingIgnoresLargeInitializers() throws {
        var g = TestGraph()
        let x = g.input("x", [9])
        let v = (0..<9).map { Double($0) }
        let c1 = g.floats("c1", [9], v), c2 = g.floats("c2", [9], v)
        let a = g.node("Mul", [x, c1])[0], b = g.node("Mul", [x, c2])[0]
        g.output(g.node("Add", [a, b])[0])
        XCTAssertEqual(try g.optimized().1["Mul"], 2)
    }

    func testMatMulAddFusion() throws {
        var g = TestGraph()
        let x = g.input("x", [4, 3])
        let w = g.floats("w", [3, 2], Array(repeating: 0.5, count: 6)), bias = g.floats("b", [2], [1, 2])
        let mm = g.node("MatMul", [x, w])[0]
        g.output(g.node("Add", [mm, bias])[0])
        XCTAssertEqual(try g.optimized().1, ["Gemm": 1])
    }

    func testMatMulAddFusionWithReshapesFor3DInput() throws {
        var g = TestGraph()
        let x = g.input("x", [2, 4, 3])
        let w = g.floats("w", [3, 2], Array(repeating: 0.5, count: 6)), bias = g.floats("b", [2], [1, 2])
        let mm = g.node("MatMul", [x, w])[0]
        g.output(g.node("Add", [mm, bias])[0])
        XCTAssertEqual(try g.optimized().1, ["Reshape": 2, "Gemm": 1])
    }

    func testMatMulAddFusionNeedsSingleConsumer() throws {
        var g = TestGraph()
        let x = g.input("x", [4, 3])
        let w = g.floats("w", [3, 2], Array(repeating: 0.5, count: 6)), bias = g.floats("b", [2], [1, 2])
        let mm = g.node("MatMul", [x, w])[0]
        g.output(g.node("Add", [mm, bias])[0])
        g.output(g.node("Relu", [mm])[0])
        XCTAssertEqual(try g.optimized().1, ["MatMul": 1, "Add": 1, "Relu": 1])
    }

    func testEliminateSlice() throws {
        var g = TestGraph()
        let x = g.input("x", [4])
        let s = g.ints("s", [1], [0]), e = g.ints("e", [1], [Int64.max])
        let y = g.node("Slice", [g.node("Relu", [x])[0], s, e])[0]
        g.output(g.node("Neg", [y])[0])
        XCTAssertEqual(try g.optimized().1, ["Relu": 1, "Neg": 1])
    }

    func testPartialSliceStays() throws {
        var g = TestGraph()
        let x = g.input("x", [4])
        let s = g.ints("s", [1], [1]), e = g.ints("e", [1], [Int64.max])
        let y = g.node("Slice", [g.node("Relu", [x])[0], s, e])[0]
        g.output(g.node("Neg", [y])[0])
        XCTAssertEqual(try g.optimized().1["Slice"], 1)
    }

    func testCastElimination() throws {
        var g = TestGraph()
        let x = g.input("x", [4])
        let c = g.node("Cast", [g.node("Relu", [x])[0]], [attr("to", Int64(1))])[0]
        g.output(g.node("Neg", [c])[0])
        XCTAssertEqual(try g.optimized().1, ["Relu": 1, "Neg": 1])
    }

    func testCastToOtherTypeStays() throws {
        var g = TestGraph()
        let x = g.input("x", [4])
        let c = g.node("Cast", [g.node("Relu", [x])[0]], [attr("to", Int64(10))])[0]
        g.output(g.node("Neg", [c])[0])
        XCTAssertEqual(try g.optimized().1["Cast"], 1)
    }

    func testNoopElimination() throws {
        var g = TestGraph()
        let x = g.input("x", [4])
        let one = g.floats("one", [], [1])
        let y = g.node("Mul", [g.node("Relu", [x])[0], one])[0]
        g.output(g.node("Neg", [y])[0])
        XCTAssertEqual(try g.optimized().1, ["Relu": 1, "Neg": 1])
    }

    func testNoopEliminationNeedsTheNeutralValue() throws {
        var g = TestGraph()
        let x = g.input("x", [4])
        let two = g.floats("two", [], [2])
        let y = g.node("Mul", [g.node("Relu", [x])[0], two])[0]
        g.output(g.node("Neg", [y])[0])
        XCTAssertEqual(try g.optimized().1["Mul"], 1)
    }

    func testDivMulFusion() throws {
        var g = TestGraph()
        let x = g.input("x", [4]), y = g.input("y", [4])
        let one = g.floats("one", [], [1])
        let d = g.node("Div", [one, x])[0]
        g.output(g.node("Mul", [d, y])[0])
        XCTAssertEqual(try g.optimized().1, ["Div": 1])
    }

    func testDivMulFusionNeedsNumeratorOne() throws {
        var g = TestGraph()
        let x = g.input("x", [4]), y = g.input("y", [4])
        let two = g.floats("two", [], [2])
        let d = g.node("Div", [two, x])[0]
        g.output(g.node("Mul", [d, y])[0])
        XCTAssertEqual(try g.optimized().1, ["Div": 1, "Mul": 1])
    }

    func testFuseReluClip() throws {
        var g = TestGraph()
        let x = g.input("x", [4])
        let lo = g.floats("lo", [], [-1]), hi = g.floats("hi", [], [6])
        let r = g.node("Relu", [x])[0]
        g.output(g.node("Clip", [r, lo, hi])[0])
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Clip": 1])
        let clip = try XCTUnwrap(m.graph.liveNodeIDs.first)
        let minT = try XCTUnwrap(m.graph[try XCTUnwrap(m.graph[clip].input(1))].initializer)
        XCTAssertEqual(try TensorData.doubles(of: minT, storage: nil), [0])
    }

    func testReluWithTwoConsumersIsNotFusedIntoClip() throws {
        var g = TestGraph()
        let x = g.input("x", [4])
        let r = g.node("Relu", [x])[0]
        g.output(g.node("Clip", [r])[0])
        g.output(g.node("Neg", [r])[0])
        XCTAssertEqual(try g.optimized().1["Relu"], 1)
    }

    func testNotWhereFusion() throws {
        var g = TestGraph()
        let c = g.input("c", [4], .bool), a = g.input("a", [4]), b = g.input("b", [4])
        let n = g.node("Not", [g.node("Identity", [c])[0]])[0]
        let w = g.node("Where", [n, a, b])[0]
        g.output(w)
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Where": 1])
        let where0 = try XCTUnwrap(m.graph.liveNodeIDs.first)
        XCTAssertEqual(m.graph[where0].inputs, [c, b, a])
    }

    func testNotWithOtherConsumerIsNotFused() throws {
        var g = TestGraph()
        let c = g.input("c", [4], .bool), a = g.input("a", [4]), b = g.input("b", [4])
        let n = g.node("Not", [c])[0]
        g.output(g.node("Where", [n, a, b])[0])
        g.output(g.node("Cast", [n], [attr("to", Int64(1))])[0])
        XCTAssertEqual(try g.optimized().1["Not"], 1)
    }

    func testReshapeFusionTurnsShapeChainIntoConstantShape() throws {
        var g = TestGraph()
        let x = g.input("x", dims: [Dim.param("batch"), .value(4)])
        let shape = g.node("Shape", [x])[0]
        let i0 = g.ints("i0", [], [0]), ax = g.ints("ax", [1], [0]), rest = g.ints("rest", [1], [-1])
        let d0 = g.node("Gather", [shape, i0])[0]
        let u = g.node("Unsqueeze", [d0, ax])[0]
        let cat = g.node("Concat", [u, rest], [attr("axis", Int64(0))])[0]
        g.output(g.node("Reshape", [x, cat])[0])
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Reshape": 1])
        XCTAssertEqual(try TensorData.int64s(of: try XCTUnwrap(m.graph[cat].initializer), storage: nil), [0, -1])
    }

    func testReshapeFusionNeedsMatchingGatherIndex() throws {
        var g = TestGraph()
        let x = g.input("x", dims: [Dim.param("batch"), .param("n")])
        let shape = g.node("Shape", [x])[0]
        let i1 = g.ints("i1", [], [1]), ax = g.ints("ax", [1], [0]), rest = g.ints("rest", [1], [-1])
        let d1 = g.node("Gather", [shape, i1])[0]
        let u = g.node("Unsqueeze", [d1, ax])[0]
        let cat = g.node("Concat", [u, rest], [attr("axis", Int64(0))])[0]
        g.output(g.node("Reshape", [x, cat])[0])
        XCTAssertEqual(try g.optimized().1["Concat"], 1)
    }

    func testLevelNoneOnlyConvertsConstants() throws {
        var g = TestGraph()
        let x = g.input("x", [2])
        let i = g.node("Identity", [g.node("Relu", [x])[0]])[0]
        g.output(g.node("Neg", [i])[0])
        XCTAssertEqual(try g.optimized(OptimizerOptions(level: .none)).1, ["Relu": 1, "Identity": 1, "Neg": 1])
    }
}
