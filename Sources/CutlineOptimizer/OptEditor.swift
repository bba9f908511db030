import CutlineIR

/// The `GraphEditor` the passes edit through, noting which nodes and values each edit touches. Re-inference after
/// a pass starts from these notes instead of comparing the graph with a kept copy: a kept copy shares storage with
/// the graph being edited, so the first edit of every pass would copy the whole node and value arrays.
struct OptEditor {
    private(set) var base: GraphEditor
    private(set) var edits = EditLog()
    /// The graph's topological order while no edit changed its edges (most passes change nothing, and every pass
    /// starts by ordering the graph).
    private(set) var knownOrder: [NodeID]?

    init(_ base: GraphEditor, order: [NodeID]? = nil) {
        self.base = base
        self.knownOrder = order
    }

    /// `Graph.topologicalOrder()`, remembered until an edit changes an edge.
    mutating func topologicalOrder() -> [NodeID]? {
        if let knownOrder { return knownOrder }
        knownOrder = base.graph.topologicalOrder()
        return knownOrder
    }

    var graph: Graph { _read { yield base.graph } }

    /// The notes so far, cleared.
    mutating func takeEdits() -> EditLog {
        defer { edits = EditLog() }
        return edits
    }

    /// Takes the editor out, leaving an empty one, so the caller holds the only reference to the graph.
    mutating func takeBase() -> GraphEditor {
        defer { base = GraphEditor() }
        return base
    }

    mutating func uniqueName(_ name: String) -> String { base.uniqueName(name) }
    mutating func uniqueNodeName(_ name: String) -> String {
        let unique = base.uniqueNodeName(name)
        unusedNodeNames.insert(unique)
        return unique
    }

    /// Names `uniqueNodeName` reserved that no added node took yet.
    private var unusedNodeNames: Set<String> = []

    /// The editor's tracked node names when they are exactly the live nodes' names, which a fresh editor would
    /// build: every reserved name went to a node (so the set holds only live names) and there are as many names
    /// as live nodes (so no live name is missing, as after removing one of two nodes sharing a name).
    func exactNodeNames() -> Set<String>? {
        guard unusedNodeNames.isEmpty, let names = base.trackedNodeNames, names.count == base.graph.liveNodeCount
        else { return nil }
        return names
    }

    @discardableResult
    mutating func addValue(name: String, type: ValueType? = nil) -> ValueID {
        let id = base.addValue(name: name, type: type)
        edits.values.append(id)
        return id
    }

    mutating func value(named name: String) -> ValueID {
        let count = base.graph.values.count
        let id = base.value(named: name)
        if id.index >= count { edits.values.append(id) }
        return id
    }

    mutating func markOuterScope(_ id: ValueID) { base.markOuterScope(id) }

    mutating func setType(_ id: ValueID, _ type: ValueType?) {
        base.setType(id, type)
        edits.values.append(id)
    }

    mutating func removeValue(_ id: ValueID) throws { try base.removeValue(id) }

    mutating func setInitializer(_ id: ValueID, _ tensor: Tensor) {
        base.setInitializer(id, tensor)
        edits.values.append(id)
    }

    @discardableResult
    mutating func addInitializer(_ tensor: Tensor) -> ValueID {
        let id = base.addInitializer(tensor)
        edits.values.append(id)
        return id
    }

    mutating func setSparseInitializer(_ id: ValueID, _ tensor: SparseTensor) {
        base.setSparseInitializer(id, tensor)
        edits.values.append(id)
    }

    @discardableResult
    mutating func addNode(_ node: Node, inputs: [ValueID?], outputs: [ValueID?]) throws -> NodeID {
        let id = try base.addNode(node, inputs: inputs, outputs: outputs)
        if !unusedNodeNames.isEmpty { unusedNodeNames.remove(node.name) }
        knownOrder = nil
        edits.nodes.append(id)
        return id
    }

    mutating func removeNode(_ id: NodeID, removeOutputs: Bool = true) {
        base.removeNode(id, removeOutputs: removeOutputs)
        knownOrder = nil
        // Nothing to re-infer for a removed node; its former consumers are edited (and noted) separately.
        edits.count += 1
    }

