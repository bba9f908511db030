import CutlineIR

/// Fits a device profile to an ONNX Runtime profile: per-op-type CPU costs over the profile's CPU roofline, the
/// per-run overhead, and (when the trace has CoreML partitions) an upper bound of the per-partition round trip.
public enum Calibration {
    /// How the runs of one node (and the run times) are reduced to one number.
    public enum Statistic: String, Sendable, Codable {
        /// The fastest run: the undisturbed cost, robust when other work shares the machine (timeit's advice).
        case minimum
        /// The typical run on a quiet machine.
        case median
    }

    /// Reads `profileJSON` (ORT's `enable_profiling` output), fits, and returns the fitted profile and the trace's
    /// fragmentation summary. `model` (the graph that was run) supplies attributes the trace lacks, such as pooling
    /// kernels and Einsum equations, matched by node name. The fitted `cpuOpCosts` are relative to `device.cpu`,
    /// which the result keeps.
    public static func fit(profileJSON: [UInt8], model: Graph?, device: DeviceProfile,
                           label: String = "an ONNX Runtime profile",
                           statistic: Statistic = .minimum) throws(CostError) -> (DeviceProfile, TraceSummary) {
        let trace = try ORTTrace.parse(profileJSON, path: label)
        var attributes: [String: [Attribute]] = [:]
        if let model {
            for id in model.liveNodeIDs where !model[id].name.isEmpty { attributes[model[id].name] = model[id].attributes }
        }
        let byRun = trace.nodesByRun.filter { !$0.isEmpty }
        let runCount = max(byRun.count, 1)

        // One sample per node: its durations over the runs reduced by `statistic`, so a run slowed by other work on
        // the machine does not drag the fit.
        var durations: [String: [Double]] = [:]
        var firstEvent: [String: ORTTrace.NodeEvent] = [:]
        var order: [String] = []
        for run in byRun {
            for e in run {
                if firstEvent[e.node] == nil { firstEvent[e.node] = e; order.append(e.node) }
                durations[e.node, default: []].append(e.durUs)
            }
        }
        var samples: [String: [(x: Double, y: Double)]] = [:]
        var cpuUs = 0.0, epUs = 0.0
        var cpuOps: [String: (us: Double, n: Double)] = [:]
        var partitions: [String: (us: Double, inputs: Int, outputs: Int)] = [:]
        var matched = 0
        let n = Double(runCount)
        for name in order {
            guard let e = firstEvent[name], let ds = durations[name] else { continue }
            let med = reduce(ds, statistic)
            // Nodes that do not run every time (control flow) count in proportion.
            let perRun = Double(ds.count) / n
            if e.isCoreMLPartition {
                epUs += med * perRun
                partitions[name] = (med * perRun, e.inputs.count, e.outputs.count)
                continue
            }
            cpuUs += med * perRun
            var o = cpuOps[e.opType] ?? (0, 0)
            o.us += med * perRun
            o.n += perRun
            cpuOps[e.opType] = o
            let attrs = attributes[name]
            if attrs != nil { matched += 1 }
            let work = OpWorkCounter.count(opType: e.opType, attributes: attrs ?? [], inputs: e.inputs,
                                           outputs: e.outputs, equation: attrs?.first { $0.name == "equation" }?.string)
            let x = device.cpu.rooflineUs(work)
            for _ in 0..<max(1, Int(perRun.rounded())) { samples[e.opType, default: []].append((x, med)) }
        }

        let nodeUsPerRun = cpuUs + epUs
        let spans = trace.runs.isEmpty ? trace.executes : trace.runs
        let medianRunUs = spans.isEmpty ? nodeUsPerRun : reduce(spans.map(\.durUs), statistic)
        let overheadUs = max(0, medianRunUs - nodeUsPerRun)

        var fitted = device
        let pooled = fitLine(samples.values.flatMap { $0 }, prior: nil)
        var costs: [String: OpCost] = [:]
        for (op, s) in samples { costs[op] = fitLine(s, prior: pooled) }
        fitted.cpuOpCosts = costs
        fitted.cpuFallbackCost = pooled
        fitted.perRunOverheadUs = Figure(overheadUs, source: "calibrated from \(label): \(statistic.rawValue) run time minus the nodes' \(statistic.rawValue) times")
        fitted.calibratedFrom = label
        fitted.name = device.name + "+calibrated"
        if let fastest = partitions.values.map(\.us).min() {
            fitted.coreml.partitionRoundTripUs = Figure(fastest, source: "calibrated from \(label): upper bound, the fastest CoreML partition (\(Int(fastest.rounded())) us per run, \(statistic.rawValue) over runs, its ops included)")
        }

        let summary = TraceSummary(
            runs: runCount, statistic: statistic.rawValue, runMs: medianRunUs / 1000, nodesPerRun: Double(byRun.map(\.count).reduce(0, +)) / n,
            cpuMsPerRun: cpuUs / 1000, epMsPerRun: epUs / 1000, runOverheadMs: overheadUs / 1000,
            sessionInitMs: trace.sessionInitUs.map { $0 / 1000 },
            partitions: partitions.map { .init(name: $0.key, msPerRun: $0.value.us / 1000, inputs: $0.value.inputs, outputs: $0.value.outputs) }
                .sorted { ($0.msPerRun, $1.name) > ($1.msPerRun, $0.name) },
            topCPUOps: Array(cpuOps.map { .init(opType: $0.key, nodesPerRun: $0.value.n, msPerRun: $0.value.us / 1000) }
                .sorted { ($0.msPerRun, $1.opType) > ($1.msPerRun, $0.opType) }.prefix(10)),
            fittedOpTypes: costs.keys.sorted(), nodesMatchedToModel: matched, distinctNodes: order.count)
        return (fitted, summary)
    }

