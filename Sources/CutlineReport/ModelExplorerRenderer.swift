/// `cutline analyze --format model-explorer`: node data for Google's Model Explorer (the `GraphNodeData` JSON of its
/// `node_data_builder`: `results` keyed by node id, each a numeric `value` and a `bgColor`), loaded next to the model
/// to colour the graph by partition. Values: partition index + 1 for nodes the EP takes, 0 for CPU fallback, -1 for
/// nodes the EP supports that still fell back to the CPU (dropped with a trivial-only group). Colours are the HTML
/// report's. Keys are node names of the graph as the EP sees it (after ORT's basic optimizations, as in every other
/// report), so a node fused away by the optimizer has no entry. One EP per file: the first one analysed.
public enum ModelExplorerRenderer {
    public static func render(_ g: GraphReport) throws -> String {
        guard let placement = g.placements.first else { return try JSONRendering.render(Data(name: "cutline", results: [:], thresholds: [])) }
        var results: [String: Result] = [:]
        for (i, node) in g.nodes.enumerated() {
            let p = placement.partition[i], dropped = placement.dropped[i]
            let value = p >= 0 ? p + 1 : (dropped ? -1 : 0)
            results[node.name] = Result(value: value, bgColor: HTMLRenderer.color(partition: p, dropped: dropped),
                                        textColor: p >= 0 || dropped ? "#1d2330" : "#ffffff")
        }
        let count = g.analysis.analyses.first?.partitionCount ?? 0
        let name = "cutline \(placement.ep): \(count) partition\(count == 1 ? "" : "s"), 0 = CPU"
        return try JSONRendering.render(Data(name: name, results: results, thresholds: []))
    }

    struct Data: Encodable {
        var name: String
        var results: [String: Result]
        /// Empty: every result carries its own colour.
        var thresholds: [Int]
    }

    struct Result: Encodable {
        var value: Int
        var bgColor: String
        var textColor: String
    }
}
