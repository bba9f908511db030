import CutlineIR
import Foundation
import Testing
@testable import CutlineCost

@Suite struct EstimatorTests {
    /// A random DAG of `count` float nodes on [1, 64, 32]: MatMul with a weight, Add/Mul of two earlier values, or a
    /// unary op, each reading values defined earlier; every value nobody reads is a graph output.
    static func randomGraph(_ rng: inout SplitMix, count: Int) throws -> Graph {
        var b = GraphBuilder()
        let t = GraphBuilder.tensor([1, 64, 32])
        var values = [b.input("x", t)]
        for i in 0..<count {
            let pick = { (r: inout SplitMix) in values[Int(r.next() % UInt64(values.count))] }
            switch rng.next() % 4 {
            case 0: values.append(try b.node("MatMul", [pick(&rng), b.weight("w\(i)", [32, 32])], t, name: "n\(i)"))
            case 1: values.append(try b.node("Add", [pick(&rng), pick(&rng)], t, name: "n\(i)"))
            case 2: values.append(try b.node("Mul", [pick(&rng), pick(&rng)], t, name: "n\(i)"))
            default: values.append(try b.node("Relu", [pick(&rng)], t, name: "n\(i)"))
            }
        }
        for v in values.dropFirst() where !b.graph[v].hasUses { b.output(v) }
        return b.graph
    }

    /// Adding a CPU island — a new CPU node spliced into an edge between two nodes of one partition, with the
    /// partition's nodes downstream of it moved to a new partition as ORT's wave rule does — never lowers withEpMs.
    @Test(arguments: DeviceProfiles.bundledNames)
    func addingACPUIslandNeverLowersWithEp(device: String) throws {
        let profile = try DeviceProfiles.bundled(device)
        var rng = SplitMix(seed: 0xC0FFEE)
        var checked = 0
        for trial in 0..<60 {
            let g = try Self.randomGraph(&rng, count: 6 + Int(rng.next() % 14))
            let parts = 1 + Int(rng.next() % 3)
            var assignment: [Int?] = g.nodes.indices.map { _ in rng.next() % 3 == 0 ? nil : Int(rng.next() % UInt64(parts)) }
            // Edges A → B inside one partition.
            var edges: [(NodeID, Int, NodeID)] = []
            for id in g.liveNodeIDs {
                guard let p = assignment[id.index] else { continue }
                for (slot, v) in g[id].inputs.enumerated() {
                    if let v, let prod = g[v].producer, assignment[prod.index] == p { edges.append((prod, slot, id)) }
                }
            }
            guard !edges.isEmpty else { continue }
            let (a, slot, consumer) = edges[Int(rng.next() % UInt64(edges.count))]
            let before = try Estimator(profile: profile).estimate(CostInput(graph: g, assignment: assignment))

            var e = GraphEditor(g)
            let src = try #require(g[a].outputs[0])
            let island = try e.addNode(Node(name: "island\(trial)", opType: "Relu"), inputs: [src],
                                       outputNames: ["island\(trial)_out"], outputTypes: [g[src].type])
            let islandOut = try #require(e.graph[island].outputs[0])
            e.setInput(consumer, slot, islandOut)
            let g2 = e.graph
            assignment.append(nil)
            let p = try #require(assignment[consumer.index])
            let newPartition = (assignment.compactMap { $0 }.max() ?? 0) + 1
            for d in Self.descendants(of: island, in: g2) where assignment[d.index] == p { assignment[d.index] = newPartition }
            let after = try Estimator(profile: profile).estimate(CostInput(graph: g2, assignment: assignment))
            #expect(after.withEpMs >= before.withEpMs - 1e-9, "trial \(trial): \(before.withEpMs) → \(after.withEpMs)")
            #expect(after.cpuOnlyMs >= before.cpuOnlyMs - 1e-9)
            checked += 1
        }
        #expect(checked >= 30)
    }

