import CutlineIR

/// Decides, node by node, whether an EP takes a graph's nodes, following the table's general rules and rows in
/// ORT's order: builder lookup, format, since-version, inputs (shape, static, 0 dims, rank, dtype), conditions.
/// Evaluation stops at the first failing stage, as ORT does, but reports every failure within that stage.
public struct CoverageEvaluator: Sendable {
    public let table: CoverageTable
    public let options: CoverageOptions

    public init(table: CoverageTable, options: CoverageOptions = CoverageOptions()) {
        self.table = table
        self.options = options
    }

    /// Whether closed groups made only of trivial ops are dropped at this ORT version.
    public var dropsTrivialGroups: Bool { table.dropsTrivialGroups(ortVersion: options.ortVersion) }
    public var dropSingleNodeOps: Set<String> { Set(table.general.dropSingleNodeOps) }
    public var dropsConstantInputsOnlyGroups: Bool { table.general.dropConstantInputsOnly }
    /// Whether subgraph bodies are partitioned at all with these options.
    public var partitionsSubgraphs: Bool { table.general.subgraphs == .option && options.enableSubgraphs }

    /// One verdict per node index of `graph` (removed nodes get an unsupported verdict with no reasons).
    /// - Parameters:
    ///   - sinceVersions: the since-version each node's schema resolved to, by node index; nil = unknown (the
    ///     since-version check is then skipped).
    ///   - ancestors: enclosing graphs for a subgraph, outermost first (empty for the main graph).
    public func evaluate(_ graph: Graph, irVersion: Int64, sinceVersions: [Int64?], storage: ModelStorage?,
                         ancestors: [Graph] = []) -> [Verdict] {
        evaluate(graph, order: graph.topologicalOrder(), irVersion: irVersion, sinceVersions: sinceVersions,
                 storage: storage, ancestors: ancestors)
    }

    /// `evaluate` along a topological order the caller already has (`graph.topologicalOrder()`; nil when the graph
    /// has a cycle, then storage order is used).
    public func evaluate(_ graph: Graph, order: [NodeID]?, irVersion: Int64, sinceVersions: [Int64?],
                         storage: ModelStorage?, ancestors: [Graph] = []) -> [Verdict] {
        var out = [Verdict](repeating: Verdict(supported: false, reasons: [], trivial: false, rowLine: nil),
                            count: graph.nodes.count)
        let scope = ConstantScope(graph: graph, ancestors: ancestors, irVersion: irVersion)
        let order = order ?? graph.liveNodeIDs
        let stopped = stopSet(graph, order: order)
        let env = EvaluationEnv(graph: graph, options: options, table: table, scope: scope, storage: storage)
        let inSubgraph = !ancestors.isEmpty && !partitionsSubgraphs
        for id in order {
            let since = id.index < sinceVersions.count ? sinceVersions[id.index] : nil
            let ctx = NodeContext(env: env, id: id, since: since)
            var v = evaluate(ctx)
            if inSubgraph {
                v.supported = false
                v.reasons = [reason("EP119", "\(ctx.name) is inside a subgraph and \(table.shortName) does not partition subgraphs"
                                    + (table.general.subgraphs == .option ? " unless EnableOnSubgraphs is set." : "."))]
            } else if !stopped.isEmpty && stopped.contains(id) {
                v.supported = false
                v.reasons = [reason("EP121", "\(ctx.name) is a partitioning stop op or depends on one (\(table.general.stopOps.joined(separator: ", "))).")]
            }
            out[id.index] = v
            env.earlier[id] = v
        }
        return out
    }

    /// Stop ops and every node downstream of them.
    func stopSet(_ graph: Graph, order: [NodeID]) -> Set<NodeID> {
        guard !table.general.stopOps.isEmpty else { return [] }
        let stops = Set(table.general.stopOps)
        var out = Set<NodeID>()
        for id in order {
            if stops.contains(graph.nodes[id.index].opType) || graph.inputEdges(of: id).contains(where: out.contains) { out.insert(id) }
        }
        return out
    }

    func reason(_ code: String, _ message: String) -> Reason {
        Reason(code: code, message: message, remedy: Self.remedies[code] ?? RuleRegistry.info(code)?.remedy ?? "")
    }

    /// Remedy per rule code: `RuleRegistry.info` scans the registry, once per rejected node otherwise.
    static let remedies: [String: String] = {
        var out: [String: String] = [:]
        for r in RuleRegistry.all where out[r.code] == nil { out[r.code] = r.remedy }
        return out
    }()

