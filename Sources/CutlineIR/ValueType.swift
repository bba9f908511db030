/// One dimension of a tensor shape as ONNX describes it.
public enum Dim: Hashable, Sendable, CustomStringConvertible {
    /// A known size (`dim_value`).
    case value(Int64)
    /// A named symbolic size (`dim_param`).
    case param(String)
    /// Neither value nor name is known.
    case unknown

    public var value: Int64? { if case .value(let v) = self { v } else { nil } }
    public var isStatic: Bool { value != nil }
    public var description: String {
        switch self {
        case .value(let v): String(v)
        case .param(let p): p
        case .unknown: "?"
        }
    }
}

/// A tensor shape with known rank.
public struct Shape: Hashable, Sendable, CustomStringConvertible {
    public var dims: [Dim]
    public init(_ dims: [Dim]) { self.dims = dims }
    public init(static values: [Int64]) { self.dims = values.map { .value($0) } }
    public var rank: Int { dims.count }
    public var isStatic: Bool { dims.allSatisfy(\.isStatic) }
    /// All dims when every one is known.
    public var staticDims: [Int64]? {
        var out: [Int64] = []
        out.reserveCapacity(dims.count)
        for d in dims {
            guard let v = d.value else { return nil }
            out.append(v)
        }
        return out
    }
    /// Element count when static; nil on overflow or dynamic dims.
    public var elementCount: Int64? {
        guard let s = staticDims else { return nil }
        var n: Int64 = 1
        for d in s {
            let (m, o) = n.multipliedReportingOverflow(by: d)
            if o { return nil }
            n = m
        }
        return n
    }
    public var description: String { "[" + dims.map(\.description).joined(separator: ",") + "]" }
}

/// ONNX `TypeProto`, as far as analysis needs it.
public indirect enum ValueType: Hashable, Sendable, CustomStringConvertible {
    /// A tensor; `shape` is nil when the rank is unknown.
    case tensor(DataType, Shape?)
    case sparseTensor(DataType, Shape?)
    case sequence(ValueType?)
    case optional(ValueType?)
    case map(key: DataType, value: ValueType?)
    case opaque(domain: String, name: String)
    /// A TypeProto with no value case set.
    case unspecified

    public var elementType: DataType? {
        switch self {
        case .tensor(let t, _), .sparseTensor(let t, _): t
        default: nil
        }
    }
    public var shape: Shape? {
        switch self {
        case .tensor(_, let s), .sparseTensor(_, let s): s
        default: nil
        }
    }
    public var description: String {
        switch self {
        case .tensor(let t, let s): "\(t.name)\(s?.description ?? "[?]")"
        case .sparseTensor(let t, let s): "sparse \(t.name)\(s?.description ?? "[?]")"
        case .sequence(let e): "seq(\(e?.description ?? "?"))"
        case .optional(let e): "optional(\(e?.description ?? "?"))"
        case .map(let k, let v): "map(\(k.name),\(v?.description ?? "?"))"
        case .opaque(let d, let n): "opaque(\(d):\(n))"
        case .unspecified: "?"
        }
    }
}
