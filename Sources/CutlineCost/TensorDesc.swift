import CutlineIR

/// A tensor as the cost model sees it: element type and concrete dims (symbolic dims already resolved).
public struct TensorDesc: Hashable, Sendable, Codable {
    public var dataType: String
    public var dims: [Int64]

    public init(dataType: String, dims: [Int64]) {
        self.dataType = dataType
        self.dims = dims
    }

    public var elementCount: Int64 { dims.reduce(1) { $0.multipliedReportingOverflow(by: max($1, 0)).partialValue } }
    public var rank: Int { dims.count }

    /// Bytes of one element; unknown or sub-byte types count as one byte so traffic is never zero.
    public var elementBytes: Int64 { Self.elementBytes(of: dataType) }
    public var byteCount: Int64 { elementCount.multipliedReportingOverflow(by: elementBytes).partialValue }

    public static func elementBytes(of name: String) -> Int64 {
        switch name {
        case "double", "int64", "uint64", "complex64": 8
        case "complex128": 16
        case "float", "int32", "uint32": 4
        case "float16", "bfloat16", "int16", "uint16": 2
        default: 1
        }
    }

    /// The dim at `index` counted from the end (-1 = last), 1 when out of range.
    public func dim(fromEnd index: Int) -> Int64 {
        let i = dims.count + index
        return i >= 0 && i < dims.count ? dims[i] : 1
    }
}
