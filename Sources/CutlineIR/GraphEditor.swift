/// The one door for mutating a graph. Keeps producers, use-lists, graph input/output flags and the name index
/// consistent. Build with `GraphEditor(graph)`, mutate, then take `graph`.
public struct GraphEditor: Sendable {
    public private(set) var graph: Graph
    private var nameCounter = 0
    /// Names of live nodes, built on first use by `uniqueNodeName` and kept current after that.
    private var nodeNames: Set<String>?

    public init(_ graph: Graph = Graph()) { self.graph = graph }

    /// An editor that starts from the live node names another editor of this same graph tracked
    /// (`trackedNodeNames`), so a pipeline of passes does not rebuild the set for each pass. Names are a function of
    /// the live node names alone, so the result is the same as with a fresh editor — provided the set holds exactly
    /// the live names (every reserved name went to a node, and no two live nodes share a name); callers check that.
    public init(_ graph: Graph, nodeNames: Set<String>?) {
        self.graph = graph
        self.nodeNames = nodeNames
    }

    /// The live node names this editor keeps current (nil until `uniqueNodeName` first needed them).
    public var trackedNodeNames: Set<String>? { nodeNames }

    /// Reserves room for `nodes` more nodes and `values` more values, so a loader building a large graph does not
    /// regrow (and copy) its arrays and name index again and again.
    public mutating func reserveCapacity(nodes: Int, values: Int) {
        graph.nodes.reserveCapacity(graph.nodes.count + nodes)
        graph.values.reserveCapacity(graph.values.count + values)
        graph.nameIndex.reserveCapacity(graph.nameIndex.count + values)
    }

    // MARK: values

    /// A name not used by any value of this graph, derived from `base`.
    public mutating func uniqueName(_ base: String) -> String {
        if !base.isEmpty && graph.nameIndex[base] == nil { return base }
        while true {
            nameCounter += 1
            let candidate = "\(base.isEmpty ? "cutline" : base)__\(nameCounter)"
            if graph.nameIndex[candidate] == nil { return candidate }
        }
    }

    /// Adds a value with a fresh name (made unique if taken).
    @discardableResult
    public mutating func addValue(name: String, type: ValueType? = nil) -> ValueID {
        let unique = uniqueName(name)
        let id = ValueID(graph.values.count)
        graph.values.append(Value(name: unique, type: type))
        graph.nameIndex[unique] = id
        return id
    }

    /// The value with `name`, created undefined if absent (a loader resolving forward references uses this).
    public mutating func value(named name: String) -> ValueID {
        if let id = graph.nameIndex[name] { return id }
        let id = ValueID(graph.values.count)
        graph.values.append(Value(name: name))
        graph.nameIndex[name] = id
        return id
    }

    /// Marks a value as defined by an enclosing graph.
    public mutating func markOuterScope(_ id: ValueID) {
        graph.values[id.index].isOuterScope = true
    }

    public mutating func setType(_ id: ValueID, _ type: ValueType?) {
        graph.values[id.index].type = type
    }

    /// Renames a value. Fails when the name is taken.
    public mutating func rename(_ id: ValueID, to name: String) throws {
        let old = graph.values[id.index].name
        if old == name { return }
        guard graph.nameIndex[name] == nil else { throw IRError.invalid("value name '\(name)' is already used") }
        graph.nameIndex[old] = nil
        graph.nameIndex[name] = id
        graph.values[id.index].name = name
    }

    /// Removes a value that nothing defines or uses any more.
    public mutating func removeValue(_ id: ValueID) throws {
        let v = graph.values[id.index]
        guard !v.isRemoved else { return }
        guard v.producer == nil, !v.hasUses, !v.isGraphInput, !v.isGraphOutput else {
            throw IRError.invalid("value '\(v.name)' is still defined or used")
        }
        if v.initializer != nil { removeInitializer(id) }
        if v.sparseInitializer != nil {
            graph.values[id.index].sparseInitializer = nil
            graph.sparseInitializerOrder.removeAll { $0 == id }
        }
        if !graph.valueInfos.isEmpty { graph.valueInfos.removeAll { $0.value == id } }
        graph.values[id.index].isRemoved = true
        graph.values[id.index].isOuterScope = false
        if graph.nameIndex[v.name] == id { graph.nameIndex[v.name] = nil }
    }

    // MARK: graph inputs, outputs, value_info

    public mutating func appendInput(_ info: ValueInfo) {
        graph.inputInfos.append(info)
        graph.values[info.value.index].isGraphInput = true
        if graph.values[info.value.index].type == nil { graph.values[info.value.index].type = info.type }
    }

