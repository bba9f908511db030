import CutlineIR
import CutlineShapes

/// PyTorch / Keras / TF erf GELU: `x · 0.5 · (1 + erf(x / √2))` with the scaling as Div(√2), Div(Sqrt(2)) or
/// Mul(1/√2), the `+1` either way round, and the two multiplies in any order or grouping.
struct ErfGeluPattern: RewritePattern {
    struct Match: Sendable {
        var x: ValueID
        var output: ValueID
        var nodes: [NodeID]
        var type: DataType
    }

    let name = "erf-gelu"
    let anchorOps: Set<String> = ["Erf"]

    func match(_ erf: NodeID, in g: Graph, facts: ModelFacts, context: RewriteContext) -> MatchResult<Match> {
        matching { () throws(NoMatch) -> Match in
            let c = facts.constants()
            let erfNode = g[erf]
            try require(erfNode.isDefaultDomain, "Erf is not in the ONNX domain")
            let d = try unwrap(erfNode.input(0), "Erf has no input")
            let e = try unwrap(erfNode.output(0), "Erf has no output")
            let scaleNode = try unwrap(g[d].producer, "the Erf input is not computed from x")
            try require(g[d].uses.count == 1 && !g[d].isGraphOutput, "the scaled input x/√2 has other consumers")
            let sn = g[scaleNode]
            var x: ValueID
            switch sn.opType {
            case "Div":
                x = try unwrap(sn.input(0), "Div has no dividend")
                let den = sn.input(1)
                let isSqrt2 = GeluMath.near(c.scalar(den, in: g), 2.0.squareRoot())
                    || den.flatMap { g[$0].producer }.map { p in
                        g[p].opType == "Sqrt" && GeluMath.near(c.scalar(g[p].input(0), in: g), 2) } == true
                try require(isSqrt2, "the Erf input is a Div, but not by √2")
            case "Mul":
                let a = sn.input(0), b = sn.input(1)
                if GeluMath.near(c.scalar(b, in: g), 1 / 2.0.squareRoot()), let a { x = a }
                else if GeluMath.near(c.scalar(a, in: g), 1 / 2.0.squareRoot()), let b { x = b }
                else { throw NoMatch("the Erf input is a Mul, but not by 1/√2") }
            default:
                throw NoMatch("the Erf input comes from \(sn.opType), not x/√2 or x·(1/√2)")
            }
            let type = try unwrap(GeluMath.floatType(x, in: g), "the element type of x is unknown or not floating point")
            try require(g[e].uses.count == 1 && !g[e].isGraphOutput, "erf(x/√2) has other consumers")
            let addID = g[e].uses[0].node
            let add = g[addID]
            try require(add.opType == "Add" && add.isDefaultDomain, "erf(x/√2) feeds \(add.opType), not Add(…, 1)")
            let other = add.inputs.first { $0 != e } ?? nil
            try require(GeluMath.near(c.scalar(other, in: g), 1), "erf(x/√2) is added to something other than 1")
            let a = try unwrap(add.output(0), "Add has no output")
            try require(g[a].uses.count == 1 && !g[a].isGraphOutput, "1 + erf(x/√2) has other consumers")
            let m1ID = g[a].uses[0].node
            let m1 = g[m1ID]
            try require(m1.opType == "Mul" && m1.isDefaultDomain, "1 + erf(x/√2) feeds \(m1.opType), not Mul")
            let m1Other = try unwrap(m1.inputs.first { $0 != a } ?? nil, "Mul reads 1 + erf twice")
            let m1Out = try unwrap(m1.output(0), "Mul has no output")
            var nodes = [scaleNode, erf, addID, m1ID]

            // (x · a) · 0.5 and (0.5 · a) · x: one more Mul.
            func secondMul(expecting want: (ValueID?) -> Bool, _ what: String) throws(NoMatch) -> ValueID {
                try require(g[m1Out].uses.count == 1 && !g[m1Out].isGraphOutput, "the partial product has other consumers")
                let m2ID = g[m1Out].uses[0].node
                let m2 = g[m2ID]
                try require(m2.opType == "Mul" && m2.isDefaultDomain, "the partial product feeds \(m2.opType), not Mul")
                let rest = m2.inputs.first { $0 != m1Out } ?? nil
                try require(want(rest), "the last Mul is not by \(what)")
                nodes.append(m2ID)
                return try unwrap(m2.output(0), "Mul has no output")
            }
            let output: ValueID
            if m1Other == x {
                output = try secondMul(expecting: { GeluMath.near(c.scalar($0, in: g), 0.5) }, "0.5")
            } else if GeluMath.near(c.scalar(m1Other, in: g), 0.5) {
                output = try secondMul(expecting: { $0 == x }, "x")
            } else if let h = g[m1Other].producer, g[h].opType == "Mul", g[h].isDefaultDomain,
                      g[h].inputs.contains(x), g[h].inputs.contains(where: { $0 != x && GeluMath.near(c.scalar($0, in: g), 0.5) }) {
                if g[m1Other].uses.count == 1 && !g[m1Other].isGraphOutput { nodes.append(h) }
                output = m1Out
            } else {
                throw NoMatch("1 + erf(x/√2) is not multiplied by x and 0.5")
            }
            return Match(x: x, output: output, nodes: nodes, type: type)
        }
    }

