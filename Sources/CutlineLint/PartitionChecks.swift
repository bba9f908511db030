import Cutline
import CutlineCost
import CutlineIR
import CutlineReport

/// PT2xx: the partition count and coverage against thresholds, CPU islands between partitions, large boundary
/// tensors, and what the cost estimate says.
enum PartitionChecks {
    static func run(_ prepared: PreparedModel, _ a: EPAnalysis, estimate: Estimate?, settings: LintSettings) -> [Draft] {
        var out: [Draft] = []
        let r = a.report
        if let max = settings.maxPartitions, r.partitionCount > max {
            let top = r.cutMakers.first.map { c in
                " (supporting \(c.scope == "node" ? (c.nodes.first ?? c.opType) : "every \(c.opType)") would leave \(c.partitionsIfSupported))"
            } ?? ""
            out.append(Draft("PT201", ep: a.ep, message: "\(r.partitionCount) partitions, more than the maximum \(max)\(top)"))
        }
        if let min = settings.minCoverage, r.coverage * 100 < min {
            out.append(Draft("PT202", ep: a.ep, message: String(
                format: "%d of %d nodes supported (%.1f%%), below the minimum %@%%", r.supportedNodeCount, r.nodeCount,
                r.coverage * 100, number(min))))
        }
        out += islands(prepared.model.graph, a)
        out += largeBoundaries(prepared.model.graph, a, limitMiB: settings.maxBoundaryMiB)
        if let e = estimate {
            if e.verdict == .cpu && e.partitions > 0 {
                out.append(Draft("PT205", ep: a.ep, message: String(
                    format: "estimated %.3f ms per run with the EP against %.3f ms on the CPU alone (device profile '%@')",
                    e.withEpMs, e.cpuOnlyMs, e.profile)))
            }
            let overhead = e.dispatchOverheadMs + e.transferMs
            if let max = settings.maxOverheadMs, overhead > max {
                out.append(Draft("PT206", ep: a.ep, message: String(
                    format: "estimated EP overhead %.3f ms per run (dispatch %.3f ms over %d partitions, boundary copies %.3f ms), above the maximum %@ ms (device profile '%@')",
                    overhead, e.dispatchOverheadMs, e.partitions, e.transferMs, number(max), e.profile)))
            }
        }
        return out
    }

    /// Connected runs of CPU nodes fed by a partition and feeding a partition.
    static func islands(_ g: Graph, _ a: EPAnalysis) -> [Draft] {
        let order = g.topologicalOrder() ?? g.liveNodeIDs
        var partitionOf = [Int?](repeating: nil, count: g.nodes.count)
        for p in a.partitions.partitions { for n in p.nodes { partitionOf[n.index] = p.index } }
        let isCPU = { (n: NodeID) -> Bool in partitionOf[n.index] == nil }
        // Union-find over CPU nodes joined by data edges.
        var parent = Array(0..<g.nodes.count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        for id in order where isCPU(id) {
            for v in g[id].inputs.compactMap({ $0 }) {
                if let p = g[v].producer, isCPU(p) { parent[find(id.index)] = find(p.index) }
            }
        }
        var members: [Int: [NodeID]] = [:]
        var rootsInOrder: [Int] = []
        for id in order where isCPU(id) {
            let r = find(id.index)
            if members[r] == nil { rootsInOrder.append(r) }
            members[r, default: []].append(id)
        }
        var out: [Draft] = []
        for root in rootsInOrder {
            guard let nodes = members[root] else { continue }
            var from = Set<Int>(), to = Set<Int>()
            for id in nodes {
                for v in g[id].inputs.compactMap({ $0 }) {
                    if let p = g[v].producer, let part = partitionOf[p.index] { from.insert(part) }
                }
                for v in g[id].outputs.compactMap({ $0 }) {
                    for u in g[v].uses { if let part = partitionOf[u.node.index] { to.insert(part) } }
                    for u in g[v].implicitUses { if let part = partitionOf[u.index] { to.insert(part) } }
                }
            }
            guard !from.isEmpty, !to.isEmpty else { continue }
            let ops = nodes.map { g[$0].opType }
            let fromText = from.sorted().map { "#\($0)" }.joined(separator: ", ")
            let toText = to.sorted().map { "#\($0)" }.joined(separator: ", ")
            out.append(Draft("PT203", ep: a.ep, node: g.displayName(of: nodes[0]), opType: g[nodes[0]].opType, message:
                "\(plural(nodes.count, "CPU node")) (\(opCounts(ops))) between partition\(from.count == 1 ? "" : "s") \(fromText) and \(toText): data leaves the EP and comes back"))
        }
        return out
    }

    /// Partition inputs and outputs at least `limitMiB` large that cross to or from a CPU node (graph inputs and
    /// outputs cross in any case and are not reported).
    static func largeBoundaries(_ g: Graph, _ a: EPAnalysis, limitMiB: Double) -> [Draft] {
        let limit = Int64(limitMiB * 1024 * 1024)
        var out: [Draft] = []
        for p in a.partitions.partitions {
            for (t, dir) in p.inputs.map({ ($0, "enters") }) + p.outputs.map({ ($0, "leaves") }) {
                guard let bytes = t.bytes, bytes >= limit, limit > 0 || bytes > 0 else { continue }
                let v = g[t.value]
                if v.isGraphInput || (dir == "leaves" && v.isGraphOutput && v.uses.isEmpty) { continue }
                let shape = t.shape.map(\.description) ?? "[?]"
                out.append(Draft("PT204", ep: a.ep, tensor: t.name, message:
                    "\(t.name) \(t.dataType?.name ?? "?")\(shape) (\(formatBytes(bytes))) \(dir) partition #\(p.index) on every call"))
            }
        }
        return out
    }

    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}
