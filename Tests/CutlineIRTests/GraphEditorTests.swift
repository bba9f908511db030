import Testing
@testable import CutlineIR

/// x ─Relu→ a ─Add(a, w)→ y   with w an initializer.
func makeChain() throws -> Graph {
    var e = GraphEditor(Graph(name: "g"))
    let x = e.addValue(name: "x", type: .tensor(.float, Shape(static: [1, 4])))
    e.appendInput(ValueInfo(value: x, type: .tensor(.float, Shape(static: [1, 4]))))
    let w = e.addInitializer(Tensor(name: "w", dataType: .float, dims: [4], payload: .field(.rawData, .memory([UInt8](repeating: 0, count: 16)))))
    let relu = try e.addNode(Node(name: "relu", opType: "Relu"), inputs: [x], outputNames: ["a"])
    let a = e.graph[relu].outputs[0]!
    let add = try e.addNode(Node(name: "add", opType: "Add"), inputs: [a, w], outputNames: ["y"])
    e.appendOutput(ValueInfo(value: e.graph[add].outputs[0]!, type: nil))
    return e.graph
}

@Suite struct GraphEditorTests {
    @Test func buildsConsistentUseLists() throws {
        let g = try makeChain()
        try Verifier.verify(g)
        let a = try #require(g.value(named: "a"))
        #expect(g[a].uses == [Use(node: NodeID(1), input: 0)])
        #expect(g[a].producer == NodeID(0))
        #expect(g.liveNodeCount == 2)
        #expect(g.topologicalOrder() == [NodeID(0), NodeID(1)])
    }

    @Test func removeNodeAndReplaceUsesKeepsInvariants() throws {
        var e = GraphEditor(try makeChain())
        let x = try #require(e.graph.value(named: "x"))
        let a = try #require(e.graph.value(named: "a"))
        // Bypass the Relu: Add reads x directly.
        e.replaceAllUses(of: a, with: x)
        e.removeNode(NodeID(0))
        let g = e.graph
        try Verifier.verify(g)
        #expect(g.liveNodeCount == 1)
        #expect(g[x].uses == [Use(node: NodeID(1), input: 0)])
        #expect(g.value(named: "a") == nil, "the unused output is removed with its producer")
        #expect(g.liveNodeIDs == [NodeID(1)])
    }

    @Test func uniqueNamesDoNotCollide() throws {
        var e = GraphEditor(try makeChain())
        let v1 = e.addValue(name: "a")
        let v2 = e.addValue(name: "a")
        #expect(e.graph[v1].name != "a")
        #expect(e.graph[v1].name != e.graph[v2].name)
    }

    @Test func replaceAllUsesMovesGraphOutputs() throws {
        var e = GraphEditor(try makeChain())
        let y = try #require(e.graph.value(named: "y"))
        let a = try #require(e.graph.value(named: "a"))
        e.replaceAllUses(of: y, with: a)
        #expect(e.graph.outputs == [a])
        #expect(e.graph[a].isGraphOutput)
        #expect(!e.graph[y].isGraphOutput)
    }

    @Test func topologicalOrderFollowsDependenciesNotStorage() throws {
        // Storage order: consumer first, producer second.
        var e = GraphEditor(Graph())
        let x = e.addValue(name: "x")
        e.appendInput(ValueInfo(value: x, type: nil))
        let mid = e.addValue(name: "mid")
        let y = e.addValue(name: "y")
        try e.addNode(Node(name: "second", opType: "Neg"), inputs: [mid], outputs: [y])
        try e.addNode(Node(name: "first", opType: "Neg"), inputs: [x], outputs: [mid])
        e.appendOutput(ValueInfo(value: y, type: nil))
        try Verifier.verify(e.graph)
        #expect(e.graph.topologicalOrder() == [NodeID(1), NodeID(0)])
    }

