import CutlineIR

/// ORT's RewriteRuleEffect.
enum RuleEffect: Int, Comparable {
    case none = 0, updatedCurrentNode, removedCurrentNode, modifiedRestOfGraph
    static func < (a: RuleEffect, b: RuleEffect) -> Bool { a.rawValue < b.rawValue }
}

/// A Level-1 rewrite rule: a condition checked on one node and a local rewrite (ORT's SatisfyCondition + Apply,
/// fused into one function that returns `.none` when the condition fails).
struct RewriteRule: Sendable {
    let name: String
    /// Op types the rule is registered for (the node's op type only; domains are the rule's business).
    let targets: [String]
    let apply: @Sendable (inout OptGraph, NodeID) -> RuleEffect
}

/// ORT's RuleBasedGraphTransformer "Level1_RuleBasedTransformer": one sweep over the nodes in topological order,
/// applying each registered rule for the node's op type in registration order, stopping at the rule that removes
/// the node; then the same sweep over the node's subgraphs. The transformer manager repeats it.
enum RuleBasedTransformer {
    static let passName = "Level1_RuleBasedTransformer"

    static func level1Rules(_ options: OptimizerOptions) -> [RewriteRule] {
        let b = options.behaviour
        let rules: [RewriteRule?] = [
            EliminationRules.eliminateIdentity, EliminationRules.eliminateSlice, EliminationRules.unsqueezeElimination,
            EliminationRules.eliminateDropout, EliminationRules.expandElimination, EliminationRules.castElimination,
            EliminationRules.preShapeNodeElimination, EliminationRules.noopElimination,
            FusionRules.divMulFusion, FusionRules.fuseReluClip, GemmFusionRules.gemmSumFusion,
            GemmFusionRules.gemmTransposeFusion, b.notWhereFusion ? FusionRules.notWhereFusion : nil,
            ConvFusionRules.convAddFusion, ConvFusionRules.convMulFusion, ConvFusionRules.convBNFusion,
            b.padFusion ? PadFusion.rule : nil, MatmulBNFusion.rule]
        return rules.compactMap { $0 }
    }

    /// Runs one sweep; `log` receives each rule's removed/added nodes under the rule's name.
    static func run(_ og: inout OptGraph, rules: [RewriteRule],
                    log: (String, [String], [String]) -> Void) -> Bool {
        var byOp: [String: [RewriteRule]] = [:]
        for r in rules { for t in r.targets { byOp[t, default: []].append(r) } }
        return sweep(&og, byOp, log)
    }

    private static func sweep(_ og: inout OptGraph, _ byOp: [String: [RewriteRule]],
                              _ log: (String, [String], [String]) -> Void) -> Bool {
        var modified = false
        guard let order = og.editor.topologicalOrder() else { return false }
        for id in candidates(og.graph, order, byOp) {
            guard !og.isRemoved(id) else { continue }
            var effect = RuleEffect.none
            for rule in byOp[og.opType(id)] ?? [] {
                let e = rule.apply(&og, id)
                let changes = og.takeLog()
                log(rule.name, changes.removed, changes.added)
                effect = max(effect, e)
                if e == .removedCurrentNode || og.isRemoved(id) { effect = .removedCurrentNode; break }
            }
            if effect != .none { modified = true }
            if effect != .removedCurrentNode && og.hasSubgraphs(id) {
                if og.recurse(id, { sweep(&$0, byOp, log) }) { modified = true }
                let changes = og.takeLog()
                log(passName, changes.removed, changes.added)
            }
        }
        return modified
    }

    /// The nodes of `order` a sweep acts on: those with a rule for their op type or with subgraphs. Rules neither
    /// change op types nor add subgraphs, so filtering first skips the same nodes the sweep would.
    private static func candidates(_ graph: Graph, _ order: [NodeID], _ byOp: [String: [RewriteRule]]) -> [NodeID] {
        order.filter { byOp[graph.nodes[$0.index].opType] != nil || graph.nodes[$0.index].hasSubgraphs }
    }
}
