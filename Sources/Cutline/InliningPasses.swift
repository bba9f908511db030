import CutlineCoverage
import CutlineIR
import CutlineOptimizer
import CutlinePartition
import CutlineReport
import CutlineShapes

/// ORT's partitioner repeats: after every EP has claimed what it takes, it inlines the nodes none claimed whose op
/// is a function with no CPU kernel (HardSwish, Mish, Bernoulli, CastLike at the versions `SchemaFunctionExpansion`
/// lists), resolves the graph and asks the EPs again (`GraphPartitioner::Partition`, `InlineNodes`). The partitions
/// the EP took before are fused nodes by then: they count as nodes of the graph and split groups like any node the
/// EP does not take. Checked against the real EP's passes in fixtures/oracle (HardSwish + Bernoulli, Mish).
enum InliningPasses {
    /// The passes after the first; empty when nothing is left to inline.
    static func after(first result: PartitionResult, prepared: PreparedModel, evaluator: CoverageEvaluator,
                      filter: GroupFilter) -> [AnalysisReport.Pass] {
        // Most graphs have no function op to inline (found once per model by `prepare`).
        guard !prepared.inlinableNodes.isEmpty else { return [] }
        var model = prepared.model
        var claimed = Set<NodeID>()
        for p in result.partitions { claimed.formUnion(p.nodes) }
        var passes: [AnalysisReport.Pass] = []
        // What the last pass took, fused before the next one (its nodes are then gone from the graph).
        var toFuse = result.partitions
        for _ in 0..<8 {
            let opset = model.opsetVersion(for: "") ?? 0
            let g = model.graph
            let toInline = g.liveNodeIDs.filter {
                !claimed.contains($0) && SchemaFunctionExpansion.isExpandable(g[$0], opset: opset)
            }
            guard !toInline.isEmpty else { break }
            let inlinedNames = toInline.map { g.displayName(of: $0) }
            fuse(&model, partitions: toFuse, claimed: &claimed)
            SchemaFunctionExpansion.expand(&model, nodes: toInline)
            _ = ShapeInference.infer(&model, options: .ortSession)
            let graph = model.graph
            let since = resolveSinceVersions(model: model, graph: graph)
            let order = graph.topologicalOrder()
            var verdicts = evaluator.evaluate(graph, order: order, irVersion: model.irVersion, sinceVersions: since,
                                              storage: model.storage)
            let rejected = AnalysisReportBuilder.unsupportedNodes(graph, order: order ?? graph.liveNodeIDs,
                                                                  verdicts: verdicts, skipping: claimed)
            for id in claimed where id.index < verdicts.count { verdicts[id.index].supported = false }
            let irVersion = model.irVersion
            let pass = Partitioner.partition(graph, order: order, supported: verdicts.map(\.supported),
                                             trivial: verdicts.map(\.trivial), filter: filter,
                                             isConstantInitializer: { graph.isConstantInitializer($0, irVersion: irVersion) })
            passes.append(AnalysisReport.Pass(
                kind: "after-inlining", nodeCount: pass.nodeCount, supportedNodeCount: pass.supportedNodeCount,
                partitionCount: pass.partitionCount, inlined: inlinedNames,
                partitions: AnalysisReportBuilder.partitions(graph, pass), unsupportedNodes: rejected))
            for p in pass.partitions { claimed.formUnion(p.nodes) }
            toFuse = pass.partitions
        }
        return passes
    }

    /// ORT's ahead-of-time inlining asks the EPs about the graph as loaded (Constant nodes already initializers,
    /// calls to model-local functions not yet inlined) to learn which calls they claim; the CoreML EP claims none,
    /// so every call is inlined and nothing of this pass is assigned (`GraphPartitioner::InlineFunctionsAOT`).
    static func aheadOfTime(_ aot: Model, evaluator: CoverageEvaluator, filter: GroupFilter) -> AnalysisReport.Pass {
        let graph = aot.graph
        let order = graph.topologicalOrder()
        let verdicts = evaluator.evaluate(graph, order: order, irVersion: aot.irVersion,
                                          sinceVersions: resolveSinceVersions(model: aot, graph: graph), storage: aot.storage)
        let irVersion = aot.irVersion
        let pass = Partitioner.partition(graph, order: order, supported: verdicts.map(\.supported),
                                         trivial: verdicts.map(\.trivial), filter: filter,
                                         isConstantInitializer: { graph.isConstantInitializer($0, irVersion: irVersion) })
        return AnalysisReport.Pass(
            kind: "inline-functions-aot", nodeCount: pass.nodeCount, supportedNodeCount: pass.supportedNodeCount,
            partitionCount: pass.partitionCount, inlined: [], partitions: AnalysisReportBuilder.partitions(graph, pass),
            unsupportedNodes: AnalysisReportBuilder.unsupportedNodes(graph, order: order ?? graph.liveNodeIDs, verdicts: verdicts))
    }

    /// Whether ORT's ahead-of-time inlining looks at this model: it has local functions and its main graph calls one.
    static func hasAheadOfTimePass(_ model: Model) -> Bool {
        guard !model.functions.isEmpty else { return false }
        let g = model.graph
        return g.liveNodeIDs.contains { model.function(domain: g[$0].domain, name: g[$0].opType, overload: g[$0].overload) != nil }
    }

    /// Replaces each partition's nodes by one node standing for the compiled partition, as ORT fuses them.
    static func fuse(_ model: inout Model, partitions: [Partition], claimed: inout Set<NodeID>) {
        var e = GraphEditor(model.graph)
        for p in partitions {
            for n in p.nodes { e.removeNode(n, removeOutputs: false) }
            let fused = Node(name: e.uniqueNodeName("CoreML_fused_\(p.index)"), opType: "FusedPartition", domain: "cutline.fused")
            if let id = try? e.addNode(fused, inputs: p.inputs.map(\.value), outputs: p.outputs.map(\.value)) {
                claimed.insert(id)
            }
        }
        model.graph = e.graph
    }
}
