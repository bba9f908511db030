import CutlineIR

/// The GELU forms rewrites emit, in standard ONNX ops.
enum GeluMath {
    /// √(2/π), the tanh approximation's scale.
    static let tanhScale = (2.0 / Double.pi).squareRoot()
    /// 0.044715 · √(2/π): the cubic coefficient folded into the scale.
    static let tanhCubic = 0.044715 * tanhScale

    /// Whether `v` is `target` up to the rounding of a float16 constant.
    static func near(_ v: Double?, _ target: Double) -> Bool {
        guard let v else { return false }
        return abs(v - target) <= 1e-3 * abs(target)
    }

    /// Element types the emitted constants can take.
    static func isFloat(_ t: DataType) -> Bool { t == .float || t == .float16 || t == .double || t == .bfloat16 }

    /// y = 0.5·x·(1 + tanh(x·(√(2/π) + 0.044715·√(2/π)·x²))), written into `output`. Eight nodes of Mul/Add/Tanh,
    /// all of which every CoreML format takes.
    static func emitTanh(_ x: ValueID, type: DataType, output: ValueID, base: String,
                         editor e: inout GraphEditor) throws {
        let cubic = try e.addScalar(tanhCubic, type: type, name: base + "/gelu_cubic")
        let scale = try e.addScalar(tanhScale, type: type, name: base + "/gelu_scale")
        let one = try e.addScalar(1, type: type, name: base + "/gelu_one")
        let half = try e.addScalar(0.5, type: type, name: base + "/gelu_half")
        let x2 = try e.emit("Mul", [x, x], name: base + "/gelu_x2")
        let a = try e.emit("Mul", [x2, cubic], name: base + "/gelu_cubic_term")
        let b = try e.emit("Add", [a, scale], name: base + "/gelu_inner_scale")
        let u = try e.emit("Mul", [x, b], name: base + "/gelu_inner")
        let t = try e.emit("Tanh", [u], name: base + "/gelu_tanh")
        let t1 = try e.emit("Add", [t, one], name: base + "/gelu_tanh_plus_one")
        let h = try e.emit("Mul", [x, half], name: base + "/gelu_half_x")
        try e.emit("Mul", [h, t1], name: base + "/gelu_tanh_out", output: output)
    }

    /// y = 0.5·x·(1 + erf(x/√2)): the exact form, for decomposing ops whose definition is erf-based.
    static func emitErf(_ x: ValueID, type: DataType, output: ValueID, base: String,
                        editor e: inout GraphEditor) throws {
        let invSqrt2 = try e.addScalar(1 / 2.0.squareRoot(), type: type, name: base + "/gelu_inv_sqrt2")
        let one = try e.addScalar(1, type: type, name: base + "/gelu_one")
        let half = try e.addScalar(0.5, type: type, name: base + "/gelu_half")
        let s = try e.emit("Mul", [x, invSqrt2], name: base + "/gelu_scaled")
        let f = try e.emit("Erf", [s], name: base + "/gelu_erf")
        let f1 = try e.emit("Add", [f, one], name: base + "/gelu_erf_plus_one")
        let h = try e.emit("Mul", [x, half], name: base + "/gelu_half_x")
        try e.emit("Mul", [h, f1], name: base + "/gelu_erf_out", output: output)
    }

    /// ONNX Gelu(approximate="tanh") (opset 20).
    static func emitOnnxTanh(_ x: ValueID, output: ValueID, base: String, editor e: inout GraphEditor) throws {
        try e.emit("Gelu", [x], attributes: [Attribute(name: "approximate", value: .string(Array("tanh".utf8)))],
                   name: base + "/gelu_tanh", output: output)
    }

    /// The tanh form the target takes best: ONNX Gelu when the opset has it and the EP builds it, else the chain.
    static func emitTanhForTarget(_ x: ValueID, type: DataType, output: ValueID, base: String, facts: ModelFacts,
                                  context: RewriteContext, editor e: inout GraphEditor) throws {
        if facts.opset >= 20 && context.target.takes("Gelu", sinceVersion: 20) {
            try emitOnnxTanh(x, output: output, base: base, editor: &e)
        } else {
            try emitTanh(x, type: type, output: output, base: base, editor: &e)
        }
    }

    /// The element type of `v`, when inference or the file says it is floating point.
    static func floatType(_ v: ValueID, in g: Graph) -> DataType? {
        guard let t = g[v].type?.elementType, isFloat(t) else { return nil }
        return t
    }
}