    static func descendants(of start: NodeID, in g: Graph) -> Set<NodeID> {
        var seen = Set<NodeID>(), stack = [start]
        while let n = stack.popLast() {
            for c in g.outputEdges(of: n) where seen.insert(c).inserted { stack.append(c) }
        }
        return seen
    }

    @Test func estimateAddsUpFromItsParts() throws {
        var rng = SplitMix(seed: 7)
        let g = try Self.randomGraph(&rng, count: 12)
        let assignment: [Int?] = g.nodes.indices.map { $0 % 3 == 0 ? nil : 0 }
        let profile = Fixtures.profile
        let fit = try #require(profile.fit)
        let est = try Estimator(profile: profile).estimate(CostInput(graph: g, assignment: assignment))
        // fp32, MLComputeUnits=ALL, ML Program: the partitions run on the GPU entry of the fit.
        let u = try #require(fit.units["gpu"])
        let expected = u.crossingUs.value * Double(est.partitions) + u.perOpUs.value * Double(est.epNodes)
        #expect(abs(est.dispatchOverheadMs - expected / 1000) <= 0.5e-4 * Double(est.partitions))
        #expect(abs(est.transferMs - Double(est.copiedBytes) / (u.crossingBandwidthGBs.value * 1e6)) <= 0.5e-4)
        #expect(est.compiles == est.partitions)
        // The EP's nodes run speedup× faster than their CPU estimate; the CPU path keeps the rest.
        let cpuPath = est.cpuOnlyMs - est.epNodesCpuMs
        let sum = cpuPath + est.epNodesCpuMs / u.speedup.value + est.dispatchOverheadMs + est.transferMs
        #expect(abs(est.withEpMs - sum) <= 3e-4)
        // The range is the fit's error factor either way.
        #expect(abs(est.withEpLowMs - est.withEpMs / fit.errorFactor.value) <= 1e-4)
        #expect(abs(est.withEpHighMs - est.withEpMs * fit.errorFactor.value) <= 1e-4)
    }

    /// The verdict is `ep` or `cpu` only when the whole range agrees; in between it is `uncertain`.
    @Test func verdictFollowsTheRange() throws {
        var profile = Fixtures.profile
        var fit = try #require(profile.fit)
        var b = GraphBuilder()
        let x = b.input("x", GraphBuilder.tensor([1, 512, 512]))
        let w = b.weight("w", [512, 512])
        let y = try b.node("MatMul", [x, w], GraphBuilder.tensor([1, 512, 512]), name: "mm")
        b.output(y)
        let input = CostInput(graph: b.graph, assignment: [0])
        var verdicts: [Estimate.Verdict] = []
        for factor in [1.0, 1e6] {
            fit.errorFactor = Figure(factor, source: "test")
            profile.fit = fit
            let e = try Estimator(profile: profile).estimate(input)
            verdicts.append(e.verdict)
            if e.withEpHighMs < e.cpuOnlyMs { #expect(e.verdict == .ep) }
            if e.withEpLowMs > e.cpuOnlyMs { #expect(e.verdict == .cpu) }
        }
        // A huge error factor leaves nothing settled.
        #expect(verdicts[1] == .uncertain)
        #expect(verdicts[0] != .uncertain)
    }

    /// The hyperswap case (facefusion PR #1204, M1 Max, fp16 ML Program in one partition): under
    /// MLComputeUnits=ALL CoreML splits the program between GPU and Neural Engine and the run is slower than the CPU
    /// EP (657 vs 304 ms); pinned to CPUAndNeuralEngine it is faster (78 ms). The estimate follows --compute-units.
    @Test func computeUnitsDecideWhereAnFP16ProgramRuns() throws {
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Repo.path("fixtures/cost-cases/hyperswap-compute-units.json")))) as? [String: Any]
        let runs = try #require(record?["runs"] as? [[String: Any]])
        let ms = Dictionary(uniqueKeysWithValues: runs.map { ($0["label"] as? String ?? "", $0["ms"] as? Double ?? 0) })
        let measuredAll = try #require(ms["coreml-all"]) / (try #require(ms["cpu"]))
        let measuredNE = try #require(ms["coreml-cpu-and-neural-engine"]) / (try #require(ms["cpu"]))

