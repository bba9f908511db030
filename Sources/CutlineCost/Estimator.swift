import CutlineIR

/// Builds an `Estimate` from parts a reader can check: per-node compute from FLOPs and bytes on a roofline, per
/// partition a marshalling round trip and a compile, per EP node a dispatch cost, per boundary tensor its copy.
/// Per-node work of one graph and the dims defaults used to size it (`Estimator.graphWork`).
public struct GraphWork: Sendable {
    /// Indexed by node index; nil for removed nodes.
    public var work: [OpWork?]
    public var dims: FreeDims
}

public struct Estimator: Sendable {
    /// The EP path must beat (or lose to) the CPU by this fraction for a firm verdict.
    public static let verdictMargin = 0.2
    /// Above this fraction of nodes without sizes, the verdict is `uncertain` whatever the numbers say.
    public static let unsizedLimit = 0.25
    public static let contributorLimit = 10

    public var profile: DeviceProfile
    /// `--free-dim NAME=VALUE` overrides for symbolic dims.
    public var freeDims: [String: Int64]
    /// The EP's MLComputeUnits (`--compute-units`): where a partition's program runs.
    public var computeUnits: ComputeUnits
    /// True for ModelFormat=MLProgram, false for NeuralNetwork: fp32 ML Programs cannot use the Neural Engine.
    public var mlProgram: Bool

    public init(profile: DeviceProfile, freeDims: [String: Int64] = [:], computeUnits: ComputeUnits = .all,
                mlProgram: Bool = true) {
        self.profile = profile
        self.freeDims = freeDims
        self.computeUnits = computeUnits
        self.mlProgram = mlProgram
    }

    /// Work of every live node of `graph`, indexed by node index (nil for removed nodes), and the dims defaults used.
    public func nodeWork(_ graph: Graph, dims: inout FreeDims) -> [OpWork?] {
        var out = [OpWork?](repeating: nil, count: graph.nodes.count)
        // A value is described once, not once per reader: describing is pure apart from the defaults it records,
        // and recording the same default again changes nothing.
        var described = [TensorDesc??](repeating: nil, count: graph.values.count)
        func describe(_ v: ValueID?) -> TensorDesc? {
            guard let v else { return nil }
            if let known = described[v.index] { return known }
            let d = dims.describe(graph.values[v.index].type)
            described[v.index] = .some(d)
            return d
        }
        for i in graph.nodes.indices where !graph.nodes[i].isRemoved {
            let id = NodeID(i)
            let ins = graph.nodes[id.index].inputs.map(describe)
            let outs = graph.nodes[id.index].outputs.map(describe)
            // Only Einsum reads the equation: looking it up for every node would scan each node's attributes.
            let opType = graph.nodes[id.index].opType
            let equation = opType == "Einsum" ? graph.nodes[id.index].attribute("equation")?.string : nil
            out[i] = OpWorkCounter.count(opType: opType, attributes: graph.nodes[id.index].attributes, inputs: ins,
                                         outputs: outs, equation: equation)
        }
        return out
    }

    /// The first `limit` contributors of the ranking (larger share first, then label): what sorting them all and
    /// keeping the prefix gives, since labels are unique, without sorting one entry per partition.
    static func top(_ all: [Estimate.Contributor], _ limit: Int) -> [Estimate.Contributor] {
        let before = { (a: Estimate.Contributor, b: Estimate.Contributor) -> Bool in (a.ms, b.label) > (b.ms, a.label) }
        var top: [Estimate.Contributor] = []
        for c in all {
            if top.count == limit, let last = top.last, !before(c, last) { continue }
            top.insert(c, at: top.firstIndex { before(c, $0) } ?? top.count)
            if top.count > limit { top.removeLast() }
        }
        return top
    }

