import CutlineIR

/// A shape-inference failure at one node (ONNX's `fail_shape_inference` / `fail_type_inference`).
struct InferenceFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Hands out fresh `unk__N` symbols that collide with no dim_param already in the model, the way onnx's
/// SymbolTableImpl names unknown dims.
final class SymbolTable {
    private var existing: Set<String> = []
    private var counter = 0

    func add(_ name: String) { existing.insert(name) }

    func addSymbols(of type: ValueType?) {
        guard let type else { return }
        switch type {
        case .tensor(_, let s), .sparseTensor(_, let s):
            for d in s?.dims ?? [] { if case .param(let p) = d { existing.insert(p) } }
        case .sequence(let e), .optional(let e): addSymbols(of: e)
        case .map(_, let v): addSymbols(of: v)
        default: break
        }
    }

    func fresh() -> String {
        while true {
            let name = "unk__\(counter)"
            counter += 1
            if !existing.contains(name) {
                existing.insert(name)
                return name
            }
        }
    }

    /// Replaces every dim that has neither value nor name by a fresh symbol (onnx's MaterializeSymbolicShape).
    func materialize(_ type: ValueType) -> ValueType {
        switch type {
        // Most inferred shapes have no unknown dim: returned as they are, without rebuilding the dims.
        case .tensor(_, let s), .sparseTensor(_, let s):
            if !(s?.dims.contains(.unknown) ?? false) { return type }
        default: break
        }
        switch type {
        case .tensor(let t, let s): return .tensor(t, s.map { Shape($0.dims.map { $0 == .unknown ? .param(fresh()) : $0 }) })
        case .sparseTensor(let t, let s):
            return .sparseTensor(t, s.map { Shape($0.dims.map { $0 == .unknown ? .param(fresh()) : $0 }) })
        case .sequence(let e): return .sequence(e.map(materialize))
        case .optional(let e): return .optional(e.map(materialize))
        case .map(let k, let v): return .map(key: k, value: v.map(materialize))
        default: return type
        }
    }
}

enum SymbolicDims {
    /// onnx's multidirectionalBroadcastShapeInference: a static dim other than 1 wins; otherwise one distinct
    /// symbolic dim (by name; unknown dims count as the empty name) is kept; several distinct ones give unknown.
    static func broadcast(_ shapes: [[Dim]]) throws -> [Dim] {
        // A closure, not `\.count`: the key path was applied through the runtime, once per elementwise node.
        let rank = shapes.map { $0.count }.max() ?? 0
        var out: [Dim] = []
        out.reserveCapacity(rank)
        for i in 0..<rank {
            var value: Int64 = 1
            var symbolic: Dim?
            var numSymbolic = 0
            for s in shapes {
                let off = rank - s.count
                if i < off { continue }
                let d = s[i - off]
                if let v = d.value {
                    if v != 1 {
                        if value != v && value != 1 { throw InferenceFailure("Incompatible dimensions") }
                        value = v
                    }
                } else if numSymbolic == 0 {
                    symbolic = d
                    numSymbolic = 1
                } else if name(d) != name(symbolic ?? .unknown) {
                    numSymbolic += 1
                }
            }
            if value != 1 || numSymbolic == 0 {
                out.append(.value(value))
            } else if numSymbolic == 1, let s = symbolic {
                out.append(s)
            } else {
                out.append(.unknown)
            }
        }
        return out
    }

    static func name(_ d: Dim) -> String { if case .param(let p) = d { p } else { "" } }

    /// onnx's mergeInDimensionInfo: a value in `source` refines `target`; values must agree; a param in the
    /// target is kept over the source's.
    static func mergeIn(_ source: Dim, into target: inout Dim, index: Int) throws {
        switch source {
        case .value(let v):
            if let t = target.value {
                if t != v {
                    throw InferenceFailure("Can't merge shape info. Both inferred and declared dimension have values but they differ. Inferred=\(v) Declared=\(t) Dimension=\(index)")
                }
            } else {
                target = source
            }
        case .param:
            if target == .unknown { target = source }
        case .unknown:
            break
        }
    }

    /// Merges a shape into an accumulated one, as onnx's mergeInShapeInfo (ranks must agree).
    static func mergeIn(_ source: [Dim], into target: inout [Dim]) throws {
        guard source.count == target.count else {
            throw InferenceFailure("Mismatch between number of inferred and declared dimensions. inferred=\(source.count) declared=\(target.count)")
        }
        for i in source.indices { try mergeIn(source[i], into: &target[i], index: i) }
    }
}

/// How an inferred type combined with what was already known (declared in the file).
enum TypeMerge {
    /// onnx's checkShapesAndTypes + mergeShapesAndTypes: element types and ranks must agree and static dims must
    /// match; an inferred static dim, or any inferred dim where the known one is unknown, replaces the known one.
    static func merge(inferred: ValueType, existing: ValueType?) throws -> ValueType {
        guard let existing, existing != .unspecified else { return inferred }
        switch (inferred, existing) {
        case (.tensor(let it, let ishape), .tensor(let et, let eshape)):
            return .tensor(try elem(it, et), try shape(ishape, eshape))
        case (.sparseTensor(let it, let ishape), .sparseTensor(let et, let eshape)):
            return .sparseTensor(try elem(it, et), try shape(ishape, eshape))
        case (.sequence(let i), .sequence(let e)):
            guard let i else { return existing }
            return .sequence(try merge(inferred: i, existing: e))
        case (.optional(let i), .optional(let e)):
            guard let i else { return existing }
            return .optional(try merge(inferred: i, existing: e))
        case (.unspecified, _):
            return existing
        default:
            if case .opaque = inferred, case .opaque = existing { return existing }
            if case .map = inferred, case .map = existing { return existing }
            throw InferenceFailure("type case mismatch. existing=\(existing) inferred=\(inferred)")
        }
    }

    static func elem(_ inferred: DataType, _ existing: DataType) throws -> DataType {
        if existing == .undefined { return inferred }
        if inferred != .undefined && inferred != existing {
            throw InferenceFailure("Inferred elem type differs from existing elem type: (\(inferred.onnxName)) vs (\(existing.onnxName))")
        }
        return existing
    }

    static func shape(_ inferred: Shape?, _ existing: Shape?) throws -> Shape? {
        guard let inferred else { return existing }
        guard let existing else { return inferred }
        guard inferred.rank == existing.rank else {
            throw InferenceFailure("Inferred shape and existing shape differ in rank: (\(inferred.rank)) vs (\(existing.rank))")
        }
        var dims = existing.dims
        for i in dims.indices {
            let a = inferred.dims[i], b = existing.dims[i]
            if let av = a.value, let bv = b.value, av != bv {
                throw InferenceFailure("Inferred shape and existing shape differ in dimension \(i): (\(av)) vs (\(bv))")
            }
            if b == .unknown || a.isStatic { dims[i] = a }
        }
        return Shape(dims)
    }
}
