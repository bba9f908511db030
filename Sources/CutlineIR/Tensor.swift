/// Where the bytes of a tensor payload live. Weights stay where they are until something needs their values.
public enum ByteSource: Hashable, Sendable {
    /// A range of the memory-mapped model file (`offset` from the file start).
    case file(offset: Int, count: Int)
    /// Bytes held in memory (small tensors, values created by folding or rewrites).
    case memory([UInt8])

    public var count: Int {
        switch self {
        case .file(_, let c): c
        case .memory(let b): b.count
        }
    }
}

/// Which `TensorProto` field holds the data, and so how its bytes are encoded.
public enum TensorEncoding: Int, Hashable, Sendable {
    /// `float_data` (packed little-endian float32).
    case floatData = 4
    /// `int32_data` (packed varints; also used for int8/int16/uint8/uint16/bool/float16/bfloat16/fp8/int4).
    case int32Data = 5
    /// `int64_data` (packed varints).
    case int64Data = 7
    /// `raw_data` (little-endian, ONNX layout).
    case rawData = 9
    /// `double_data` (packed little-endian float64).
    case doubleData = 10
    /// `uint64_data` (packed varints; uint32/uint64).
    case uint64Data = 11
}

/// An entry of `TensorProto.external_data`.
public struct StringPair: Hashable, Sendable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) { self.key = key; self.value = value }
}

/// Tensor data stored outside the model file (`data_location = EXTERNAL`).
public struct ExternalData: Hashable, Sendable {
    /// Path relative to the model's folder.
    public var location: String
    public var offset: Int64
    /// nil when the entry has no `length` (the rest of the file).
    public var length: Int64?
    /// Every key/value as read, in order, so it writes back unchanged.
    public var entries: [StringPair]

    public init(entries: [StringPair]) throws {
        self.entries = entries
        var location: String?
        var offset: Int64 = 0
        var length: Int64?
        for e in entries {
            switch e.key {
            case "location": location = e.value
            case "offset":
                guard let v = Int64(e.value), v >= 0 else { throw IRError.invalid("external data offset '\(e.value)' is not a non-negative integer") }
                offset = v
            case "length":
                guard let v = Int64(e.value), v >= 0 else { throw IRError.invalid("external data length '\(e.value)' is not a non-negative integer") }
                length = v
            default: break
            }
        }
        guard let loc = location, !loc.isEmpty else { throw IRError.invalid("external data has no location") }
        self.location = loc
        self.offset = offset
        self.length = length
    }

    public init(location: String, offset: Int64, length: Int64?) {
        self.location = location
        self.offset = offset
        self.length = length
        var e = [StringPair("location", location), StringPair("offset", String(offset))]
        if let length { e.append(StringPair("length", String(length))) }
        self.entries = e
    }
}

/// Where a tensor's values are.
public enum TensorPayload: Hashable, Sendable {
    /// No data field was present (an empty tensor, or a tensor whose data is elsewhere by convention).
    case none
    /// One of the typed fields or `raw_data`, with its bytes (packed encoding for repeated fields).
    case field(TensorEncoding, ByteSource)
    /// `string_data` entries.
    case strings([[UInt8]])
    /// External data.
    case external(ExternalData)
}

/// A `TensorProto` (initializer, attribute value, sparse part). The payload is a reference, not a copy.
public struct Tensor: Hashable, Sendable {
    public var name: String
    public var dataType: DataType
    public var dims: [Int64]
    public var payload: TensorPayload
    public var docString: String
    /// Unmodelled fields (segment, metadata_props, unknown fields), written back verbatim.
    public var extraFields: WireBytes

    public init(name: String, dataType: DataType, dims: [Int64], payload: TensorPayload,
                docString: String = "", extraFields: WireBytes = .empty) {
        self.name = name
        self.dataType = dataType
        self.dims = dims
        self.payload = payload
        self.docString = docString
        self.extraFields = extraFields
    }

    /// Number of elements, nil on overflow or a negative dim.
    public var elementCount: Int64? {
        var n: Int64 = 1
        for d in dims {
            guard d >= 0 else { return nil }
            let (m, o) = n.multipliedReportingOverflow(by: d)
            if o { return nil }
            n = m
        }
        return n
    }

    /// Size of the values in their natural layout (what `raw_data` would hold), nil for strings.
    public var byteCount: Int64? {
        guard let n = elementCount else { return nil }
        return dataType.byteCount(elements: n)
    }

    public var shape: Shape { Shape(static: dims) }
    public var isExternal: Bool { if case .external = payload { true } else { false } }
}

/// A `SparseTensorProto`.
public struct SparseTensor: Hashable, Sendable {
    public var values: Tensor
    public var indices: Tensor
    public var dims: [Int64]
    public var extraFields: WireBytes
    public init(values: Tensor, indices: Tensor, dims: [Int64], extraFields: WireBytes = .empty) {
        self.values = values
        self.indices = indices
        self.dims = dims
        self.extraFields = extraFields
    }
}
