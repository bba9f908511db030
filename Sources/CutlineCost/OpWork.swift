import CutlineIR

/// The arithmetic and memory traffic of one node execution.
public struct OpWork: Hashable, Sendable, Codable {
    /// Floating-point (or integer arithmetic) operations; a multiply-add counts as 2.
    public var flops: Double
    /// Bytes read from all existing inputs (weights included) plus bytes written to all outputs.
    public var bytes: Double
    /// False when FLOPs could not be derived (unknown shapes or an op this counter does not model).
    public var isCounted: Bool

    public init(flops: Double, bytes: Double, isCounted: Bool = true) {
        self.flops = flops
        self.bytes = bytes
        self.isCounted = isCounted
    }

    public static let zero = OpWork(flops: 0, bytes: 0)
}

/// FLOP and byte counting per ONNX op from concrete shapes. The formulas are the usual ones (a multiply-add is 2
/// FLOPs, as in the MatMul 2·M·N·K convention); each case says what it counts. Ops not listed count 0 FLOPs but still
/// their bytes, and report `isCounted == false` only when a shape they need is missing.
public enum OpWorkCounter {
    /// Ops that only move or reinterpret data: 0 FLOPs.
    static let dataMovement: Set<String> = [
        "Reshape", "Transpose", "Concat", "Slice", "Split", "Squeeze", "Unsqueeze", "Flatten", "Identity", "Expand",
        "Tile", "Pad", "Gather", "GatherElements", "GatherND", "ScatterND", "ScatterElements", "Shape", "Size",
        "Cast", "CastLike", "ConstantOfShape", "Range", "DepthToSpace", "SpaceToDepth", "ReorderInput",
        "ReorderOutput", "Dropout", "NonZero", "Compress", "OneHot", "Trilu", "EyeLike", "Constant",
    ]
    /// One operation per output element.
    static let elementwise: Set<String> = [
        "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Mean", "Sum", "Mod", "Neg", "Abs", "Reciprocal", "Sqrt",
        "Exp", "Log", "Erf", "Tanh", "Sigmoid", "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Celu", "HardSigmoid",
        "HardSwish", "Softplus", "Softsign", "Clip", "Sin", "Cos", "Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh",
        "Floor", "Ceil", "Round", "Sign", "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "And", "Or",
        "Xor", "Not", "Where", "IsNaN", "IsInf", "BitShift", "ThresholdedRelu", "Gelu", "QuickGelu", "FastGelu",
        "BiasGelu", "Shrink", "Mish", "BitwiseAnd", "BitwiseOr", "BitwiseXor", "BitwiseNot",
    ]
    static let reductions: Set<String> = [
        "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSum",
        "ReduceLogSumExp", "ReduceSumSquare", "ArgMax", "ArgMin", "GlobalAveragePool", "GlobalMaxPool",
        "GlobalLpPool", "CumSum",
    ]

