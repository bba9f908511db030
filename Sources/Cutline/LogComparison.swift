import CutlineReport
import Foundation

/// `cutline compare-log`: what a real ONNX Runtime session logged at verbose level set against Cutline's
/// prediction for the same model and options, node by node.
///
/// The CoreML EP logs, for every node it is asked about, `Operator type: [Op] index: [N] name: [Name]
/// supported: [0|1]`, and after each pass its summary line `…GetCapability, number of partitions supported by
/// CoreML: P number of nodes in the graph: N number of nodes supported by CoreML: S`. ORT logs an empty name for an
/// unnamed node; Cutline names it `Op#index`, with ORT's node index (the node's position in the file, Constant nodes
/// included), so such nodes are matched by op type and index.
public struct LogComparison: Sendable {
    public struct LoggedNode: Hashable, Sendable {
        public var opType: String
        public var index: Int
        public var name: String
        public var supported: Bool
        /// The name Cutline shows for this node.
        public var key: String { name.isEmpty ? "\(opType)#\(index)" : name }
    }

    public struct LoggedPass: Sendable {
        public var partitions: Int
        public var nodes: Int
        public var supported: Int
        public var nodeVerdicts: [LoggedNode]
    }

    public struct Difference: Sendable, Equatable {
        public var node: String
        public var opType: String
        /// What the EP logged, and what Cutline predicts, for the node's support check.
        public var epSupported: Bool?
        public var cutlineSupported: Bool?
        /// Cutline's reasons when it rejects the node (`CODE: message`).
        public var reasons: [String]
    }

    public var passes: [LoggedPass]
    public var analysis: AnalysisReport.Analysis
    public var differences: [Difference]
    public var countDifferences: [String]

