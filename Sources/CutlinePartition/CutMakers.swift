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
        guard let order = graph.topologicalOrder() else { return [] }
        // Every scenario re-counts partitions, so the order and the input edges are computed once.
        let counter = PartitionCounter(graph, order: order)
        var padded = supported
        if padded.count < graph.nodes.count { padded += [Bool](repeating: false, count: graph.nodes.count - padded.count) }
        let base = counter.count(graph, supported: padded, trivial: trivial, filter: filter,
                                 isConstantInitializer: isConstantInitializer)
        let isSupported = { (n: NodeID) -> Bool in padded[n.index] }
        var byType: [String: [NodeID]] = [:]
        for n in order where !isSupported(n) { byType[graph[n].opType, default: []].append(n) }

        func count(with extra: [NodeID]) -> Int {
            var s = padded
            for n in extra { s[n.index] = true }
            return counter.count(graph, supported: s, trivial: trivial, filter: filter,
                                 isConstantInitializer: isConstantInitializer)
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
        for n in order where !isSupported(n) {
            let fed = graph.inputEdges(of: n).contains { isSupported($0) }
            if fed && !graph.outputEdges(of: n).isEmpty { candidates.append(n) }
        }
        // Each scenario costs a pass over the graph: on very large graphs only the first candidates (in topological
        // order) are tried, so the ranking stays linear in practice. Op-type scenarios are always complete.
        let cap = min(maxNodeScenarios, max(32, 4_000_000 / max(1, order.count)))
        for n in candidates.prefix(cap) {
            let c = count(with: [n])
            if c < base {
                out.append(CutMaker(scope: .node, opType: graph[n].opType, nodes: [n], partitionsIfSupported: c,
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
}

/// Counts partitions for many support sets on one graph: the closed wave-number form over a topological order
/// and input-edge lists computed once, then the same group filters as `Partitioner.partition`.
struct PartitionCounter {
    let order: [NodeID]
    /// Producers of each node's explicit and implicit inputs, one entry per edge, by node index.
    let producers: [[Int32]]

    init(_ graph: Graph, order: [NodeID]) {
        self.order = order
        var producers = [[Int32]](repeating: [], count: graph.nodes.count)
        for n in order {
            producers[n.index] = graph.inputEdges(of: n).filter { !graph[$0].isRemoved }.map { Int32($0.index) }
        }
        self.producers = producers
    }

    func count(_ graph: Graph, supported: [Bool], trivial: [Bool], filter: GroupFilter,
               isConstantInitializer: (ValueID) -> Bool) -> Int {
        var waves = [Int](repeating: 0, count: producers.count)
        var groups: [Int: [NodeID]] = [:]
        for n in order {
            let i = n.index
            let s = supported[i]
            var w = 0
            for p in producers[i] {
                let pi = Int(p)
                w = max(w, waves[pi] + ((supported[pi] && !s) ? 1 : 0))
            }
            waves[i] = w
            if s { groups[w, default: []].append(n) }
        }
        var kept = 0
        for (_, nodes) in groups where Partitioner.dropCause(graph, nodes, trivial: trivial, filter: filter,
                                                              isConstantInitializer: isConstantInitializer) == nil {
            kept += 1
        }
        return kept
    }
}
