import CutlineIR

/// What a shape rule sees for one node, and where it writes the output types (onnx's InferenceContext).
struct NodeInferenceContext {
    let node: Node
    /// Schema version the node binds to.
    let since: Int64
    /// Input types; nil when the input is omitted or its type is not known.
    var inputTypes: [ValueType?]
    var inputNames: [String?]
    /// Values of constant inputs: initializers and Constant outputs (onnx's `getInputData`), plus, when constant
    /// evaluation is on, values Cutline computed.
    var inputData: [TensorLiteral?]
    /// Shape data produced by data propagation (onnx's `getSymbolicInput`).
    var symbolicInputs: [[Dim]?]
    var outputs: [ValueType?]
    /// Why an output is left without a type or shape, when the rule knows.
    var stopReason: String?
    /// Infers a subgraph attribute given its formal input types; returns its output types.
    var inferSubgraph: (_ attribute: String, _ inputs: [ValueType?]) throws -> [ValueType?] = { _, _ in [] }

    var opType: String { node.opType }
    var inputCount: Int { node.inputs.count }
    var outputCount: Int { node.outputs.count }

    func hasInput(_ i: Int) -> Bool { i < node.inputs.count && node.inputs[i] != nil }
    func hasOutput(_ i: Int) -> Bool { i < node.outputs.count && node.outputs[i] != nil }

    func type(_ i: Int) -> ValueType? { i < inputTypes.count ? inputTypes[i] : nil }
    func elemType(_ i: Int) -> DataType? {
        guard let t = type(i)?.elementType, t != .undefined else { return nil }
        return t
    }
    /// The input's dims when its rank is known (onnx `hasInputShape`).
    func shape(_ i: Int) -> [Dim]? { type(i)?.shape?.dims }
    func hasShape(_ i: Int) -> Bool { shape(i) != nil }
    func data(_ i: Int) -> TensorLiteral? { i < inputData.count ? inputData[i] : nil }
    func symbolic(_ i: Int) -> [Dim]? { i < symbolicInputs.count ? symbolicInputs[i] : nil }

    func attr(_ name: String) -> Attribute? { node.attribute(name) }
    func int(_ name: String, _ def: Int64) -> Int64 { node.attribute(name)?.int ?? def }
    func ints(_ name: String) -> [Int64]? { node.attribute(name)?.ints }
    func string(_ name: String, _ def: String) -> String { node.attribute(name)?.string ?? def }

    /// The output's element type so far (set by an earlier call in the same rule).
    func outputElem(_ i: Int) -> DataType { outputs[i]?.elementType ?? .undefined }

    mutating func setElem(_ i: Int, _ t: DataType?) {
        guard i < outputs.count, let t else { return }
        outputs[i] = .tensor(t, outputs[i]?.shape)
    }

    mutating func setShape(_ i: Int, _ dims: [Dim]) {
        guard i < outputs.count else { return }
        outputs[i] = .tensor(outputs[i]?.elementType ?? .undefined, Shape(dims))
    }

    mutating func setType(_ i: Int, _ t: ValueType?) {
        guard i < outputs.count else { return }
        outputs[i] = t
    }

    mutating func propagateElem(from input: Int, to output: Int) throws {
        guard let t = type(input) else { return }
        switch t {
        case .tensor(let e, _), .sparseTensor(let e, _):
            guard e != .undefined else { throw InferenceFailure("Element type of input \(input) unknown") }
            if case .sparseTensor = t { outputs[output] = .sparseTensor(e, outputs[output]?.shape) } else { setElem(output, e) }
        default:
            outputs[output] = t
        }
    }

    mutating func propagateShape(from input: Int, to output: Int) {
        guard let s = shape(input) else { return }
        setShape(output, s)
    }

    /// propagateShapeAndTypeFromFirstInput.
    mutating func passThrough(_ input: Int = 0, to output: Int = 0) throws {
        try propagateElem(from: input, to: output)
        propagateShape(from: input, to: output)
    }

    mutating func stop(_ reason: String) { if stopReason == nil { stopReason = reason } }

    /// Name of the first present input whose shape is unknown.
    func firstUnknownInput(_ indices: [Int]) -> String? {
        for i in indices where hasInput(i) && shape(i) == nil { return inputNames[i] ?? "#\(i)" }
        return nil
    }

    /// onnx `hasNInputShapes`: the first `n` inputs are present with known rank.
    mutating func requireShapes(_ n: Int) -> Bool {
        for i in 0..<n where !hasShape(i) {
            // An unknown input is its producer's story (the report walks back to it); a missing one is this node's.
            if !hasInput(i) { stop("input \(i) is missing") }
            return false
        }
        return true
    }

    static func normalizeAxis(_ a: Int64, rank: Int, _ what: String = "axis") throws -> Int {
        let r = Int64(rank)
        guard a >= -r && a < r else { throw InferenceFailure("\(what) \(a) is out of range for rank \(rank)") }
        return Int(a < 0 ? a + r : a)
    }

    /// Integers of a constant input (int32 or int64), nil when not constant.
    func constInts(_ i: Int) -> [Int64]? {
        guard hasInput(i), let d = data(i), !d.dataType.isFloatingPoint else { return nil }
        return d.int64s
    }
}
