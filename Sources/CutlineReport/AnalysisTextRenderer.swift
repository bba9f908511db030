import CutlineCost
import Foundation

/// The text report of `cutline analyze`: readable in ten seconds — one summary line per EP in the form of ORT's
/// own log line, then per EP the partition table, the cut-makers ranked, the reasons grouped by code, and what to
/// try next.
public enum AnalysisTextRenderer {
    public static func render(_ r: AnalysisReport, remedies: [String: String] = [:]) -> String {
        var out: [String] = []
        let g = r.graph
        out.append("\(r.model): \(g.nodesAsWritten) nodes as written, \(g.nodesSeenByEP) as the EP sees them"
            + (g.optimization == "none" ? " (ORT \(g.ortVersion), no graph optimizations simulated)"
                                        : " (after ORT \(g.ortVersion)'s \(g.optimization) optimizations)"))
        if g.valuesWithoutShape > 0 {
            let values = g.valuesWithoutShape == 1 ? "1 value has" : "\(g.valuesWithoutShape) values have"
            out.append("note: \(values) no inferred shape; nodes reading them are rejected as ORT would (see `cutline inspect --shapes`)")
        }
        out.append("")
        // Summary table.
        let epw = max(2, r.analyses.map(\.ep.count).max() ?? 0)
        let counts = r.analyses.map { "\($0.supportedNodeCount) / \($0.nodeCount)" }
        // The column grows with the counts, so "100000 / 100000" is never cut short; percentages right-align
        // under "coverage".
        let supw = max(13, counts.map(\.count).max() ?? 0)
        out.append("  " + "EP".padding(toLength: epw, withPad: " ", startingAt: 0) + "  partitions  "
            + "supported".padding(toLength: supw + 2, withPad: " ", startingAt: 0) + "coverage")
        for (a, sup) in zip(r.analyses, counts) {
            out.append("  " + a.ep.padding(toLength: epw, withPad: " ", startingAt: 0)
                + leftPad(String(a.partitionCount), 12) + "  " + sup.padding(toLength: supw + 2, withPad: " ", startingAt: 0)
                + leftPad(percent(a.coverage), 8))
        }
        for a in r.analyses {
            out.append("")
            out.append(contentsOf: section(a, remedies: remedies))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// "with ORT 1.32 (the latest) the answer differs: 95 of 100 nodes in 2 partitions (1 fewer partition, 5 more
    /// nodes taken than with ORT 1.20)".
    static func latestLine(_ a: AnalysisReport.Analysis, _ l: AnalysisReport.VersionComparison) -> String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        var changes: [String] = []
        let dp = l.partitionCount - a.partitionCount
        if dp != 0 { changes.append("\(abs(dp)) \(dp < 0 ? "fewer" : "more") partition\(abs(dp) == 1 ? "" : "s")") }
        let ds = l.supportedNodeCount - a.supportedNodeCount
        if ds != 0 { changes.append("\(abs(ds)) \(ds > 0 ? "more" : "fewer") node\(abs(ds) == 1 ? "" : "s") taken") }
        let dn = l.nodeCount - a.nodeCount
        if dn != 0 { changes.append("\(abs(dn)) \(dn > 0 ? "more" : "fewer") node\(abs(dn) == 1 ? "" : "s") in the graph") }
        let from = l.sinceVersion == l.ortVersion ? "with ORT \(l.ortVersion) (the latest)" : "with ORT ≥ \(l.sinceVersion) (as with \(l.ortVersion), the latest)"
        return "\(from) the answer differs: \(l.supportedNodeCount) of \(l.nodeCount) nodes in "
            + "\(count(l.partitionCount, "partition")) (\(changes.joined(separator: ", ")) than with ORT \(a.options.ortVersion))"
    }

    static func section(_ a: AnalysisReport.Analysis, remedies: [String: String]) -> [String] {
        var out: [String] = []
        out.append("── \(a.ep) " + String(repeating: "─", count: max(0, 60 - a.ep.count)))
        out.append(contentsOf: a.notes.map { "  note: \($0)" })
        for problem in a.sessionProblems ?? [] {
            out.append("  error: ONNX Runtime will not create this session: \(problem)")
        }
        out.append("  " + logLine(a))
        if let l = a.latestORT { out.append("  " + latestLine(a, l)) }
        if let passes = a.passes {
            out.append(contentsOf: passLines(passes, a))
        }
        if let e = a.estimate {
            out.append(contentsOf: wrap(e.summaryParagraph(), width: 100).map { "  " + $0 })
        }
        if let sw = a.sweep, !sw.points.isEmpty {
            out.append("  sweep over \(sw.dim) (estimate only; throughput counts \(sw.dim) per second)")
            let rows = sw.points.map { p in
                [String(p.value), Estimate.ms(p.cpuOnlyMs), "\(Estimate.ms(p.withEpMs)) (\(Estimate.ms(p.withEpLowMs))–\(Estimate.ms(p.withEpHighMs)))",
                 String(format: "%.1f", p.cpuPerSecond), String(format: "%.1f", p.epPerSecond), p.verdict]
            }
            let head = [sw.dim, "CPU", "CoreML EP (range)", "CPU/s", "EP/s", "verdict"]
            let widths = head.indices.map { i in max(head[i].count, rows.map { $0[i].count }.max() ?? 0) }
            for row in [head] + rows {
                out.append("    " + row.indices.map { i in
                    i == row.count - 1 ? row[i] : (i == 2 ? row[i].padding(toLength: widths[i], withPad: " ", startingAt: 0) : leftPad(row[i], widths[i]))
                }.joined(separator: "  "))
            }
        }
        if a.partitions.isEmpty {
            out.append("  no partitions: every node runs on the CPU")
        } else {
            out.append("  partitions")
            for p in a.partitions {
                let ops = p.opTypes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                    .prefix(5).map { "\($0.key)×\($0.value)" }.joined(separator: " ")
                let more = p.opTypes.count > 5 ? " …" : ""
                out.append("    #\(p.index)  \(leftPad(String(p.nodeCount), 4)) nodes  \(ops)\(more)")
                out.append("          in:  " + tensors(p.inputs))
                out.append("          out: " + tensors(p.outputs))
            }
        }
        for sub in a.subgraphs ?? [] {
            out.append("  subgraph \(sub.path): \(sub.partitionCount) partition\(sub.partitionCount == 1 ? "" : "s"), \(sub.supportedNodeCount) of \(sub.nodeCount) nodes supported")
        }
        if !a.droppedTrivialNodes.isEmpty {
            out.append("  \(a.droppedTrivialNodes.count) supported nodes stay on the CPU because their group held only trivial ops (Cast, Reshape, Transpose, …)")
        }
        if !a.cutMakers.isEmpty {
            out.append("  cut-makers (what supporting each op would leave)")
            for c in a.cutMakers.prefix(8) {
                let saved = a.partitionCount - c.partitionsIfSupported
                let effect = saved > 0 ? "costs \(saved) partition\(saved == 1 ? "" : "s")"
                    : (saved == 0 ? "no change in partitions" : "would add \(-saved) partition\(saved == -1 ? "" : "s")")
                let label = c.scope == "node" ? "\(c.nodes.first ?? c.opType) (\(c.opType))" : "\(c.opType) ×\(c.nodes.count)"
                out.append("    \(label)".padding(toLength: max(30, label.count + 6), withPad: " ", startingAt: 0)
                    + "\(a.partitionCount) → \(c.partitionsIfSupported)  \(effect)")
            }
        }
        if !a.unsupportedNodes.isEmpty {
            out.append("  why nodes stay on the CPU")
            var byCode: [String: (message: String, nodes: [String], ops: [String: Int])] = [:]
            for n in a.unsupportedNodes {
                for reason in n.reasons {
                    // Updated in place: a copied entry shares its node list, and appending would copy the list
                    // every time (quadratic in the nodes with one code).
                    byCode[reason.code, default: (reason.message, [], [:])].nodes.append(n.node)
                    byCode[reason.code, default: (reason.message, [], [:])].ops[n.opType, default: 0] += 1
                }
            }
            for code in byCode.keys.sorted() {
                guard let e = byCode[code] else { continue }
                let ops = e.ops.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                    .map { "\($0.key)×\($0.value)" }.joined(separator: " ")
                out.append("    \(code)  \(e.nodes.count) node\(e.nodes.count == 1 ? "" : "s"): \(ops)")
                out.append("           e.g. \(e.nodes[0]): \(e.message)")
                if let help = remedies[code] { out.append("           help: \(help)") }
            }
        }
        return out
    }

    /// ORT's other GetCapability passes: its look before inlining local functions, and the passes after it
    /// inlined function ops no EP took; then the final count over the passes that assign nodes.
    static func passLines(_ passes: [AnalysisReport.Pass], _ a: AnalysisReport.Analysis) -> [String] {
        var out: [String] = []
        for p in passes where p.kind != "partition" {
            let what = p.kind == "inline-functions-aot"
                ? "before inlining local functions ORT asks the EP about the graph as loaded (nothing is assigned)"
                : "after inlining \(examples(p.inlined)) (no CPU kernel) ORT asks again"
            out.append("  \(what): \(p.partitionCount) partition\(p.partitionCount == 1 ? "" : "s"), "
                + "\(p.supportedNodeCount) of \(p.nodeCount) nodes")
        }
        if let fp = a.finalPartitionCount, let fs = a.finalSupportedNodeCount, passes.contains(where: { $0.kind == "after-inlining" }) {
            out.append("  in all: \(fp) partition\(fp == 1 ? "" : "s"), \(fs) nodes on the EP")
        }
        return out
    }

    static func examples(_ names: [String]) -> String {
        names.count <= 3 ? names.joined(separator: ", ") : names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more"
    }

    /// ORT's own summary line, as its CoreML EP logs it.
    public static func logLine(_ a: AnalysisReport.Analysis) -> String {
        let ep: String
        if a.ep.hasPrefix("coreml") { ep = "CoreML" } else if a.ep == "nnapi" { ep = "NNAPI" } else { ep = a.ep }
        let cls = ep == "CoreML" ? "CoreMLExecutionProvider" : (ep == "NNAPI" ? "NnapiExecutionProvider" : ep)
        return "\(cls)::GetCapability, number of partitions supported by \(ep): \(a.partitionCount) number of nodes in the graph: \(a.nodeCount) number of nodes supported by \(ep): \(a.supportedNodeCount)"
    }

    static func tensors(_ ts: [AnalysisReport.TensorRef]) -> String {
        if ts.isEmpty { return "(none)" }
        let shown = ts.prefix(4).map { t -> String in
            // A derived symbolic dim can be a long expression (floor(floor(height/2 - 1/2)/2) + 1): the text report
            // shows it as `?` so a line stays readable; the JSON report keeps it whole.
            let shape = t.shape.map { "[" + $0.map { $0.text.count > 24 ? "?" : $0.text }.joined(separator: ",") + "]" } ?? "[?]"
            let bytes = t.bytes.map { " " + formatBytes($0) } ?? ""
            return "\(t.name) \(t.dtype ?? "?")\(shape)\(bytes)"
        }
        return shown.joined(separator: ", ") + (ts.count > 4 ? ", … (\(ts.count) in all)" : "")
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    static func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
    static func leftPad(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
}