    /// Per-node work of `graph` with this estimator's free dims: what `estimate` computes first, and the same for every
    /// assignment of one graph, so callers estimating several EPs can compute it once and pass it in.
    public func graphWork(_ graph: Graph) -> GraphWork {
        var dims = FreeDims(overrides: freeDims)
        let work = nodeWork(graph, dims: &dims)
        return GraphWork(work: work, dims: dims)
    }

    /// - Parameter work: `graphWork(input.graph)` from an estimator with the same free dims, or nil to compute it.
    public func estimate(_ input: CostInput, work precomputed: GraphWork? = nil) throws(CostError) -> Estimate {
        let g = input.graph
        for (i, p) in input.assignment.enumerated() where p != nil {
            if i >= g.nodes.count { throw .invalidAssignment("entry \(i) is past the graph's \(g.nodes.count) nodes") }
            if let p, p < 0 { throw .invalidAssignment("node \(g.displayName(of: NodeID(i))) has negative partition \(p)") }
        }
        let shared = precomputed.flatMap { $0.work.count == g.nodes.count && $0.dims.overrides == freeDims ? $0 : nil }
            ?? graphWork(g)
        var dims = shared.dims
        let work = shared.work
        let boundaries = Boundaries.compute(input, dims: &dims)

        var cpuOnlyUs = 0.0, cpuPathUs = 0.0
        var cpuByOp: [String: (us: Double, count: Int)] = [:]
        var epComputeByPartition: [Int: (us: Double, units: [String: Int])] = [:]
        // Per partition: the CPU estimate of its nodes, and whether its program is fp16 (any float16 output).
        var epCpuUsByPartition: [Int: Double] = [:]
        var fp16Partitions = Set<Int>()
        var opsByPartition: [Int: Int] = [:]
        var unsized = 0, live = 0, withSubgraphs = 0
        var uncountedOps = Set<String>()
        for i in g.nodes.indices where !g.nodes[i].isRemoved {
            let id = NodeID(i)
            let opType = g.nodes[id.index].opType
            // ORT turns Constant nodes into initializers at load: they never run.
            if opType == "Constant" && g.nodes[i].isDefaultDomain { continue }
            live += 1
            if g.nodes[i].hasSubgraphs { withSubgraphs += 1 }
            let w = work[i] ?? .zero
            if !w.isCounted {
                let unknown = { (v: ValueID?) -> Bool in v.map { g.values[$0.index].type?.shape == nil } ?? false }
                let shapesKnown = !g.nodes[id.index].inputs.contains(where: unknown) && !g.nodes[id.index].outputs.contains(where: unknown)
                if shapesKnown { uncountedOps.insert(opType) } else { unsized += 1 }
            }
            let cpuUs = profile.cpuNodeUs(opType: opType, work: w)
            cpuOnlyUs += cpuUs
            if let p = input.partition(of: id) {
                epCpuUsByPartition[p, default: 0] += cpuUs
                if g.nodes[id.index].outputs.contains(where: { v in v.map { g.values[$0.index].type?.elementType?.name == "float16" } ?? false }) {
                    fp16Partitions.insert(p)
                }
                let (us, unit) = profile.epNodeUs(work: w)
                // Updated in place: a copied entry would share its unit counts and copy them on every write.
                epComputeByPartition[p, default: (0, [:])].us += us
                epComputeByPartition[p, default: (0, [:])].units[unit, default: 0] += 1
                opsByPartition[p, default: 0] += 1
            } else {
                cpuPathUs += cpuUs
                cpuByOp[opType, default: (0, 0)].us += cpuUs
                cpuByOp[opType, default: (0, 0)].count += 1
            }
        }

        let parts = opsByPartition.keys.sorted()
        let ep = profile.coreml
        var contributors: [Estimate.Contributor] = []
        var dispatchUs = 0.0, epComputeUs = 0.0
        var transferUs = 0.0
        var copiedBytes: Int64 = 0, boundaryBytes: Int64 = 0
        var copiedByPartition: [Int: Int64] = [:]
        for b in boundaries {
            // Sizes come from the file's shapes: saturate rather than trap on absurd dims.
            boundaryBytes = boundaryBytes.addingReportingOverflow(b.bytes).overflow ? .max : boundaryBytes + b.bytes
            copiedBytes = copiedBytes.addingReportingOverflow(b.copiedBytes).overflow ? .max : copiedBytes + b.copiedBytes
            copiedByPartition[b.partition, default: 0] = copiedByPartition[b.partition, default: 0]
                .addingReportingOverflow(b.copiedBytes).overflow ? .max : copiedByPartition[b.partition, default: 0] + b.copiedBytes
        }
        var unitsUsed: [String: Int] = [:]
        for p in parts {
            let ops = opsByPartition[p] ?? 0
            let copied = Double(copiedByPartition[p] ?? 0)
            let d: Double, compute: Double, copyUs: Double, where_: String
            // validate() guarantees every unit name is present in a loaded profile; one built in code without it
            // falls back to the older figures.
            let fitted = profile.fit.flatMap { fit -> (String, FittedUnit)? in
                let name = EPFit.unit(for: computeUnits, fp16: fp16Partitions.contains(p), mlProgram: mlProgram)
                return fit.units[name].map { (name, $0) }
            }
            if let (name, u) = fitted {
                d = u.crossingUs.value + Double(ops) * u.perOpUs.value
                compute = (epCpuUsByPartition[p] ?? 0) / u.speedup.value
                copyUs = copied / (u.crossingBandwidthGBs.value * 1e3)
                where_ = "on \(name)"
                unitsUsed[name, default: 0] += 1
            } else {
                d = ep.partitionRoundTripUs.value + Double(ops) * ep.perOpDispatchUs.value
                let c = epComputeByPartition[p] ?? (0, [:])
                compute = c.us
                copyUs = copied / (ep.copyBandwidthGBs.value * 1e3)
                where_ = c.units.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.value) on \($0.key)" }.joined(separator: ", ")
            }
            dispatchUs += d
            epComputeUs += compute
            transferUs += copyUs
            contributors.append(.init(kind: "ep-dispatch", label: "partition \(p): crossing + \(ops) op\(ops == 1 ? "" : "s") in the program", ms: d / 1000))
            contributors.append(.init(kind: "ep-compute", label: "partition \(p) compute (\(where_))", ms: compute / 1000))
            if copiedByPartition[p] != nil {
                contributors.append(.init(kind: "transfer", label: "partition \(p) boundary copies", ms: copyUs / 1000))
            }
        }
        for (op, e) in cpuByOp {
            contributors.append(.init(kind: "cpu-compute", label: "\(e.count) \(op) node\(e.count == 1 ? "" : "s") on CPU", ms: e.us / 1000))
        }
        let runUs = profile.perRunOverheadUs?.value ?? 0
        if runUs > 0 { contributors.append(.init(kind: "run-overhead", label: "per-run overhead", ms: runUs / 1000)) }
        contributors = Self.top(contributors, Self.contributorLimit)

