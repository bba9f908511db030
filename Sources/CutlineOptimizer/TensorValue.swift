import CutlineIR

/// A small tensor with its values decoded: what constant folding computes with. Floating-point types keep their
/// values as Double (float32 results are rounded to Float after each kernel); integer and bool types as Int64.
struct TensorValue: Hashable, Sendable {
    var dataType: DataType
    var dims: [Int64]
    var reals: [Double]
    var ints: [Int64]

    var isReal: Bool { dataType.isFloatingPoint }
    var count: Int { isReal ? reals.count : ints.count }
    var rank: Int { dims.count }

    init(dataType: DataType, dims: [Int64], reals: [Double]) {
        self.dataType = dataType
        self.dims = dims
        self.reals = TensorValue.round(reals, to: dataType)
        self.ints = []
    }

    init(dataType: DataType, dims: [Int64], ints: [Int64]) {
        self.dataType = dataType
        self.dims = dims
        self.reals = []
        self.ints = TensorValue.wrap(ints, to: dataType)
    }

    /// Decodes a tensor, reading its bytes from the model file only now.
    init(tensor: Tensor, storage: ModelStorage?) throws {
        guard TensorValue.supports(tensor.dataType) else {
            throw IRError.invalid("constant folding does not handle \(tensor.dataType.name) tensors")
        }
        let raw = try TensorData.rawBytes(of: tensor, storage: storage)
        let n = Int(tensor.elementCount ?? 0)
        if tensor.dataType.isFloatingPoint {
            let v = try TensorData.decodeDoubles(raw, dataType: tensor.dataType, name: tensor.name)
            guard v.count == n else { throw IRError.invalid("tensor '\(tensor.name)' holds \(v.count) values, expected \(n)") }
            self.init(dataType: tensor.dataType, dims: tensor.dims, reals: v)
        } else {
            let v = try TensorData.decodeInt64s(raw, dataType: tensor.dataType, name: tensor.name)
            guard v.count == n else { throw IRError.invalid("tensor '\(tensor.name)' holds \(v.count) values, expected \(n)") }
            self.init(dataType: tensor.dataType, dims: tensor.dims, ints: v)
        }
    }

    static func supports(_ t: DataType) -> Bool {
        switch t {
        case .float, .double, .float16, .bfloat16, .int8, .uint8, .int16, .uint16, .int32, .uint32, .int64, .uint64, .bool:
            return true
        default:
            return false
        }
    }

    /// Values as Double whatever the type.
    var asReals: [Double] { isReal ? reals : ints.map { Double($0) } }
    /// Values as Int64 whatever the type (reals truncated toward zero).
    var asInts: [Int64] { isReal ? reals.map { TensorValue.truncate($0) } : ints }

    static func truncate(_ d: Double) -> Int64 {
        guard d.isFinite else { return d.isNaN ? 0 : (d > 0 ? Int64.max : Int64.min) }
        if d >= 9.2e18 { return Int64.max }
        if d <= -9.2e18 { return Int64.min }
        return Int64(d.rounded(.towardZero))
    }

    /// The element at flat index `i` converted to `dataType` (as Cast does).
    func cast(to t: DataType) -> TensorValue {
        if t.isFloatingPoint { return TensorValue(dataType: t, dims: dims, reals: asReals) }
        if t == .bool { return TensorValue(dataType: t, dims: dims, ints: isReal ? reals.map { $0 != 0 ? 1 : 0 } : ints.map { $0 != 0 ? 1 : 0 }) }
        return TensorValue(dataType: t, dims: dims, ints: asInts)
    }

    static func round(_ v: [Double], to t: DataType) -> [Double] {
        switch t {
        case .float: return v.map { Double(Float($0)) }
        case .float16: return v.map { Double(TensorValue.halfRound(Float($0))) }
        case .bfloat16: return v.map { Double(Float(bitPattern: UInt32(TensorData.floatToBFloat16(Float($0))) << 16)) }
        default: return v
        }
    }

    static func wrap(_ v: [Int64], to t: DataType) -> [Int64] {
        switch t {
        case .int8: return v.map { Int64(Int8(truncatingIfNeeded: $0)) }
        case .uint8: return v.map { Int64(UInt8(truncatingIfNeeded: $0)) }
        case .int16: return v.map { Int64(Int16(truncatingIfNeeded: $0)) }
        case .uint16: return v.map { Int64(UInt16(truncatingIfNeeded: $0)) }
        case .int32: return v.map { Int64(Int32(truncatingIfNeeded: $0)) }
        case .uint32: return v.map { Int64(UInt32(truncatingIfNeeded: $0)) }
        case .bool: return v.map { $0 != 0 ? 1 : 0 }
        default: return v
        }
    }

    // MARK: encoding

    /// Little-endian bytes in ONNX raw_data layout.
    var rawBytes: [UInt8] {
        var out: [UInt8] = []
        func put<T: FixedWidthInteger>(_ x: T) { withUnsafeBytes(of: x.littleEndian) { out.append(contentsOf: $0) } }
        switch dataType {
        case .float: for x in reals { put(Float(x).bitPattern) }
        case .double: for x in reals { put(x.bitPattern) }
        case .float16: for x in reals { put(TensorData.floatToHalf(Float(x))) }
        case .bfloat16: for x in reals { put(TensorData.floatToBFloat16(Float(x))) }
        case .int8, .uint8, .bool: for x in ints { out.append(UInt8(truncatingIfNeeded: x)) }
        case .int16, .uint16: for x in ints { put(UInt16(truncatingIfNeeded: x)) }
        case .int32, .uint32: for x in ints { put(UInt32(truncatingIfNeeded: x)) }
        default: for x in ints { put(UInt64(truncatingIfNeeded: x)) }
        }
        return out
    }

    func tensor(named name: String) -> Tensor {
        Tensor(name: name, dataType: dataType, dims: dims, payload: .field(.rawData, .memory(rawBytes)))
    }

    var byteCount: Int64 { dataType.byteCount(elements: Int64(count)) ?? 0 }

    // MARK: half precision

    static func halfRound(_ f: Float) -> Float { TensorData.halfToFloat(TensorData.floatToHalf(f)) }

}

extension Shape {
    /// Number of elements when every dim is known and non-negative.
    var knownElementCount: Int64? {
        guard let d = staticDims, d.allSatisfy({ $0 >= 0 }) else { return nil }
        return elementCount
    }
}
