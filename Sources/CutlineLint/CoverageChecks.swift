import Cutline
import CutlineIR

/// EP1xx: one finding per rejected node and reason code, straight from the coverage verdicts; EP120 for supported
/// nodes the EP gave back because their group held only trivial ops.
enum CoverageChecks {
    static func run(_ prepared: PreparedModel, _ a: EPAnalysis) -> [Draft] {
        let g = prepared.model.graph
        var out: [Draft] = []
        for id in g.topologicalOrder() ?? g.liveNodeIDs where id.index < a.verdicts.count && !a.verdicts[id.index].supported {
            var seen = Set<String>()
            for r in a.verdicts[id.index].reasons where seen.insert(r.code).inserted {
                out.append(Draft(r.code, ep: a.ep, node: g.displayName(of: id), opType: g[id].opType, message: r.message,
                                 help: r.remedy.isEmpty ? nil : r.remedy))
            }
        }
        for group in a.partitions.dropped {
            for id in group.nodes {
                out.append(Draft("EP120", ep: a.ep, node: g.displayName(of: id), opType: g[id].opType,
                                 message: "\(g[id].opType) is supported, but its group of \(plural(group.nodes.count, "node")) was dropped (\(group.cause.rawValue)), so it runs on the CPU"))
            }
        }
        return out
    }
}
