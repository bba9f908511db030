/// Graphviz DOT: one digraph per EP, one cluster per partition, CPU nodes outside any cluster, coloured as in the
/// HTML report. Node ids are topological positions, so the output is deterministic.
public enum DOTRenderer {
    public static func render(_ r: GraphReport) -> String {
        var out: [String] = []
        for (k, p) in r.placements.enumerated() {
            let a = k < r.analysis.analyses.count ? r.analysis.analyses[k] : nil
            out.append("digraph \(quote("\(r.analysis.model) \(p.ep)")) {")
            out.append("  graph [rankdir=LR, fontname=\"Helvetica\", label=\(quote("\(r.analysis.model) · \(p.ep) · \(a?.partitionCount ?? 0) partitions")), labelloc=t];")
            out.append("  node [shape=box, style=\"filled,rounded\", fontname=\"Helvetica\", fontsize=10, fontcolor=white];")
            out.append("  edge [color=\"#9aa4b2\"];")
            var byPartition: [Int: [Int]] = [:]
            var cpu: [Int] = []
            for i in r.nodes.indices {
                if p.partition[i] >= 0 { byPartition[p.partition[i], default: []].append(i) } else { cpu.append(i) }
            }
            for part in byPartition.keys.sorted() {
                guard let members = byPartition[part] else { continue }
                out.append("  subgraph cluster_p\(part) {")
                out.append("    label=\(quote("partition #\(part) (\(members.count) nodes)")); style=\"rounded\"; color=\(quote(HTMLRenderer.palette[part % HTMLRenderer.palette.count]));")
                for i in members { out.append("    " + node(r, i, color: HTMLRenderer.color(partition: part, dropped: false))) }
                out.append("  }")
            }
            for i in cpu { out.append("  " + node(r, i, color: HTMLRenderer.color(partition: -1, dropped: p.dropped[i]))) }
            for e in r.edges { out.append("  n\(e.from) -> n\(e.to);") }
            out.append("}")
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func node(_ r: GraphReport, _ i: Int, color: String) -> String {
        let n = r.nodes[i]
        return "n\(i) [label=\(quote("\(n.opType)\n\(n.name)")), fillcolor=\(quote(color))];"
    }

    /// A DOT quoted string: backslashes and quotes escaped, newlines as `\n`.
    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
