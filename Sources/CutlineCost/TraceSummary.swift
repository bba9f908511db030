import Foundation

/// What an ONNX Runtime profile itself says about fragmentation: partitions seen, CPU vs EP time, the CPU ops that
/// cost the most.
public struct TraceSummary: Hashable, Sendable, Codable {
    public struct OpTime: Hashable, Sendable, Codable {
        public var opType: String
        /// Node executions of this op type per run.
        public var nodesPerRun: Double
        public var msPerRun: Double
    }

    public struct PartitionTime: Hashable, Sendable, Codable {
        /// The fused node's name in the trace.
        public var name: String
        public var msPerRun: Double
        /// Boundary inputs and outputs of the fused node, as the trace lists them.
        public var inputs: Int
        public var outputs: Int
    }

    public var runs: Int
    /// How runs were reduced (`minimum` or `median`).
    public var statistic: String
    /// `model_run` duration reduced by `statistic` (or the nodes' summed times when the trace has no run events).
    public var runMs: Double
    public var nodesPerRun: Double
    /// Sums of the nodes' durations, each reduced over the runs by `statistic`.
    public var cpuMsPerRun: Double
    public var epMsPerRun: Double
    /// Per run, time outside node kernels (executor, input binding, profiler).
    public var runOverheadMs: Double
    public var sessionInitMs: Double?
    public var partitions: [PartitionTime]
    /// CPU op types by time per run, largest first (at most 10).
    public var topCPUOps: [OpTime]
    /// Op types the fit saw, sorted.
    public var fittedOpTypes: [String]
    /// Trace nodes whose attributes came from the model graph (matched by name) / all distinct trace nodes.
    public var nodesMatchedToModel: Int
    public var distinctNodes: Int

    public var partitionsSeen: Int { partitions.count }

    /// A short plain-text block for `cutline calibrate`.
    public func renderText() -> String {
        var lines: [String] = []
        let f = { (v: Double) in Estimate.ms(v) }
        lines.append("ONNX Runtime profile: \(runs) run\(runs == 1 ? "" : "s"), \(f(runMs)) per run (\(statistic) over runs), \(Self.num(nodesPerRun)) node executions per run")
        let total = cpuMsPerRun + epMsPerRun
        let share = total > 0 ? Int((100 * epMsPerRun / total).rounded()) : 0
        lines.append("time in nodes per run: CPU \(f(cpuMsPerRun)), CoreML EP \(f(epMsPerRun)) (\(share)% on the EP); outside nodes \(f(runOverheadMs))")
        if let s = sessionInitMs { lines.append("session initialization: \(f(s))") }
        if partitions.isEmpty {
            lines.append("CoreML partitions seen: 0 (a CPU-only trace)")
        } else {
            lines.append("CoreML partitions seen: \(partitions.count)")
            for p in partitions {
                lines.append("  \(p.name): \(f(p.msPerRun)) per run, \(p.inputs) input\(p.inputs == 1 ? "" : "s"), \(p.outputs) output\(p.outputs == 1 ? "" : "s")")
            }
        }
        if !topCPUOps.isEmpty {
            lines.append(partitions.isEmpty ? "top CPU ops:" : "top CPU-fallback ops:")
            for o in topCPUOps {
                let pct = cpuMsPerRun > 0 ? Int((100 * o.msPerRun / cpuMsPerRun).rounded()) : 0
                lines.append("  \(o.opType): \(Self.num(o.nodesPerRun)) per run, \(f(o.msPerRun)) (\(pct)% of CPU time)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func num(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }
}
