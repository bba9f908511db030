import CutlineIR
import CutlinePartition
import XCTest

/// The fast partition counting behind cut-makers, checked against an oracle written here: ORT's literal Kahn loop
/// (`KahnPartitioner`) followed by the group filters applied with plain sets.
final class PartitionCountingTests: XCTestCase {
    static let trivialOps: Set = ["Reshape"]

    func randomGraph(_ rng: inout SplitMix64) -> Graph {
        var b = GraphBuilder()
        var values: [ValueID] = [b.input("x0", GraphBuilder.f(1)), b.input("x1", GraphBuilder.f(1))]
        values.append(b.weight("w", [1]))
        let n = 2 + Int(rng.next() % 22)
        for i in 0..<n {
            let k = 1 + Int(rng.next() % 3)
            var ins: [ValueID?] = []
            for _ in 0..<k { ins.append(values[Int(rng.next() % UInt64(values.count))]) }
            let ops = ["Cpu", "Gpu", "Gpu", "Reshape", "Other"]
            let op = ops[Int(rng.next() % UInt64(ops.count))]
            values.append(b.op(op, ins, GraphBuilder.f(1), name: "n\(i)"))
        }
        b.output(values[values.count - 1])
        return b.graph
    }

    /// Groups the EP keeps: Kahn's groups minus those the filter drops, each cause decided from sets.
    func oracleCount(_ g: Graph, supported: [Bool], filter: GroupFilter) -> Int {
        KahnPartitioner.groups(g, supported: supported).filter { nodes in
            if filter.dropTrivialOnly && nodes.allSatisfy({ Self.trivialOps.contains(g[$0].opType) }) { return false }
            if nodes.count == 1 && filter.dropSingleNodeOps.contains(g[nodes[0]].opType) { return false }
            if filter.dropConstantInputsOnly {
                let inGroup = Set(nodes)
                let external = nodes.flatMap { n in g[n].inputs.compactMap { $0 } }
                    .filter { v in g[v].producer.map { !inGroup.contains($0) } ?? true }
                if external.allSatisfy({ g[$0].initializer != nil }) { return false }
            }
            return true
        }.count
    }

    func testCutMakerCountsMatchTheKahnOracleOnRandomDAGs() throws {
        var rng = SplitMix64(seed: 0xc0ffee)
        let filters = [GroupFilter.none, GroupFilter(dropTrivialOnly: true),
                       GroupFilter(dropTrivialOnly: true, dropSingleNodeOps: ["Reshape", "Gpu"]),
                       GroupFilter(dropSingleNodeOps: ["Gpu"], dropConstantInputsOnly: true)]
        for trial in 0..<400 {
            let g = randomGraph(&rng)
            try Verifier.verify(g)
            let supported = g.nodes.map { $0.opType == "Gpu" || $0.opType == "Reshape" }
            let trivial = g.nodes.map { Self.trivialOps.contains($0.opType) }
            let isConst = { (v: ValueID) -> Bool in g[v].initializer != nil }
            for filter in filters {
                let base = oracleCount(g, supported: supported, filter: filter)
                let result = Partitioner.partition(g, supported: supported, trivial: trivial, filter: filter,
                                                   isConstantInitializer: isConst)
                XCTAssertEqual(result.partitionCount, base, "trial \(trial)")
                let cuts = Partitioner.cutMakers(g, supported: supported, trivial: trivial, filter: filter,
                                                 isConstantInitializer: isConst)
                // Every scenario the ranking may try, counted by the oracle: those that lower the count are exactly
                // the cut-makers, with the oracle's counts.
                var expected: [String: Int] = [:]
                let unsupported = g.liveNodeIDs.filter { !supported[$0.index] }
                for op in Set(unsupported.map { g[$0].opType }) {
                    var s = supported
                    for n in unsupported where g[n].opType == op { s[n.index] = true }
                    let c = oracleCount(g, supported: s, filter: filter)
                    if c < base { expected["opType \(op)"] = c }
                }
                for n in unsupported where g.inputEdges(of: n).contains(where: { supported[$0.index] })
                    && !g.outputEdges(of: n).isEmpty {
                    var s = supported
                    s[n.index] = true
                    let c = oracleCount(g, supported: s, filter: filter)
                    if c < base { expected["node \(n.index)"] = c }
                }
                var actual: [String: Int] = [:]
                for c in cuts {
                    let key = c.scope == .opType ? "opType \(c.opType)" : "node \(c.nodes[0].index)"
                    actual[key] = c.partitionsIfSupported
                    XCTAssertEqual(c.partitionsSaved, base - c.partitionsIfSupported)
                }
                XCTAssertEqual(actual, expected, "trial \(trial) filter \(filter)")

                let order = g.topologicalOrder()
                let both = Partitioner.partitionAndRank(g, order: order, supported: supported, trivial: trivial,
                                                        filter: filter, isConstantInitializer: isConst)
                XCTAssertEqual(both.result, result, "trial \(trial)")
                XCTAssertEqual(both.cutMakers, cuts, "trial \(trial)")
            }
        }
    }

    /// Partition boundaries against a set-based derivation: inputs are values read by the group and not produced in
    /// it (first appearance, constants left out); outputs are values produced in it and read outside or returned.
    func testBoundariesMatchASetBasedDerivationOnRandomDAGs() throws {
        var rng = SplitMix64(seed: 0xb0b)
        for trial in 0..<300 {
            let g = randomGraph(&rng)
            let supported = g.nodes.map { $0.opType == "Gpu" || $0.opType == "Reshape" }
            let isConst = { (v: ValueID) -> Bool in g[v].initializer != nil }
            let r = Partitioner.partition(g, supported: supported, trivial: [], filter: .none, isConstantInitializer: isConst)
            for p in r.partitions {
                let inGroup = Set(p.nodes)
                var inputs: [ValueID] = []
                for n in p.nodes {
                    for case let v? in g[n].inputs where !(g[v].producer.map(inGroup.contains) ?? false) {
                        if !inputs.contains(v) { inputs.append(v) }
                    }
                }
                XCTAssertEqual(p.inputs.map(\.value), inputs.filter { !isConst($0) }, "trial \(trial)")
                let outputs = p.nodes.flatMap { n in g[n].outputs.compactMap { $0 } }.filter { v in
                    g[v].isGraphOutput || g[v].uses.contains { !inGroup.contains($0.node) }
                }
                XCTAssertEqual(p.outputs.map(\.value), outputs, "trial \(trial)")
            }
        }
    }
}