    /// Counts one node. `inputs`/`outputs` follow the node's slots (nil = omitted or unknown shape).
    public static func count(opType: String, attributes: [Attribute], inputs: [TensorDesc?],
                             outputs: [TensorDesc?], equation: String? = nil) -> OpWork {
        var bytes = 0.0
        for t in inputs { if let t { bytes += Double(t.byteCount) } }
        for t in outputs { if let t { bytes += Double(t.byteCount) } }
        let out0 = outputs.first ?? nil
        let in0 = inputs.first ?? nil
        func input(_ i: Int) -> TensorDesc? { i < inputs.count ? inputs[i] : nil }
        func missing() -> OpWork { OpWork(flops: 0, bytes: bytes, isCounted: false) }

        switch opType {
        case "MatMul", "FusedMatMul", "MatMulInteger", "QLinearMatMul":
            // Y[..., M, N] = A[..., M, K] · B[..., K, N]: K multiply-adds per output element → 2·M·N·K per batch.
            guard let a = in0, let y = out0 else { return missing() }
            let k = a.rank == 0 ? 1 : a.dims[a.rank - 1]
            return OpWork(flops: 2 * Double(k) * Double(y.elementCount), bytes: bytes)
        case "Gemm", "FusedGemm":
            // Y[M, N] = alpha·A'·B' + beta·C: 2·M·N·K, plus M·N for adding C. K = |A| / M whatever transA is.
            guard let a = in0, let y = out0, y.rank == 2, y.dims[0] > 0 else { return missing() }
            let k = Double(a.elementCount) / Double(y.dims[0])
            var f = 2 * Double(y.elementCount) * k
            if input(2) != nil { f += Double(y.elementCount) }
            return OpWork(flops: f, bytes: bytes)
        case "Conv", "FusedConv", "ConvInteger", "QLinearConv", "NhwcConv":
            // Y[N, Cout, spatial...]: each output element is a dot product of length (Cin/group)·Πkernel, so
            // 2·|Y|·(Cin/group)·Πkernel, plus |Y| for the bias. W is [Cout, Cin/group, k...].
            let wIndex = opType == "QLinearConv" ? 3 : 1
            guard let w = input(wIndex), let y = out0, w.rank >= 2 else { return missing() }
            let perOutput = w.dims.dropFirst().reduce(Int64(1), *)
            var f = 2 * Double(y.elementCount) * Double(perOutput)
            let biasIndex = opType == "QLinearConv" ? 8 : 2
            if input(biasIndex) != nil { f += Double(y.elementCount) }
            return OpWork(flops: f, bytes: bytes)
        case "ConvTranspose":
            // Each input element is scattered to (Cout/group)·Πkernel outputs: 2·|X|·(Cout/group)·Πkernel, plus |Y|
            // for the bias. W is [Cin, Cout/group, k...].
            guard let x = in0, let w = input(1), let y = out0, w.rank >= 2 else { return missing() }
            let perInput = w.dims.dropFirst().reduce(Int64(1), *)
            var f = 2 * Double(x.elementCount) * Double(perInput)
            if input(2) != nil { f += Double(y.elementCount) }
            return OpWork(flops: f, bytes: bytes)
        case "Einsum":
            return einsum(equation: equation, inputs: inputs, output: out0, bytes: bytes)
        case "Softmax", "LogSoftmax":
            // max, subtract+exp, sum, divide: 4 per element.
            guard let y = out0 else { return missing() }
            return OpWork(flops: 4 * Double(y.elementCount), bytes: bytes)
        case "LayerNormalization", "SimplifiedLayerNormalization", "SkipLayerNormalization",
             "SkipSimplifiedLayerNormalization", "InstanceNormalization", "GroupNormalization",
             "MeanVarianceNormalization", "RMSNormalization":
            // mean, variance (subtract, square, sum), normalize (subtract, divide), scale, shift: 8 per element.
            guard let y = out0 else { return missing() }
            return OpWork(flops: 8 * Double(y.elementCount), bytes: bytes)
        case "BatchNormalization":
            // Inference form folds to one multiply-add per element.
            guard let y = out0 else { return missing() }
            return OpWork(flops: 2 * Double(y.elementCount), bytes: bytes)
        case "MaxPool", "AveragePool", "LpPool":
            // One operation per kernel tap per output element.
            guard let y = out0 else { return missing() }
            let kernel = attributes.first { $0.name == "kernel_shape" }?.ints ?? []
            return OpWork(flops: Double(y.elementCount) * Double(kernel.reduce(Int64(1), *)), bytes: bytes)
        case "Resize", "Upsample":
            // Nearest is a gather (0 FLOPs); (bi/tri)linear blends 2 neighbours per resized axis: 2·2^k − 1 per output
            // element rounded to 2^(k+1); cubic uses 4 taps per axis: 2·4^k.
            guard let y = out0, let x = in0 else { return missing() }
            let mode = attributes.first { $0.name == "mode" }?.string ?? "nearest"
            let resized = zip(x.dims, y.dims).filter { $0 != $1 }.count
            let per: Double
            switch mode {
            case "linear", "bilinear", "trilinear": per = Double(1 << (resized + 1))
            case "cubic": per = 2 * pow4(resized)
            default: per = 0
            }
            return OpWork(flops: per * Double(y.elementCount), bytes: bytes)
        case "Attention", "MultiHeadAttention":
            // Projections are separate MatMuls in ONNX graphs; for the fused contrib op count Q·Kᵀ and P·V:
            // 4·B·S²·H (H = hidden) plus softmax 4·B·heads·S².
            guard let x = in0, x.rank == 3, let y = out0 else { return missing() }
            let b = Double(x.dims[0]), s = Double(x.dims[1]), h = Double(y.dim(fromEnd: -1))
            var f = 4 * b * s * s * h
            if opType == "Attention", let w = input(1) { f += 2 * b * s * Double(w.elementCount) }
            return OpWork(flops: f, bytes: bytes)
        default:
            break
        }
        if dataMovement.contains(opType) { return OpWork(flops: 0, bytes: bytes) }
        if elementwise.contains(opType) {
            guard let y = out0 else { return missing() }
            return OpWork(flops: Double(y.elementCount), bytes: bytes)
        }
        if reductions.contains(opType) {
            guard let x = in0 else { return missing() }
            return OpWork(flops: Double(x.elementCount), bytes: bytes)
        }
        return OpWork(flops: 0, bytes: bytes, isCounted: false)
    }

    private static func pow4(_ k: Int) -> Double { (0..<k).reduce(1.0) { r, _ in r * 4 } }

    /// 2 × the product of every distinct index size when some index is summed over (a contraction), else one
    /// operation per output element.
    static func einsum(equation: String?, inputs: [TensorDesc?], output: TensorDesc?, bytes: Double) -> OpWork {
        guard let equation, let output else { return OpWork(flops: 0, bytes: bytes, isCounted: false) }
        let cleaned = equation.filter { !$0.isWhitespace }
        let parts = cleaned.components(separatedBy: "->")
        let lhs = parts[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard lhs.count == inputs.count, !cleaned.contains("...") else {
            return OpWork(flops: 0, bytes: bytes, isCounted: false)
        }
        var sizes: [Character: Int64] = [:]
        for (term, t) in zip(lhs, inputs) {
            guard let t, t.rank == term.count else { return OpWork(flops: 0, bytes: bytes, isCounted: false) }
            for (c, d) in zip(term, t.dims) { sizes[c] = max(sizes[c] ?? 1, d) }
        }
        let outLetters: Set<Character>
        if parts.count > 1 {
            outLetters = Set(parts[1])
        } else {
            // Implicit output: letters that appear exactly once.
            var counts: [Character: Int] = [:]
            for term in lhs { for c in term { counts[c, default: 0] += 1 } }
            outLetters = Set(counts.filter { $0.value == 1 }.keys)
        }
        let contracted = sizes.keys.contains { !outLetters.contains($0) }
        if !contracted { return OpWork(flops: Double(output.elementCount), bytes: bytes) }
        let all = sizes.values.reduce(1.0) { $0 * Double($1) }
        return OpWork(flops: 2 * all, bytes: bytes)
    }
}