    mutating func setInput(_ node: NodeID, _ index: Int, _ value: ValueID?) {
        base.setInput(node, index, value)
        knownOrder = nil
        edits.nodes.append(node)
    }

    mutating func setOutput(_ node: NodeID, _ index: Int, _ value: ValueID?) throws {
        try base.setOutput(node, index, value)
        knownOrder = nil
        edits.nodes.append(node)
    }

    mutating func replaceAllUses(of old: ValueID, with new: ValueID, includingGraphOutputs: Bool = true) {
        for u in base.graph[old].uses { edits.nodes.append(u.node) }
        edits.nodes.append(contentsOf: base.graph[old].implicitUses)
        // Declared output types follow graph outputs; `EditLog.dirtyNodes` compares those lists directly.
        base.replaceAllUses(of: old, with: new, includingGraphOutputs: includingGraphOutputs)
        knownOrder = nil
    }

    mutating func setAttribute(_ node: NodeID, _ attribute: Attribute) {
        base.setAttribute(node, attribute)
        knownOrder = nil
        edits.nodes.append(node)
    }

    mutating func removeAttribute(_ node: NodeID, _ name: String) {
        base.removeAttribute(node, name)
        knownOrder = nil
        edits.nodes.append(node)
    }

    /// Edits the subgraphs of `node`; the node counts as edited only when `body` reports an edit.
    mutating func modifySubgraphs(_ node: NodeID, _ body: (inout GraphEditor) throws -> Bool) rethrows {
        var edited = false
        // Set first: the order is stale even when `body` throws half-way.
        knownOrder = nil
        try base.modifySubgraphs(node) { sub in if try body(&sub) { edited = true } }
        if edited { edits.nodes.append(node) }
    }
}

/// Nodes and values edited since types were last inferred (with repeats; removed ones are skipped when read).
struct EditLog {
    var nodes: [NodeID] = []
    var values: [ValueID] = []
    /// Edits that leave nothing to re-infer (removals), so `isEmpty` still says whether anything changed.
    var count = 0

    var isEmpty: Bool { nodes.isEmpty && values.isEmpty && count == 0 }

    mutating func merge(_ other: EditLog) {
        nodes.append(contentsOf: other.nodes)
        values.append(contentsOf: other.values)
        count += other.count
    }

    /// The nodes whose inferred types may differ now: edited or new nodes, and the producers and readers of values
    /// whose type or initializer was set, of new values, and of values whose declared type changed since
    /// `declared` was taken.
    func dirtyNodes(in graph: Graph, declared: DeclaredInfos) -> [NodeID] {
        var out: [NodeID] = []
        out.reserveCapacity(nodes.count + values.count * 2)
        for n in nodes where n.index < graph.nodes.count && !graph[n].isRemoved { out.append(n) }
        func touch(_ v: ValueID) {
            guard v.index < graph.values.count, !graph[v].isRemoved else { return }
            if let p = graph[v].producer { out.append(p) }
            for u in graph[v].uses { out.append(u.node) }
            out.append(contentsOf: graph[v].implicitUses)
        }
        for v in values { touch(v) }
        // Declared types are what ORT-opaque nodes' outputs are reset to (ResolveInference).
        if declared.valueInfos != graph.valueInfos || declared.outputInfos != graph.outputInfos {
            var before: [ValueID: ValueType?] = [:]
            for info in declared.valueInfos + declared.outputInfos { before[info.value] = info.type }
            var now: [ValueID: ValueType?] = [:]
            for info in graph.valueInfos + graph.outputInfos { now[info.value] = info.type }
            for id in Set(before.keys).union(now.keys) where before[id] != now[id] { touch(id) }
        }
        return out
    }
}

/// The declared types of a graph (value_info and graph outputs) when its types were last inferred. The arrays
/// share storage with the graph's until an edit changes them, so keeping them costs nothing.
struct DeclaredInfos {
    let valueInfos: [ValueInfo]
    let outputInfos: [ValueInfo]

    init(_ graph: Graph) {
        valueInfos = graph.valueInfos
        outputInfos = graph.outputInfos
    }
}