    @Test func implicitInputsComeFromSubgraphOuterNames() throws {
        var body = GraphEditor(Graph(name: "then"))
        let outer = body.value(named: "x")
        body.markOuterScope(outer)
        try body.addNode(Node(name: "neg", opType: "Neg"), inputs: [outer], outputNames: ["t"])
        body.appendOutput(ValueInfo(value: try #require(body.graph.value(named: "t")), type: nil))

        var e = GraphEditor(Graph(name: "main"))
        let x = e.addValue(name: "x")
        e.appendInput(ValueInfo(value: x, type: nil))
        let c = e.addValue(name: "c")
        e.appendInput(ValueInfo(value: c, type: nil))
        let ifNode = try e.addNode(
            Node(name: "if", opType: "If", attributes: [Attribute(name: "then_branch", value: .graph(body.graph)),
                                                        Attribute(name: "else_branch", value: .graph(body.graph))]),
            inputs: [c], outputNames: ["out"])
        e.appendOutput(ValueInfo(value: try #require(e.graph.value(named: "out")), type: nil))
        let g = e.graph
        try Verifier.verify(g)
        #expect(g.implicitInputs(of: ifNode) == [x])
        #expect(g[x].implicitUses == [ifNode])
        #expect(g.subgraphNodeCount == 2)
    }
}

@Suite struct VerifierTests {
    @Test func reportsDanglingReference() throws {
        var e = GraphEditor(Graph())
        let ghost = e.value(named: "ghost")
        try e.addNode(Node(name: "n", opType: "Relu"), inputs: [ghost], outputNames: ["y"])
        let failures = Verifier.failures(e.graph)
        #expect(failures.contains { $0.message == "node n reads 'ghost', which nothing defines" })
    }

    @Test func reportsCycle() throws {
        var e = GraphEditor(Graph())
        let a = e.addValue(name: "a")
        let b = e.addValue(name: "b")
        try e.addNode(Node(name: "p", opType: "Relu"), inputs: [a], outputs: [b])
        try e.addNode(Node(name: "q", opType: "Relu"), inputs: [b], outputs: [a])
        #expect(Verifier.failures(e.graph).map(\.message) == ["the graph has a cycle"])
    }

    @Test func rejectsSecondProducer() throws {
        var e = GraphEditor(try makeChain())
        let a = try #require(e.graph.value(named: "a"))
        #expect(throws: IRError.self) {
            try e.addNode(Node(name: "dup", opType: "Relu"), inputs: [], outputs: [a])
        }
    }

    @Test func outerScopeNameMustResolve() throws {
        var body = GraphEditor(Graph(name: "body"))
        let v = body.value(named: "nowhere")
        body.markOuterScope(v)
        try body.addNode(Node(name: "neg", opType: "Neg"), inputs: [v], outputNames: ["t"])
        var e = GraphEditor(Graph())
        let c = e.addValue(name: "c")
        e.appendInput(ValueInfo(value: c, type: nil))
        try e.addNode(Node(name: "if", opType: "If", attributes: [Attribute(name: "then_branch", value: .graph(body.graph))]),
                      inputs: [c], outputNames: ["o"])
        let messages = Verifier.failures(e.graph).map(\.description)
        #expect(messages.contains("main/if:then_branch: 'nowhere' is read from an outer scope that does not define it"))
    }

    /// A graph where `x` is read by two nodes (slots 0 and 1 of `add`, slot 0 of `neg`), for corrupting by hand.
    private func sharedInput() throws -> (Graph, ValueID) {
        var e = GraphEditor(Graph())
        let x = e.addValue(name: "x")
        e.appendInput(ValueInfo(value: x, type: nil))
        try e.addNode(Node(name: "add", opType: "Add"), inputs: [x, x], outputNames: ["s"])
        try e.addNode(Node(name: "neg", opType: "Neg"), inputs: [x], outputNames: ["t"])
        try Verifier.verify(e.graph)
        return (e.graph, x)
    }

    @Test func useListCorruptionsAreReported() throws {
        let (good, x) = try sharedInput()
        #expect(good[x].uses.count == 3)
        let message = "use-list of 'x' does not match the nodes that read it"
        let corruptions: [(String, (inout Graph) -> Void)] = [
            ("missing entry", { $0.values[x.index].uses.removeLast() }),
            ("duplicate entry", { g in g.values[x.index].uses[1] = g.values[x.index].uses[0] }),
            ("unsorted", { $0.values[x.index].uses.reverse() }),
            ("wrong slot", { $0.values[x.index].uses[0].input = 5 }),
            ("removed reader", { g in g.nodes[1].isRemoved = true; g.liveNodeCount -= 1 }),
        ]
        for (label, corrupt) in corruptions {
            var g = good
            corrupt(&g)
            #expect(Verifier.failures(g).contains { $0.message == message }, "\(label)")
        }
    }

    @Test func nameIndexAndInitializerListCorruptionsAreReported() throws {
        var (g, _) = try sharedInput()
        g.nameIndex["x"] = nil
        #expect(Verifier.failures(g).contains { $0.message == "value 'x' is missing from the name index" })
        var e = GraphEditor(try sharedInput().0)
        let w = e.addInitializer(Tensor(name: "w", dataType: .float, dims: [1], payload: .field(.rawData, .memory([0, 0, 0, 0]))))
        var h = e.graph
        h.initializerOrder.removeAll { $0 == w }
        #expect(Verifier.failures(h).contains { $0.message == "initializer 'w' is not listed" })
    }

    @Test func deepChainHasNoRecursionProblem() throws {
        var e = GraphEditor(Graph())
        var v = e.addValue(name: "x")
        e.appendInput(ValueInfo(value: v, type: nil))
        for i in 0..<10_000 {
            let n = try e.addNode(Node(name: "n\(i)", opType: "Relu"), inputs: [v], outputNames: ["v\(i)"])
            v = e.graph[n].outputs[0]!
        }
        e.appendOutput(ValueInfo(value: v, type: nil))
        try Verifier.verify(e.graph)
        #expect(e.graph.topologicalOrder()?.count == 10_000)
    }
}
