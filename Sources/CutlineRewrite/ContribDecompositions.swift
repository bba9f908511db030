import CutlineIR
import CutlineShapes

/// One ORT contrib/fused node taken apart into standard ONNX ops with the same definition.
struct ContribPattern: RewritePattern {
    struct Match: Sendable {
        var node: NodeID
        var type: DataType
    }

    let name = "contrib-op"
    /// Op types handled, with the domain each must carry ("" = ORT registers it in the ONNX domain).
    static let handled: [String: Set<String>] = [
        "BiasAdd": ["com.microsoft"], "BiasGelu": ["com.microsoft"], "FastGelu": ["com.microsoft"],
        "FusedConv": ["com.microsoft"], "FusedGemm": ["com.microsoft"], "FusedMatMul": ["com.microsoft"],
        "Gelu": ["com.microsoft"], "LayerNormalization": [""], "QuickGelu": ["com.microsoft"],
        "SimplifiedLayerNormalization": ["", "com.microsoft"], "SkipLayerNormalization": ["com.microsoft"],
        "SkipSimplifiedLayerNormalization": ["com.microsoft"],
    ]
    var anchorOps: Set<String> { Set(Self.handled.keys) }

    func match(_ id: NodeID, in g: Graph, facts: ModelFacts, context: RewriteContext) -> MatchResult<Match> {
        matching { () throws(NoMatch) -> Match in
            let n = g[id]
            let domain = n.isDefaultDomain ? "" : n.domain
            try require(Self.handled[n.opType]?.contains(domain) == true, "\(n.qualifiedOpType) is not an ORT contrib op")
            if n.opType == "LayerNormalization" {
                try require(facts.opset < 17, "ONNX LayerNormalization is standard from opset 17")
            }
            // ORT's CoreML EP looks ops up by type and checks since-version 1 for contrib ops.
            try require(!context.target.takes(n.opType, sinceVersion: 1), "\(context.target.name) takes \(n.opType)")
            let x = try unwrap(n.input(0), "no input")
            let type = try unwrap(GeluMath.floatType(x, in: g) ?? Self.declaredFloatType(n, in: g),
                                  "the element type of the input is unknown or not floating point")
            for (k, o) in n.outputs.enumerated() where k > 0 {
                guard let o else { continue }
                let usedOutput = (n.opType == "SkipLayerNormalization" || n.opType == "SkipSimplifiedLayerNormalization") && k == 3
                try require(usedOutput || (!g[o].hasUses && !g[o].isGraphOutput), "output \(k) (statistics) is used")
            }
            if n.opType == "LayerNormalization" || n.opType == "SimplifiedLayerNormalization" {
                let axis = n.attribute("axis")?.int ?? -1
                try require(axis < 0 || g[x].type?.shape?.rank != nil, "axis \(axis) needs the input rank, which is unknown")
            }
            if n.opType == "FusedConv" || n.opType == "FusedGemm" {
                let act = n.attribute("activation")?.string ?? ""
                try require(Activation.known.contains(act), "unknown activation '\(act)'")
            }
            if n.opType == "FusedMatMul" {
                try require((n.attribute("transBatchA")?.int ?? 0) == 0 && (n.attribute("transBatchB")?.int ?? 0) == 0,
                            "transBatchA/transBatchB are not decomposed")
                for (attr, slot) in [("transA", 0), ("transB", 1)] where n.attribute(attr)?.int == 1 {
                    let r = n.input(slot).flatMap { g[$0].type?.shape?.rank } ?? 0
                    try require(r >= 2, "\(attr) needs an input of known rank ≥ 2")
                }
            }
            return Match(node: id, type: type)
        }
    }