    static func reduce(_ v: [Double], _ statistic: Statistic) -> Double {
        let s = v.sorted()
        guard let first = s.first else { return 0 }
        if statistic == .minimum { return first }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Below this roofline time (µs) every sample is overhead-dominated and a per-op slope is not identifiable.
    static let minIdentifiableUs = 1.0

    /// `y ≈ perNodeUs + scale·x` by least squares, constrained to non-negative parameters. Every branch keeps
    /// Σ predicted = Σ measured over the samples, so a model's total is reproduced on the trace it was fitted to.
    /// When the samples cannot tell a slope (one size, or all tiny), the slope comes from `prior` (the fit over all
    /// op types) and the intercept takes the rest, so a single small node never sets a huge per-FLOP cost.
    static func fitLine(_ s: [(x: Double, y: Double)], prior: OpCost?) -> OpCost {
        let count = s.count
        guard count > 0 else { return prior ?? OpCost(perNodeUs: 0, scale: 1, samples: 0) }
        let n = Double(count)
        let sx = s.reduce(0) { $0 + $1.x }, sy = s.reduce(0) { $0 + $1.y }
        let mx = sx / n, my = sy / n
        let sxx = s.reduce(0) { $0 + ($1.x - mx) * ($1.x - mx) }
        let sxy = s.reduce(0) { $0 + ($1.x - mx) * ($1.y - my) }
        let maxX = s.map(\.x).max() ?? 0
        if let prior, sxx <= 1e-12 * max(1, mx * mx) || maxX < minIdentifiableUs {
            let fromSlope = prior.scale * mx
            if fromSlope <= my { return OpCost(perNodeUs: my - fromSlope, scale: prior.scale, samples: count) }
            return OpCost(perNodeUs: 0, scale: mx > 0 ? my / mx : 0, samples: count)
        }
        if sxx <= 1e-12 * max(1, mx * mx) { return OpCost(perNodeUs: my, scale: 0, samples: count) }
        let slope = sxy / sxx
        if slope < 0 { return OpCost(perNodeUs: my, scale: 0, samples: count) }
        let intercept = my - slope * mx
        if intercept < 0 { return OpCost(perNodeUs: 0, scale: sx > 0 ? sy / sx : 0, samples: count) }
        return OpCost(perNodeUs: intercept, scale: slope, samples: count)
    }
}
