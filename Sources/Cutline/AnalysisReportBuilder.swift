import CutlineCoverage
import CutlineIR
import CutlinePartition
import CutlineReport

/// Turns graph-level results into the plain report values the renderers see (names, not IDs).
enum AnalysisReportBuilder {
    static func analysis(ep: String, graph: Graph, order: [NodeID]? = nil, verdicts: [Verdict], result: PartitionResult,
                         cutMakers: [CutMaker], options: AnalysisReport.Options, notes: [String]) -> AnalysisReport.Analysis {
        let order = order ?? graph.topologicalOrder() ?? graph.liveNodeIDs
        let partitions = partitions(graph, result)
        let unsupported = unsupportedNodes(graph, order: order, verdicts: verdicts)
        let dropped = result.dropped.flatMap { $0.nodes }.map { graph.displayName(of: $0) }
        let cuts = cutMakers.map {
            AnalysisReport.CutMaker(scope: $0.scope.rawValue, opType: $0.opType,
                                    nodes: $0.nodes.map { graph.displayName(of: $0) },
                                    partitionsIfSupported: $0.partitionsIfSupported)
        }
        let n = result.nodeCount
        return AnalysisReport.Analysis(
            ep: ep, options: options, nodeCount: n, supportedNodeCount: result.supportedNodeCount,
            partitionCount: result.partitionCount,
            coverage: n == 0 ? 0 : Double(result.supportedNodeCount) / Double(n),
            partitions: partitions, unsupportedNodes: unsupported, cutMakers: cuts, droppedTrivialNodes: dropped,
            notes: notes)
    }

    /// The nodes whose verdict is unsupported, in `order`, with their reasons; `skipping` are left out (the fused
    /// partitions of an earlier pass).
    static func unsupportedNodes(_ graph: Graph, order: [NodeID], verdicts: [Verdict],
                                 skipping: Set<NodeID> = []) -> [AnalysisReport.UnsupportedNode] {
        var out: [AnalysisReport.UnsupportedNode] = []
        for id in order where id.index < verdicts.count && !verdicts[id.index].supported && !skipping.contains(id) {
            out.append(.init(node: graph.displayName(of: id), opType: graph[id].opType,
                             reasons: verdicts[id.index].reasons.map { .init(code: $0.code, message: $0.message) }))
        }
        return out
    }

    static func partitions(_ graph: Graph, _ result: PartitionResult) -> [AnalysisReport.Partition] {
        result.partitions.map { p in
            AnalysisReport.Partition(
                index: p.index, nodeCount: p.nodes.count, nodes: p.nodes.map { graph.displayName(of: $0) },
                opTypes: p.opTypes, inputs: p.inputs.map(tensorRef), outputs: p.outputs.map(tensorRef))
        }
    }

    static func tensorRef(_ b: BoundaryTensor) -> AnalysisReport.TensorRef {
        AnalysisReport.TensorRef(name: b.name, dtype: b.dataType?.name, shape: jsonShape(b.shape.map { .tensor(.undefined, $0) }),
                                 bytes: b.bytes)
    }
}