    func rewrite(_ m: Match, editor e: inout GraphEditor, facts: ModelFacts, context: RewriteContext) throws {
        let n = e.graph[m.node]
        let base = e.graph.displayName(of: m.node)
        let ins = n.inputs
        let outs = n.outputs
        guard let y = n.output(0), let x = n.input(0) else { return }
        // Output 3 of the Skip*LayerNormalization ops is the sum fed to the norm; keep its value.
        let sumOutput: ValueID? = outs.count > 3 ? outs[3] : nil
        e.removeNode(m.node, removeOutputs: false)
        for (k, o) in outs.enumerated() where k > 0 && o != sumOutput {
            if let o, !e.graph[o].hasUses, !e.graph[o].isGraphOutput { try? e.removeValue(o) }
        }
        let t = m.type
        func input(_ i: Int) -> ValueID? { i < ins.count ? ins[i] : nil }
        func float(_ name: String, _ d: Float) -> Double { Double(n.attribute(name)?.float ?? d) }
        switch n.opType {
        case "Gelu":
            try GeluMath.emitErf(x, type: t, output: y, base: base, editor: &e)
        case "BiasGelu":
            let s = try e.emit("Add", [x, input(1)], name: base + "/bias_add")
            try GeluMath.emitErf(s, type: t, output: y, base: base, editor: &e)
        case "FastGelu":
            var s = x
            if let b = input(1) { s = try e.emit("Add", [x, b], name: base + "/bias_add") }
            try GeluMath.emitTanh(s, type: t, output: y, base: base, editor: &e)
        case "QuickGelu":
            let alpha = try e.addScalar(float("alpha", 1.702), type: t, name: base + "/alpha")
            let ax = try e.emit("Mul", [x, alpha], name: base + "/alpha_x")
            let s = try e.emit("Sigmoid", [ax], name: base + "/sigmoid")
            try e.emit("Mul", [x, s], name: base + "/quick_gelu", output: y)
        case "BiasAdd":
            let s = try e.emit("Add", [x, input(1)], name: base + "/bias_add")
            try e.emit("Add", [s, input(2)], name: base + "/skip_add", output: y)
        case "FusedConv":
            let keep = n.attributes.filter { $0.name != "activation" && $0.name != "activation_params" }
            var c = try e.emit("Conv", Array(ins.prefix(3)), attributes: keep, name: base + "/conv")
            if let z = input(3) { c = try e.emit("Add", [c, z], name: base + "/sum") }
            try Activation.emit(n.attribute("activation")?.string ?? "", params: n.attribute("activation_params")?.floats ?? [],
                                x: c, type: t, output: y, base: base, opset: facts.opset, editor: &e)
        case "FusedGemm":
            let keep = n.attributes.filter { !$0.name.hasPrefix("activation") }
            let c = try e.emit("Gemm", Array(ins.prefix(3)), attributes: keep, name: base + "/gemm")
            var params: [Float] = []
            if let a = n.attribute("activation_alpha")?.float { params.append(a) }
            if let b = n.attribute("activation_beta")?.float { params.append(b) }
            try Activation.emit(n.attribute("activation")?.string ?? "", params: params, x: c, type: t, output: y,
                                base: base, opset: facts.opset, editor: &e)
        case "FusedMatMul":
            var a = x
            guard var b = input(1) else { return }
            let g = e.graph
            func perm(_ v: ValueID) -> [Int64]? {
                guard let r = g[v].type?.shape?.rank, r >= 2 else { return nil }
                return Array(0..<Int64(r - 2)) + [Int64(r - 1), Int64(r - 2)]
            }
            if n.attribute("transA")?.int == 1, let p = perm(a) {
                a = try e.emit("Transpose", [a], attributes: [Attribute(name: "perm", value: .ints(p))], name: base + "/transpose_a")
            }
            if n.attribute("transB")?.int == 1, let p = perm(b) {
                b = try e.emit("Transpose", [b], attributes: [Attribute(name: "perm", value: .ints(p))], name: base + "/transpose_b")
            }
            let alpha = float("alpha", 1)
            if alpha == 1 {
                try e.emit("MatMul", [a, b], name: base + "/matmul", output: y)
            } else {
                let mm = try e.emit("MatMul", [a, b], name: base + "/matmul")
                let k = try e.addScalar(alpha, type: t, name: base + "/alpha")
                try e.emit("Mul", [mm, k], name: base + "/scale", output: y)
            }
        case "SkipLayerNormalization", "SkipSimplifiedLayerNormalization":
            let simplified = n.opType == "SkipSimplifiedLayerNormalization"
            let bias = simplified ? input(3) : input(4)
            var s = try e.emit("Add", [x, input(1)], name: base + "/skip_add", output: bias == nil ? sumOutput : nil)
            if let bias { s = try e.emit("Add", [s, bias], name: base + "/bias_add", output: sumOutput) }
            try Norms.emit(s, gamma: input(2), beta: simplified ? nil : input(3), axis: -1, epsilon: float("epsilon", 1e-12),
                           rms: simplified, type: t, output: y, base: base, facts: facts, context: context, editor: &e)
        case "LayerNormalization", "SimplifiedLayerNormalization":
            try Norms.emit(x, gamma: input(1), beta: n.opType == "LayerNormalization" ? input(2) : nil,
                           axis: n.attribute("axis")?.int ?? -1, epsilon: float("epsilon", 1e-5),
                           rms: n.opType == "SimplifiedLayerNormalization", type: t, output: y, base: base,
                           facts: facts, context: context, editor: &e)
        default:
            throw RewriteError(pass: "decompose-contrib", "no decomposition for \(n.opType)")
        }
    }
}