    public mutating func appendOutput(_ info: ValueInfo) {
        graph.outputInfos.append(info)
        graph.values[info.value.index].isGraphOutput = true
        if graph.values[info.value.index].type == nil { graph.values[info.value.index].type = info.type }
    }

    public mutating func appendValueInfo(_ info: ValueInfo) {
        graph.valueInfos.append(info)
        if graph.values[info.value.index].type == nil { graph.values[info.value.index].type = info.type }
    }

    public mutating func setInputs(_ infos: [ValueInfo]) {
        for i in graph.inputInfos { graph.values[i.value.index].isGraphInput = false }
        graph.inputInfos = []
        for i in infos { appendInput(i) }
    }

    public mutating func setOutputs(_ infos: [ValueInfo]) {
        for o in graph.outputInfos { graph.values[o.value.index].isGraphOutput = false }
        graph.outputInfos = []
        for o in infos { appendOutput(o) }
    }

    /// Points graph output `index` at another value, keeping its declared info.
    public mutating func replaceOutput(at index: Int, with value: ValueID) {
        let old = graph.outputInfos[index].value
        graph.outputInfos[index].value = value
        graph.values[value.index].isGraphOutput = true
        graph.values[old.index].isGraphOutput = graph.outputInfos.contains { $0.value == old }
    }

    public mutating func setValueInfos(_ infos: [ValueInfo]) { graph.valueInfos = infos }

    // MARK: initializers

    /// Adds (or replaces) the initializer of `id`.
    public mutating func setInitializer(_ id: ValueID, _ tensor: Tensor) {
        if graph.values[id.index].initializer == nil { graph.initializerOrder.append(id) }
        var t = tensor
        t.name = graph.values[id.index].name
        graph.values[id.index].initializer = t
        if graph.values[id.index].type == nil { graph.values[id.index].type = .tensor(t.dataType, t.shape) }
    }

    /// Adds a new value holding `tensor` as initializer (name made unique if taken).
    @discardableResult
    public mutating func addInitializer(_ tensor: Tensor) -> ValueID {
        let id = addValue(name: tensor.name, type: .tensor(tensor.dataType, tensor.shape))
        setInitializer(id, tensor)
        return id
    }

    public mutating func setSparseInitializer(_ id: ValueID, _ tensor: SparseTensor) {
        if graph.values[id.index].sparseInitializer == nil { graph.sparseInitializerOrder.append(id) }
        graph.values[id.index].sparseInitializer = tensor
        if graph.values[id.index].type == nil {
            graph.values[id.index].type = .tensor(tensor.values.dataType, Shape(static: tensor.dims))
        }
    }

