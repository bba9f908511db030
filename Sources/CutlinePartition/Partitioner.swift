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
        partition(graph, order: graph.topologicalOrder(), supported: supported, trivial: trivial, filter: filter,
                  isConstantInitializer: isConstantInitializer)
    }

    /// Partitions one graph along a topological order the caller already has (`graph.topologicalOrder()`; nil when
    /// the graph has a cycle), so that stages sharing a graph compute the order once.
    public static func partition(_ graph: Graph, order: [NodeID]?, supported: [Bool], trivial: [Bool],
                                 filter: GroupFilter, isConstantInitializer: (ValueID) -> Bool) -> PartitionResult {
        guard let order else { return cycleResult(graph) }
        return partition(graph, order: order, edges: ProducerLists(graph), supported: padded(supported, graph),
                         trivial: trivial, filter: filter, isConstantInitializer: isConstantInitializer)
    }

    /// `partition` and `cutMakers` together, sharing the order and the producer lists; the cut-makers' baseline is
    /// the partition count of the result.
    public static func partitionAndRank(_ graph: Graph, order: [NodeID]?, supported: [Bool], trivial: [Bool],
                                        filter: GroupFilter, isConstantInitializer: (ValueID) -> Bool,
                                        maxNodeScenarios: Int = 4096) -> (result: PartitionResult, cutMakers: [CutMaker]) {
        guard let order else { return (cycleResult(graph), []) }
        let edges = ProducerLists(graph)
        var flags = padded(supported, graph)
        let result = partition(graph, order: order, edges: edges, supported: flags, trivial: trivial, filter: filter,
                               isConstantInitializer: isConstantInitializer)
        let cuts = cutMakers(graph, order: order, edges: edges, supported: &flags, base: result.partitionCount,
                             trivial: trivial, filter: filter, isConstantInitializer: isConstantInitializer,
                             maxNodeScenarios: maxNodeScenarios)
        return (result, cuts)
    }

    static func cycleResult(_ graph: Graph) -> PartitionResult {
        PartitionResult(nodeCount: graph.liveNodeCount, supportedBeforeDrop: 0, partitions: [], dropped: [],
                        waves: [Int](repeating: -1, count: graph.nodes.count), hasCycle: true)
    }

    /// Support flags covering every node index (missing trailing entries mean unsupported).
    static func padded(_ supported: [Bool], _ graph: Graph) -> [Bool] {
        if supported.count >= graph.nodes.count { return supported }
        return supported + [Bool](repeating: false, count: graph.nodes.count - supported.count)
    }

    static func partition(_ graph: Graph, order: [NodeID], edges: ProducerLists, supported: [Bool], trivial: [Bool],
                          filter: GroupFilter, isConstantInitializer: (ValueID) -> Bool) -> PartitionResult {
        var waves32 = [Int32](repeating: -1, count: graph.nodes.count)
        edges.waves(order: order, supported: supported, into: &waves32)
        // Groups by increasing wave, nodes in topological order within a group: a counting sort over the waves.
        var maxWave = -1
        var supportedCount = 0
        for n in order where supported[n.index] {
            maxWave = max(maxWave, Int(waves32[n.index]))
            supportedCount += 1
        }
        var groupStart = [Int](repeating: 0, count: maxWave + 2)
        for n in order where supported[n.index] { groupStart[Int(waves32[n.index]) + 1] += 1 }
        if maxWave >= 0 { for w in 0...maxWave { groupStart[w + 1] += groupStart[w] } }
        var fill = groupStart
        var grouped = [NodeID](repeating: NodeID(0), count: supportedCount)
        for n in order where supported[n.index] {
            let w = Int(waves32[n.index])
            grouped[fill[w]] = n
            fill[w] += 1
        }
        var scratch = BoundaryScratch(valueCount: graph.values.count)
        var partitions: [Partition] = []
        var dropped: [DroppedGroup] = []
        if maxWave >= 0 {
            for w in 0...maxWave where groupStart[w + 1] > groupStart[w] {
                let nodes = Array(grouped[groupStart[w] ..< groupStart[w + 1]])
                if let cause = dropCause(graph, nodes, trivial: trivial, filter: filter, isConstantInitializer: isConstantInitializer) {
                    dropped.append(DroppedGroup(wave: w, nodes: nodes, cause: cause))
                    continue
                }
                let isMember = { (p: NodeID) -> Bool in supported[p.index] && Int(waves32[p.index]) == w }
                partitions.append(makePartition(graph, index: partitions.count, wave: w, nodes: nodes, isMember: isMember,
                                                scratch: &scratch, isConstantInitializer: isConstantInitializer))
            }
        }
        return PartitionResult(nodeCount: graph.liveNodeCount, supportedBeforeDrop: supportedCount,
                               partitions: partitions, dropped: dropped, waves: waves32.map { Int($0) }, hasCycle: false)
    }

    /// Supported-node groups keyed by wave, before any filter: what both the closed form and the literal loop
    /// produce. Exposed so tests can compare the two.
    public static func waveGroups(_ graph: Graph, supported: [Bool]) -> [[NodeID]] {
        guard let order = graph.topologicalOrder() else { return [] }
        let flags = padded(supported, graph)
        var waves = [Int32](repeating: -1, count: graph.nodes.count)
        ProducerLists(graph).waves(order: order, supported: flags, into: &waves)
        var byWave: [Int32: [NodeID]] = [:]
        for n in order where flags[n.index] { byWave[waves[n.index], default: []].append(n) }
        return byWave.keys.sorted().compactMap { byWave[$0] }
    }

    static func dropCause(_ graph: Graph, _ nodes: [NodeID], trivial: [Bool], filter: GroupFilter,
                          isConstantInitializer: (ValueID) -> Bool) -> DroppedGroup.Cause? {
        if filter.dropTrivialOnly && nodes.allSatisfy({ $0.index < trivial.count && trivial[$0.index] }) {
            return .trivialOnly
        }
        if nodes.count == 1, let only = nodes.first, filter.dropSingleNodeOps.contains(graph.nodes[only.index].opType) {
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
            for case let v? in graph.nodes[n.index].inputs {
                if let p = graph.values[v.index].producer, inGroup.contains(p) { continue }
                if seen.insert(v).inserted { out.append(v) }
            }
            for v in graph.implicitInputs(of: n) {
                if let p = graph.values[v.index].producer, inGroup.contains(p) { continue }
                if seen.insert(v).inserted { out.append(v) }
            }
        }
        return out
    }

    /// Scratch marks over value indices, so a group's boundary is found without building sets: a value is marked
    /// with the current stamp once it has been listed.
    struct BoundaryScratch {
        var marks: [Int32]
        var stamp: Int32 = 0
        init(valueCount: Int) { marks = [Int32](repeating: 0, count: valueCount) }
        mutating func next() { stamp += 1 }
        /// True the first time `v` is seen under the current stamp.
        mutating func insert(_ v: ValueID) -> Bool {
            if marks[v.index] == stamp { return false }
            marks[v.index] = stamp
            return true
        }
    }

    /// `isMember` must hold exactly for the nodes of `nodes` (for a wave group: supported with that wave).
    static func makePartition(_ graph: Graph, index: Int, wave: Int, nodes: [NodeID], isMember: (NodeID) -> Bool,
                              scratch: inout BoundaryScratch, isConstantInitializer: (ValueID) -> Bool) -> Partition {
        var hist: [String: Int] = [:]
        for n in nodes { hist[graph.nodes[n.index].opType, default: 0] += 1 }
        // Inputs as `externalInputs` lists them: explicit then implicit per node, first appearance.
        scratch.next()
        var inputs: [BoundaryTensor] = []
        for n in nodes {
            for case let v? in graph.nodes[n.index].inputs {
                if let p = graph.values[v.index].producer, isMember(p) { continue }
                if scratch.insert(v) && !isConstantInitializer(v) { inputs.append(BoundaryTensor(graph, v)) }
            }
            if graph.nodes[n.index].hasSubgraphs {
                for v in graph.implicitInputs(of: n) {
                    if let p = graph.values[v.index].producer, isMember(p) { continue }
                    if scratch.insert(v) && !isConstantInitializer(v) { inputs.append(BoundaryTensor(graph, v)) }
                }
            }
        }
        scratch.next()
        var outputs: [BoundaryTensor] = []
        for n in nodes {
            for case let o? in graph.nodes[n.index].outputs {
                let external = graph.values[o.index].isGraphOutput || graph.values[o.index].uses.contains { !isMember($0.node) }
                    || graph.values[o.index].implicitUses.contains { !isMember($0) }
                if external && scratch.insert(o) { outputs.append(BoundaryTensor(graph, o)) }
            }
        }
        return Partition(index: index, wave: wave, nodes: nodes, opTypes: hist, inputs: inputs, outputs: outputs)
    }
}
