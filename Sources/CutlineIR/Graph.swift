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

    // Borrowing accessors: `graph[id].opType` reads one field in place instead of copying (and retaining every
    // field of) the whole node or value, which dominated large-graph profiles.
    // Inlinable because other modules cannot inline a coroutine otherwise: each call would allocate a frame and copy
    // the whole struct into it.
    @inlinable public subscript(id: NodeID) -> Node { _read { yield nodes[id.index] } }
    @inlinable public subscript(id: ValueID) -> Value { _read { yield values[id.index] } }

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
    @inlinable public func isConstantInitializer(_ id: ValueID, irVersion: Int64) -> Bool {
        guard values[id.index].hasDenseInitializer else { return false }
        return irVersion < 4 || !values[id.index].isGraphInput
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
            for u in values[o.index].uses { out.append(u.node) }
            out.append(contentsOf: values[o.index].implicitUses)
        }
        return out
    }

    /// Live nodes in a topological order that keeps storage order wherever dependencies allow (Kahn with the
    /// smallest ready ID first). Returns nil when the graph has a cycle.
    public func topologicalOrder() -> [NodeID]? {
        // Consumers in compressed form (one flat array plus offsets): one allocation instead of one per node.
        let count = nodes.count
        var indegree = [Int32](repeating: 0, count: count)
        var outDegree = [Int32](repeating: 0, count: count + 1)
        var edges: [(from: Int32, to: Int32)] = []
        edges.reserveCapacity(count * 2)
        for i in 0..<count where !nodes[i].isRemoved {
            func edge(from p: Int) {
                guard !nodes[p].isRemoved else { return }
                indegree[i] += 1
                outDegree[p] += 1
                edges.append((Int32(p), Int32(i)))
            }
            for input in nodes[i].inputs {
                if let input, let p = values[input.index].producer { edge(from: p.index) }
            }
            if nodes[i].hasSubgraphs {
                for v in implicitInputs(of: NodeID(i)) { if let p = values[v.index].producer { edge(from: p.index) } }
            }
        }
        var start = [Int32](repeating: 0, count: count + 1)
        for i in 0..<count { start[i + 1] = start[i] + outDegree[i] }
        var fill = start
        var consumers = [Int32](repeating: 0, count: edges.count)
        for e in edges {
            consumers[Int(fill[Int(e.from)])] = e.to
            fill[Int(e.from)] += 1
        }
        var heap = MinHeap()
        for i in 0..<count where !nodes[i].isRemoved && indegree[i] == 0 { heap.push(Int32(i)) }
        var order: [NodeID] = []
        order.reserveCapacity(liveNodeCount)
        while let n = heap.pop() {
            order.append(NodeID(Int(n)))
            for k in Int(start[Int(n)])..<Int(start[Int(n) + 1]) {
                let c = Int(consumers[k])
                indegree[c] -= 1
                if indegree[c] == 0 { heap.push(Int32(c)) }
            }
        }
        return order.count == liveNodeCount ? order : nil
    }

    /// The order ONNX Runtime's `GraphViewer::GetNodesInTopologicalOrder` gives (`Graph::ReverseDFSFrom` over the
    /// nodes no other node consumes, with a stack: the last such node first, and at each node its producers pushed
    /// in ascending index, so the highest-index producer is visited first; a node is listed when it is left). ORT's
    /// transformers that keep the first of equal nodes (CSE) keep the first in this order, `Graph::ToGraphProto` writes
    /// a saved model's nodes in it (what ORT's checker reads), and it is not the
    /// index-ordered Kahn order of `topologicalOrder()`. Node indices are ORT's NodeIndex for nodes read from the
    /// file (Constant nodes included); nil on a cycle.
    public func ortViewerOrder() -> [NodeID]? {
        let count = nodes.count
        // Producers of each node, sorted, in one flat array with offsets (one allocation, not one per node).
        var start = [Int32](repeating: 0, count: count + 1)
        var flat: [Int32] = []
        flat.reserveCapacity(count * 2)
        var consumed = [Bool](repeating: false, count: count)
        for i in 0..<count {
            let from = flat.count
            if !nodes[i].isRemoved {
                for input in nodes[i].inputs {
                    if let input, let p = values[input.index].producer, !nodes[p.index].isRemoved { flat.append(Int32(p.index)) }
                }
                if nodes[i].hasSubgraphs {
                    for v in implicitInputs(of: NodeID(i)) {
                        if let p = values[v.index].producer, !nodes[p.index].isRemoved { flat.append(Int32(p.index)) }
                    }
                }
                if flat.count - from > 1 { flat[from...].sort() }
                for k in from..<flat.count { consumed[Int(flat[k])] = true }
            }
            start[i + 1] = Int32(flat.count)
        }
        var stack: [(Int32, Bool)] = []
        for i in 0..<count where !nodes[i].isRemoved && !consumed[i] { stack.append((Int32(i), false)) }
        var visited = [Bool](repeating: false, count: count)
        var order: [NodeID] = []
        order.reserveCapacity(liveNodeCount)
        while let (n, leaving) = stack.popLast() {
            if leaving { order.append(NodeID(Int(n))); continue }
            if visited[Int(n)] { continue }
            visited[Int(n)] = true
            stack.append((n, true))
            for k in Int(start[Int(n)])..<Int(start[Int(n) + 1]) where !visited[Int(flat[k])] { stack.append((flat[k], false)) }
        }
        return order.count == liveNodeCount ? order : nil
    }

    /// Number of live nodes in this graph's subgraphs, recursively.
    public var subgraphNodeCount: Int {
        var n = 0
        for i in nodes.indices where !nodes[i].isRemoved && nodes[i].hasSubgraphs {
            for (_, _, g) in nodes[i].subgraphs { n += g.liveNodeCount + g.subgraphNodeCount }
        }
        return n
    }

    /// The name a user sees for a node: its name, or `opType#index` when unnamed.
    public func displayName(of id: NodeID) -> String {
        let name = nodes[id.index].name
        return name.isEmpty ? "\(nodes[id.index].opType)#\(id.index)" : name
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