    public mutating func removeInitializer(_ id: ValueID) {
        guard graph.values[id.index].initializer != nil else { return }
        graph.values[id.index].initializer = nil
        // IDs in the list usually increase (file order, then values added later): try a binary search and check
        // the hit, falling back to a scan — removing thousands of folded constants must not be quadratic.
        let order = graph.initializerOrder
        var lo = 0, hi = order.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if order[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        if lo < order.count && order[lo] == id {
            graph.initializerOrder.remove(at: lo)
        } else {
            graph.initializerOrder.removeAll { $0 == id }
        }
    }

    // MARK: nodes

    /// A node name no live node uses, from `base` (`base`, then `base_token_0`, `base_token_1`, … as ORT names
    /// the nodes its optimizers create). Reserves the name.
    public mutating func uniqueNodeName(_ base: String) -> String {
        if nodeNames == nil { nodeNames = Set(graph.liveNodeIDs.map { graph[$0].name }) }
        var name = base
        var i = 0
        while nodeNames?.contains(name) == true {
            name = "\(base)_token_\(i)"
            i += 1
        }
        nodeNames?.insert(name)
        return name
    }

    /// Adds a node reading `inputs` and defining `outputs`. Output values must not have a producer yet.
    @discardableResult
    public mutating func addNode(_ node: Node, inputs: [ValueID?], outputs: [ValueID?]) throws -> NodeID {
        let id = NodeID(graph.nodes.count)
        for o in outputs {
            guard let o else { continue }
            if let p = graph.values[o.index].producer {
                throw IRError.invalid("value '\(graph.values[o.index].name)' already has producer \(graph.displayName(of: p))")
            }
        }
        var n = node
        n.inputs = inputs
        n.outputs = outputs
        n.isRemoved = false
        graph.nodes.append(n)
        graph.liveNodeCount += 1
        nodeNames?.insert(n.name)
        for (i, v) in inputs.enumerated() { if let v { addUse(v, Use(node: id, input: i)) } }
        for o in outputs { if let o { graph.values[o.index].producer = id } }
        registerImplicitUses(of: id)
        return id
    }

    /// Adds a node whose outputs are new values named after `outputNames` (nil = omitted output).
    @discardableResult
    public mutating func addNode(_ node: Node, inputs: [ValueID?], outputNames: [String?],
                                 outputTypes: [ValueType?] = []) throws -> NodeID {
        var outs: [ValueID?] = []
        for (i, name) in outputNames.enumerated() {
            guard let name else { outs.append(nil); continue }
            outs.append(addValue(name: name, type: i < outputTypes.count ? outputTypes[i] : nil))
        }
        return try addNode(node, inputs: inputs, outputs: outs)
    }

    /// Removes a node. Its outputs lose their producer; with `removeOutputs`, unused outputs are removed too.
    public mutating func removeNode(_ id: NodeID, removeOutputs: Bool = true) {
        guard !graph.nodes[id.index].isRemoved else { return }
        // Only the slot lists are taken, not the whole node (whose copy would retain every field).
        let inputs = graph.nodes[id.index].inputs
        let outputs = graph.nodes[id.index].outputs
        unregisterImplicitUses(of: id)
        for (i, v) in inputs.enumerated() { if let v { removeUse(v, Use(node: id, input: i)) } }
        for o in outputs {
            guard let o else { continue }
            graph.values[o.index].producer = nil
            if removeOutputs && !graph.values[o.index].hasUses && !graph.values[o.index].isGraphOutput
                && !graph.values[o.index].isInitializer && !graph.values[o.index].isGraphInput {
                try? removeValue(o)
            }
        }
        graph.nodes[id.index].isRemoved = true
        graph.liveNodeCount -= 1
        if nodeNames != nil { nodeNames?.remove(graph.nodes[id.index].name) }
    }

    /// Sets input slot `index` (appending omitted slots as needed).
    public mutating func setInput(_ node: NodeID, _ index: Int, _ value: ValueID?) {
        while graph.nodes[node.index].inputs.count <= index { graph.nodes[node.index].inputs.append(nil) }
        if let old = graph.nodes[node.index].inputs[index] { removeUse(old, Use(node: node, input: index)) }
        graph.nodes[node.index].inputs[index] = value
        if let value { addUse(value, Use(node: node, input: index)) }
    }

    /// Replaces the whole input list of a node.
    public mutating func setInputs(_ node: NodeID, _ values: [ValueID?]) {
        for (i, v) in graph.nodes[node.index].inputs.enumerated() { if let v { removeUse(v, Use(node: node, input: i)) } }
        graph.nodes[node.index].inputs = values
        for (i, v) in values.enumerated() { if let v { addUse(v, Use(node: node, input: i)) } }
    }

    /// Moves output slot `index` of `node` to another value (which must have no producer).
    public mutating func setOutput(_ node: NodeID, _ index: Int, _ value: ValueID?) throws {
        if let value, let p = graph.values[value.index].producer, p != node {
            throw IRError.invalid("value '\(graph.values[value.index].name)' already has a producer")
        }
        while graph.nodes[node.index].outputs.count <= index { graph.nodes[node.index].outputs.append(nil) }
        if let old = graph.nodes[node.index].outputs[index] { graph.values[old.index].producer = nil }
        graph.nodes[node.index].outputs[index] = value
        if let value { graph.values[value.index].producer = node }
    }

    /// Makes every explicit use of `old` read `new`; graph outputs follow when `includingGraphOutputs`.
    /// Implicit (subgraph) uses are renamed inside the subgraphs so they read `new` by name.
    public mutating func replaceAllUses(of old: ValueID, with new: ValueID, includingGraphOutputs: Bool = true) {
        guard old != new else { return }
        for u in graph.values[old.index].uses { setInput(u.node, u.input, new) }
        if includingGraphOutputs {
            for i in graph.outputInfos.indices where graph.outputInfos[i].value == old { replaceOutput(at: i, with: new) }
        }
        let implicit = graph.values[old.index].implicitUses
        if !implicit.isEmpty {
            let oldName = graph.values[old.index].name
            let newName = graph.values[new.index].name
            for n in implicit {
                modifySubgraphs(n) { sub in sub.renameOuterReference(from: oldName, to: newName) }
            }
        }
    }

    public mutating func setAttribute(_ node: NodeID, _ attribute: Attribute) {
        let hadGraphs = graph.nodes[node.index].hasSubgraphs
        if hadGraphs { unregisterImplicitUses(of: node) }
        if let i = graph.nodes[node.index].attributes.firstIndex(where: { $0.name == attribute.name }) {
            graph.nodes[node.index].attributes[i] = attribute
        } else {
            graph.nodes[node.index].attributes.append(attribute)
        }
        registerImplicitUses(of: node)
    }

    public mutating func removeAttribute(_ node: NodeID, _ name: String) {
        unregisterImplicitUses(of: node)
        graph.nodes[node.index].attributes.removeAll { $0.name == name }
        registerImplicitUses(of: node)
    }

    /// Edits every subgraph of `node` in place, then refreshes the implicit uses.
    public mutating func modifySubgraphs(_ node: NodeID, _ body: (inout GraphEditor) throws -> Void) rethrows {
        unregisterImplicitUses(of: node)
        var attrs = graph.nodes[node.index].attributes
        for i in attrs.indices {
            switch attrs[i].value {
            case .graph(let g):
                var e = GraphEditor(g)
                try body(&e)
                attrs[i].value = .graph(e.graph)
            case .graphs(let gs):
                var out: [Graph] = []
                for g in gs {
                    var e = GraphEditor(g)
                    try body(&e)
                    out.append(e.graph)
                }
                attrs[i].value = .graphs(out)
            default: break
            }
        }
        graph.nodes[node.index].attributes = attrs
        registerImplicitUses(of: node)
    }

    /// Within a subgraph: makes an outer-scope reference `from` read the outer value `to` instead.
    public mutating func renameOuterReference(from: String, to: String) {
        guard let id = graph.nameIndex[from], graph.values[id.index].isOuterScope else { return }
        if let existing = graph.nameIndex[to] {
            replaceAllUses(of: id, with: existing, includingGraphOutputs: true)
            graph.values[id.index].isOuterScope = false
            try? removeValue(id)
        } else {
            try? rename(id, to: to)
        }
        for n in graph.liveNodeIDs where graph.nodes[n.index].hasSubgraphs {
            modifySubgraphs(n) { $0.renameOuterReference(from: from, to: to) }
        }
    }

    public mutating func setNodeName(_ node: NodeID, _ name: String) {
        nodeNames?.remove(graph.nodes[node.index].name)
        graph.nodes[node.index].name = name
        nodeNames?.insert(name)
    }
    public mutating func setOpType(_ node: NodeID, _ opType: String, domain: String? = nil) {
        graph.nodes[node.index].opType = opType
        if let domain { graph.nodes[node.index].domain = domain }
    }

    // MARK: use bookkeeping

    private mutating func addUse(_ v: ValueID, _ use: Use) {
        // In place (no copy of the list), and appending when uses arrive in order, as they do while a graph is
        // built: a weight shared by thousands of nodes must not make building quadratic.
        if let last = graph.values[v.index].uses.last, last > use {
            let pos = graph.values[v.index].uses.firstIndex { $0 > use } ?? graph.values[v.index].uses.count
            graph.values[v.index].uses.insert(use, at: pos)
        } else {
            graph.values[v.index].uses.append(use)
        }
    }

    private mutating func removeUse(_ v: ValueID, _ use: Use) {
        // Use-lists are kept sorted (addUse): binary search, so a shape constant shared by thousands of nodes does
        // not make removing its readers quadratic.
        var lo = 0, hi = graph.values[v.index].uses.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if graph.values[v.index].uses[mid] < use { lo = mid + 1 } else { hi = mid }
        }
        if lo < graph.values[v.index].uses.count && graph.values[v.index].uses[lo] == use {
            graph.values[v.index].uses.remove(at: lo)
        } else if let i = graph.values[v.index].uses.firstIndex(of: use) {
            graph.values[v.index].uses.remove(at: i)
        }
    }

    /// Links the outer-scope names read by `node`'s subgraphs to this graph's values (creating undefined values
    /// for names not seen yet, which a loader defines later or the verifier reports).
    private mutating func registerImplicitUses(of node: NodeID) {
        guard graph.nodes[node.index].hasSubgraphs else { return }
        var names: [String] = []
        var seen = Set<String>()
        for (_, _, g) in graph.nodes[node.index].subgraphs {
            for v in g.values where v.isOuterScope && !v.isRemoved && seen.insert(v.name).inserted { names.append(v.name) }
        }
        for name in names {
            let id = value(named: name)
            if !graph.values[id.index].implicitUses.contains(node) { graph.values[id.index].implicitUses.append(node) }
            graph.values[id.index].implicitUses.sort()
        }
    }

    private mutating func unregisterImplicitUses(of node: NodeID) {
        guard graph.nodes[node.index].hasSubgraphs else { return }
        for (_, _, g) in graph.nodes[node.index].subgraphs {
            for v in g.values where v.isOuterScope {
                if let id = graph.nameIndex[v.name] { graph.values[id.index].implicitUses.removeAll { $0 == node } }
            }
        }
    }
}