    func rewrite(_ m: Match, editor e: inout GraphEditor, facts: ModelFacts, context: RewriteContext) throws {
        let base = e.graph.displayName(of: m.nodes[1])
        e.removeChain(m.nodes.reversed(), keeping: m.output)
        try GeluMath.emitTanhForTarget(m.x, type: m.type, output: m.output, base: base, facts: facts,
                                       context: context, editor: &e)
    }
}

/// com.microsoft Gelu(X), BiasGelu(A, B), and ONNX Gelu(approximate="none"): erf GELU as one op.
struct FusedGeluPattern: RewritePattern {
    struct Match: Sendable {
        var node: NodeID
        var inputs: [ValueID]
        var output: ValueID
        var type: DataType
    }

    let name = "fused-erf-gelu"
    let anchorOps: Set<String> = ["Gelu", "BiasGelu"]

    func match(_ id: NodeID, in g: Graph, facts: ModelFacts, context: RewriteContext) -> MatchResult<Match> {
        matching { () throws(NoMatch) -> Match in
            let n = g[id]
            if n.isDefaultDomain {
                try require(n.opType == "Gelu", "BiasGelu is not an ONNX op")
                try require((n.attribute("approximate")?.string ?? "none") == "none", "already the tanh approximation")
            } else {
                try require(n.domain == "com.microsoft", "\(n.domain):\(n.opType) is not ORT's contrib op")
            }
            let ins = n.inputs.compactMap { $0 }
            try require(ins.count == (n.opType == "BiasGelu" ? 2 : 1), "unexpected input count \(ins.count)")
            let out = try unwrap(n.output(0), "no output")
            let type = try unwrap(GeluMath.floatType(ins[0], in: g), "the element type of the input is unknown or not floating point")
            return Match(node: id, inputs: ins, output: out, type: type)
        }
    }

    func rewrite(_ m: Match, editor e: inout GraphEditor, facts: ModelFacts, context: RewriteContext) throws {
        let base = e.graph.displayName(of: m.node)
        e.removeChain([m.node], keeping: m.output)
        var x = m.inputs[0]
        if m.inputs.count == 2 { x = try e.emit("Add", [m.inputs[0], m.inputs[1]], name: base + "/bias_add") }
        try GeluMath.emitTanhForTarget(x, type: m.type, output: m.output, base: base, facts: facts, context: context,
                                       editor: &e)
    }
}

/// `gelu-tanh`: erf-based GELU → the tanh approximation.
public struct GeluTanhPass: RewritePass {
    public let id = "gelu-tanh"
    public let summary = "Erf GELU (PyTorch, Keras/TF, com.microsoft Gelu/BiasGelu, ONNX Gelu) → 0.5·x·(1+tanh(√(2/π)(x+0.044715x³))) in Mul/Add/Tanh, or ONNX Gelu(approximate=\"tanh\") when opset ≥ 20 and the EP takes Gelu."
    /// GELU's tanh approximation differs from the erf form by at most ≈ 4.7e-4 per element (measured by
    /// `scripts/verify/gelu_error.py`); after a few layers and LayerNorms outputs move by up to ~1e-2.
    public let tolerance = 2e-2

    public init() {}

    static let patterns: [any RewritePattern] = [ErfGeluPattern(), FusedGeluPattern()]

    public func precondition(_ model: Model, context: RewriteContext) -> NoMatch? {
        let g = model.graph
        let has = g.liveNodeIDs.contains { id in
            let n = g[id]
            return (n.opType == "Erf" && n.isDefaultDomain) || (n.domain == "com.microsoft" && (n.opType == "Gelu" || n.opType == "BiasGelu"))
                || (n.isDefaultDomain && n.opType == "Gelu" && (n.attribute("approximate")?.string ?? "none") == "none")
        }
        return has ? nil : NoMatch("the model has no Erf or Gelu node")
    }

    public func run(_ model: inout Model, context: RewriteContext) throws -> PassReport {
        _ = ShapeInference.infer(&model)
        let facts = ModelFacts(model: model)
        let before = model.graph
        let stats = try PatternDriver.run(Self.patterns, on: &model.graph, facts: facts, context: context)
        DeadCode.cleanUp(&model.graph, before: before)
        return PassReport(stats)
    }

    /// No erf GELU the patterns know is left.
    public func postcondition(_ model: Model, context: RewriteContext) -> [String] {
        let g = model.graph
        var out: [String] = []
        let facts = ModelFacts(model: model)
        for id in g.liveNodeIDs where g[id].opType == "Erf" {
            if case .matched = ErfGeluPattern().match(id, in: g, facts: facts, context: context) {
                out.append("\(g.displayName(of: id)) still matches")
            }
        }
        return out
    }
}
