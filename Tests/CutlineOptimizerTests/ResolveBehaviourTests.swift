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

    func testGreaterOrEqualInsideASubgraphStaysShapeless() throws {
        var g = TestGraph(opset: 14)
        let flag = g.input("flag", [], .bool)
        _ = g.input("x", [1, 4])  // read by name inside the branch
        var branch = GraphEditor()
        let bx = branch.value(named: "x")
        branch.markOuterScope(bx)
        let ge = try branch.addNode(Node(name: "ge", opType: "GreaterOrEqual"), inputs: [bx, bx], outputNames: ["ge_out"])
        let geOut = try XCTUnwrap(branch.graph[ge].outputs[0])
        branch.appendOutput(ValueInfo(value: geOut, type: nil))
        let y = g.node("If", [flag], [Attribute(name: "then_branch", value: .graph(branch.graph)),
                                       Attribute(name: "else_branch", value: .graph(branch.graph))])[0]
        g.output(y)
        let (m, _, _) = try g.optimized()
        let ifNode = try XCTUnwrap(m.graph.liveNodeIDs.first { m.graph[$0].opType == "If" })
        let then = try XCTUnwrap(m.graph[ifNode].attribute("then_branch")?.graph)
        let out = try XCTUnwrap(then.value(named: "ge_out"))
        XCTAssertEqual(then[out].type, .tensor(.bool, nil))
        XCTAssertTrue(then[try XCTUnwrap(then[out].producer)].isDefaultDomain)
    }

    func testGreaterOrEqualFoldsFromOpset16() throws {
        XCTAssertEqual(try comparisonGraph(opset: 16).optimized().1, ["And": 1, "Not": 1])
    }

    /// A declared value_info type stays on ORT's NodeArg, so a fully static declared shape makes the opset-14
    /// comparison's size estimate known and it folds; with a symbolic declared dim it stays, but the Expand of a
    /// now rank-known input goes (probe_resolve.py's last two cases, probe_folding.py's too). ORT's own optimized
    /// bert-tiny-static declares the attention-mask comparison statically, which is why optimizing that file again
    /// folds its GreaterOrEqual and the And after it.
    func comparisonGraph(opset: Int64, declaring dims: [Dim]) -> TestGraph {
        var g = comparisonGraph(opset: opset)
        let ge = g.e.graph.liveNodeIDs.first { g.e.graph[$0].opType == "GreaterOrEqual" }
        if let ge, let out = g.e.graph[ge].output(0) {
            g.e.appendValueInfo(ValueInfo(value: out, type: .tensor(.bool, Shape(dims))))
        }
        return g
    }

    func testGreaterOrEqualWithDeclaredStaticShapeFoldsAtOpset14() throws {
        let (_, h, _) = try comparisonGraph(opset: 14, declaring: [.value(1), .value(4)]).optimized()
        XCTAssertEqual(h, ["And": 1, "Not": 1])
    }

    func testGreaterOrEqualWithDeclaredSymbolicShapeStaysAtOpset14() throws {
        let (_, h, _) = try comparisonGraph(opset: 14, declaring: [.param("n"), .value(4)]).optimized()
        XCTAssertEqual(h, ["GreaterOrEqual": 1, "And": 1, "Not": 1])
    }
}

/// ConstantFolding inlines the branch an If with a constant condition selects (scripts/goldens-optimizer/
/// probe_if_folding.py runs the same graph through onnxruntime 1.31.1).
final class IfInliningTests: XCTestCase {
    func ifGraph(condition: Bool) throws -> (TestGraph, ValueID) {
        var g = TestGraph()
        let x = g.input("x", [2])
        var then = GraphEditor()
        let tx = then.value(named: "x")
        then.markOuterScope(tx)
        let c = then.addInitializer(TensorValue(dataType: .float, dims: [2], reals: [1, 2]).tensor(named: "c"))
        let add = try then.addNode(Node(name: "add", opType: "Add"), inputs: [tx, c], outputNames: ["t0"])
        let relu = try then.addNode(Node(name: "relu", opType: "Relu"), inputs: [then.graph[add].outputs[0]], outputNames: ["t1"])
        then.appendOutput(ValueInfo(value: try XCTUnwrap(then.graph[relu].outputs[0]), type: .tensor(.float, Shape(static: [2]))))
        var other = GraphEditor()
        let ex = other.value(named: "x")
        other.markOuterScope(ex)
        let neg = try other.addNode(Node(name: "neg", opType: "Neg"), inputs: [ex], outputNames: ["e0"])
        other.appendOutput(ValueInfo(value: try XCTUnwrap(other.graph[neg].outputs[0]), type: .tensor(.float, Shape(static: [2]))))
        let cond = g.e.addInitializer(TensorValue(dataType: .bool, dims: [], ints: [condition ? 1 : 0]).tensor(named: "cond"))
        let y = g.node("If", [cond], [Attribute(name: "then_branch", value: .graph(then.graph)),
                                       Attribute(name: "else_branch", value: .graph(other.graph))])[0]
        g.output(g.node("Mul", [y, x])[0])
        return (g, y)
    }

    func testTrueConditionInlinesThenBranch() throws {
        let (g, y) = try ifGraph(condition: true)
        let (m, h, _) = try g.optimized()
        XCTAssertEqual(h, ["Add": 1, "Relu": 1, "Mul": 1])
        XCTAssertEqual(m.graph[try XCTUnwrap(m.graph[y].producer)].opType, "Relu", "the If's output keeps its name")
    }

    func testFalseConditionInlinesElseBranch() throws {
        XCTAssertEqual(try ifGraph(condition: false).0.optimized().1, ["Neg": 1, "Mul": 1])
    }

    func testIfWithComputedConditionStays() throws {
        var (g, _) = try ifGraph(condition: true)
        // Replace the constant condition by a graph input: nothing to inline.
        let graph = g.e.graph
        let ifNode = try XCTUnwrap(graph.liveNodeIDs.first { graph[$0].opType == "If" })
        let flag = g.input("flag", [], .bool)
        g.e.setInput(ifNode, 0, flag)
        XCTAssertEqual(try g.optimized().1["If"], 1)
    }
}