/// The activations ORT fuses into Conv and Gemm.
enum Activation {
    static let known: Set<String> = ["", "Relu", "Tanh", "Sigmoid", "LeakyRelu", "Clip", "HardSigmoid"]

    static func emit(_ name: String, params: [Float], x: ValueID, type: DataType, output: ValueID, base: String,
                     opset: Int64, editor e: inout GraphEditor) throws {
        switch name {
        case "":
            try e.emit("Identity", [x], name: base + "/identity", output: output)
        case "Relu", "Tanh", "Sigmoid":
            try e.emit(name, [x], name: base + "/" + name.lowercased(), output: output)
        case "LeakyRelu":
            try e.emit(name, [x], attributes: [Attribute(name: "alpha", value: .float(params.first ?? 0.01))],
                       name: base + "/leaky_relu", output: output)
        case "HardSigmoid":
            try e.emit(name, [x], attributes: [Attribute(name: "alpha", value: .float(params.first ?? 0.2)),
                                               Attribute(name: "beta", value: .float(params.count > 1 ? params[1] : 0.5))],
                       name: base + "/hard_sigmoid", output: output)
        case "Clip":
            let lo = params.first ?? -Float.greatestFiniteMagnitude
            let hi = params.count > 1 ? params[1] : Float.greatestFiniteMagnitude
            if opset >= 11 {
                let a = try e.addScalar(Double(lo), type: type, name: base + "/clip_min")
                let b = try e.addScalar(Double(hi), type: type, name: base + "/clip_max")
                try e.emit("Clip", [x, a, b], name: base + "/clip", output: output)
            } else {
                try e.emit("Clip", [x], attributes: [Attribute(name: "min", value: .float(lo)), Attribute(name: "max", value: .float(hi))],
                           name: base + "/clip", output: output)
            }
        default:
            throw RewriteError(pass: "decompose-contrib", "unknown activation '\(name)'")
        }
    }
}

/// LayerNormalization and its RMS variant, as one ONNX op when the opset and the EP allow, else in primitives.
enum Norms {
    static func emit(_ x: ValueID, gamma: ValueID?, beta: ValueID?, axis: Int64, epsilon: Double, rms: Bool,
                     type: DataType, output: ValueID, base: String, facts: ModelFacts, context: RewriteContext,
                     editor e: inout GraphEditor) throws {
        if !rms && facts.opset >= 17 && context.target.takes("LayerNormalization", sinceVersion: 17) {
            try e.emit("LayerNormalization", [x, gamma, beta], attributes: [
                Attribute(name: "axis", value: .int(axis)), Attribute(name: "epsilon", value: .float(Float(epsilon))),
            ], name: base + "/layer_norm", output: output)
            return
        }
        // Negative axes need no rank: [axis, …, -1]. A non-negative axis needs it (checked by the matcher).
        let axes: [Int64]
        if axis < 0 {
            axes = Array(axis..<0)
        } else if let rank = e.graph[x].type?.shape?.rank {
            axes = Array(axis..<Int64(rank))
        } else {
            throw RewriteError(pass: "decompose-contrib", "\(base): the input rank is unknown")
        }
        func mean(_ v: ValueID, _ name: String) throws -> ValueID {
            if facts.opset >= 18 {
                let ax = try e.addConstant(.ints(axes), name: base + "/axes")
                return try e.emit("ReduceMean", [v, ax], name: base + name)
            }
            return try e.emit("ReduceMean", [v], attributes: [Attribute(name: "axes", value: .ints(axes))], name: base + name)
        }
        var centred = x
        if !rms {
            let mu = try mean(x, "/mean")
            centred = try e.emit("Sub", [x, mu], name: base + "/centred")
        }
        let sq = try e.emit("Mul", [centred, centred], name: base + "/square")
        let variance = try mean(sq, "/variance")
        let eps = try e.addScalar(epsilon, type: type, name: base + "/epsilon")
        let ve = try e.emit("Add", [variance, eps], name: base + "/variance_eps")
        let sd = try e.emit("Sqrt", [ve], name: base + "/std")
        let normed = try e.emit("Div", [centred, sd], name: base + "/normalized")
        if let beta {
            let scaled = try e.emit("Mul", [normed, gamma], name: base + "/scaled")
            try e.emit("Add", [scaled, beta], name: base + "/shifted", output: output)
        } else {
            try e.emit("Mul", [normed, gamma], name: base + "/scaled", output: output)
        }
    }
}

