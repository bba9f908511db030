import CutlineIR
import Foundation

/// Reproduces `python -m onnxruntime.tools.check_onnx_model_mobile_usability` (onnxruntime 1.19 … 1.32; the
/// checker's code is the same in all of them, its tables differ and are selected by `ortVersion`): op-type
/// membership in the checker's markdown tables, its fixed-size-input first pass (or the shape-blind second pass),
/// rank ≤ 5 for CoreML only on values with value info, no per-op conditions, no trivial-group drop, and subgraph
/// nodes and partitions added to the totals. Run it on the graph ORT's basic optimizer produced, after shape
/// inference, as the checker does.
public enum ORTCheckerRules {
    public enum EP: String, CaseIterable, Hashable, Sendable {
        case nnapi, coremlNeuralNetwork, coremlMLProgram
        var maxRank: Int { self == .nnapi ? 999 : 5 }
    }

    public enum Suitability: String, Hashable, Sendable { case NO, MAYBE, YES }

    /// What the checker's `PartitioningInfo` holds after one pass.
    public struct PassResult: Hashable, Sendable {
        public var partitions: Int
        public var supportedNodes: Int
        public var totalNodes: Int
        /// `domain:op` keys, sorted.
        public var unsupportedOps: [String]
        public var nodesUnsupportedDueToOp: Int
        public var nodesUnsupportedDueToDynamicInput: Int
        public var nodesUnsupportedDueToRank: Int
        public var opsWithUnsupportedRank: [String]
        public var partitionSizes: [Int]
        public var partitionOps: [[String: Int]]
        public var subgraphCount: Int
        public var nodesInSubgraphs: Int
        public var caveats: [String]
        /// Per graph path, which node indexes were unsupported and why (EP100 op, EP122 shape, EP106 rank).
        public var unsupported: [String: [Int: [String]]]

        public var suitability: Suitability? {
            guard totalNodes > 0 else { return nil }
            let pct = Double(supportedNodes) / Double(totalNodes) * 100
            if partitions == 1 { return pct > 75 ? .YES : pct > 50 ? .MAYBE : .NO }
            if partitions == 2 { return pct > 75 ? .MAYBE : .NO }
            return .NO
        }
    }

    public struct CheckerError: Error, Hashable, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The checker's tables as shipped in `ortVersion`'s wheel: EP → `domain:op` → caveat.
    public static func tables(ortVersion: ORTVersion = .latest) throws -> [EP: [String: String]] {
        let file = try tableFile()
        var out: [EP: [String: String]] = [:]
        for ep in EP.allCases {
            var ops: [String: String] = [:]
            for (op, rows) in file.tables[ep.rawValue]?.ops ?? [:] {
                if let row = rows.first(where: { VersionRange($0.ort)?.contains(ortVersion.minorRelease) ?? false }) {
                    ops[op] = row.caveat
                }
            }
            out[ep] = ops
        }
        return out
    }

    /// The releases whose wheels the tables were read from (scripts/coverage/import_checker_tables.py).
    public static func tableReleases() throws -> [ORTVersion] { try tableFile().ortVersions.compactMap(ORTVersion.init) }

    struct TableFile: Decodable, Sendable {
        struct Row: Decodable, Sendable { var caveat: String; var ort: String }
        struct Table: Decodable, Sendable { var ops: [String: [Row]] }
        var ortVersions: [String]
        var tables: [String: Table]
    }

    private static let cachedFile = Result<TableFile, CheckerError>(catching: { () throws(CheckerError) -> TableFile in
        guard let url = Bundle.module.url(forResource: "ort-checker-tables", withExtension: "json", subdirectory: "Tables"),
              let data = try? Data(contentsOf: url) else {
            throw CheckerError(message: "Tables/ort-checker-tables.json is missing from the CutlineCoverage resources")
        }
        do { return try JSONDecoder().decode(TableFile.self, from: data) } catch {
            throw CheckerError(message: "Tables/ort-checker-tables.json: \(error)")
        }
    })

    static func tableFile() throws -> TableFile { try cachedFile.get() }

    /// One pass for one EP. `requireFixedInputSizes` true = the checker's first pass, false = "if shapes were fixed".
    /// The node list the checker iterates: the graph as stored (a file ORT saved, read back, is already in ORT's
    /// order), or the order ORT would save it in (a graph Cutline's optimizer produced).
    public enum NodeOrder: Sendable { case stored, asORTSavesIt }

    public static func check(_ graph: Graph, ep: EP, requireFixedInputSizes: Bool, ortVersion: ORTVersion = .latest,
                             order: NodeOrder = .stored) throws -> PassResult {
        guard let ops = try tables(ortVersion: ortVersion)[ep] else { throw CheckerError(message: "no checker table for \(ep.rawValue)") }
        if requireFixedInputSizes && graph.liveNodeCount > 1 && !hasValueInfo(graph) {
            throw CheckerError(message: "ValueError: Run onnx.shape_inference.infer_shapes on the model to populate the shape information.")
        }
        var run = Run(ops: ops, maxRank: ep.maxRank, fixed: requireFixedInputSizes, order: order)
        var total = try run.checkGraph(graph, path: "main", outerInfo: requireFixedInputSizes ? [:] : nil, outerInitializers: [])
        total.caveats = run.seen.sorted().compactMap { op in
            guard let c = ops[op], !c.isEmpty else { return nil }
            return "\(op):\(c)"
        }
        return total
    }