    func evaluate(_ c: NodeContext) -> Verdict {
        let op = c.node.opType
        guard let rowIndex = c.env.rowIndex(for: op) else {
            let others = table.rows(for: op)
            if let other = others.first {
                let when = other.ort.lowerBound.map { "from ORT \($0)" } ?? "in ORT \(other.ort)"
                return Verdict(supported: false, reasons: [reason("EP118",
                    "\(table.shortName) supports \(op) \(when); the selected ORT version is \(options.ortVersion).")],
                    trivial: other.trivial, rowLine: nil)
            }
            return Verdict(supported: false, reasons: [reason("EP100",
                "\(table.name) has no builder for \(op), so \(c.name) runs on the CPU.")], trivial: false, rowLine: nil)
        }
        let row = table.ops[rowIndex]
        func reject(_ reasons: [Reason]) -> Verdict {
            Verdict(supported: false, reasons: reasons, trivial: row.trivial, rowLine: row.line)
        }
        if let other = row.onlyIn {
            return reject([reason("EP101", "\(op) is supported only in \(other) format, not in \(table.format ?? table.name).")])
        }
        if let since = c.since {
            let hi = row.sinceMax ?? c.env.sinceMax
            if since < row.sinceMin || since > hi {
                let domain = c.node.isDefaultDomain ? "" : "\(c.node.domain):"
                return reject([reason("EP102",
                    "\(c.name) is \(domain)\(op) with since-version \(since); the builder accepts \(row.sinceMin)…\(hi).")])
            }
        }
        let inputReasons = checkInputs(c, row)
        if !inputReasons.isEmpty { return reject(inputReasons) }
        var condReasons: [Reason] = []
        for tc in row.conditions where applies(tc.guardClause, c) {
            for r in check(tc, c) where !condReasons.contains(r) { condReasons.append(r) }
        }
        if !condReasons.isEmpty { return reject(condReasons) }
        return Verdict(supported: true, reasons: [], trivial: row.trivial, rowLine: row.line)
    }

    func checkInputs(_ c: NodeContext, _ row: OpRule) -> [Reason] {
        var out: [Reason] = []
        let env = c.env
        for (i, slot) in c.node.inputs.enumerated() {
            guard let v = slot else { continue }
            guard let shape = c.shapeOf(v) else {
                if env.requireShape { out.append(reason("EP103", "Input \(i) '\(c.graph.values[v.index].name)' of \(c.name) has no known shape.")) }
                continue
            }
            if env.staticRequired && !shape.isStatic {
                out.append(reason("EP104", "Input \(i) '\(c.graph.values[v.index].name)' of \(c.name) has shape \(shape), and static shapes are required."))
            }
            if env.rejectZeroDims && !row.allowEmptyInputs && shape.dims.contains(.value(0)) {
                out.append(reason("EP105", "Input \(i) '\(c.graph.values[v.index].name)' of \(c.name) has a 0-sized dim \(shape)."))
            }
            if let maxRank = env.maxRank, shape.rank > maxRank {
                out.append(reason("EP106", "Input \(i) '\(c.graph.values[v.index].name)' of \(c.name) has rank \(shape.rank) (> \(maxRank))."))
            }
            if let maxDim = env.maxDim, let big = Self.firstDim(of: shape, above: maxDim) {
                out.append(reason("EP112", "Input \(i) '\(c.graph.values[v.index].name)' of \(c.name) has dim \(big) (> \(maxDim))."))
            }
        }
        if !out.isEmpty { return out }
        if let dtypes = row.dtypes {
            for i in dtypes.keys.sorted() {
                guard let specs = dtypes[i] else { continue }
                // Omitted optional inputs carry no type; only input 0 must exist.
                if i > 0 && !c.isPresent(i) { continue }
                if let r = dtypeReason(c, index: i, output: false, specs: specs) { out.append(r) }
            }
        } else if let specs = env.extraOps.contains(c.node.opType) ? env.extendedSpecs : env.defaultSpecs {
            if let r = dtypeReason(c, index: 0, output: false, specs: specs) { out.append(r) }
        }
        return out
    }

    /// The first known dim of `shape` larger than `limit`.
    static func firstDim(of shape: Shape, above limit: Int64) -> Int64? {
        for d in shape.dims { if let x = d.value, x > limit { return x } }
        return nil
    }

    func dtypeReason(_ c: NodeContext, index: Int, output: Bool, specs: [DTypeSpec]) -> Reason? {
        let t = output ? c.outputDType(index) : c.dtype(index)
        // Accepted at the target CoreML version: the common case, answered before any message text is built.
        if let t, specs.contains(where: { $0.type == t && ($0.minCoreMLVersion ?? 0) <= options.coremlVersion }) { return nil }
        let what = output ? "Output \(index)" : "Input \(index) '\(c.valueName(index))'"
        guard let t else {
            return reason("EP107", "\(what) of \(c.name) has no known element type.")
        }
        let matching = specs.filter { $0.type == t }
        if matching.isEmpty {
            return reason("EP107", "\(what) of \(c.name) is \(t.name); accepted: \(specs.map(\.description).joined(separator: ", ")).")
        }
        if !matching.contains(where: { ($0.minCoreMLVersion ?? 0) <= options.coremlVersion }) {
            let need = matching.compactMap(\.minCoreMLVersion).min() ?? 0
            return reason("EP113", "\(what) of \(c.name) is \(t.name), which needs CoreML \(need); the target is CoreML \(options.coremlVersion).")
        }
        return nil
    }

