import CutlineIR
import CutlineShapes

/// Gather with a constant rank-0 index → Gather with a one-element 1-D index, then Squeeze of that axis. The
/// CoreML EP takes scalar indices only when the data shape is fully static (and rank ≤ 4); a 1-D index has no
/// such condition, and Squeeze is a trivial op both formats take.
struct ScalarGatherPattern: RewritePattern {
    struct Match: Sendable {
        var node: NodeID
        var data: ValueID
        var index: TensorLiteral
        var axis: Int64
        var output: ValueID
    }

    let name = "scalar-gather"
    let anchorOps: Set<String> = ["Gather"]

    func match(_ id: NodeID, in g: Graph, facts: ModelFacts, context: RewriteContext) -> MatchResult<Match> {
        matching { () throws(NoMatch) -> Match in
            let n = g[id]
            try require(n.isDefaultDomain, "not an ONNX Gather")
            let data = try unwrap(n.input(0), "no data input")
            let indices = try unwrap(n.input(1), "no indices input")
            let out = try unwrap(n.output(0), "no output")
            let lit = try unwrap(facts.constants().literal(indices, in: g), "the indices are not a constant")
            try require(lit.rank == 0, "the indices have rank \(lit.rank), not 0")
            let rank = try unwrap(g[data].type?.shape?.rank, "the data rank is unknown")
            var axis = n.attribute("axis")?.int ?? 0
            if axis < 0 { axis += Int64(rank) }
            try require(axis >= 0 && axis < Int64(rank), "axis out of range")
            return Match(node: id, data: data, index: lit, axis: axis, output: out)
        }
    }

    func rewrite(_ m: Match, editor e: inout GraphEditor, facts: ModelFacts, context: RewriteContext) throws {
        let base = e.graph.displayName(of: m.node)
        let attrs = e.graph[m.node].attributes.filter { $0.name != "axis" } + [Attribute(name: "axis", value: .int(m.axis))]
        e.removeChain([m.node], keeping: m.output)
        var one = m.index
        one.dims = [1]
        let idx = try e.addConstant(one, name: base + "/index_1d")
        let gathered = try e.emit("Gather", [m.data, idx], attributes: attrs, name: base + "/gather_1d")
        if facts.opset >= 13 {
            let axes = try e.addConstant(.ints([m.axis]), name: base + "/squeeze_axes")
            try e.emit("Squeeze", [gathered, axes], name: base + "/squeeze", output: m.output)
        } else {
            try e.emit("Squeeze", [gathered], attributes: [Attribute(name: "axes", value: .ints([m.axis]))],
                       name: base + "/squeeze", output: m.output)
        }
    }
}

/// `gather-scalar`.
public struct GatherScalarPass: RewritePass {
    public let id = "gather-scalar"
    public let summary = "Gather with a constant scalar index → Gather with a 1-D index [i] + Squeeze(axis)."
    public let tolerance = 0.0

    public init() {}

    static let patterns: [any RewritePattern] = [ScalarGatherPattern()]

    public func precondition(_ model: Model, context: RewriteContext) -> NoMatch? {
        let g = model.graph
        let lookup = ConstantLookup(storage: model.storage, irVersion: model.irVersion)
        for id in g.liveNodeIDs where g[id].opType == "Gather" && g[id].isDefaultDomain {
            if lookup.literal(g[id].input(1), in: g)?.rank == 0 { return nil }
        }
        return NoMatch("no Gather has a constant scalar index")
    }

    public func run(_ model: inout Model, context: RewriteContext) throws -> PassReport {
        _ = ShapeInference.infer(&model)
        let before = model.graph
        let stats = try PatternDriver.run(Self.patterns, on: &model.graph, facts: ModelFacts(model: model), context: context)
        DeadCode.cleanUp(&model.graph, before: before)
        return PassReport(stats)
    }

    public func postcondition(_ model: Model, context: RewriteContext) -> [String] {
        let g = model.graph
        let facts = ModelFacts(model: model)
        return g.liveNodeIDs.compactMap { id in
            guard g[id].opType == "Gather", g[id].isDefaultDomain,
                  case .matched = ScalarGatherPattern().match(id, in: g, facts: facts, context: context) else { return nil }
            return "\(g.displayName(of: id)) still has a scalar index"
        }
    }
}