        let cpuOnlyMs = (cpuOnlyUs + runUs) / 1000
        let withEpMs = (cpuPathUs + dispatchUs + epComputeUs + transferUs + runUs) / 1000
        let epNodes = opsByPartition.values.reduce(0, +)
        let epNodesCpuMs = epCpuUsByPartition.values.reduce(0, +) / 1000
        // The range: the fit's error as a factor either way (a profile without a fit keeps the ±20 % margin).
        let (lowMs, highMs): (Double, Double)
        if let fit = profile.fit {
            lowMs = withEpMs / fit.errorFactor.value
            highMs = withEpMs * fit.errorFactor.value
        } else {
            lowMs = withEpMs / (1 + Self.verdictMargin)
            highMs = withEpMs / (1 - Self.verdictMargin)
        }

        var assumptions = Array(Set(dims.assumptions + input.assumptions))
        assumptions.append("device profile '\(profile.name)'\(profile.calibratedFrom.map { " calibrated from \($0)" } ?? ""): figures and sources in its JSON")
        if let fit = profile.fit {
            let used = unitsUsed.sorted { $0.key < $1.key }.map { "\($0.value) on \($0.key)" }.joined(separator: ", ")
            assumptions.append("MLComputeUnits=\(computeUnits.rawValue)\(used.isEmpty ? "" : ": partitions \(used)"); EP costs fitted on \(fit.fittedOn), range ×/÷ \(String(format: "%.2f", fit.errorFactor.value)) (the fit's leave-one-out error, docs/COST.md)")
        } else {
            assumptions.append("EP nodes run on the fastest of Neural Engine, GPU and CPU rooflines in the profile (MLComputeUnits=ALL); CoreML's own placement is not modelled")
        }
        assumptions.append("FLOPs count a multiply-add as 2; bytes are all inputs (weights included) plus outputs; compute time is max(FLOPs/throughput, bytes/bandwidth)")
        assumptions.append("boundary copies follow ORT's CoreML kernel: float/float16/int32 inputs wrapped without copy, int64 and bool inputs converted, outputs always copied")
        if unsized > 0 {
            assumptions.append("\(unsized) of \(live) nodes have an input or output without inferred shape: their compute counts as the per-node cost only")
        }
        if !uncountedOps.isEmpty {
            assumptions.append("ops with no FLOP formula, costed by bytes only: \(uncountedOps.sorted().joined(separator: ", "))")
        }
        if withSubgraphs > 0 {
            assumptions.append("\(withSubgraphs) control-flow node\(withSubgraphs == 1 ? "" : "s") counted without their subgraph bodies")
        }
        if boundaries.contains(where: { !$0.isSized }) {
            assumptions.append("some boundary tensors have no known shape: their bytes count as 0")
        }
        if profile.cpuOpCosts == nil {
            assumptions.append("CPU times use the profile's roofline, not a calibration (run 'cutline calibrate' on an ORT profile)")
        }
        assumptions.sort()

