import CutlineIR

/// What a constant kernel sees: one node's op, schema version, attributes and input values.
public struct ConstantKernelContext: Sendable {
    public var opType: String
    public var domain: String
    /// The schema version the node binds to; nil when unknown (kernels then assume the newest signature).
    public var sinceVersion: Int64?
    public var attributes: [Attribute]
    /// One entry per input slot; nil for an omitted optional input or a value that is not known.
    public var inputs: [TensorLiteral?]
    /// Largest literal a kernel may produce.
    public var maxElements: Int
    /// Where tensor attributes that point into the model file are read from.
    public var storage: ModelStorage?

    public init(opType: String, domain: String, sinceVersion: Int64?, attributes: [Attribute], inputs: [TensorLiteral?],
                maxElements: Int = TensorLiteral.defaultMaxElements, storage: ModelStorage? = nil) {
        self.opType = opType
        self.domain = domain
        self.sinceVersion = sinceVersion
        self.attributes = attributes
        self.inputs = inputs
        self.maxElements = maxElements
        self.storage = storage
    }

    public func attribute(_ name: String) -> Attribute? { attributes.first { $0.name == name } }
    public func input(_ i: Int) -> TensorLiteral? { i < inputs.count ? inputs[i] : nil }
    /// Whether the node binds to a schema at least `version` (true when the version is unknown).
    public func atLeast(_ version: Int64) -> Bool { (sinceVersion ?? Int64.max) >= version }
}

/// Computes one node's outputs from literal inputs; nil when it cannot (unknown input, unsupported type, a value
/// ONNX leaves undefined, a result above the size cap).
public typealias ConstantKernel = @Sendable (ConstantKernelContext) -> [TensorLiteral]?

/// Kernels keyed by domain and op type. The standard table covers shape arithmetic; callers may register more.
public struct ConstantKernelTable: Sendable {
    public private(set) var kernels: [String: ConstantKernel]

    public init(kernels: [String: ConstantKernel] = [:]) { self.kernels = kernels }

    static func key(_ domain: String, _ op: String) -> String { "\(SchemaRegistry.normalize(domain)):\(op)" }

    public mutating func register(opType: String, domain: String = "", _ kernel: @escaping ConstantKernel) {
        kernels[Self.key(domain, opType)] = kernel
    }

    public func kernel(opType: String, domain: String) -> ConstantKernel? { kernels[Self.key(domain, opType)] }

    public func supports(opType: String, domain: String) -> Bool { kernel(opType: opType, domain: domain) != nil }

    public static let standard: ConstantKernelTable = {
        var t = ConstantKernelTable()
        ShapeKernels.register(into: &t)
        ElementwiseKernels.register(into: &t)
        return t
    }()
}

/// Evaluates small constant subexpressions with ONNX semantics (broadcasting, truncating integer division, …).
public enum ConstantEvaluator {
    public static func evaluate(opType: String, domain: String, sinceVersion: Int64?, attributes: [Attribute],
                                inputs: [TensorLiteral?], maxElements: Int = TensorLiteral.defaultMaxElements,
                                storage: ModelStorage? = nil,
                                kernels: ConstantKernelTable = .standard) -> [TensorLiteral]? {
        guard let k = kernels.kernel(opType: opType, domain: domain) else { return nil }
        let ctx = ConstantKernelContext(opType: opType, domain: domain, sinceVersion: sinceVersion,
                                        attributes: attributes, inputs: inputs, maxElements: maxElements,
                                        storage: storage)
        guard let out = k(ctx) else { return nil }
        for o in out where o.count > maxElements { return nil }
        return out
    }
}

// MARK: element helpers shared by the kernels

enum LiteralMath {
    /// Wraps an integer into the range of `type`, as a C cast does.
    static func wrap(_ v: Int64, to type: DataType) -> Int64 {
        switch type {
        case .int32: Int64(Int32(truncatingIfNeeded: v))
        case .int16: Int64(Int16(truncatingIfNeeded: v))
        case .int8: Int64(Int8(truncatingIfNeeded: v))
        case .uint32: Int64(UInt32(truncatingIfNeeded: v))
        case .uint16: Int64(UInt16(truncatingIfNeeded: v))
        case .uint8: Int64(UInt8(truncatingIfNeeded: v))
        case .bool: v != 0 ? 1 : 0
        default: v
        }
    }

