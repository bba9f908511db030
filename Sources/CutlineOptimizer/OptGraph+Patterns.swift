import CutlineIR

/// Pattern-matching helpers of ORT's `graph_utils` / `optimizer_utils` that the fusion transformers use. ORT keeps a
/// node's edges in a set ordered by the other node's index, so "first" below means the lowest node ID.
extension OptGraph {
    /// Consumers over edges (explicit and implicit), ordered as ORT iterates them.
    func sortedOutputNodes(_ id: NodeID) -> [NodeID] { outputNodes(id).sorted() }

    /// Producers over edges (explicit and implicit), ordered as ORT iterates them.
    func sortedInputNodes(_ id: NodeID) -> [NodeID] { graph.inputEdges(of: id).sorted() }

    /// ORT's graph_utils::FirstChildByType.
    func firstChild(_ id: NodeID, ofType op: String) -> NodeID? {
        sortedOutputNodes(id).first { graph[$0].opType == op }
    }

    /// ORT's graph_utils::FirstParentByType.
    func firstParent(_ id: NodeID, ofType op: String) -> NodeID? {
        sortedInputNodes(id).first { graph[$0].opType == op }
    }

    /// ORT's optimizer_utils::CheckOutputEdges: no graph output, exactly `count` edges, none of them into a
    /// subgraph (implicit input).
    func checkOutputEdges(_ id: NodeID, _ count: Int) -> Bool {
        guard !producesGraphOutput(id), outputEdgeCount(id) == count else { return false }
        return graph[id].outputs.allSatisfy { $0.map { graph[$0].implicitUses.isEmpty } ?? true }
    }

    /// Whether every input (or the first `firstN`) has a known tensor type among `types`.
    func inputTypes(_ id: NodeID, in types: Set<DataType>, firstN: Int? = nil) -> Bool {
        let inputs = graph[id].inputs
        return inputs.prefix(firstN ?? inputs.count).allSatisfy { v in
            guard let v, let t = elementType(v) else { return false }
            return types.contains(t)
        }
    }

    /// ORT's optimizer_utils::IsInitializerWithExpectedValue for a float expectation: a constant scalar or
    /// one-element 1-D float/double/float16 initializer within atol 1e-8 + rtol 1e-5.
    func isScalarConstant(_ v: ValueID?, approximately expected: Float) -> Bool {
        guard let t = constantInitializer(v), t.dims.isEmpty || t.dims == [1],
              [DataType.float, .double, .float16].contains(t.dataType), let x = tensorValue(t)?.reals.first,
              x.isFinite else { return false }
        let want = t.dataType == .float16 ? Double(TensorValue.halfRound(expected)) : Double(expected)
        let tolerance = 1e-8 + 1e-5 * abs(Double(expected))
        if t.dataType == .float { return abs(Float(x) - expected) <= Float(tolerance) }
        return abs(x - want) <= tolerance
    }

    /// Index of `value` among the node's inputs (ORT compares names).
    func inputIndex(_ id: NodeID, of value: ValueID?) -> Int? {
        guard let value else { return nil }
        return graph[id].inputs.firstIndex { $0 == value }
    }

    /// ORT's FinalizeNodeFusion for a chain: `replacement` takes over the outputs of the last node of `nodes`,
    /// and every node of `nodes` is removed (with its now-unused values).
    mutating func replace(_ nodes: [NodeID], with node: Node, inputs: [ValueID?]) -> NodeID? {
        guard let last = nodes.last else { return nil }
        let outputs = graph[last].outputs
        for n in nodes { removeNode(n, removeOutputs: false) }
        guard let id = try? addNode(node, inputs: inputs, outputs: outputs) else { return nil }
        for n in nodes {
            for o in graph[n].outputs { dropIfUnused(o) }
            for i in graph[n].inputs { dropIfUnused(i) }
        }
        return id
    }
}