    func applies(_ g: ConditionGuard, _ c: NodeContext) -> Bool {
        if let s = g.since {
            guard let since = c.since else { return false }
            if !s.contains(since) { return false }
        }
        if let o = g.ort, !o.contains(options.ortVersion) { return false }
        if let cv = g.coreml, !cv.contains(Int64(options.coremlVersion)) { return false }
        if let i = g.inputPresent, !c.isPresent(i) { return false }
        if let i = g.inputAbsent, c.isPresent(i) { return false }
        if let a = g.attribute, !attributeHolds(a, c) { return false }
        return true
    }

    func check(_ tc: TableCondition, _ c: NodeContext) -> [Reason] {
        let note = tc.note.map { " (\($0))" } ?? ""
        switch tc.condition {
        case .inputConstant(let i, let required, let weak):
            guard let v = c.input(i) else {
                return required ? [reason("EP108", "\(c.name) needs input \(i) as a constant initializer, but it is absent\(note).")] : []
            }
            let ok = weak ? c.scope.isLocalInitializer(v) : c.scope.isConstant(v)
            if ok { return [] }
            let kind = weak ? "an initializer of this graph" : "a constant initializer"
            return [reason("EP108", "Input \(i) '\(c.graph.values[v.index].name)' of \(c.name) must be \(kind)\(note).")]
        case .inputCount(let lo, let hi):
            let n = c.inputSlots
            if let lo, n < lo { return [reason("EP114", "\(c.name) has \(n) inputs; the builder needs at least \(lo)\(note).")] }
            if let hi, n > hi { return [reason("EP114", "\(c.name) has \(n) inputs; the builder handles at most \(hi)\(note).")] }
            return []
        case .outputCount(let lo, let hi):
            let n = c.node.outputs.count
            if let lo, n < lo { return [reason("EP114", "\(c.name) has \(n) outputs; the builder needs at least \(lo)\(note).")] }
            if let hi, n > hi { return [reason("EP114", "\(c.name) has \(n) outputs; the builder handles at most \(hi)\(note).")] }
            return []
        case .rank(let i, let lo, let hi, let allowed):
            guard let s = c.shape(i) else {
                return [reason("EP103", "Input \(i) '\(c.valueName(i))' of \(c.name) has no known shape, so its rank cannot be checked\(note).")]
            }
            let r = s.rank
            var ok = true
            if let lo, r < lo { ok = false }
            if let hi, r > hi { ok = false }
            if let allowed, !allowed.contains(r) { ok = false }
            if ok { return [] }
            var want: [String] = []
            if let allowed { want.append(allowed.map(String.init).joined(separator: " or ")) }
            if let lo, let hi { want.append("\(lo)…\(hi)") } else if let lo { want.append("≥ \(lo)") } else if let hi { want.append("≤ \(hi)") }
            return [reason("EP110", "Input \(i) '\(c.valueName(i))' of \(c.name) has rank \(r); the builder needs rank \(want.joined(separator: ", "))\(note).")]
        case .staticShape(let i):
            guard c.isPresent(i) else { return [] }
            guard let s = c.shape(i) else {
                return [reason("EP103", "Input \(i) '\(c.valueName(i))' of \(c.name) has no known shape\(note).")]
            }
            if s.isStatic { return [] }
            return [reason("EP111", "Input \(i) '\(c.valueName(i))' of \(c.name) has shape \(s); the builder needs every dim known\(note).")]
        case .staticDims(let i, let dims):
            guard c.isPresent(i) else { return [] }
            guard let s = c.shape(i) else {
                return [reason("EP103", "Input \(i) '\(c.valueName(i))' of \(c.name) has no known shape\(note).")]
            }
            for d in dims {
                let k = d < 0 ? s.rank + d : d
                if k < 0 || k >= s.rank || !s.dims[k].isStatic {
                    return [reason("EP111", "Dim \(d) of input \(i) '\(c.valueName(i))' of \(c.name) (shape \(s)) must be known\(note).")]
                }
            }
            return []
        case .shapeKnown(let i):
            guard c.isPresent(i) else { return [] }
            if c.shape(i) != nil { return [] }
            return [reason("EP103", "Input \(i) '\(c.valueName(i))' of \(c.name) has no known shape\(note).")]
        case .attribute(let rule):
            if attributeHolds(rule, c) { return [] }
            let actual = c.node.attribute(rule.name).map { attributeText($0) } ?? "absent"
            return [reason("EP109", "\(c.name) has \(rule.name)=\(actual); the builder needs \(describe(rule))\(note).")]
        case .maxDim(let inputs, let outputs, let limit):
            var out: [Reason] = []
            for i in inputs {
                if let s = c.shape(i), let big = Self.firstDim(of: s, above: limit) {
                    out.append(reason("EP112", "Input \(i) '\(c.valueName(i))' of \(c.name) has dim \(big) (> \(limit))\(note)."))
                }
            }
            for o in outputs {
                if let s = c.outputShape(o), let big = Self.firstDim(of: s, above: limit) {
                    out.append(reason("EP112", "Output \(o) of \(c.name) has dim \(big) (> \(limit))\(note)."))
                }
            }
            return out
        case .coremlVersion(let need):
            if options.coremlVersion >= need { return [] }
            return [reason("EP113", "\(c.name) needs CoreML \(need); the target is CoreML \(options.coremlVersion)\(note).")]
        case .sameDType(let inputs):
            let types = inputs.filter { c.isPresent($0) }.map { c.dtype($0) }
            if Set(types.map { $0?.name ?? "?" }).count <= 1 { return [] }
            let desc = zip(inputs, types).map { "input \($0.0) \($0.1?.name ?? "?")" }.joined(separator: ", ")
            return [reason("EP115", "\(c.name) mixes element types (\(desc))\(note).")]
        case .dtype(let i, let output, let specs):
            if !output && !c.isPresent(i) { return [] }
            return dtypeReason(c, index: i, output: output, specs: specs).map { [$0] } ?? []
        case .custom(let name):
            return CustomChecks.run(name, c, self)
        }
    }