    /// Rounds a double to the nearest value of a floating-point element type.
    static func round(_ v: Double, to type: DataType) -> Double {
        switch type {
        case .float: Double(Float(v))
        case .float16: Double(TensorData.halfToFloat(TensorData.floatToHalf(Float(v))))
        case .bfloat16: Double(Float(bitPattern: UInt32(TensorData.floatToBFloat16(Float(v))) << 16))
        default: v
        }
    }


    static func normalize(_ lit: TensorLiteral) -> TensorLiteral {
        var l = lit
        switch l.values {
        case .ints(let v): l.values = .ints(v.map { wrap($0, to: l.dataType) })
        case .doubles(let v): l.values = .doubles(v.map { round($0, to: l.dataType) })
        case .strings: break
        }
        return l
    }

    static func count(_ dims: [Int64]) -> Int? {
        var n: Int64 = 1
        for d in dims {
            guard d >= 0 else { return nil }
            let (m, o) = n.multipliedReportingOverflow(by: d)
            if o { return nil }
            n = m
        }
        return Int(exactly: n)
    }

    /// Numpy broadcasting of static shapes; nil when incompatible.
    static func broadcast(_ shapes: [[Int64]]) -> [Int64]? {
        let rank = shapes.map { $0.count }.max() ?? 0
        var out = [Int64](repeating: 1, count: rank)
        for s in shapes {
            let off = rank - s.count
            for (i, d) in s.enumerated() {
                let o = out[off + i]
                if d == o || d == 1 { continue }
                if o == 1 { out[off + i] = d } else { return nil }
            }
        }
        return out
    }

    static func strides(_ dims: [Int64]) -> [Int] {
        var s = [Int](repeating: 1, count: dims.count)
        var acc = 1
        for i in stride(from: dims.count - 1, through: 0, by: -1) {
            s[i] = acc
            acc *= Int(dims[i])
        }
        return s
    }

    /// For each element of `outDims`, the flat index of the broadcast source element in `inDims`.
    static func broadcastIndices(from inDims: [Int64], to outDims: [Int64]) -> [Int] {
        guard let n = count(outDims) else { return [] }
        let off = outDims.count - inDims.count
        let inStrides = strides(inDims)
        let outStrides = strides(outDims)
        var result = [Int](repeating: 0, count: n)
        for flat in 0..<n {
            var rem = flat
            var src = 0
            for axis in 0..<outDims.count {
                let idx = rem / outStrides[axis]
                rem %= outStrides[axis]
                let ia = axis - off
                if ia >= 0 && inDims[ia] != 1 { src += idx * inStrides[ia] }
            }
            result[flat] = src
        }
        return result
    }

    static func normalizeAxis(_ a: Int64, rank: Int) -> Int? {
        let r = Int64(rank)
        guard a >= -r && a < max(r, 1) else { return nil }
        return Int(a < 0 ? a + r : a)
    }

    /// Gathers elements of `lit` at flat indices (keeps the element kind).
    static func pick(_ lit: TensorLiteral, _ idx: [Int], dims: [Int64]) -> TensorLiteral {
        switch lit.values {
        case .ints(let v): TensorLiteral(dataType: lit.dataType, dims: dims, values: .ints(idx.map { v[$0] }))
        case .doubles(let v): TensorLiteral(dataType: lit.dataType, dims: dims, values: .doubles(idx.map { v[$0] }))
        case .strings(let v): TensorLiteral(dataType: lit.dataType, dims: dims, values: .strings(idx.map { v[$0] }))
        }
    }

    enum AxesSpec { case absent, values([Int64]), unknown }

    /// Axes from the `axes` attribute (before `version`) or input `inputIndex` (from `version` on).
    static func axes(_ ctx: ConstantKernelContext, inputFrom version: Int64, inputIndex: Int, hasInput: Bool) -> AxesSpec {
        if ctx.atLeast(version) {
            guard hasInput else { return .absent }
            guard inputIndex < ctx.inputs.count, let a = ctx.inputs[inputIndex], let v = a.int64s else { return .unknown }
            return .values(v)
        }
        if let a = ctx.attribute("axes")?.ints { return .values(a) }
        return .absent
    }
}