    /// Reads the summary and per-node lines of a verbose ORT log (other lines are ignored).
    public static func parse(_ text: String, path: String) throws(CutlineError) -> [LoggedPass] {
        var passes: [LoggedPass] = []
        var pending: [LoggedNode] = []
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let l = String(line)
            if let r = l.range(of: "Operator type: [") {
                let rest = String(l[r.lowerBound...])
                let fields = bracketed(rest)
                guard fields.count >= 4, let index = Int(fields[1]), let sup = Int(fields[3]) else { continue }
                pending.append(LoggedNode(opType: fields[0], index: index, name: fields[2], supported: sup != 0))
            } else if l.contains("::GetCapability, number of partitions supported by"),
                      let p = number(after: "number of partitions supported by", in: l),
                      let n = number(after: "number of nodes in the graph:", in: l),
                      let s = number(after: "number of nodes supported by", in: l) {
                passes.append(LoggedPass(partitions: p, nodes: n, supported: s, nodeVerdicts: pending))
                pending = []
            }
        }
        guard !passes.isEmpty else {
            throw CutlineError(path: path, problem: "no GetCapability summary line found: run the session with log_severity_level=0 (verbose) and pass its log")
        }
        return passes
    }

    /// The texts between `[` and `]`, in order.
    static func bracketed(_ s: String) -> [String] {
        var out: [String] = []
        var current: String?
        for ch in s {
            if ch == "[" && current == nil { current = "" } else if ch == "]", let c = current { out.append(c); current = nil } else { current?.append(ch) }
        }
        return out
    }

    /// The integer after `label` (past the EP's short name and a colon when the label ends with "by").
    static func number(after label: String, in line: String) -> Int? {
        guard let r = line.range(of: label) else { return nil }
        var rest = line[r.upperBound...]
        if let colon = rest.firstIndex(of: ":"), label.hasSuffix("by") { rest = rest[rest.index(after: colon)...] }
        let digits = rest.drop(while: { $0 == " " }).prefix(while: { $0.isNumber })
        return Int(digits)
    }

    /// Compares the log's first pass (ORT's first GetCapability line) with Cutline's first pass.
    public static func compare(log passes: [LoggedPass], analysis a: AnalysisReport.Analysis) -> LogComparison {
        let first = passes[0]
        let ours = a.passes?.first
        let (partitions, nodes, supported) = ours.map { ($0.partitionCount, $0.nodeCount, $0.supportedNodeCount) }
            ?? (a.partitionCount, a.nodeCount, a.supportedNodeCount)
        let rejected = ours?.unsupportedNodes ?? a.unsupportedNodes
        var counts: [String] = []
        if first.partitions != partitions { counts.append("partitions: EP \(first.partitions), Cutline \(partitions)") }
        if first.nodes != nodes { counts.append("nodes in the graph: EP \(first.nodes), Cutline \(nodes)") }
        if first.supported != supported { counts.append("nodes supported: EP \(first.supported), Cutline \(supported)") }
        if passes.count > 1 || (a.passes?.count ?? 1) > 1 {
            let logged = passes.count, predicted = a.passes?.count ?? 1
            if logged != predicted { counts.append("GetCapability passes: EP \(logged), Cutline \(predicted)") }
        }
        var byName: [String: AnalysisReport.UnsupportedNode] = [:]
        for u in rejected { byName[u.node] = u }
        var diffs: [Difference] = []
        for n in first.nodeVerdicts {
            // A node Cutline does not reject counts as taken (in a partition, or in a trivial group both drop).
            let cutlineRejects = byName[n.key] != nil
            if n.supported != cutlineRejects { continue }
            diffs.append(Difference(node: n.key, opType: n.opType, epSupported: n.supported,
                                    cutlineSupported: !cutlineRejects,
                                    reasons: byName[n.key]?.reasons.map { "\($0.code): \($0.message)" } ?? []))
        }
        if !first.nodeVerdicts.isEmpty {
            let logged = Set(first.nodeVerdicts.map(\.key))
            for u in rejected where !logged.contains(u.node) {
                diffs.append(Difference(node: u.node, opType: u.opType, epSupported: nil, cutlineSupported: false,
                                        reasons: u.reasons.map { "\($0.code): \($0.message)" }))
            }
        }
        return LogComparison(passes: passes, analysis: a, differences: diffs, countDifferences: counts)
    }

    public var agrees: Bool { differences.isEmpty && countDifferences.isEmpty }

    public func text(log: String, model: String) -> String {
        let first = passes[0]
        let a = analysis
        let p0 = a.passes?.first
        var out: [String] = []
        out.append("\(log) against Cutline's prediction for \(model) (\(a.ep), ORT \(a.options.ortVersion)"
            + "\(a.options.coremlVersion.map { ", CoreML \($0)" } ?? "")\(a.options.staticShapes ? ", static shapes" : ""))")
        out.append("  EP log:   \(first.partitions) partitions, \(first.nodes) nodes, \(first.supported) supported"
            + " (\(first.nodeVerdicts.count) per-node lines, \(passes.count) pass\(passes.count == 1 ? "" : "es"))")
        out.append("  Cutline:  \(p0?.partitionCount ?? a.partitionCount) partitions, \(p0?.nodeCount ?? a.nodeCount) nodes, "
            + "\(p0?.supportedNodeCount ?? a.supportedNodeCount) supported (\(a.passes?.count ?? 1) pass\((a.passes?.count ?? 1) == 1 ? "" : "es"))")
        if agrees {
            out.append("  they agree on every count and every node")
            return out.joined(separator: "\n") + "\n"
        }
        for c in countDifferences { out.append("  differs: \(c)") }
        if !differences.isEmpty {
            out.append("  nodes where they differ (\(differences.count))")
            for d in differences {
                let what: String
                switch (d.epSupported, d.cutlineSupported) {
                case (true?, false?): what = "EP takes it, Cutline rejects it"
                case (false?, true?): what = "EP rejects it, Cutline takes it"
                case (nil, _): what = "not in the log, Cutline rejects it"
                default: what = "differs"
                }
                out.append("    \(d.node) (\(d.opType)): \(what)")
                for r in d.reasons { out.append("        \(r)") }
            }
        }
        if first.nodeVerdicts.isEmpty {
            out.append("  note: the log has no per-node lines; only the counts were compared (log at verbose level to see nodes)")
        }
        out.append("  send this output and the model's opset and exporter to the Cutline developers")
        return out.joined(separator: "\n") + "\n"
    }
}
