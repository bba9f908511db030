import CutlineIR
import CutlinePartition
import XCTest

final class PartitionerTests: XCTestCase {
    /// Supported flags by op type, for graphs where support is decided by hand.
    func flags(_ g: Graph, unsupported: Set<String>) -> [Bool] {
        g.nodes.map { !$0.isRemoved && !unsupported.contains($0.opType) }
    }

    func trivialFlags(_ g: Graph) -> [Bool] {
        let trivial: Set = ["Cast", "Flatten", "Identity", "Reshape", "Squeeze", "Unsqueeze", "Tile", "Transpose", "Ceil"]
        return g.nodes.map { trivial.contains($0.opType) }
    }

    func testErfInTheMiddleMakesTwoPartitions() throws {
        var b = GraphBuilder()
        let x = b.input("x", GraphBuilder.f(1, 8))
        let a = b.op("Relu", [x], GraphBuilder.f(1, 8))
        let m = b.op("Erf", [a], GraphBuilder.f(1, 8))
        let c = b.op("Sigmoid", [m], GraphBuilder.f(1, 8))
        b.output(c)
        try Verifier.verify(b.graph)
        let g = b.graph
        let r = Partitioner.partition(g, supported: flags(g, unsupported: ["Erf"]), trivial: trivialFlags(g),
                                      dropTrivialGroups: true, isConstantInitializer: { g[$0].initializer != nil })
        XCTAssertEqual(r.partitionCount, 2)
        XCTAssertEqual(r.supportedNodeCount, 2)
        XCTAssertEqual(r.nodeCount, 3)
        XCTAssertEqual(r.partitions[0].inputs.map(\.name), ["x"])
        XCTAssertEqual(r.partitions[0].outputs.map(\.name), [g[a].name])
        XCTAssertEqual(r.partitions[1].inputs.map(\.name), [g[m].name])
        XCTAssertEqual(r.partitions[1].outputs.map(\.name), [g[c].name])
        // Boundary bytes: 1×8 float = 32 bytes.
        XCTAssertEqual(r.partitions[0].inputs[0].bytes, 32)
        XCTAssertEqual(r.partitions[0].inputs[0].dataType, .float)
        XCTAssertEqual(r.logLine(epName: "CoreMLExecutionProvider", shortName: "CoreML"),
                       "CoreMLExecutionProvider::GetCapability, number of partitions supported by CoreML: 2 number of nodes in the graph: 3 number of nodes supported by CoreML: 2")
        // Supporting Erf merges everything: the cut-maker reports it.
        let cuts = Partitioner.cutMakers(g, supported: flags(g, unsupported: ["Erf"]), trivial: trivialFlags(g),
                                         filter: GroupFilter(dropTrivialOnly: true), isConstantInitializer: { g[$0].initializer != nil })
        XCTAssertEqual(cuts.first?.opType, "Erf")
        XCTAssertEqual(cuts.first?.partitionsIfSupported, 1)
        XCTAssertEqual(cuts.first?.partitionsSaved, 1)
    }

    func testIndependentBranchesShareOnePartitionAndCPUNodeDefersItsConsumers() throws {
        // x → Relu → Erf → Add(·, Tanh(x)) : Tanh is independent of the CPU Erf and joins the first group.
        var b = GraphBuilder()
        let x = b.input("x", GraphBuilder.f(4))
        let r1 = b.op("Relu", [x], GraphBuilder.f(4))
        let t = b.op("Tanh", [x], GraphBuilder.f(4))
        let e = b.op("Erf", [r1], GraphBuilder.f(4))
        let add = b.op("Add", [e, t], GraphBuilder.f(4))
        b.output(add)
        let g = b.graph
        let r = Partitioner.partition(g, supported: flags(g, unsupported: ["Erf"]), trivial: trivialFlags(g),
                                      dropTrivialGroups: true, isConstantInitializer: { _ in false })
        XCTAssertEqual(r.partitions.map(\.nodeCount), [2, 1])
        XCTAssertEqual(Set(r.partitions[0].nodes.map { g[$0].opType }), ["Relu", "Tanh"])
        // Tanh's output is consumed by the Add in the next partition: it is a boundary output of the first one.
        XCTAssertEqual(Set(r.partitions[0].outputs.map(\.name)), [g[r1].name, g[t].name])
        XCTAssertEqual(r.partitions[1].inputs.map(\.name), [g[e].name, g[t].name])
    }

    func testTrivialOnlyGroupIsDropped() throws {
        var b = GraphBuilder()
        let x = b.input("x", GraphBuilder.f(2, 3))
        let r1 = b.op("Relu", [x], GraphBuilder.f(2, 3))
        let e = b.op("Erf", [r1], GraphBuilder.f(2, 3))
        let tr = b.op("Transpose", [e], GraphBuilder.f(3, 2), attrs: [.ints("perm", [1, 0])])
        b.output(tr)
        let g = b.graph
        let sup = flags(g, unsupported: ["Erf"])
        let kept = Partitioner.partition(g, supported: sup, trivial: trivialFlags(g), dropTrivialGroups: true,
                                         isConstantInitializer: { _ in false })
        XCTAssertEqual(kept.partitionCount, 1)
        XCTAssertEqual(kept.supportedNodeCount, 1)
        XCTAssertEqual(kept.supportedBeforeDrop, 2)
        XCTAssertEqual(kept.dropped.count, 1)
        XCTAssertEqual(kept.dropped.first?.cause, .trivialOnly)
        let all = Partitioner.partition(g, supported: sup, trivial: trivialFlags(g), dropTrivialGroups: false,
                                        isConstantInitializer: { _ in false })
        XCTAssertEqual(all.partitionCount, 2)
        XCTAssertEqual(all.supportedNodeCount, 2)
    }

