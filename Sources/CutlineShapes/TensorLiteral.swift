import CutlineIR

/// The value of a small tensor, held element by element in row-major order. Integers and bools are `Int64`,
/// floating-point types `Double` (already rounded to the element type), strings `String`.
public struct TensorLiteral: Hashable, Sendable, CustomStringConvertible {
    public enum Values: Hashable, Sendable {
        case ints([Int64])
        case doubles([Double])
        case strings([String])

        public var count: Int {
            switch self {
            case .ints(let v): v.count
            case .doubles(let v): v.count
            case .strings(let v): v.count
            }
        }
    }

    /// Literals larger than this are not read or produced unless a caller asks for another cap.
    public static let defaultMaxElements = 1024

    public var dataType: DataType
    public var dims: [Int64]
    public var values: Values

    public init(dataType: DataType, dims: [Int64], values: Values) {
        self.dataType = dataType
        self.dims = dims
        self.values = values
    }

    public static func ints(_ v: [Int64], dims: [Int64]? = nil, type: DataType = .int64) -> TensorLiteral {
        TensorLiteral(dataType: type, dims: dims ?? [Int64(v.count)], values: .ints(v))
    }
    public static func scalar(_ v: Int64, type: DataType = .int64) -> TensorLiteral {
        TensorLiteral(dataType: type, dims: [], values: .ints([v]))
    }
    public static func doubles(_ v: [Double], dims: [Int64]? = nil, type: DataType = .float) -> TensorLiteral {
        TensorLiteral(dataType: type, dims: dims ?? [Int64(v.count)], values: .doubles(v))
    }

    /// Reads a constant tensor; nil when it holds more than `maxElements` values, its values cannot be read, or
    /// its element type has no literal form (complex, sub-byte and 8-bit float types).
    public init?(tensor: Tensor, storage: ModelStorage?, maxElements: Int = TensorLiteral.defaultMaxElements) {
        guard let n = tensor.elementCount, n <= Int64(maxElements) else { return nil }
        let t = tensor.dataType
        do {
            if t == .string {
                guard case .strings(let s) = tensor.payload, s.count == Int(n) else { return nil }
                self.init(dataType: t, dims: tensor.dims, values: .strings(s.map { String(decoding: $0, as: UTF8.self) }))
                return
            }
            guard Self.isRepresentable(t) else { return nil }
            if t.isFloatingPoint {
                let v = try TensorData.doubles(of: tensor, storage: storage)
                guard v.count == Int(n) else { return nil }
                self.init(dataType: t, dims: tensor.dims, values: .doubles(v))
            } else {
                let v = try TensorData.int64s(of: tensor, storage: storage)
                guard v.count == Int(n) else { return nil }
                self.init(dataType: t, dims: tensor.dims, values: .ints(v))
            }
        } catch {
            return nil
        }
    }

    /// Element types a literal can hold exactly.
    public static func isRepresentable(_ t: DataType) -> Bool {
        switch t {
        case .float, .double, .float16, .bfloat16, .int64, .int32, .int16, .int8, .uint64, .uint32, .uint16, .uint8,
             .bool, .string: true
        default: false
        }
    }

    public var count: Int { values.count }
    public var rank: Int { dims.count }
    public var shape: Shape { Shape(static: dims) }

    /// Values as integers (floats truncated toward zero); nil for strings or non-finite floats.
    public var int64s: [Int64]? {
        switch values {
        case .ints(let v): return v
        case .doubles(let v):
            var out: [Int64] = []
            out.reserveCapacity(v.count)
            for x in v {
                guard let i = Int64(exactly: x.rounded(.towardZero)) else { return nil }
                out.append(i)
            }
            return out
        case .strings: return nil
        }
    }

    /// Values as doubles; nil for strings.
    public var doubles: [Double]? {
        switch values {
        case .ints(let v): v.map { Double($0) }
        case .doubles(let v): v
        case .strings: nil
        }
    }

    public var description: String {
        let body: String
        switch values {
        case .ints(let v): body = v.map(String.init).joined(separator: ",")
        case .doubles(let v): body = v.map { String($0) }.joined(separator: ",")
        case .strings(let v): body = v.joined(separator: ",")
        }
        return "\(dataType.name)\(dims)[\(body)]"
    }
}
