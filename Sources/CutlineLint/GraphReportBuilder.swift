import Cutline
import CutlineCost
import CutlineIR
import CutlineReport

/// Builds the `GraphReport` behind `cutline analyze --format html|dot`: the same analysis as the text report, plus a
/// layered layout of the main graph (computed here so the output is deterministic) and the cost estimates.
public enum GraphReportBuilder {
    public static func build(path: String, options: AnalyzeOptions) throws(CutlineError) -> GraphReport {
        var options = options
        options.rules = .full
        let prepared = try Analyzer.prepare(path: path, options: options)
        var analyses: [EPAnalysis] = []
        for ep in options.effectiveEPs { analyses.append(try Analyzer.analyze(prepared, ep: ep, options: options)) }
        let g = prepared.model.graph
        let order = g.topologicalOrder() ?? g.liveNodeIDs
        var position = [Int](repeating: -1, count: g.nodes.count)
        for (i, id) in order.enumerated() { position[id.index] = i }

        var edges: [GraphReport.Edge] = []
        var preds = [[Int]](repeating: [], count: order.count)
        for (i, id) in order.enumerated() {
            var seen = Set<Int>()
            for v in g[id].inputs.compactMap({ $0 }) {
                guard let p = g[v].producer, position[p.index] >= 0, seen.insert(position[p.index]).inserted else { continue }
                edges.append(.init(from: position[p.index], to: i))
                preds[i].append(position[p.index])
            }
            for v in g.implicitInputs(of: id) {
                guard let p = g[v].producer, position[p.index] >= 0, seen.insert(position[p.index]).inserted else { continue }
                edges.append(.init(from: position[p.index], to: i))
                preds[i].append(position[p.index])
            }
        }
        let (layers, slots) = layout(preds)
        let nodes = order.enumerated().map { i, id in
            GraphReport.Node(name: g.displayName(of: id), opType: g[id].opType, layer: layers[i], slot: slots[i])
        }
        let placements = analyses.map { a in
            var part = [Int](repeating: -1, count: order.count)
            var dropped = [Bool](repeating: false, count: order.count)
            for p in a.partitions.partitions { for n in p.nodes where position[n.index] >= 0 { part[position[n.index]] = p.index } }
            for d in a.partitions.dropped { for n in d.nodes where position[n.index] >= 0 { dropped[position[n.index]] = true } }
            return GraphReport.Placement(ep: a.ep, partition: part, dropped: dropped)
        }
        let estimates = analyses.map { a -> GraphReport.EstimateSummary? in
            guard let e = a.report.estimate else { return nil }
            return .init(profile: e.profile, cpuOnlyMs: e.cpuOnlyMs, withEpMs: e.withEpMs, verdict: e.verdict.rawValue,
                         paragraph: e.summaryParagraph(),
                         contributors: e.contributors.map { .init(kind: $0.kind, label: $0.label, ms: $0.ms) })
        }
        let report = AnalysisReport(
            model: path,
            graph: .init(nodesAsWritten: prepared.nodesAsWritten, nodesSeenByEP: g.liveNodeCount,
                         optimization: options.optimization.rawValue,
                         valuesWithoutShape: prepared.shapeReport.unknowns.filter { $0.graphPath == "main" }.count,
                         ortVersion: options.ortVersion),
            analyses: analyses.map(\.report))
        return GraphReport(analysis: report, nodes: nodes, edges: edges, placements: placements, estimates: estimates)
    }

    /// Layer = longest path from a source; slots ordered by the mean slot of the predecessors (one sweep), ties by
    /// topological position. `preds` is indexed by topological position and only points backwards.
    static func layout(_ preds: [[Int]]) -> (layers: [Int], slots: [Int]) {
        var layer = [Int](repeating: 0, count: preds.count)
        for i in preds.indices { for p in preds[i] { layer[i] = max(layer[i], layer[p] + 1) } }
        var slot = [Int](repeating: 0, count: preds.count)
        var byLayer: [Int: [Int]] = [:]
        for i in preds.indices { byLayer[layer[i], default: []].append(i) }
        for l in byLayer.keys.sorted() {
            guard let members = byLayer[l] else { continue }
            let keyed = members.map { i -> (Double, Int) in
                let ps = preds[i]
                let mean = ps.isEmpty ? Double(i) : Double(ps.map { slot[$0] }.reduce(0, +)) / Double(ps.count)
                return (mean, i)
            }.sorted { $0 < $1 }
            for (s, k) in keyed.enumerated() { slot[k.1] = s }
        }
        return (layer, slot)
    }
}
