import CutlineIR

/// Shape rules keyed by `domain:op`. Each rule follows the op's onnx (or ONNX Runtime contrib) inference
/// function across the versions where its signature changed; `ctx.since` tells which.
enum Rules {
    static func key(_ domain: String, _ op: String) -> String { "\(SchemaRegistry.normalize(domain)):\(op)" }

    static func rule(domain: String, opType: String) -> ShapeRule? { table[key(domain, opType)] }

    static let table: [String: ShapeRule] = {
        var t: [String: ShapeRule] = [:]
        ElementwiseRules.register(&t)
        TensorRules.register(&t)
        NNRules.register(&t)
        ControlFlowRules.register(&t)
        ContribRules.register(&t)
        return t
    }()

    /// Op types (default domain unless prefixed) that have a rule.
    static var supportedOps: [String] { table.keys.sorted() }
}

extension Dictionary where Key == String, Value == ShapeRule {
    mutating func add(_ ops: [String], domain: String = "", _ rule: @escaping ShapeRule) {
        for op in ops { self[Rules.key(domain, op)] = rule }
    }
}

/// Helpers shared by rules.
enum RuleKit {
    /// Product of dims [from, to) when all static, else unknown (onnx multiplyDims).
    static func product(_ dims: ArraySlice<Dim>) -> Dim {
        var p: Int64 = 1
        for d in dims {
            guard let v = d.value else { return .unknown }
            p = p &* v
        }
        return .value(p)
    }

    static func dataType(_ code: Int64) -> DataType { DataType(code: Int32(truncatingIfNeeded: code)) }

    /// ONNX's `updateOutputShape` from a shape input: values must be non-negative when `failNegative`.
    /// onnx's getShapeInput: a constant, else propagated shape data, else (with `rankFromLength`) N unknown dims
    /// for a 1-D shape input of static length N.
    static func dimsFromShapeInput(_ ctx: NodeInferenceContext, _ i: Int, failNegative: Bool = false,
                                   rankFromLength: Bool = true) throws -> [Dim]? {
        if let d = ctx.data(i), !d.dataType.isFloatingPoint, let v = d.int64s {
            if failNegative, v.contains(where: { $0 < 0 }) { throw InferenceFailure("Invalid shape value: negative") }
            return v.map { .value($0) }
        }
        if let s = ctx.symbolic(i) { return s }
        if rankFromLength, let s = ctx.shape(i) {
            guard s.count == 1 else { throw InferenceFailure("shape input must be 1D tensor") }
            if let n = s[0].value, n >= 0, n <= 1 << 16 { return [Dim](repeating: .unknown, count: Int(n)) }
        }
        return nil
    }
}
