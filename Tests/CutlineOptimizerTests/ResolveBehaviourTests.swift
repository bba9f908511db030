import CutlineIR
@testable import CutlineOptimizer
import XCTest

/// How ORT's transformer loop and Graph::Resolve shape what the rules see (scripts/goldens-optimizer/
/// probe_resolve.py and probe_folding.py show the same cases on onnxruntime 1.31.1).
final class ResolveBehaviourTests: XCTestCase {
    /// Two constants equal only after folding: ConstantSharing ran in step 1 only, so both Muls stay.
    func testConstantSharingRunsInTheFirstStepOnly() throws {
        var g = TestGraph()
        let x = g.input("x", [2])
        let f1 = g.node("Add", [g.floats("c1", [1], [1]), g.floats("c2", [1], [2])])[0]
        let f2 = g.node("Add", [g.floats("c3", [1], [1.5]), g.floats("c4", [1], [1.5])])[0]
        g.output(g.node("Add", [g.node("Mul", [x, f1])[0], g.node("Mul", [x, f2])[0]])[0])
        XCTAssertEqual(try g.optimized().1, ["Mul": 2, "Add": 1])
    }

    /// GreaterOrEqual-12 → Expand → Not: ORT knows no shape for the comparison, so ExpandElimination cannot prove
    /// the Expand is a no-op; from opset 16 the comparison folds and the Expand goes.
    func comparisonGraph(opset: Int64) -> TestGraph {
        var g = TestGraph(opset: opset)
        let x = g.input("x", [1, 4], .bool)
        let ge = g.node("GreaterOrEqual", [g.ints("c", [1, 4], [0, 1, 2, 3]), g.ints("z", [], [1])])[0]
        let e = g.node("Expand", [g.node("And", [x, ge])[0], g.ints("shape", [2], [1, 4])])[0]
        g.output(g.node("Not", [e])[0])
        return g
    }

    func testGreaterOrEqualAtOpset14LeavesShapesUnknown() throws {
        let (m, h, _) = try comparisonGraph(opset: 14).optimized()
        XCTAssertEqual(h, ["GreaterOrEqual": 1, "And": 1, "Expand": 1, "Not": 1])
        let ge = try XCTUnwrap(m.graph.liveNodeIDs.first { m.graph[$0].opType == "GreaterOrEqual" })
        let out = try XCTUnwrap(m.graph[ge].output(0))
        XCTAssertEqual(m.graph[out].type, .tensor(.bool, nil))
        XCTAssertTrue(m.graph[ge].isDefaultDomain, "the node keeps its domain after inference")
    }

    func testGreaterOrEqualFoldsFromOpset16() throws {
        XCTAssertEqual(try comparisonGraph(opset: 16).optimized().1, ["And": 1, "Not": 1])
    }
}
