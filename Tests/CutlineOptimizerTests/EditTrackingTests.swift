import CutlineIR
@testable import CutlineOptimizer
import XCTest

/// The optimizer re-infers only what its edits reach and reuses one topological order while edges are unchanged;
/// both rest on `OptEditor` noting every edit.
final class EditTrackingTests: XCTestCase {
    /// x → Relu → Neg → Abs → out, with `w` an unused initializer.
    func chain() -> (og: OptGraph, ids: [NodeID], w: ValueID) {
        var g = TestGraph()
        let x = g.input("x", [2, 3])
        let w = g.floats("w", [3], [1, 2, 3])
        let r = g.node("Relu", [x])[0]
        let n = g.node("Neg", [r])[0]
        let a = g.node("Abs", [n])[0]
        g.output(a)
        let og = OptGraph(editor: g.e, irVersion: 8, opsets: ["": 17], storage: nil, options: OptimizerOptions())
        return (og, og.graph.liveNodeIDs, w)
    }

    func testSettingATypeDirtiesItsProducerAndReaders() throws {
        let c = chain()
        var og = c.og
        let ids = c.ids
        let declared = DeclaredInfos(og.graph)
        let mid = try XCTUnwrap(og.graph[ids[1]].output(0))
        og.editor.setType(mid, .tensor(.float, Shape(static: [6])))
        let dirty = Set(og.editor.edits.dirtyNodes(in: og.graph, declared: declared))
        XCTAssertEqual(dirty, [ids[1], ids[2]], "the Neg producing it and the Abs reading it")
    }

    func testRewiringDirtiesTheReaderOnly() throws {
        let c = chain()
        var og = c.og
        let ids = c.ids
        let declared = DeclaredInfos(og.graph)
        let x = try XCTUnwrap(og.graph[ids[0]].input(0))
        og.editor.setInput(ids[2], 0, x)
        XCTAssertEqual(og.editor.edits.dirtyNodes(in: og.graph, declared: declared), [ids[2]])
    }

    func testRemovedNodesAreNotReported() throws {
        let c = chain()
        var og = c.og
        let ids = c.ids
        let declared = DeclaredInfos(og.graph)
        let x = try XCTUnwrap(og.graph[ids[0]].input(0))
        og.editor.setInput(ids[2], 0, x)
        og.removeNode(ids[1])
        XCTAssertFalse(og.editor.edits.isEmpty)
        XCTAssertEqual(og.editor.edits.dirtyNodes(in: og.graph, declared: declared), [ids[2]])
    }

    func testADeclaredTypeChangeDirtiesTheProducer() throws {
        let c = chain()
        var og = c.og
        let ids = c.ids
        let declared = DeclaredInfos(og.graph)
        let out = try XCTUnwrap(og.graph[ids[2]].output(0))
        let x = try XCTUnwrap(og.graph[ids[0]].input(0))
        // The graph output moves from Abs's output to x: both values' declared types change.
        og.editor.replaceAllUses(of: out, with: x, includingGraphOutputs: true)
        XCTAssertEqual(Set(og.editor.edits.dirtyNodes(in: og.graph, declared: declared)), [ids[0], ids[2]])
    }

    func testTheOrderIsReusedUntilAnEdgeChanges() throws {
        let c = chain()
        var og = c.og
        let ids = c.ids, w = c.w
        XCTAssertEqual(og.editor.topologicalOrder(), ids)
        XCTAssertEqual(og.editor.knownOrder, ids)
        og.editor.setType(w, .tensor(.float, Shape(static: [3])))
        XCTAssertEqual(og.editor.knownOrder, ids, "a type change keeps the order")
        let added = try og.addNode(Node(name: "extra", opType: "Relu"), inputs: [w], outputs: [nil])
        XCTAssertNil(og.editor.knownOrder, "a new node drops it")
        XCTAssertEqual(og.editor.topologicalOrder(), og.graph.topologicalOrder())
        XCTAssertEqual(og.editor.topologicalOrder()?.contains(added), true)
        og.removeNode(added)
        XCTAssertNil(og.editor.knownOrder, "a removal drops it")
    }
}
