/// ONNX `TensorProto.DataType`. Unknown codes are kept as `.other(code)` so nothing read is lost.
public enum DataType: Hashable, Sendable, CustomStringConvertible {
    case undefined, float, uint8, int8, uint16, int16, int32, int64, string, bool, float16, double
    case uint32, uint64, complex64, complex128, bfloat16
    case float8e4m3fn, float8e4m3fnuz, float8e5m2, float8e5m2fnuz, uint4, int4, float4e2m1
    case float8e8m0, uint2, int2
    case other(Int32)

    public init(code: Int32) {
        switch code {
        case 0: self = .undefined
        case 1: self = .float
        case 2: self = .uint8
        case 3: self = .int8
        case 4: self = .uint16
        case 5: self = .int16
        case 6: self = .int32
        case 7: self = .int64
        case 8: self = .string
        case 9: self = .bool
        case 10: self = .float16
        case 11: self = .double
        case 12: self = .uint32
        case 13: self = .uint64
        case 14: self = .complex64
        case 15: self = .complex128
        case 16: self = .bfloat16
        case 17: self = .float8e4m3fn
        case 18: self = .float8e4m3fnuz
        case 19: self = .float8e5m2
        case 20: self = .float8e5m2fnuz
        case 21: self = .uint4
        case 22: self = .int4
        case 23: self = .float4e2m1
        case 24: self = .float8e8m0
        case 25: self = .uint2
        case 26: self = .int2
        default: self = .other(code)
        }
    }

    public var code: Int32 {
        switch self {
        case .undefined: 0
        case .float: 1
        case .uint8: 2
        case .int8: 3
        case .uint16: 4
        case .int16: 5
        case .int32: 6
        case .int64: 7
        case .string: 8
        case .bool: 9
        case .float16: 10
        case .double: 11
        case .uint32: 12
        case .uint64: 13
        case .complex64: 14
        case .complex128: 15
        case .bfloat16: 16
        case .float8e4m3fn: 17
        case .float8e4m3fnuz: 18
        case .float8e5m2: 19
        case .float8e5m2fnuz: 20
        case .uint4: 21
        case .int4: 22
        case .float4e2m1: 23
        case .float8e8m0: 24
        case .uint2: 25
        case .int2: 26
        case .other(let c): c
        }
    }

    /// Lower-case name as users read it (`float`, `int64`, `float16`).
    public var name: String {
        switch self {
        case .undefined: "undefined"
        case .float: "float"
        case .uint8: "uint8"
        case .int8: "int8"
        case .uint16: "uint16"
        case .int16: "int16"
        case .int32: "int32"
        case .int64: "int64"
        case .string: "string"
        case .bool: "bool"
        case .float16: "float16"
        case .double: "double"
        case .uint32: "uint32"
        case .uint64: "uint64"
        case .complex64: "complex64"
        case .complex128: "complex128"
        case .bfloat16: "bfloat16"
        case .float8e4m3fn: "float8e4m3fn"
        case .float8e4m3fnuz: "float8e4m3fnuz"
        case .float8e5m2: "float8e5m2"
        case .float8e5m2fnuz: "float8e5m2fnuz"
        case .uint4: "uint4"
        case .int4: "int4"
        case .float4e2m1: "float4e2m1"
        case .float8e8m0: "float8e8m0"
        case .uint2: "uint2"
        case .int2: "int2"
        case .other(let c): "dtype(\(c))"
        }
    }

    /// ONNX's upper-case enum name (`FLOAT`, `INT64`), as onnx's Python API prints it.
    public var onnxName: String {
        switch self {
        case .float8e4m3fn: "FLOAT8E4M3FN"
        case .float8e4m3fnuz: "FLOAT8E4M3FNUZ"
        case .float8e5m2: "FLOAT8E5M2"
        case .float8e5m2fnuz: "FLOAT8E5M2FNUZ"
        case .float4e2m1: "FLOAT4E2M1"
        case .float8e8m0: "FLOAT8E8M0"
        default: name.uppercased()
        }
    }

    public init?(name: String) {
        for code in Int32(0)...26 where DataType(code: code).name == name.lowercased() {
            self = DataType(code: code)
            return
        }
        return nil
    }

    public var description: String { name }

    /// Storage size in bits of one element (sub-byte types pack), nil for strings and unknown codes.
    public var bitWidth: Int? {
        switch self {
        case .float, .int32, .uint32: 32
        case .uint8, .int8, .bool, .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz, .float8e8m0: 8
        case .uint16, .int16, .float16, .bfloat16: 16
        case .int64, .uint64, .double, .complex64: 64
        case .complex128: 128
        case .uint4, .int4, .float4e2m1: 4
        case .uint2, .int2: 2
        case .string, .undefined, .other: nil
        }
    }

    /// Bytes taken by `count` elements, rounded up for sub-byte types.
    public func byteCount(elements count: Int64) -> Int64? {
        guard let bits = bitWidth else { return nil }
        let (total, overflow) = count.multipliedReportingOverflow(by: Int64(bits))
        let (rounded, overflow2) = total.addingReportingOverflow(7)
        if overflow || overflow2 { return nil }
        return rounded / 8
    }

    public var isFloatingPoint: Bool {
        switch self {
        case .float, .double, .float16, .bfloat16, .float8e4m3fn, .float8e4m3fnuz, .float8e5m2, .float8e5m2fnuz,
             .float4e2m1, .float8e8m0: true
        default: false
        }
    }

    public var isInteger: Bool {
        switch self {
        case .uint8, .int8, .uint16, .int16, .int32, .int64, .uint32, .uint64, .uint4, .int4, .uint2, .int2: true
        default: false
        }
    }
}