/// `decompose-contrib`.
public struct DecomposeContribPass: RewritePass {
    public let id = "decompose-contrib"
    public let summary = "ORT contrib/fused ops the target EP lacks (FusedConv, FusedGemm, FusedMatMul, Gelu, BiasGelu, FastGelu, QuickGelu, BiasAdd, SkipLayerNormalization, SkipSimplifiedLayerNormalization, SimplifiedLayerNormalization, pre-17 LayerNormalization) → standard ONNX ops with the same definition."
    public let tolerance = 1e-4

    public init() {}

    static let patterns: [any RewritePattern] = [ContribPattern()]

    public func precondition(_ model: Model, context: RewriteContext) -> NoMatch? {
        let g = model.graph
        let any = g.liveNodeIDs.contains { id in
            let n = g[id]
            return ContribPattern.handled[n.opType]?.contains(n.isDefaultDomain ? "" : n.domain) == true
                && !(n.opType == "LayerNormalization" && (model.opsetVersion(for: "") ?? 1) >= 17)
        }
        return any ? nil : NoMatch("the model has no ORT contrib op this pass knows")
    }

    public func run(_ model: inout Model, context: RewriteContext) throws -> PassReport {
        _ = ShapeInference.infer(&model)
        let before = model.graph
        let stats = try PatternDriver.run(Self.patterns, on: &model.graph, facts: ModelFacts(model: model), context: context)
        DeadCode.cleanUp(&model.graph, before: before)
        var byOp: [String: Int] = [:]
        let diff = GraphDiff.compute(before: before, after: model.graph)
        for (k, v) in diff.removed where !k.hasPrefix("ai.onnx:") || k == "ai.onnx:LayerNormalization" { byOp["decompose \(ContribPattern.shortName(k))"] = v }
        return PassReport(rewrites: byOp.isEmpty ? stats.rewrites : byOp, misses: stats.misses)
    }

    /// Every handled op left is one the target takes, or one whose statistics outputs are used.
    public func postcondition(_ model: Model, context: RewriteContext) -> [String] {
        let g = model.graph
        let facts = ModelFacts(model: model)
        return g.liveNodeIDs.compactMap { id in
            guard ContribPattern.handled[g[id].opType] != nil,
                  case .matched = ContribPattern().match(id, in: g, facts: facts, context: context) else { return nil }
            return "\(g.displayName(of: id)) (\(g[id].opType)) is left"
        }
    }
}

extension ContribPattern {
    /// Inference has no rule for some contrib ops; their weights (or outputs, if declared) still tell the type.
    static func declaredFloatType(_ n: Node, in g: Graph) -> DataType? {
        for v in n.inputs.dropFirst().compactMap({ $0 }) + n.outputs.compactMap({ $0 }) {
            if let t = g[v].type?.elementType ?? g[v].initializer?.dataType, GeluMath.isFloat(t) { return t }
        }
        return nil
    }

    static func shortName(_ qualified: String) -> String {
        qualified.split(separator: ":").last.map(String.init) ?? qualified
    }
}
