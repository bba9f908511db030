import CutlineIR

/// An unsupported op type, or one unsupported node, whose support would reduce the partition count.
public struct CutMaker: Hashable, Sendable {
    public enum Scope: String, Hashable, Sendable {
        /// Every unsupported node of `opType` made supported at once.
        case opType
        /// Only this node made supported.
        case node
    }
    public var scope: Scope
    public var opType: String
    /// The unsupported nodes that would become supported, in topological order.
    public var nodes: [NodeID]
    /// Partition count with those nodes supported (same filters).
    public var partitionsIfSupported: Int
    /// Current count minus `partitionsIfSupported` (positive = fewer partitions).
    public var partitionsSaved: Int
}

extension Partitioner {
    /// Ranks what-if scenarios: each unsupported op type (all its nodes supported at once), then each unsupported
    /// node that sits between supported work. Only scenarios that lower the count are returned, best first.
    /// `trivial` must hold the op's trivial flag for unsupported nodes too (from the table row when one exists).
    public static func cutMakers(_ graph: Graph, supported: [Bool], trivial: [Bool], filter: GroupFilter,
                                 isConstantInitializer: (ValueID) -> Bool, maxNodeScenarios: Int = 4096) -> [CutMaker] {
        cutMakers(graph, order: graph.topologicalOrder(), supported: supported, trivial: trivial, filter: filter,
                  isConstantInitializer: isConstantInitializer, maxNodeScenarios: maxNodeScenarios)
    }

    /// `cutMakers` along a topological order the caller already has (nil when the graph has a cycle).
    public static func cutMakers(_ graph: Graph, order: [NodeID]?, supported: [Bool], trivial: [Bool], filter: GroupFilter,
                                 isConstantInitializer: (ValueID) -> Bool, maxNodeScenarios: Int = 4096) -> [CutMaker] {
        guard let order else { return [] }
        let edges = ProducerLists(graph)
        var flags = padded(supported, graph)
        var counter = PartitionCounter(order: order, edges: edges, nodeCount: graph.nodes.count)
        let base = counter.count(graph, supported: flags, trivial: trivial, filter: filter,
                                 isConstantInitializer: isConstantInitializer)
        return cutMakers(graph, order: order, edges: edges, supported: &flags, base: base, trivial: trivial,
                         filter: filter, isConstantInitializer: isConstantInitializer, maxNodeScenarios: maxNodeScenarios)
    }

    /// `supported` covers every node index and is returned unchanged (scenarios flip entries and restore them).
    static func cutMakers(_ graph: Graph, order: [NodeID], edges: ProducerLists, supported: inout [Bool], base: Int,
                          trivial: [Bool], filter: GroupFilter, isConstantInitializer: (ValueID) -> Bool,
                          maxNodeScenarios: Int) -> [CutMaker] {
        var counter = PartitionCounter(order: order, edges: edges, nodeCount: graph.nodes.count)
        var byType: [String: [NodeID]] = [:]
        for n in order where !supported[n.index] { byType[graph.nodes[n.index].opType, default: []].append(n) }

        func count(with extra: [NodeID]) -> Int {
            for n in extra { supported[n.index] = true }
            let c = counter.count(graph, supported: supported, trivial: trivial, filter: filter,
                                  isConstantInitializer: isConstantInitializer)
            for n in extra { supported[n.index] = false }
            return c
        }

        var out: [CutMaker] = []
        for (op, nodes) in byType {
            let c = count(with: nodes)
            if c < base {
                out.append(CutMaker(scope: .opType, opType: op, nodes: nodes, partitionsIfSupported: c, partitionsSaved: base - c))
            }
        }
        // Alone, a node can only merge waves when it raises one itself: a supported producer feeds it.
        var candidates: [NodeID] = []
        for n in order where !supported[n.index] {
            if hasSupportedProducer(graph, n, supported) && hasConsumer(graph, n) { candidates.append(n) }
        }
        // Each scenario costs a pass over the graph: on very large graphs only the first candidates (in topological
        // order) are tried, so the ranking stays linear in practice. Op-type scenarios are always complete.
        let cap = min(maxNodeScenarios, max(32, 4_000_000 / max(1, order.count)))
        for n in candidates.prefix(cap) {
            let c = count(with: [n])
            if c < base {
                out.append(CutMaker(scope: .node, opType: graph.nodes[n.index].opType, nodes: [n], partitionsIfSupported: c,
                                    partitionsSaved: base - c))
            }
        }
        out.sort { a, b in
            if a.partitionsSaved != b.partitionsSaved { return a.partitionsSaved > b.partitionsSaved }
            if a.scope != b.scope { return a.scope == .opType }
            if a.opType != b.opType { return a.opType < b.opType }
            return (a.nodes.first ?? NodeID(0)) < (b.nodes.first ?? NodeID(0))
        }
        return out
    }

