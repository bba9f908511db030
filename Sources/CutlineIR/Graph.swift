/// A computation graph: nodes and values addressed by typed IDs. Removed nodes and values stay as tombstones so
/// IDs are stable; iterate `liveNodeIDs`. All mutation goes through `GraphEditor`.
public struct Graph: Hashable, Sendable {
    public var name: String
    public var docString: String
    public internal(set) var nodes: [Node]
    public internal(set) var values: [Value]
    public internal(set) var inputInfos: [ValueInfo]
    public internal(set) var outputInfos: [ValueInfo]
    public internal(set) var valueInfos: [ValueInfo]
    /// Dense initializers in file order.
    public internal(set) var initializerOrder: [ValueID]
    /// Sparse initializers in file order.
    public internal(set) var sparseInitializerOrder: [ValueID]
    /// Unmodelled fields (quantization_annotation, metadata_props, unknown), written back verbatim.
    public var extraFields: WireBytes
    public internal(set) var nameIndex: [String: ValueID]
    public internal(set) var liveNodeCount: Int

    public init(name: String = "", docString: String = "") {
        self.name = name
        self.docString = docString
        self.nodes = []
        self.values = []
        self.inputInfos = []
        self.outputInfos = []
        self.valueInfos = []
        self.initializerOrder = []
        self.sparseInitializerOrder = []
        self.extraFields = .empty
        self.nameIndex = [:]
        self.liveNodeCount = 0
    }

    public subscript(id: NodeID) -> Node { nodes[id.index] }
    public subscript(id: ValueID) -> Value { values[id.index] }

    public var inputs: [ValueID] { inputInfos.map(\.value) }
    public var outputs: [ValueID] { outputInfos.map(\.value) }

    /// Live nodes in storage order (the file order for a loaded graph, new nodes last).
    public var liveNodeIDs: [NodeID] {
        var out: [NodeID] = []
        out.reserveCapacity(liveNodeCount)
        for i in nodes.indices where !nodes[i].isRemoved { out.append(NodeID(i)) }
        return out
    }
    public var liveValueIDs: [ValueID] { values.indices.filter { !values[$0].isRemoved }.map { ValueID($0) } }

    public func value(named name: String) -> ValueID? { nameIndex[name] }

    /// Whether `id` is a constant initializer as ORT defines it: an initializer that is not also a graph input
    /// (for IR version ≥ 4). Outer-scope lookups are the caller's business (see `ScopeChain`).
    public func isConstantInitializer(_ id: ValueID, irVersion: Int64) -> Bool {
        let v = values[id.index]
        guard v.initializer != nil else { return false }
        return irVersion < 4 || !v.isGraphInput
    }

    /// The producers of a node's explicit inputs, one per input slot that has a producer (duplicates kept).
    public func producers(of id: NodeID) -> [NodeID] {
        nodes[id.index].inputs.compactMap { $0.flatMap { values[$0.index].producer } }
    }

    /// Values of this graph read by `id`'s subgraphs from the enclosing scope.
    public func implicitInputs(of id: NodeID) -> [ValueID] {
        guard nodes[id.index].hasSubgraphs else { return [] }
        var seen = Set<ValueID>()
        var out: [ValueID] = []
        for (_, _, g) in nodes[id.index].subgraphs {
            for v in g.values where v.isOuterScope && !v.isRemoved {
                if let local = nameIndex[v.name], seen.insert(local).inserted { out.append(local) }
            }
        }
        return out
    }

    /// Producer nodes feeding `id` through explicit and implicit inputs, one entry per edge.
    public func inputEdges(of id: NodeID) -> [NodeID] {
        var out = producers(of: id)
        for v in implicitInputs(of: id) { if let p = values[v.index].producer { out.append(p) } }
        return out
    }

    /// Consumers of `id`'s outputs, one entry per edge (explicit and implicit), in output order.
    public func outputEdges(of id: NodeID) -> [NodeID] {
        var out: [NodeID] = []
        for o in nodes[id.index].outputs {
            guard let o else { continue }
            let v = values[o.index]
            for u in v.uses { out.append(u.node) }
            out.append(contentsOf: v.implicitUses)
        }
        return out
    }

    /// Live nodes in a topological order that keeps storage order wherever dependencies allow (Kahn with the
    /// smallest ready ID first). Returns nil when the graph has a cycle.
    public func topologicalOrder() -> [NodeID]? {
        var indegree = [Int32](repeating: 0, count: nodes.count)
        var consumers = [[Int32]](repeating: [], count: nodes.count)
        for i in nodes.indices where !nodes[i].isRemoved {
            for p in inputEdges(of: NodeID(i)) where !nodes[p.index].isRemoved {
                indegree[i] += 1
                consumers[p.index].append(Int32(i))
            }
        }
        var heap = MinHeap()
        for i in nodes.indices where !nodes[i].isRemoved && indegree[i] == 0 { heap.push(Int32(i)) }
        var order: [NodeID] = []
        order.reserveCapacity(liveNodeCount)
        while let n = heap.pop() {
            order.append(NodeID(Int(n)))
            for c in consumers[Int(n)] {
                indegree[Int(c)] -= 1
                if indegree[Int(c)] == 0 { heap.push(c) }
            }
        }
        return order.count == liveNodeCount ? order : nil
    }

    /// Number of live nodes in this graph's subgraphs, recursively.
    public var subgraphNodeCount: Int {
        var n = 0
        for id in liveNodeIDs {
            for (_, _, g) in nodes[id.index].subgraphs { n += g.liveNodeCount + g.subgraphNodeCount }
        }
        return n
    }

    /// The name a user sees for a node: its name, or `opType#index` when unnamed.
    public func displayName(of id: NodeID) -> String {
        let n = nodes[id.index]
        return n.name.isEmpty ? "\(n.opType)#\(id.index)" : n.name
    }
}

/// A binary min-heap of node indices.
struct MinHeap {
    private var items: [Int32] = []
    var isEmpty: Bool { items.isEmpty }
    mutating func push(_ x: Int32) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if items[p] <= items[i] { break }
            items.swapAt(p, i)
            i = p
        }
    }
    mutating func pop() -> Int32? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < items.count && items[l] < items[m] { m = l }
                if r < items.count && items[r] < items[m] { m = r }
                if m == i { break }
                items.swapAt(m, i)
                i = m
            }
        }
        return first
    }
}
