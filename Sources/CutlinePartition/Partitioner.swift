import CutlineIR

/// ORT's `CreateSupportedPartitionNodeGroups` in its closed wave-number form (reference §5b), plus the
/// group filters and the ComputeCapability boundaries (§5c). Pure: reads the graph, returns values.
public enum Partitioner {
    /// Partitions one graph (not its subgraphs). `supported` and `trivial` are indexed by node index.
    public static func partition(_ graph: Graph, supported: [Bool], trivial: [Bool], dropTrivialGroups: Bool,
                                 isConstantInitializer: (ValueID) -> Bool) -> PartitionResult {
        partition(graph, supported: supported, trivial: trivial,
                  filter: GroupFilter(dropTrivialOnly: dropTrivialGroups), isConstantInitializer: isConstantInitializer)
    }

    public static func partition(_ graph: Graph, supported: [Bool], trivial: [Bool], filter: GroupFilter,
                                 isConstantInitializer: (ValueID) -> Bool) -> PartitionResult {
        guard let order = graph.topologicalOrder() else {
            return PartitionResult(nodeCount: graph.liveNodeCount, supportedBeforeDrop: 0, partitions: [], dropped: [],
                                   waves: [Int](repeating: -1, count: graph.nodes.count), hasCycle: true)
        }
        let isSupported = { (n: NodeID) -> Bool in n.index < supported.count && supported[n.index] }
        let waves = waveNumbers(graph, order: order, supported: isSupported)
        var byWave: [Int: [NodeID]] = [:]
        var supportedCount = 0
        for n in order where isSupported(n) {
            byWave[waves[n.index], default: []].append(n)
            supportedCount += 1
        }
        var partitions: [Partition] = []
        var dropped: [DroppedGroup] = []
        for w in byWave.keys.sorted() {
            guard let nodes = byWave[w] else { continue }
            if let cause = dropCause(graph, nodes, trivial: trivial, filter: filter, isConstantInitializer: isConstantInitializer) {
                dropped.append(DroppedGroup(wave: w, nodes: nodes, cause: cause))
                continue
            }
            partitions.append(makePartition(graph, index: partitions.count, wave: w, nodes: nodes,
                                            isConstantInitializer: isConstantInitializer))
        }
        return PartitionResult(nodeCount: graph.liveNodeCount, supportedBeforeDrop: supportedCount,
                               partitions: partitions, dropped: dropped, waves: waves, hasCycle: false)
    }

    /// L(n) = max over input edges p→n of L(p) + [p supported ∧ n unsupported]; 0 without producers.
    /// Implicit (outer-scope) edges into control-flow nodes count like explicit ones.
    static func waveNumbers(_ graph: Graph, order: [NodeID], supported: (NodeID) -> Bool) -> [Int] {
        var waves = [Int](repeating: -1, count: graph.nodes.count)
        for n in order {
            let nSupported = supported(n)
            var w = 0
            for p in graph.inputEdges(of: n) where !graph[p].isRemoved {
                let step = (supported(p) && !nSupported) ? 1 : 0
                w = max(w, waves[p.index] + step)
            }
            waves[n.index] = w
        }
        return waves
    }

    /// Supported-node groups keyed by wave, before any filter: what both the closed form and the literal loop
    /// produce. Exposed so tests can compare the two.
    public static func waveGroups(_ graph: Graph, supported: [Bool]) -> [[NodeID]] {
        guard let order = graph.topologicalOrder() else { return [] }
        let isSupported = { (n: NodeID) -> Bool in n.index < supported.count && supported[n.index] }
        let waves = waveNumbers(graph, order: order, supported: isSupported)
        var byWave: [Int: [NodeID]] = [:]
        for n in order where isSupported(n) { byWave[waves[n.index], default: []].append(n) }
        return byWave.keys.sorted().compactMap { byWave[$0] }
    }

    static func dropCause(_ graph: Graph, _ nodes: [NodeID], trivial: [Bool], filter: GroupFilter,
                          isConstantInitializer: (ValueID) -> Bool) -> DroppedGroup.Cause? {
        if filter.dropTrivialOnly && nodes.allSatisfy({ $0.index < trivial.count && trivial[$0.index] }) {
            return .trivialOnly
        }
        if nodes.count == 1, let only = nodes.first, filter.dropSingleNodeOps.contains(graph[only].opType) {
            return .singleNode
        }
        if filter.dropConstantInputsOnly {
            let external = externalInputs(graph, nodes)
            if external.allSatisfy(isConstantInitializer) { return .constantInputsOnly }
        }
        return nil
    }

    /// Inputs of the group not produced inside it, first-appearance order, implicit inputs of control-flow
    /// nodes included, before constant initializers are removed.
    static func externalInputs(_ graph: Graph, _ nodes: [NodeID]) -> [ValueID] {
        let inGroup = Set(nodes)
        var seen = Set<ValueID>()
        var out: [ValueID] = []
        for n in nodes {
            for case let v? in graph[n].inputs {
                if let p = graph[v].producer, inGroup.contains(p) { continue }
                if seen.insert(v).inserted { out.append(v) }
            }
            for v in graph.implicitInputs(of: n) {
                if let p = graph[v].producer, inGroup.contains(p) { continue }
                if seen.insert(v).inserted { out.append(v) }
            }
        }
        return out
    }

    static func makePartition(_ graph: Graph, index: Int, wave: Int, nodes: [NodeID],
                              isConstantInitializer: (ValueID) -> Bool) -> Partition {
        let inGroup = Set(nodes)
        var hist: [String: Int] = [:]
        for n in nodes { hist[graph[n].opType, default: 0] += 1 }
        let inputs = externalInputs(graph, nodes).filter { !isConstantInitializer($0) }.map { BoundaryTensor(graph, $0) }
        var outputs: [BoundaryTensor] = []
        var seen = Set<ValueID>()
        for n in nodes {
            for case let o? in graph[n].outputs {
                let v = graph[o]
                let external = v.isGraphOutput || v.uses.contains { !inGroup.contains($0.node) }
                    || v.implicitUses.contains { !inGroup.contains($0) }
                if external && seen.insert(o).inserted { outputs.append(BoundaryTensor(graph, o)) }
            }
        }
        return Partition(index: index, wave: wave, nodes: nodes, opTypes: hist, inputs: inputs, outputs: outputs)
    }
}