    // MARK: attributes

    func attributeValue(_ rule: AttributeRule, _ c: NodeContext) -> TableValue? {
        if let a = c.node.attribute(rule.name) { return tableValue(a) }
        return rule.defaultValue
    }

    func attributeHolds(_ rule: AttributeRule, _ c: NodeContext) -> Bool {
        if case .absent = rule.test { return c.node.attribute(rule.name) == nil }
        guard let v = attributeValue(rule, c) else { return !rule.required }
        switch rule.test {
        case .equals(let x): return matches(v, x)
        case .oneOf(let xs): return xs.contains { matches(v, $0) }
        case .notEquals(let x): return !matches(v, x)
        case .notOneOf(let xs): return !xs.contains { matches(v, $0) }
        case .absent: return false
        case .length(let n):
            if case .list(let l) = v { return l.count == n }
            return false
        case .allEqual(let x):
            if case .list(let l) = v { return l.allSatisfy { matches($0, x) } }
            return matches(v, x)
        }
    }

    func matches(_ a: TableValue, _ b: TableValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.double(let x), .double(let y)): return abs(x - y) <= 1e-6 * max(1, abs(y))
        case (.double(let x), .int(let y)): return abs(x - Double(y)) <= 1e-6 * max(1, Double(abs(y)))
        case (.int(let x), .double(let y)): return abs(Double(x) - y) <= 1e-6 * max(1, abs(y))
        case (.string(let x), .string(let y)): return x == y
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { matches($0.0, $0.1) }
        default: return false
        }
    }

    func tableValue(_ a: Attribute) -> TableValue? {
        switch a.value {
        case .int(let v)?: return .int(v)
        case .float(let v)?: return .double(Double(v))
        case .string?: return .string(a.string ?? "")
        case .ints(let v)?: return .list(v.map { .int($0) })
        case .floats(let v)?: return .list(v.map { .double(Double($0)) })
        case .strings?: return .list((a.strings ?? []).map { .string($0) })
        default: return nil
        }
    }

    func attributeText(_ a: Attribute) -> String { tableValue(a)?.description ?? a.type.name }

    func describe(_ rule: AttributeRule) -> String {
        let def = rule.defaultValue.map { " (default \($0))" } ?? ""
        switch rule.test {
        case .equals(let x): return "\(rule.name) = \(x)\(def)"
        case .oneOf(let xs): return "\(rule.name) in \(TableValue.list(xs))\(def)"
        case .notEquals(let x): return "\(rule.name) ≠ \(x)\(def)"
        case .notOneOf(let xs): return "\(rule.name) not in \(TableValue.list(xs))\(def)"
        case .absent: return "\(rule.name) not set"
        case .length(let n): return "\(rule.name) with \(n) entries"
        case .allEqual(let x): return "every entry of \(rule.name) = \(x)\(def)"
        }
    }
}
