import Cutline
import CutlineCoverage
import CutlineIR
import CutlinePartition

/// RW3xx: rejected nodes that a known graph rewrite would make supported. One finding per rule, model and EP,
/// naming the nodes and, where it can be computed, the partition count with those nodes supported.
enum RewriteChecks {
    static func run(_ prepared: PreparedModel, _ a: EPAnalysis, settings: LintSettings) -> [Draft] {
        let g = prepared.model.graph
        let order = g.topologicalOrder() ?? g.liveNodeIDs
        let rejected = order.filter { $0.index < a.verdicts.count && !a.verdicts[$0.index].supported }
        let codes = { (n: NodeID) -> Set<String> in Set(a.verdicts[n.index].reasons.map(\.code)) }
        var out: [Draft] = []

        func report(_ code: String, _ nodes: [NodeID], one: String, many: String) {
            guard !nodes.isEmpty else { return }
            let after = partitions(prepared, a, settings: settings, alsoSupported: nodes)
            let effect = after < a.report.partitionCount
                ? "; with \(nodes.count == 1 ? "it" : "them") supported the EP would form \(after) partition\(after == 1 ? "" : "s") instead of \(a.report.partitionCount)"
                : ""
            let names = examples(nodes.map { g.displayName(of: $0) })
            out.append(Draft(code, ep: a.ep, opType: Set(nodes.map { g[$0].opType }).count == 1 ? g[nodes[0]].opType : nil,
                             message: "\(plural(nodes.count, "node")) (\(names)) \(nodes.count == 1 ? one : many)\(effect)"))
        }

        let erf = rejected.filter { g[$0].opType == "Erf" && g[$0].isDefaultDomain }
        report("RW301", erf, one: "computes the exact GELU with Erf, which this EP rejects",
               many: "compute the exact GELU with Erf, which this EP rejects")

        // Nodes that fixed dims would unblock: rejected only for unknown or symbolic dims, or for a shape input
        // computed at run time from a Shape of a dynamic tensor.
        let shapeCodes: Set<String> = ["EP103", "EP104", "EP111"]
        let frozen = rejected.filter { n in
            let c = codes(n)
            guard !c.isEmpty, readsSymbolicDims(g, n) else { return false }
            return c.subtracting(shapeCodes).isEmpty
                || (c.subtracting(shapeCodes) == ["EP108"] && g[n].inputs.compactMap { $0 }.contains { readsShape(g, $0) })
        }
        let dims = symbolicNames(g, frozen)
        // Fixing input dims helps only a graph whose inputs have dims to fix: in a static graph an unknown shape
        // comes from ORT's own inference (an op it infers no shape for), which MD401 reports with its cause.
        let inputsDynamic = g.inputs.contains { v in
            !g[v].isInitializer && (g[v].type?.shape.map { !$0.isStatic } ?? true)
        }
        if inputsDynamic { report("RW302", frozen, one: "is rejected only because of dynamic dims (\(dims))",
               many: "are rejected only because of dynamic dims (\(dims))") }

        report("RW303", rejected.filter { n in
            codes(n).contains("EP108") && g[n].inputs.compactMap { $0 }.contains { v in
                !g.isConstantInitializer(v, irVersion: prepared.model.irVersion) && g[v].producer != nil
                    && constantCone(g, v, irVersion: prepared.model.irVersion)
            }
        }, one: "needs a constant input that is computed from constants only",
           many: "need a constant input that is computed from constants only")

        let contrib = rejected.filter { !g[$0].isDefaultDomain }
        report("RW304", contrib, one: "is a contrib op the EP rejects (\(opCounts(contrib.map { g[$0].qualifiedOpType })))",
               many: "are contrib ops the EP rejects (\(opCounts(contrib.map { g[$0].qualifiedOpType })))")

        report("RW305", rejected.filter { n in
            codes(n).contains("EP107") && g[n].inputs.compactMap { $0 }.contains { g[$0].type?.elementType == .float16 }
        }, one: "computes in float16, which this format rejects", many: "compute in float16, which this format rejects")

        report("RW306", rejected.filter { n in
            g[n].opType == "Gather" && g[n].isDefaultDomain && g[n].input(1).flatMap { g[$0].type?.shape?.rank } == 0
        }, one: "is a Gather with a scalar index", many: "are Gathers with a scalar index")

        report("RW307", rejected.filter { g[$0].opType == "Where" && g[$0].isDefaultDomain },
               one: "is a Where the EP rejects", many: "are Where nodes the EP rejects")
        return out
    }

