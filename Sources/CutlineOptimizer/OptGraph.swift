import CutlineIR

/// One graph (main graph or a subgraph) being optimized, with the graph-utility semantics ORT's passes rely on:
/// edges exist only between nodes, a node "produces a graph output" when any of its outputs is one, and
/// "constant initializer" means an initializer that is not also a graph input (looked up through enclosing scopes).
struct OptGraph {
    var editor: OptEditor
    let irVersion: Int64
    /// Opset imports by domain ("" for ai.onnx).
    let opsets: [String: Int64]
    let storage: ModelStorage?
    let options: OptimizerOptions
    /// Enclosing graphs, outermost first (empty for the main graph).
    let outer: [Graph]
    private(set) var removedNames: [String] = []
    private(set) var addedNames: [String] = []

    init(editor: GraphEditor, irVersion: Int64, opsets: [String: Int64], storage: ModelStorage?,
         options: OptimizerOptions, outer: [Graph] = []) {
        self.editor = OptEditor(editor)
        self.irVersion = irVersion
        self.opsets = opsets
        self.storage = storage
        self.options = options
        self.outer = outer
    }

    /// Borrowed, not copied: a getter would retain every field of the graph on each `og.graph[id]`.
    var graph: Graph { _read { yield editor.graph } }
    var isSubgraph: Bool { !outer.isEmpty }
    var onnxOpset: Int64 { opsets[""] ?? 0 }

    // MARK: change log

    mutating func takeLog() -> (removed: [String], added: [String]) {
        defer { removedNames = []; addedNames = [] }
        return (removedNames, addedNames)
    }

    mutating func noteRemoved(_ names: [String]) { removedNames.append(contentsOf: names) }
    mutating func noteAdded(_ names: [String]) { addedNames.append(contentsOf: names) }

    // MARK: schemas

    /// The since_version of the schema a node resolves to, for ai.onnx nodes.
    func sinceVersion(_ node: Node) -> Int64? {
        guard node.isDefaultDomain, let versions = OpSinceVersions.table[node.opType] else { return nil }
        return versions.last { $0 <= onnxOpset }
    }

    /// ORT's IsSupportedOptypeVersionAndDomain for ai.onnx: op type, resolved since_version in `versions`, and a
    /// schema that is not deprecated.
    func isOp(_ node: Node, _ opType: String, _ versions: [Int64]) -> Bool {
        guard node.opType == opType, node.isDefaultDomain, let v = sinceVersion(node) else { return false }
        if let dep = OpSinceVersions.deprecated[opType], v >= dep { return false }
        return versions.contains(v)
    }

    func isOp(_ id: NodeID, _ opType: String, _ versions: [Int64]) -> Bool {
        // Fields read in place (the node is not copied): this runs for every node of most passes.
        guard graph.nodes[id.index].opType == opType else { return false }
        let domain = graph.nodes[id.index].domain
        guard domain.isEmpty || domain == "ai.onnx", let v = OpSinceVersions.table[opType]?.last(where: { $0 <= onnxOpset })
        else { return false }
        if let dep = OpSinceVersions.deprecated[opType], v >= dep { return false }
        return versions.contains(v)
    }

    // MARK: values

    /// The tensor of a constant initializer, looking through enclosing scopes for outer-scope names.
    func constantInitializer(_ id: ValueID?, checkOuterScope: Bool = true) -> Tensor? {
        guard let id else { return nil }
        if graph[id].isOuterScope {
            guard checkOuterScope else { return nil }
            for g in outer.reversed() {
                guard let oid = g.value(named: graph[id].name) else { continue }
                let ov = g[oid]
                if ov.isOuterScope { continue }
                guard let t = ov.initializer, irVersion < 4 || !ov.isGraphInput else { return nil }
                return t
            }
            return nil
        }
        guard let t = graph[id].initializer, irVersion < 4 || !graph[id].isGraphInput else { return nil }
        return t
    }

    func isConstantInitializer(_ id: ValueID?) -> Bool { constantInitializer(id) != nil }

    /// An initializer in this graph or an enclosing one (constant or not).
    func isInitializer(_ id: ValueID) -> Bool {
        if graph[id].initializer != nil { return true }
        guard graph[id].isOuterScope else { return false }
        for g in outer.reversed() {
            if let oid = g.value(named: graph[id].name), !g[oid].isOuterScope { return g[oid].initializer != nil }
        }
        return false
    }

    func tensorValue(_ t: Tensor) -> TensorValue? { try? TensorValue(tensor: t, storage: storage) }

    func type(_ id: ValueID?) -> ValueType? { id.flatMap { graph[$0].type } }
    func shape(_ id: ValueID?) -> Shape? { type(id)?.shape }
    func elementType(_ id: ValueID?) -> DataType? { type(id)?.elementType }

    // MARK: edges (node-to-node only, as ORT counts them)

    func inputEdgeCount(_ id: NodeID) -> Int { graph.inputEdges(of: id).count }
    func outputEdgeCount(_ id: NodeID) -> Int {
        // `outputEdges(of:).count` without building the list.
        var count = 0
        for o in graph.nodes[id.index].outputs {
            if let o { count += graph.values[o.index].uses.count + graph.values[o.index].implicitUses.count }
        }
        return count
    }

    /// The node producing input `slot`, if any.
    func inputNode(_ id: NodeID, _ slot: Int) -> NodeID? {
        guard slot < graph.nodes[id.index].inputs.count, let v = graph.nodes[id.index].inputs[slot] else { return nil }
        return graph.values[v.index].producer
    }

    /// Consumers over explicit edges, one per edge, in node order.
    func outputNodes(_ id: NodeID) -> [NodeID] { graph.outputEdges(of: id) }