    /// Whether a producer of `n` (any input edge, as `Graph.inputEdges(of:)` lists them) is supported.
    static func hasSupportedProducer(_ graph: Graph, _ n: NodeID, _ supported: [Bool]) -> Bool {
        for case let v? in graph.nodes[n.index].inputs {
            if let p = graph.values[v.index].producer, supported[p.index] { return true }
        }
        if graph.nodes[n.index].hasSubgraphs {
            for v in graph.implicitInputs(of: n) {
                if let p = graph.values[v.index].producer, supported[p.index] { return true }
            }
        }
        return false
    }

    /// Whether `n` has an output edge (explicit or implicit), as `Graph.outputEdges(of:)` lists them.
    static func hasConsumer(_ graph: Graph, _ n: NodeID) -> Bool {
        for case let o? in graph.nodes[n.index].outputs where !graph.values[o.index].uses.isEmpty || !graph.values[o.index].implicitUses.isEmpty { return true }
        return false
    }
}

/// Counts partitions for many support sets on one graph: the closed wave-number form over a topological order and
/// producer lists computed once, then the same group filters as `Partitioner.partition`. Unless constant-input
/// groups are dropped (which needs each group's inputs), a group is summarised by its size, its first node and
/// whether it holds a non-trivial node, in arrays indexed by wave that are reused from one scenario to the next.
struct PartitionCounter {
    let order: [NodeID]
    let edges: ProducerLists
    var waves: [Int32]
    var size: [Int32]
    var first: [Int32]
    var nonTrivial: [Bool]

    init(order: [NodeID], edges: ProducerLists, nodeCount: Int) {
        self.order = order
        self.edges = edges
        waves = [Int32](repeating: 0, count: nodeCount)
        // A wave number never exceeds the number of nodes before it in the order.
        size = [Int32](repeating: 0, count: order.count + 1)
        first = [Int32](repeating: 0, count: order.count + 1)
        nonTrivial = [Bool](repeating: false, count: order.count + 1)
    }

    /// `supported` must cover every node index.
    mutating func count(_ graph: Graph, supported: [Bool], trivial: [Bool], filter: GroupFilter,
                        isConstantInitializer: (ValueID) -> Bool) -> Int {
        edges.waves(order: order, supported: supported, into: &waves)
        if filter.dropConstantInputsOnly {
            var groups: [Int32: [NodeID]] = [:]
            for n in order where supported[n.index] { groups[waves[n.index], default: []].append(n) }
            var kept = 0
            for (_, nodes) in groups where Partitioner.dropCause(graph, nodes, trivial: trivial, filter: filter,
                                                                  isConstantInitializer: isConstantInitializer) == nil {
                kept += 1
            }
            return kept
        }
        var maxWave = -1
        for n in order where supported[n.index] {
            let i = n.index
            let w = Int(waves[i])
            if w > maxWave { maxWave = w }
            if size[w] == 0 { first[w] = Int32(i) }
            size[w] += 1
            if !(i < trivial.count && trivial[i]) { nonTrivial[w] = true }
        }
        guard maxWave >= 0 else { return 0 }
        var kept = 0
        for w in 0...maxWave where size[w] > 0 {
            var drop = filter.dropTrivialOnly && !nonTrivial[w]
            if !drop && size[w] == 1 && !filter.dropSingleNodeOps.isEmpty {
                drop = filter.dropSingleNodeOps.contains(graph.nodes[Int(first[w])].opType)
            }
            if !drop { kept += 1 }
            size[w] = 0
            nonTrivial[w] = false
        }
        return kept
    }
}