    func testConstantInitializersAreNotPartitionInputsButOverridableOnesAre() throws {
        var b = GraphBuilder()
        let x = b.input("x", GraphBuilder.f(1, 4))
        let w = b.weight("w", [4, 4])
        let bias = b.weight("bias", [4])
        b.e.appendInput(ValueInfo(value: bias, type: GraphBuilder.f(4)))
        let mm = b.op("MatMul", [x, w], GraphBuilder.f(1, 4))
        let add = b.op("Add", [mm, bias], GraphBuilder.f(1, 4))
        b.output(add)
        let g = b.graph
        let r = Partitioner.partition(g, supported: flags(g, unsupported: []), trivial: trivialFlags(g), dropTrivialGroups: true,
                                      isConstantInitializer: { g.isConstantInitializer($0, irVersion: 8) })
        XCTAssertEqual(r.partitions.first?.inputs.map(\.name), ["x", "bias"])
        XCTAssertEqual(r.partitions.first?.outputs.map(\.name), [g[add].name])
    }

    func testImplicitInputEdgeIntoControlFlowNodeSplitsLikeAnExplicitOne() throws {
        // Relu → (read implicitly by If) ; If → Sigmoid. If is CPU; Sigmoid lands in a new wave.
        var body = GraphEditor()
        let outer = body.value(named: "r_out0")
        body.markOuterScope(outer)
        let bo = body.addValue(name: "b_out", type: GraphBuilder.f(4))
        _ = try body.addNode(Node(name: "inner", opType: "Identity"), inputs: [outer], outputs: [bo])
        body.appendOutput(ValueInfo(value: bo, type: GraphBuilder.f(4)))

        var b = GraphBuilder()
        let x = b.input("x", GraphBuilder.f(4))
        let cond = b.input("cond", .tensor(.bool, Shape(static: [])))
        let r = b.op("Relu", [x], GraphBuilder.f(4), name: "r")
        let iff = b.op("If", [cond], GraphBuilder.f(4), name: "if",
                       attrs: [Attribute(name: "then_branch", value: .graph(body.graph)),
                               Attribute(name: "else_branch", value: .graph(body.graph))])
        let s = b.op("Sigmoid", [iff], GraphBuilder.f(4), name: "s")
        b.output(s)
        let g = b.graph
        try Verifier.verify(g)
        XCTAssertEqual(g[r].implicitUses.count, 1)
        let res = Partitioner.partition(g, supported: flags(g, unsupported: ["If"]), trivial: trivialFlags(g),
                                        dropTrivialGroups: true, isConstantInitializer: { _ in false })
        XCTAssertEqual(res.partitionCount, 2)
        // The Relu output is read by If through its subgraph only; it is still a boundary output.
        XCTAssertEqual(res.partitions[0].outputs.map(\.name), ["r_out0"])
        XCTAssertEqual(Partitioner.waveGroups(g, supported: flags(g, unsupported: ["If"])).count,
                       KahnPartitioner.groups(g, supported: flags(g, unsupported: ["If"])).count)
        XCTAssertEqual(NestedGraphs.all(in: g).map(\.path), ["main/if/then_branch", "main/if/else_branch"])
    }

    /// The closed form and the literal Kahn loop give the same groups on random DAGs (duplicate edges included).
    func testClosedFormMatchesKahnLoopOnRandomDAGs() throws {
        var rng = SplitMix64(seed: 0x5eed)
        for trial in 0..<600 {
            var b = GraphBuilder()
            var values: [ValueID] = [b.input("x0", GraphBuilder.f(1)), b.input("x1", GraphBuilder.f(1))]
            let n = 2 + Int(rng.next() % 18)
            for i in 0..<n {
                let k = 1 + Int(rng.next() % 3)
                var ins: [ValueID?] = []
                for _ in 0..<k { ins.append(values[Int(rng.next() % UInt64(values.count))]) }
                let op = rng.next() % 3 == 0 ? "Cpu" : "Gpu"
                values.append(b.op(op, ins, GraphBuilder.f(1), name: "n\(i)"))
            }
            let g = b.graph
            let sup = g.nodes.map { $0.opType == "Gpu" }
            let closed = Partitioner.waveGroups(g, supported: sup).map { Set($0) }
            let kahn = KahnPartitioner.groups(g, supported: sup).map { Set($0) }
            XCTAssertEqual(Set(closed), Set(kahn), "trial \(trial)")
            XCTAssertEqual(closed.count, kahn.count, "trial \(trial)")
        }
    }
}

/// A small deterministic generator so property tests are reproducible.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
