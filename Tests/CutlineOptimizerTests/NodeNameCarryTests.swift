import CutlineIR
@testable import CutlineOptimizer
import XCTest

/// The optimizer hands one pass's tracked node names to the next pass's editor only when they equal what a fresh
/// editor would build (the live nodes' names); otherwise the next editor builds them again.
final class NodeNameCarryTests: XCTestCase {
    /// x → Relu → Neg → Abs → out.
    func chain() -> OptGraph {
        var g = TestGraph()
        let x = g.input("x", [2, 3])
        let r = g.node("Relu", [x])[0]
        let n = g.node("Neg", [r])[0]
        let a = g.node("Abs", [n])[0]
        g.output(a)
        return OptGraph(editor: g.e, irVersion: 8, opsets: ["": 17], storage: nil, options: OptimizerOptions())
    }

    func liveNames(_ graph: Graph) -> Set<String> { Set(graph.liveNodeIDs.map { graph[$0].name }) }

    func testNamesAfterAddsAndRemovalsAreCarried() throws {
        var og = chain()
        let ids = og.graph.liveNodeIDs
        let name = og.uniqueNodeName("Fused")
        let x = try XCTUnwrap(og.graph[ids[0]].input(0))
        let out = og.editor.addValue(name: "fused_out")
        try og.addNode(Node(name: name, opType: "Sigmoid"), inputs: [x], outputs: [out])
        og.removeNode(ids[2], removeOutputs: false)
        let carried = try XCTUnwrap(og.editor.exactNodeNames())
        XCTAssertEqual(carried, liveNames(og.graph))
        // A fresh editor of the same graph picks the same next name as one starting from the carried set.
        var fresh = GraphEditor(og.graph)
        var resumed = GraphEditor(og.graph, nodeNames: carried)
        XCTAssertEqual(fresh.uniqueNodeName("Fused"), resumed.uniqueNodeName("Fused"))
    }

    func testAReservedButUnusedNameIsNotCarried() {
        var og = chain()
        _ = og.uniqueNodeName("Fused")
        XCTAssertNil(og.editor.exactNodeNames(), "a fresh editor would offer the reserved name again")
    }

    func testRemovingOneOfTwoNodesSharingANameIsNotCarried() throws {
        var og = chain()
        let ids = og.graph.liveNodeIDs
        let x = try XCTUnwrap(og.graph[ids[0]].input(0))
        let twin = og.editor.addValue(name: "twin_out")
        let shared = og.graph[ids[0]].name
        try og.addNode(Node(name: shared, opType: "Relu"), inputs: [x], outputs: [twin])
        _ = og.uniqueNodeName("Fused")
        let out = og.editor.addValue(name: "fused_out")
        try og.addNode(Node(name: "Fused", opType: "Sigmoid"), inputs: [x], outputs: [out])
        og.removeNode(NodeID(og.graph.nodes.count - 2), removeOutputs: true)
        XCTAssertTrue(liveNames(og.graph).contains(shared))
        XCTAssertNil(og.editor.exactNodeNames(), "the tracked set lost a name a live node still has")
    }
}
