import CutlineIR
import CutlineShapes

/// Nodes of an attention-mask chain that compute nothing once shapes are fixed: And/Or with a constant
/// all-true/all-false operand, Where with a constant condition, Expand to the input's own shape, Cast to the
/// input's own type, and Gather of a 1-D tensor by the identity permutation (a Reshape). Each is bypassed so its
/// consumers read the input directly (or, for the Gather, a Reshape).
struct MaskNoOpPattern: RewritePattern {
    enum Replacement: Sendable {
        /// Consumers read this value instead.
        case bypass(ValueID)
        /// Reshape the 1-D data to these dims.
        case reshape(ValueID, [Int64])
    }

    struct Match: Sendable {
        var node: NodeID
        var output: ValueID
        var replacement: Replacement
        var kind: String
    }

    let name = "mask-no-op"
    let anchorOps: Set<String> = ["And", "Or", "Where", "Expand", "Cast", "Gather"]

    func match(_ id: NodeID, in g: Graph, facts: ModelFacts, context: RewriteContext) -> MatchResult<Match> {
        matching { () throws(NoMatch) -> Match in
            let n = g[id]
            try require(n.isDefaultDomain, "not an ONNX op")
            let out = try unwrap(n.output(0), "no output")
            try require(!g[out].isGraphOutput, "the output is a graph output (its name must stay)")
            let c = facts.constants(maxElements: RewriteOptions.shapeFoldMaxElements)
            let outShape = g[out].type?.shape?.staticDims
            func sameShape(_ v: ValueID) -> Bool {
                guard let s = g[v].type?.shape?.staticDims, let o = outShape else { return false }
                return s == o
            }
            func all(_ v: ValueID?, _ value: Int64) -> Bool {
                guard let lit = c.literal(v, in: g), let ints = lit.int64s, !ints.isEmpty else { return false }
                return ints.allSatisfy { $0 == value }
            }
            switch n.opType {
            case "And", "Or":
                let neutral: Int64 = n.opType == "And" ? 1 : 0
                let a = try unwrap(n.input(0), "no input"), b = try unwrap(n.input(1), "no input")
                if all(a, neutral) && sameShape(b) { return Match(node: id, output: out, replacement: .bypass(b), kind: n.opType) }
                if all(b, neutral) && sameShape(a) { return Match(node: id, output: out, replacement: .bypass(a), kind: n.opType) }
                throw NoMatch("no operand is a constant all-\(neutral == 1 ? "true" : "false") tensor that leaves the other's shape")
            case "Where":
                let cond = try unwrap(n.input(0), "no condition")
                let x = try unwrap(n.input(1), "no X"), y = try unwrap(n.input(2), "no Y")
                if all(cond, 1) && sameShape(x) { return Match(node: id, output: out, replacement: .bypass(x), kind: "Where") }
                if all(cond, 0) && sameShape(y) { return Match(node: id, output: out, replacement: .bypass(y), kind: "Where") }
                throw NoMatch("the condition is not a constant that picks one branch whole")
            case "Expand":
                let x = try unwrap(n.input(0), "no input")
                try require(sameShape(x), "Expand changes the shape (or a shape is not static)")
                return Match(node: id, output: out, replacement: .bypass(x), kind: "Expand")
            case "Cast":
                let x = try unwrap(n.input(0), "no input")
                let to = n.attribute("to")?.int.map { DataType(code: Int32(truncatingIfNeeded: $0)) }
                try require(to != nil && g[x].type?.elementType == to, "the Cast changes the element type")
                return Match(node: id, output: out, replacement: .bypass(x), kind: "Cast")
            default:
                let data = try unwrap(n.input(0), "no data")
                let dims = try unwrap(g[data].type?.shape?.staticDims, "the data shape is not static")
                try require(dims.count == 1, "the data is not 1-D")
                let idx = try unwrap(c.literal(n.input(1), in: g), "the indices are not a constant")
                let v = try unwrap(idx.int64s, "the indices are not integers")
                try require(v.count == Int(dims[0]) && v.enumerated().allSatisfy { Int64($0.offset) == $0.element },
                            "the indices are not 0, 1, …, n-1")
                return Match(node: id, output: out, replacement: .reshape(data, idx.dims), kind: "Gather")
            }
        }
    }

    func rewrite(_ m: Match, editor e: inout GraphEditor, facts: ModelFacts, context: RewriteContext) throws {
        switch m.replacement {
        case .bypass(let x):
            e.replaceAllUses(of: m.output, with: x, includingGraphOutputs: false)
            e.removeChain([m.node], keeping: m.output)
            if !e.graph[m.output].hasUses { try? e.removeValue(m.output) }
        case .reshape(let data, let dims):
            let base = e.graph.displayName(of: m.node)
            e.removeChain([m.node], keeping: m.output)
            let shape = try e.addConstant(.ints(dims), name: base + "/shape")
            try e.emit("Reshape", [data, shape], name: base + "/reshape", output: m.output)
        }
    }
}

/// `where-mask`.
public struct WhereMaskPass: RewritePass {
    public let id = "where-mask"
    public let summary = "Bypass attention-mask nodes that are no-ops once shapes are fixed: And/Or with an all-true/all-false constant, Where with a constant condition, Expand to the same shape, Cast to the same type, identity-index Gather (→ Reshape)."
    public let tolerance = 0.0

    public init() {}

    static let patterns: [any RewritePattern] = [MaskNoOpPattern()]

    public func precondition(_ model: Model, context: RewriteContext) -> NoMatch? {
        let g = model.graph
        let ops: Set<String> = ["And", "Or", "Where", "Expand", "Cast", "Gather"]
        return g.liveNodeIDs.contains { ops.contains(g[$0].opType) && g[$0].isDefaultDomain } ? nil
            : NoMatch("the model has no And, Or, Where, Expand, Cast or Gather")
    }

    public func run(_ model: inout Model, context: RewriteContext) throws -> PassReport {
        _ = ShapeInference.infer(&model)
        let before = model.graph
        var rewrites: [String: Int] = [:]
        var last = PatternRunStats()
        // Bypassing one node can make the next one's shapes match; re-infer between driver runs.
        for _ in 0..<4 {
            last = try PatternDriver.run(Self.patterns, on: &model.graph, facts: ModelFacts(model: model), context: context)
            for (k, v) in last.rewrites { rewrites[k, default: 0] += v }
            if last.total == 0 { break }
            _ = ShapeInference.infer(&model)
        }
        DeadCode.cleanUp(&model.graph, before: before)
        return PassReport(rewrites: rewrites, misses: last.misses.filter { !$0.contains("not an ONNX op") })
    }

    /// The driver reached a fixed point: no node still matches.
    public func postcondition(_ model: Model, context: RewriteContext) -> [String] {
        let g = model.graph
        let facts = ModelFacts(model: model)
        return g.liveNodeIDs.compactMap { id in
            guard MaskNoOpPattern().anchorOps.contains(g[id].opType),
                  case .matched = MaskNoOpPattern().match(id, in: g, facts: facts, context: context) else { return nil }
            return "\(g.displayName(of: id)) is still a no-op"
        }
    }
}