        var b = GraphBuilder()
        var v = b.input("x", GraphBuilder.tensor([1, 256, 1024], .float16))
        for i in 0..<8 {
            v = try b.node("MatMul", [v, b.weight("w\(i)", [1024, 1024], .float16)], GraphBuilder.tensor([1, 256, 1024], .float16), name: "mm\(i)")
        }
        b.output(v)
        let input = CostInput(graph: b.graph, assignment: Array(repeating: 0, count: 8))
        let profile = try DeviceProfiles.bundled("m1")
        let all = try Estimator(profile: profile, computeUnits: .all).estimate(input)
        let ne = try Estimator(profile: profile, computeUnits: .cpuAndNeuralEngine).estimate(input)
        let gpu = try Estimator(profile: profile, computeUnits: .cpuAndGPU).estimate(input)
        #expect(all.computeUnits == "all" && ne.computeUnits == "cpu-and-neural-engine")
        #expect(all.verdict == .cpu, "ALL splits an fp16 program: slower than the CPU, as measured")
        #expect(ne.verdict == .ep, "CPUAndNeuralEngine: faster than the CPU, as measured")
        #expect(ne.withEpMs < gpu.withEpMs || ne.withEpMs == gpu.withEpMs)
        // Approximate: the graph is not hyperswap's, so only the direction and the rough size are checked (within 2×
        // of the measured ratios, which a graph dominated by its compute should reach).
        #expect(abs(log(all.ratio / measuredAll)) < log(2.0), "ALL ratio \(all.ratio) vs measured \(measuredAll)")
        #expect(abs(log(ne.ratio / measuredNE)) < log(2.0), "NE ratio \(ne.ratio) vs measured \(measuredNE)")
    }

    /// fp32 ML Programs are barred from the Neural Engine: under CPUAndNeuralEngine they run on CoreML's CPU path.
    @Test func fp32ProgramsDoNotReachTheNeuralEngine() {
        #expect(EPFit.unit(for: .cpuAndNeuralEngine, fp16: false, mlProgram: true) == "cpu")
        #expect(EPFit.unit(for: .cpuAndNeuralEngine, fp16: false, mlProgram: false) == "neural-engine")
        #expect(EPFit.unit(for: .all, fp16: false, mlProgram: true) == "gpu")
        #expect(EPFit.unit(for: .all, fp16: true, mlProgram: true) == "gpu+neural-engine")
        #expect(EPFit.unit(for: .all, fp16: false, mlProgram: false) == "neural-engine")
        #expect(EPFit.unit(for: .cpuOnly, fp16: true, mlProgram: true) == "cpu")
    }

    /// The bundled profiles carry exactly the parameters of fixtures/cost-cases/fit.json (fit_cases.py writes both).
    @Test(arguments: ["m1", "m2", "m3-max", "m4-pro"])
    func bundledFitIsTheCommittedFit(name: String) throws {
        let fitJSON = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Repo.path("fixtures/cost-cases/fit.json")))) as? [String: Any]
        let p = try #require(fitJSON?["parameters"] as? [String: Double])
        let fit = try #require(try DeviceProfiles.bundled(name).fit)
        #expect(fit.units["gpu"]?.speedup.value == p["speedup"])
        #expect(fit.units["neural-engine"]?.speedup.value == p["speedup"])
        #expect(fit.units["gpu+neural-engine"]?.speedup.value == p["speedupSplit"])
        #expect(fit.units["gpu"]?.perOpUs.value == p["perOpUsGPU"])
        #expect(fit.units["neural-engine"]?.perOpUs.value == p["perOpUsNeuralEngine"])
        #expect(fit.units["gpu"]?.crossingUs.value == p["crossingUs"])
        #expect(fit.units["gpu"]?.crossingBandwidthGBs.value == p["bandwidthGBs"])
        #expect(fit.errorFactor.value == fitJSON?["errorFactor"] as? Double)
    }

    /// One big MatMul in one partition wins on the EP; a sliver of elementwise ops split by CPU islands loses.
    @Test func denseWinsAndSliversLose() throws {
        var b = GraphBuilder()
        let x = b.input("x", GraphBuilder.tensor([1, 2048, 2048]))
        let w = b.weight("w", [2048, 2048])
        var v = try b.node("MatMul", [x, w], GraphBuilder.tensor([1, 2048, 2048]), name: "mm0")
        v = try b.node("MatMul", [v, w], GraphBuilder.tensor([1, 2048, 2048]), name: "mm1")
        b.output(v)
        let dense = try Estimator(profile: DeviceProfiles.bundled("m4-pro")).estimate(CostInput(graph: b.graph, assignment: [0, 0]))
        #expect(dense.verdict == .ep)

        var s = GraphBuilder()
        var t = s.input("x", GraphBuilder.tensor([1, 8]))
        var assignment: [Int?] = []
        for i in 0..<8 {
            t = try s.node(i % 2 == 0 ? "Add" : "Erf", i % 2 == 0 ? [t, t] : [t], GraphBuilder.tensor([1, 8]), name: "e\(i)")
            assignment.append(i % 2 == 0 ? i / 2 : nil)
        }
        s.output(t)
        let sliver = try Estimator(profile: DeviceProfiles.bundled("m4-pro")).estimate(CostInput(graph: s.graph, assignment: assignment))
        #expect(sliver.verdict == .cpu)
        #expect(sliver.partitions == 4)
        let text = sliver.summaryParagraph()
        #expect(text.contains("verdict: cpu"))
        #expect(text.contains("estimate from device profile 'm4-pro'"))
        #expect(text.contains("Biggest contributors: partition"))
    }

    @Test func jsonHasSortedKeysAndRoundTrips() throws {
        var rng = SplitMix(seed: 3)
        let g = try Self.randomGraph(&rng, count: 5)
        let est = try Estimator(profile: Fixtures.profile).estimate(CostInput(graph: g, assignment: [0, nil, 1, 1, nil]))
        let bytes = est.json()
        let text = String(decoding: bytes, as: UTF8.self)
        let keys = ["\"assumptions\"", "\"boundaryBytes\"", "\"compileMs\"", "\"compiles\"", "\"contributors\"",
                    "\"copiedBytes\"", "\"cpuNodes\"", "\"cpuOnlyMs\"", "\"dispatchOverheadMs\"", "\"epNodes\"",
                    "\"partitions\"", "\"profile\"", "\"transferMs\"", "\"transitions\"", "\"verdict\"", "\"withEpMs\""]
        let positions = keys.map { text.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        let decoded = try JSONDecoder().decode(Estimate.self, from: Data(bytes))
        #expect(decoded == est)
        #expect(try Estimator(profile: Fixtures.profile).estimate(CostInput(graph: g, assignment: [0, nil, 1, 1, nil])).json() == bytes)
    }

    @Test func badAssignmentsAreRejected() throws {
        var rng = SplitMix(seed: 1)
        let g = try Self.randomGraph(&rng, count: 3)
        #expect(throws: CostError.self) { try Estimator(profile: Fixtures.profile).estimate(CostInput(graph: g, assignment: [nil, nil, nil, 0])) }
        #expect(throws: CostError.self) { try Estimator(profile: Fixtures.profile).estimate(CostInput(graph: g, assignment: [-1])) }
    }
}

/// A small deterministic generator so property tests replay exactly.
struct SplitMix {
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
