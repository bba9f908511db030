import CutlineIR

/// Turns symbolic and unknown dims into numbers, and remembers every default it had to pick so the estimate can list
/// them as assumptions.
///
/// Defaults: a `dim_param` whose name looks like a batch size (`batch`, `batch_size`, `N`, `bs`, `b`, or containing
/// "batch") is 1; any other `dim_param`, and any dim with neither value nor name, is 128. A value from `overrides`
/// (`--free-dim NAME=VALUE`) always wins.
public struct FreeDims: Sendable {
    public static let batchDefault: Int64 = 1
    public static let otherDefault: Int64 = 128

    public var overrides: [String: Int64]
    /// Defaults actually used: dim name ("?" for an unnamed dim) → value.
    public private(set) var defaultsUsed: [String: Int64] = [:]

    public init(overrides: [String: Int64] = [:]) { self.overrides = overrides }

    public static func isBatchLike(_ name: String) -> Bool {
        let n = name.lowercased()
        return n.contains("batch") || ["n", "b", "bs", "batch_size", "unk__batch"].contains(n)
    }

    public mutating func resolve(_ dim: Dim) -> Int64 {
        switch dim {
        case .value(let v): return v
        case .param(let name):
            if let v = overrides[name] { return v }
            let v = Self.isBatchLike(name) ? Self.batchDefault : Self.otherDefault
            defaultsUsed[name] = v
            return v
        case .unknown:
            // "?" sizes every dim with neither value nor name (used to test the range of a guess).
            if let v = overrides["?"] { return v }
            defaultsUsed["?"] = Self.otherDefault
            return Self.otherDefault
        }
    }

    /// The tensor description of a value, nil when its type or rank is unknown.
    public mutating func describe(_ type: ValueType?) -> TensorDesc? {
        guard let type, let elem = type.elementType, let shape = type.shape else { return nil }
        return TensorDesc(dataType: elem.name, dims: shape.dims.map { resolve($0) })
    }

    /// One sentence per default used, sorted, for the estimate's assumption list.
    public var assumptions: [String] {
        defaultsUsed.keys.sorted().map { name in
            let v = defaultsUsed[name] ?? 0
            if name == "?" { return "dims with no value or name were taken as \(v)" }
            let why = Self.isBatchLike(name) ? "batch-like dim" : "symbolic dim"
            return "\(why) '\(name)' was taken as \(v) (set it with --cost-dim \(name)=N, or --free-dim \(name)=N to fix it for the EP too)"
        }
    }
}

extension FreeDims {
    /// Parses `--free-dim NAME=VALUE` arguments; a later value for the same name wins.
    public static func parse(_ arguments: [String]) throws(CostError) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for a in arguments {
            let parts = a.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let v = Int64(parts[1]), v > 0 else {
                throw .invalidFreeDim(a)
            }
            out[parts[0]] = v
        }
        return out
    }
}
