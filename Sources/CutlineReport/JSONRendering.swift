import Foundation

/// Deterministic JSON: sorted keys, two-space indentation, no escaped slashes, trailing newline.
public enum JSONRendering {
    public static func render<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// A dimension in JSON: a number, a symbol name, or null when unknown.
public enum JSONDim: Codable, Hashable, Sendable {
    case value(Int64)
    case symbol(String)
    case unknown

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .unknown }
        else if let v = try? c.decode(Int64.self) { self = .value(v) }
        else { self = .symbol(try c.decode(String.self)) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .value(let v): try c.encode(v)
        case .symbol(let s): try c.encode(s)
        case .unknown: try c.encodeNil()
        }
    }

    public var text: String {
        switch self {
        case .value(let v): String(v)
        case .symbol(let s): s
        case .unknown: "?"
        }
    }
}

/// Human-readable byte counts (powers of 1024, one decimal).
public func formatBytes(_ n: Int64) -> String {
    if n < 1024 { return "\(n) B" }
    let units = ["KiB", "MiB", "GiB", "TiB"]
    var v = Double(n) / 1024
    var i = 0
    while v >= 1024 && i < units.count - 1 { v /= 1024; i += 1 }
    return String(format: "%.1f %@", v, units[i])
}