    func producesGraphOutput(_ id: NodeID) -> Bool {
        for o in graph.nodes[id.index].outputs { if let o, graph.values[o.index].isGraphOutput { return true } }
        return false
    }

    func isOutputUsed(_ id: NodeID, _ index: Int) -> Bool {
        guard let o = graph[id].output(index) else { return false }
        return graph[o].hasUses
    }

    /// ORT's IsOnlyOneOutputUsed: edges leave from one output only, and at most one output is a graph output,
    /// the same one. Returns the used output slot (nil when nothing is used).
    func onlyUsedOutput(_ id: NodeID) -> (ok: Bool, slot: Int?) {
        var used: Int?
        for (k, o) in graph[id].outputs.enumerated() {
            guard let o, graph[o].hasUses else { continue }
            if used != nil { return (false, nil) }
            used = k
        }
        let graphOutputs = graph[id].outputs.enumerated().filter { $0.element.map { graph[$0].isGraphOutput } ?? false }
        if graphOutputs.count > 1 { return (false, nil) }
        if let g = graphOutputs.first {
            if let used { return (used == g.offset, used) }
            return (true, g.offset)
        }
        return (true, used)
    }

    /// The value that replaces a removed node's used output (ORT's CanRemoveNode choice of new name).
    private func removalReplacement(_ id: NodeID) -> ValueID? {
        let n = graph[id]
        let edged = n.inputs.compactMap { $0 }.filter { graph[$0].producer != nil }
        let implicitEdged = graph.implicitInputs(of: id).filter { graph[$0].producer != nil }
        if edged.count + implicitEdged.count == 1 { return edged.first ?? implicitEdged.first }
        if n.inputs.count == 1 { return n.inputs[0] }
        return nil
    }

    /// Whether subgraphs reading `old` implicitly can be switched to `newName` without clashing with a name they
    /// already define.
    func canRenameImplicitUses(of old: ValueID, to newName: String) -> Bool {
        for user in graph[old].implicitUses {
            for (_, _, g) in graph[user].subgraphs where g.value(named: newName) != nil { return false }
        }
        return true
    }

    /// ORT's graph_utils::CanRemoveNode.
    func canRemoveNode(_ id: NodeID) -> Bool {
        let used = onlyUsedOutput(id)
        guard used.ok, !producesGraphOutput(id), let r = removalReplacement(id) else { return false }
        if let slot = used.slot, let out = graph[id].output(slot) {
            return canRenameImplicitUses(of: out, to: graph[r].name)
        }
        return true
    }

    /// ORT's graph_utils::RemoveNode: the used output's consumers read the replacement input instead.
    @discardableResult
    mutating func removeNodeMergingEdges(_ id: NodeID) -> Bool {
        guard let r = removalReplacement(id) else { return false }
        if let slot = onlyUsedOutput(id).slot, let out = graph[id].output(slot) {
            editor.replaceAllUses(of: out, with: r, includingGraphOutputs: false)
        }
        removeNode(id)
        return true
    }

    /// Removes a node (its consumers must already read something else), logging it.
    mutating func removeNode(_ id: NodeID, removeOutputs: Bool = true) {
        guard !graph[id].isRemoved else { return }
        removedNames.append(graph.displayName(of: id))
        editor.removeNode(id, removeOutputs: removeOutputs)
    }

    /// Drops an initializer that nothing reads any more (what ORT's Resolve does to unused initializers).
    mutating func dropIfUnused(_ id: ValueID?) {
        guard let id, !graph[id].isRemoved, !graph[id].hasUses, !graph[id].isGraphOutput, !graph[id].isGraphInput,
              graph[id].producer == nil else { return }
        try? editor.removeValue(id)
    }

    @discardableResult
    mutating func addNode(_ node: Node, inputs: [ValueID?], outputs: [ValueID?]) throws -> NodeID {
        let id = try editor.addNode(node, inputs: inputs, outputs: outputs)
        addedNames.append(graph.displayName(of: id))
        return id
    }

    /// A node name not used by any node of this graph, from `base` (ORT's GenerateNodeName style).
    mutating func uniqueNodeName(_ base: String) -> String { editor.uniqueNodeName(base) }

    /// Adds an initializer value holding `value`, named from `base`.
    @discardableResult
    mutating func addInitializer(_ value: TensorValue, name base: String) -> ValueID {
        let name = editor.uniqueName(base)
        return editor.addInitializer(value.tensor(named: name))
    }

    /// Runs `body` on every subgraph of `node` (depth-first), merging their change logs. Returns whether any
    /// subgraph changed.
    mutating func recurse(_ node: NodeID, _ body: (inout OptGraph) throws -> Bool) rethrows -> Bool {
        guard hasSubgraphs(node) else { return false }
        let scope = outer + [graph]
        var changed = false
        var removed: [String] = []
        var added: [String] = []
        let ir = irVersion, ops = opsets, st = storage, opts = options
        try editor.modifySubgraphs(node) { sub in
            var og = OptGraph(editor: sub, irVersion: ir, opsets: ops, storage: st, options: opts, outer: scope)
            sub = GraphEditor()
            if try body(&og) { changed = true }
            removed.append(contentsOf: og.removedNames)
            added.append(contentsOf: og.addedNames)
            let edited = !og.editor.edits.isEmpty
            sub = og.editor.takeBase()
            return edited
        }
        removedNames.append(contentsOf: removed)
        addedNames.append(contentsOf: added)
        return changed
    }
}

extension Graph {
    /// The nodes of `order` that have subgraphs, read in one call (per-node reads through an `OptGraph` copy it).
    func withSubgraphs(_ order: [NodeID]) -> [NodeID] { order.filter { nodes[$0.index].hasSubgraphs } }
}