    /// Whether graph.value_info would be non-empty after shape inference: a listed entry, or an intermediate value
    /// (not an input, output or initializer) with a known type.
    static func hasValueInfo(_ graph: Graph) -> Bool {
        if !graph.valueInfos.isEmpty { return true }
        return graph.liveValueIDs.contains { id in
            let v = graph[id]
            return !v.isGraphInput && !v.isGraphOutput && v.initializer == nil && !v.isOuterScope && v.type != nil
        }
    }

    /// Value info as the checker sees it after `onnx.shape_inference`: graph inputs and outputs, listed value_info,
    /// and every non-initializer value whose type is known.
    static func infoMap(_ graph: Graph) -> [String: ValueType?] {
        var out: [String: ValueType?] = [:]
        var listed = Set<ValueID>()
        for i in graph.inputInfos { listed.insert(i.value) }
        for o in graph.outputInfos { listed.insert(o.value) }
        for v in graph.valueInfos { listed.insert(v.value) }
        for id in graph.liveValueIDs {
            let v = graph[id]
            if v.isOuterScope { continue }
            if listed.contains(id) || (v.initializer == nil && v.type != nil) { out[v.name] = v.type }
        }
        return out
    }

    struct Run {
        let ops: [String: String]
        let maxRank: Int
        let fixed: Bool
        var order: NodeOrder = .stored
        var seen = Set<String>()

        /// The node list of the file the checker reads: ORT writes the optimized graph in topological order, while
        /// nodes the optimizer added sit at the end of storage.
        func savedOrder(_ g: Graph) -> [NodeID] {
            // `Graph::ToGraphProto` writes nodes in GraphViewer's default order (checked against the files ORT saved for
            // the silero-vad models).
            (order == .asORTSavesIt ? g.ortViewerOrder() : nil) ?? g.topologicalOrder() ?? Array(g.liveNodeIDs)
        }

        /// A node's graph attributes in the order the checker meets them: as stored, or as ORT writes them (its
        /// attribute map puts an If's `else_branch` before `then_branch`, as the files it saves show).
        func graphAttributes(_ node: Node) -> [(String, Graph)] {
            var out: [(String, Graph)] = []
            for a in node.attributes { if case .graph(let sub)? = a.value { out.append((a.name, sub)) } }
            if order == .asORTSavesIt && node.opType == "If" { out.sort { $0.0 < $1.0 } }
            return out
        }

        static func key(_ n: Node) -> String { "\(n.domain.isEmpty ? "ai.onnx" : n.domain):\(n.opType)" }

        mutating func isOpSupported(_ n: Node) -> Bool {
            let k = Run.key(n)
            if ops[k] != nil { seen.insert(k); return true }
            return false
        }

        /// Producer/consumer node sets as `get_producer_consumer_maps` builds them: links only from nodes earlier in
        /// the node list (`order`, from `savedOrder`), implicit subgraph reads linked to the control-flow node.
        func links(_ g: Graph, order: [NodeID]) -> (producers: [NodeID: Set<NodeID>], consumers: [NodeID: Set<NodeID>]) {
            var producers: [NodeID: Set<NodeID>] = [:]
            var consumers: [NodeID: Set<NodeID>] = [:]
            var producedSoFar = Set<ValueID>()
            for n in order {
                var inputs: [ValueID] = g[n].inputs.compactMap { $0 }
                inputs += g.implicitInputs(of: n)
                for v in inputs where producedSoFar.contains(v) {
                    if let p = g[v].producer {
                        producers[n, default: []].insert(p)
                        consumers[p, default: []].insert(n)
                    }
                }
                for case let o? in g[n].outputs { producedSoFar.insert(o) }
            }
            return (producers, consumers)
        }

