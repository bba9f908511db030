import CutlineIR

enum ElementwiseRules {
    static let unary = ["Abs", "Acos", "Acosh", "Asin", "Asinh", "Atan", "Atanh", "Ceil", "Celu", "Cos", "Cosh", "Elu",
                        "Erf", "Exp", "Floor", "Gelu", "HardSigmoid", "HardSwish", "Identity", "LeakyRelu", "Log",
                        "LogSoftmax", "Hardmax", "Mish", "Neg", "Reciprocal", "Relu", "Round", "Selu", "Shrink",
                        "Sigmoid", "Sign", "Sin", "Sinh", "Softmax", "Softplus", "Softsign", "Sqrt", "Tan", "Tanh",
                        "ThresholdedRelu", "Not", "LRN", "CumSum", "Trilu", "BitwiseNot", "Clip",
                        "InstanceNormalization", "MeanVarianceNormalization", "LpNormalization", "GroupNormalization",
                        "PRelu", "Scatter", "ScatterND", "ScatterElements", "ReverseSequence", "Det"]

    static func register(_ t: inout [String: ShapeRule]) {
        t.add(unary) { ctx in try ctx.passThrough() }
        t.add(["IsNaN", "IsInf"]) { ctx in
            ctx.setElem(0, .bool)
            ctx.propagateShape(from: 0, to: 0)
        }
        t.add(["Add", "Sub", "Mul", "Div", "Pow", "Mod", "BitShift", "BitwiseAnd", "BitwiseOr", "BitwiseXor"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            if ctx.requireShapes(2), let a = ctx.shape(0), let b = ctx.shape(1) {
                ctx.setShape(0, try SymbolicDims.broadcast([a, b]))
            }
        }
        t.add(["Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Xor"]) { ctx in
            ctx.setElem(0, .bool)
            if ctx.requireShapes(2), let a = ctx.shape(0), let b = ctx.shape(1) {
                ctx.setShape(0, try SymbolicDims.broadcast([a, b]))
            }
        }
        t.add(["Max", "Min", "Sum", "Mean"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            var shapes: [[Dim]] = []
            for i in 0..<ctx.inputCount {
                guard let s = ctx.shape(i) else { return }
                shapes.append(s)
            }
            ctx.setShape(0, try SymbolicDims.broadcast(shapes))
        }
        t.add(["Where"]) { ctx in
            try ctx.propagateElem(from: 1, to: 0)
            if ctx.requireShapes(3), let a = ctx.shape(0), let b = ctx.shape(1), let c = ctx.shape(2) {
                ctx.setShape(0, try SymbolicDims.broadcast([a, b, c]))
            }
        }
        t.add(["Cast"]) { ctx in
            guard let to = ctx.attr("to")?.int else { throw InferenceFailure("Attribute 'to' is missing") }
            ctx.setElem(0, RuleKit.dataType(to))
            ctx.propagateShape(from: 0, to: 0)
        }
        // The *Like random generators and Bernoulli: the input's shape, the `dtype` attribute's type or else the
        // input's (onnx's schemas for RandomUniformLike-1, RandomNormalLike-1, Bernoulli-15).
        t.add(["Bernoulli", "RandomNormalLike", "RandomUniformLike"]) { ctx in
            if let dtype = ctx.attr("dtype")?.int { ctx.setElem(0, RuleKit.dataType(dtype)) } else { try ctx.propagateElem(from: 0, to: 0) }
            ctx.propagateShape(from: 0, to: 0)
        }
        t.add(["CastLike"]) { ctx in
            try ctx.propagateElem(from: 1, to: 0)
            ctx.propagateShape(from: 0, to: 0)
        }
        t.add(["Dropout"]) { ctx in
            try ctx.passThrough()
            if ctx.outputCount > 1 && ctx.hasOutput(1) {
                ctx.setElem(1, ctx.since >= 10 ? .bool : ctx.elemType(0))
                ctx.propagateShape(from: 0, to: 1)
            }
        }
        t.add(["BatchNormalization"]) { ctx in
            try ctx.passThrough()
            // Training outputs (running mean / variance) take the shape of the mean and variance inputs.
            for (o, i) in [(1, 3), (2, 4)] where o < ctx.outputCount && ctx.hasOutput(o) && ctx.since >= 14 {
                try ctx.propagateElem(from: i, to: o)
                ctx.propagateShape(from: i, to: o)
            }
        }
        t.add(["LayerNormalization"]) { ctx in
            try ctx.passThrough()
            guard let s = ctx.shape(0) else { return }
            let axis = try NodeInferenceContext.normalizeAxis(ctx.int("axis", -1), rank: s.count)
            let stash = RuleKit.dataType(ctx.int("stash_type", 1))
            for o in 1..<max(1, min(ctx.outputCount, 3)) where ctx.hasOutput(o) {
                ctx.setElem(o, ctx.since >= 17 ? stash : (ctx.elemType(0) ?? .float))
                ctx.setShape(o, Array(s[..<axis]) + [Dim](repeating: .value(1), count: s.count - axis))
            }
        }
        t.add(["Einsum"]) { ctx in try einsum(&ctx) }
    }

    /// onnx's einsumShapeInference: letters map to dims, `...` to the broadcast of the ellipsis dims.
    static func einsum(_ ctx: inout NodeInferenceContext) throws {
        try ctx.propagateElem(from: 0, to: 0)
        let eq = ctx.string("equation", "").filter { $0 != " " }
        let parts = eq.components(separatedBy: "->")
        let lhs = parts[0].components(separatedBy: ",")
        guard lhs.count == ctx.inputCount else { throw InferenceFailure("Number of inputs does not match the equation") }
        var letterDims: [Character: Dim] = [:]
        var counts: [Character: Int] = [:]
        var ellipsisDims: [Dim]? = nil
        var order: [Character] = []
        for (i, term) in lhs.enumerated() {
            guard let shape = ctx.shape(i) else { return }
            let letters = Array(term.replacingOccurrences(of: "...", with: "."))
            let explicit = letters.filter { $0 != "." }.count
            var k = 0
            for ch in letters {
                if ch == "." {
                    let n = shape.count - explicit
                    guard n >= 0 else { throw InferenceFailure("Ellipsis represents incompatible dimensions.") }
                    let e = Array(shape[k..<(k + n)])
                    ellipsisDims = try ellipsisDims.map { try SymbolicDims.broadcast([$0, e]) } ?? e
                    k += n
                } else {
                    guard k < shape.count else { throw InferenceFailure("Einsum term has more letters than dims") }
                    if letterDims[ch] == nil || letterDims[ch] == .unknown { letterDims[ch] = shape[k] }
                    if counts[ch] == nil { order.append(ch) }
                    counts[ch, default: 0] += 1
                    k += 1
                }
            }
            if k != shape.count { throw InferenceFailure("Rank of input \(i) does not match the equation") }
        }
        var out: [Dim] = []
        if parts.count > 1 {
            for ch in Array(parts[1].replacingOccurrences(of: "...", with: ".")) {
                if ch == "." { out += ellipsisDims ?? [] } else { out.append(letterDims[ch] ?? .unknown) }
            }
        } else {
            out += ellipsisDims ?? []
            for ch in order.sorted() where counts[ch] == 1 { out.append(letterDims[ch] ?? .unknown) }
        }
        ctx.setShape(0, out)
    }
}
