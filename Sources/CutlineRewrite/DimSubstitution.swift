import CutlineIR

/// Replaces named symbolic dims by sizes inside types.
struct DimSubstitution {
    var sizes: [String: Int64]

    /// Names exporters use for "some size" (Paddle writes `?`): they do not tie dims together.
    static func isAnonymous(_ name: String) -> Bool { name.isEmpty || name == "?" }

    func apply(_ t: ValueType?) -> ValueType? {
        guard let t else { return nil }
        switch t {
        case .tensor(let e, let s): return .tensor(e, s.map(apply))
        case .sparseTensor(let e, let s): return .sparseTensor(e, s.map(apply))
        case .sequence(let inner): return .sequence(apply(inner))
        case .optional(let inner): return .optional(apply(inner))
        default: return t
        }
    }

    func apply(_ s: Shape) -> Shape {
        Shape(s.dims.map { d in
            if case .param(let p) = d, let v = sizes[p] { return .value(v) }
            return d
        })
    }

    func apply(_ info: ValueInfo) -> ValueInfo {
        var i = info
        i.type = apply(info.type)
        return i
    }
}