        mutating func checkGraph(_ g: Graph, path: String, outerInfo: [String: ValueType?]?,
                                 outerInitializers: Set<String>) throws -> PassResult {
            var info: [String: ValueType?] = [:]
            if let outerInfo {
                info = outerInfo
                for (k, v) in infoMap(g) { info[k] = v }
            }
            let initializers = Set(g.initializerOrder.map { g[$0].name })
            func isFixed(_ slot: ValueID?) -> Bool {
                guard let slot else { return false }
                let name = g[slot].name
                if let entry = info[name] {
                    guard case .tensor(_, let shape)? = entry else { return false }
                    guard let shape else { return true }
                    return shape.dims.allSatisfy { ($0.value ?? 0) > 0 }
                }
                return initializers.contains(name) || outerInitializers.contains(name)
            }
            let order = savedOrder(g)
            let (producers, consumers) = links(g, order: order)
            var inDegree: [NodeID: Int] = [:]
            var ready: [NodeID] = []
            var position: [NodeID: Int] = [:]
            for (i, n) in order.enumerated() { position[n] = i }
            for n in order {
                inDegree[n] = producers[n]?.count ?? 0
                if inDegree[n] == 0 { ready.append(n) }
            }
            var head = 0
            var deferred: [NodeID] = []
            var group: [NodeID] = []
            var border = Set<NodeID>()
            var groups: [[NodeID]] = []
            var result = PassResult(partitions: 0, supportedNodes: 0, totalNodes: g.liveNodeCount, unsupportedOps: [],
                                    nodesUnsupportedDueToOp: 0, nodesUnsupportedDueToDynamicInput: 0,
                                    nodesUnsupportedDueToRank: 0, opsWithUnsupportedRank: [], partitionSizes: [],
                                    partitionOps: [], subgraphCount: 0, nodesInSubgraphs: 0, caveats: [], unsupported: [:])
            var unsupportedOps = Set<String>()
            var rankOps = Set<String>()
            while head < ready.count || !deferred.isEmpty {
                if head == ready.count {
                    if !group.isEmpty { groups.append(group) }
                    group = []
                    border = []
                    ready = deferred
                    head = 0
                    deferred = []
                    continue
                }
                let n = ready[head]
                head += 1
                let node = g[n]
                let opOK = isOpSupported(node)
                let shapeOK = !fixed || node.inputs.allSatisfy(isFixed)
                var rankOK = true
                if !info.isEmpty {
                    for case let v? in node.inputs {
                        if let entry = info[g[v].name], case .tensor(_, let shape)? = entry, (shape?.rank ?? 0) > maxRank {
                            rankOK = false
                            break
                        }
                    }
                }
                if node.opType == "Transpose" {
                    guard let first = node.attributes.first else {
                        throw CheckerError(message: "IndexError: \(g.displayName(of: n)) is a Transpose without attributes")
                    }
                    if (first.ints?.count ?? 0) > maxRank { rankOK = false }
                }
                let supported = opOK && shapeOK && rankOK
                if !supported {
                    if border.contains(n) {
                        deferred.append(n)
                        continue
                    }
                    var why: [String] = []
                    if !opOK { unsupportedOps.insert(Run.key(node)); result.nodesUnsupportedDueToOp += 1; why.append("EP100") }
                    if !shapeOK { result.nodesUnsupportedDueToDynamicInput += 1; why.append("EP122") }
                    if !rankOK { result.nodesUnsupportedDueToRank += 1; rankOps.insert(Run.key(node)); why.append("EP106") }
                    result.unsupported[path, default: [:]][n.index] = why
                } else {
                    result.supportedNodes += 1
                    group.append(n)
                    border.remove(n)
                    for c in consumers[n] ?? [] { border.insert(c) }
                }
                for c in (consumers[n] ?? []).sorted(by: { (position[$0] ?? 0) < (position[$1] ?? 0) }) {
                    inDegree[c, default: 0] -= 1
                    if inDegree[c] == 0 { ready.append(c) }
                }
            }
            if !group.isEmpty { groups.append(group) }
            result.partitions = groups.count
            result.partitionSizes = groups.map(\.count)
            result.partitionOps = groups.map { grp in
                var h: [String: Int] = [:]
                for n in grp { h[Run.key(g[n]), default: 0] += 1 }
                return h
            }
            result.unsupportedOps = unsupportedOps.sorted()
            result.opsWithUnsupportedRank = rankOps.sorted()

            // Subgraphs: only single-graph attributes (AttributeProto.g), as the checker recurses.
            var subInitializers = outerInitializers
            subInitializers.formUnion(initializers)
            for n in (self.order == .asORTSavesIt ? order : Array(g.liveNodeIDs)) {
                for (name, sub) in graphAttributes(g[n]) {
                    let subPath = "\(path)/\(g.displayName(of: n))/\(name)"
                    let s = try checkGraph(sub, path: subPath, outerInfo: fixed ? info : nil, outerInitializers: subInitializers)
                    merge(&result, s)
                }
            }
            return result
        }

        func merge(_ into: inout PassResult, _ other: PassResult) {
            into.totalNodes += other.totalNodes
            into.supportedNodes += other.supportedNodes
            into.partitions += other.partitions
            into.partitionSizes += other.partitionSizes
            into.partitionOps += other.partitionOps
            into.unsupportedOps = Array(Set(into.unsupportedOps).union(other.unsupportedOps)).sorted()
            into.nodesUnsupportedDueToOp += other.nodesUnsupportedDueToOp
            into.nodesUnsupportedDueToDynamicInput += other.nodesUnsupportedDueToDynamicInput
            into.nodesUnsupportedDueToRank += other.nodesUnsupportedDueToRank
            into.opsWithUnsupportedRank = Array(Set(into.opsWithUnsupportedRank).union(other.opsWithUnsupportedRank)).sorted()
            into.subgraphCount += 1 + other.subgraphCount
            into.nodesInSubgraphs += other.totalNodes
            for (k, v) in other.unsupported { into.unsupported[k] = v }
        }
    }
}