    /// The partition count if `nodes` were supported too (same EP rules and group filters).
    static func partitions(_ prepared: PreparedModel, _ a: EPAnalysis, settings: LintSettings, alsoSupported nodes: [NodeID]) -> Int {
        let g = prepared.model.graph
        var supported = a.verdicts.map(\.supported)
        if supported.count < g.nodes.count { supported += [Bool](repeating: false, count: g.nodes.count - supported.count) }
        for n in nodes { supported[n.index] = true }
        let version = ORTVersion(settings.analysis.ortVersion) ?? .latest
        let evaluator = CoverageEvaluator(table: a.table, options: CoverageOptions(
            coremlVersion: settings.analysis.coremlVersion, requireStaticInputShapes: settings.analysis.staticShapes,
            enableSubgraphs: settings.analysis.enableSubgraphs, ortVersion: version))
        let filter = GroupFilter(dropTrivialOnly: evaluator.dropsTrivialGroups, dropSingleNodeOps: evaluator.dropSingleNodeOps,
                                 dropConstantInputsOnly: evaluator.dropsConstantInputsOnlyGroups)
        let ir = prepared.model.irVersion
        return Partitioner.partition(g, supported: supported, trivial: a.verdicts.map(\.trivial), filter: filter,
                                     isConstantInitializer: { g.isConstantInitializer($0, irVersion: ir) }).partitionCount
    }

    static func readsSymbolicDims(_ g: Graph, _ n: NodeID) -> Bool {
        g[n].inputs.compactMap { $0 }.contains { v in
            guard let dims = g[v].type?.shape?.dims else { return true }
            return dims.contains { !$0.isStatic }
        }
    }

    /// The graph inputs' symbolic dim names (the ones a free-dimension override can fix), sorted; dims that
    /// inference invented are not nameable by the user.
    static func symbolicNames(_ g: Graph, _ nodes: [NodeID]) -> String {
        var names = Set<String>()
        for v in g.inputs {
            for d in g[v].type?.shape?.dims ?? [] { if case .param(let p) = d { names.insert(p) } }
        }
        return names.isEmpty ? "no named input dims" : "graph input dims " + names.sorted().joined(separator: ", ")
    }

    /// True when `v` is computed (within a bounded search) from a Shape or Size node.
    static func readsShape(_ g: Graph, _ v: ValueID) -> Bool {
        var stack = [v]
        var seen = Set<Int>()
        while let x = stack.popLast() {
            guard seen.insert(x.index).inserted, seen.count <= 256, let p = g[x].producer else { continue }
            if g[p].opType == "Shape" || g[p].opType == "Size" { return true }
            stack += g[p].inputs.compactMap { $0 }
        }
        return false
    }

    /// True when `v` is computed only from initializers (no graph input, no outer-scope value, bounded search).
    static func constantCone(_ g: Graph, _ v: ValueID, irVersion: Int64) -> Bool {
        var stack = [v]
        var seen = Set<Int>()
        while let x = stack.popLast() {
            guard seen.insert(x.index).inserted else { continue }
            if seen.count > 512 { return false }
            let value = g[x]
            if g.isConstantInitializer(x, irVersion: irVersion) { continue }
            guard let p = value.producer, !g[p].hasSubgraphs else { return false }
            stack += g[p].inputs.compactMap { $0 }
        }
        return true
    }
}