        let verdict: Estimate.Verdict
        if parts.isEmpty {
            verdict = .cpu
        } else if live > 0 && Double(unsized) / Double(live) > Self.unsizedLimit {
            verdict = .uncertain
        } else if highMs < cpuOnlyMs {
            verdict = .ep
        } else if lowMs > cpuOnlyMs {
            verdict = .cpu
        } else {
            verdict = .uncertain
        }
        // Reported to 0.1 µs: more digits would only carry floating-point noise into the JSON.
        let r = { (ms: Double) -> Double in (ms * 10_000).rounded() / 10_000 }
        let shown = contributors.prefix(Self.contributorLimit).map { Estimate.Contributor(kind: $0.kind, label: $0.label, ms: r($0.ms)) }
        let guessed = dims.defaultsUsed.keys.sorted().map { "\($0 == "?" ? "unnamed dims" : $0)=\(dims.defaultsUsed[$0] ?? 0)" }
        return Estimate(profile: profile.name, cpuOnlyMs: r(cpuOnlyMs), withEpMs: r(withEpMs),
                        withEpLowMs: r(lowMs), withEpHighMs: r(highMs), epNodesCpuMs: r(epNodesCpuMs),
                        computeUnits: computeUnits.rawValue, guessedDims: guessed,
                        dispatchOverheadMs: r(dispatchUs / 1000), transferMs: r(transferUs / 1000),
                        transitions: boundaries.count, boundaryBytes: boundaryBytes, copiedBytes: copiedBytes,
                        compiles: parts.count, compileMs: Double(parts.count) * ep.compileMsPerPartition.value,
                        partitions: parts.count, epNodes: epNodes, cpuNodes: live - epNodes, verdict: verdict,
                        assumptions: assumptions, contributors: Array(shown))
    }
}
