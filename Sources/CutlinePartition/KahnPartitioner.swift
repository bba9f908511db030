import CutlineIR

/// A literal transcription of the wave-based Kahn traversal of ORT's partitioning utility (reference §5a).
/// The analyzer uses the closed form in `Partitioner`; this exists so tests can prove both agree.
public enum KahnPartitioner {
    /// Groups of supported nodes in closing order, before any filter.
    public static func groups(_ graph: Graph, supported: [Bool]) -> [[NodeID]] {
        let live = graph.liveNodeIDs
        var indegree = [Int](repeating: 0, count: graph.nodes.count)
        var consumers = [[NodeID]](repeating: [], count: graph.nodes.count)
        for n in live {
            for p in graph.inputEdges(of: n) where !graph.nodes[p.index].isRemoved {
                indegree[n.index] += 1
                consumers[p.index].append(n)
            }
        }
        // ORT walks output edges ordered by the consumer's node index.
        for i in consumers.indices { consumers[i].sort() }
        let isSupported = { (n: NodeID) -> Bool in n.index < supported.count && supported[n.index] }

        var ready: [NodeID] = live.filter { indegree[$0.index] == 0 }
        var readyHead = 0
        var deferred: [NodeID] = []
        var group: [NodeID] = []
        var border = Set<NodeID>()
        var groups: [[NodeID]] = []

        func closeGroup() {
            if !group.isEmpty { groups.append(group) }
            group = []
            border = []
        }

        while readyHead < ready.count || !deferred.isEmpty {
            if readyHead == ready.count {
                closeGroup()
                ready = deferred
                readyHead = 0
                deferred = []
                continue
            }
            let n = ready[readyHead]
            readyHead += 1
            let s = isSupported(n)
            if !s && border.contains(n) {
                deferred.append(n)
                continue
            }
            if s {
                group.append(n)
                border.remove(n)
            }
            for m in consumers[n.index] {
                if s { border.insert(m) }
                indegree[m.index] -= 1
                if indegree[m.index] == 0 { ready.append(m) }
            }
        }
        closeGroup()
        return groups
    }
}
