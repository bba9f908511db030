import CutlineIR

/// Kernels that move or reshape data: the shape arithmetic exports build from Shape, Gather, Concat, ….
enum ShapeKernels {
    static func register(into t: inout ConstantKernelTable) {
        t.register(opType: "Identity") { c in c.input(0).map { [$0] } }
        t.register(opType: "Shape", shape)
        t.register(opType: "Size") { c in
            guard let x = c.input(0) else { return nil }
            return [.scalar(Int64(x.count))]
        }
        t.register(opType: "Gather", gather)
        t.register(opType: "Unsqueeze", unsqueeze)
        t.register(opType: "Squeeze", squeeze)
        t.register(opType: "Concat", concat)
        t.register(opType: "Cast", cast)
        t.register(opType: "Range", range)
        t.register(opType: "ConstantOfShape", constantOfShape)
        t.register(opType: "Slice", slice)
        t.register(opType: "Expand", expand)
        t.register(opType: "Reshape", reshape)
        t.register(opType: "Transpose", transpose)
        t.register(opType: "Tile", tile)
        t.register(opType: "Constant", constant)
    }

    static func shape(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let x = c.input(0) else { return nil }
        let r = Int64(x.rank)
        var start = c.attribute("start")?.int ?? 0
        var end = c.attribute("end")?.int ?? r
        if start < 0 { start += r }
        if end < 0 { end += r }
        start = min(max(start, 0), r)
        end = min(max(end, 0), r)
        let dims = start < end ? Array(x.dims[Int(start)..<Int(end)]) : []
        return [.ints(dims)]
    }

    static func gather(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let data = c.input(0), let ind = c.input(1), let idx = ind.int64s, data.rank >= 1 else { return nil }
        guard let axis = LiteralMath.normalizeAxis(c.attribute("axis")?.int ?? 0, rank: data.rank) else { return nil }
        let dimAxis = data.dims[axis]
        let outer = data.dims[..<axis].reduce(1, *)
        let inner = data.dims[(axis + 1)...].reduce(1, *)
        var flat: [Int] = []
        for o in 0..<Int(outer) {
            for i in idx {
                let j = i < 0 ? i + dimAxis : i
                guard j >= 0 && j < dimAxis else { return nil }
                for k in 0..<Int(inner) { flat.append((o * Int(dimAxis) + Int(j)) * Int(inner) + k) }
            }
        }
        let dims = Array(data.dims[..<axis]) + ind.dims + Array(data.dims[(axis + 1)...])
        return [LiteralMath.pick(data, flat, dims: dims)]
    }

    static func unsqueeze(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let x = c.input(0) else { return nil }
        guard case .values(let axes) = LiteralMath.axes(c, inputFrom: 13, inputIndex: 1, hasInput: c.inputs.count > 1)
        else { return nil }
        let outRank = x.rank + axes.count
        var norm = Set<Int>()
        for a in axes {
            guard let n = LiteralMath.normalizeAxis(a, rank: outRank), norm.insert(n).inserted else { return nil }
        }
        var dims: [Int64] = []
        var j = 0
        for i in 0..<outRank {
            if norm.contains(i) { dims.append(1) } else { dims.append(x.dims[j]); j += 1 }
        }
        var out = x
        out.dims = dims
        return [out]
    }

    static func squeeze(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let x = c.input(0) else { return nil }
        var remove = Set<Int>()
        switch LiteralMath.axes(c, inputFrom: 13, inputIndex: 1, hasInput: c.inputs.count > 1 && c.inputs[1] != nil) {
        case .unknown: return nil
        case .absent: for (i, d) in x.dims.enumerated() where d == 1 { remove.insert(i) }
        case .values(let axes):
            for a in axes {
                guard let n = LiteralMath.normalizeAxis(a, rank: x.rank), x.dims[n] == 1 else { return nil }
                remove.insert(n)
            }
        }
        var out = x
        out.dims = x.dims.enumerated().filter { !remove.contains($0.offset) }.map(\.element)
        return [out]
    }

    static func concat(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        let ins = c.inputs.compactMap { $0 }
        guard ins.count == c.inputs.count, let first = ins.first, let a = c.attribute("axis")?.int,
              let axis = LiteralMath.normalizeAxis(a, rank: first.rank) else { return nil }
        for x in ins where x.rank != first.rank || x.dataType != first.dataType { return nil }
        let outer = Int(first.dims[..<axis].reduce(1, *))
        var dims = first.dims
        dims[axis] = ins.reduce(0) { $0 + $1.dims[axis] }
        var parts: [(TensorLiteral, Int)] = []
        for x in ins {
            for i in 0..<first.rank where i != axis && x.dims[i] != first.dims[i] { return nil }
            parts.append((x, Int(x.dims[axis...].reduce(1, *))))
        }
        switch first.values {
        case .ints:
            var v: [Int64] = []
            for o in 0..<outer { for (x, n) in parts { if case .ints(let xs) = x.values { v += xs[(o * n)..<((o + 1) * n)] } } }
            return [TensorLiteral(dataType: first.dataType, dims: dims, values: .ints(v))]
        case .doubles:
            var v: [Double] = []
            for o in 0..<outer { for (x, n) in parts { if case .doubles(let xs) = x.values { v += xs[(o * n)..<((o + 1) * n)] } } }
            return [TensorLiteral(dataType: first.dataType, dims: dims, values: .doubles(v))]
        case .strings:
            var v: [String] = []
            for o in 0..<outer { for (x, n) in parts { if case .strings(let xs) = x.values { v += xs[(o * n)..<((o + 1) * n)] } } }
            return [TensorLiteral(dataType: first.dataType, dims: dims, values: .strings(v))]
        }
    }

    /// Cast with C conversion semantics; refuses float → int values that do not fit (undefined in ONNX).
    static func castLiteral(_ x: TensorLiteral, to t: DataType) -> TensorLiteral? {
        guard TensorLiteral.isRepresentable(t), t != .string, t != .uint64 else { return nil }
        switch x.values {
        case .strings: return nil
        case .ints(let v):
            if t.isFloatingPoint {
                return TensorLiteral(dataType: t, dims: x.dims, values: .doubles(v.map { LiteralMath.round(Double($0), to: t) }))
            }
            return TensorLiteral(dataType: t, dims: x.dims, values: .ints(v.map { LiteralMath.wrap($0, to: t) }))
        case .doubles(let v):
            if t.isFloatingPoint {
                return TensorLiteral(dataType: t, dims: x.dims, values: .doubles(v.map { LiteralMath.round($0, to: t) }))
            }
            if t == .bool { return TensorLiteral(dataType: t, dims: x.dims, values: .ints(v.map { $0 != 0 ? 1 : 0 })) }
            var out: [Int64] = []
            for d in v {
                guard let i = Int64(exactly: d.rounded(.towardZero)), LiteralMath.wrap(i, to: t) == i else { return nil }
                out.append(i)
            }
            return TensorLiteral(dataType: t, dims: x.dims, values: .ints(out))
        }
    }

    static func cast(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let x = c.input(0), let to = c.attribute("to")?.int else { return nil }
        return castLiteral(x, to: DataType(code: Int32(truncatingIfNeeded: to))).map { [$0] }
    }

    static func range(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let s = c.input(0), let l = c.input(1), let d = c.input(2), s.count == 1, l.count == 1, d.count == 1
        else { return nil }
        if s.dataType.isFloatingPoint {
            guard let a = s.doubles?.first, let b = l.doubles?.first, let st = d.doubles?.first, st != 0 else { return nil }
            let q = ((b - a) / st).rounded(.up)
            guard q.isFinite, q < Double(c.maxElements) + 1 else { return nil }
            let n = Int64(max(q, 0))  // q can be far below Int64.min: clamp before converting
            guard n <= Int64(c.maxElements) else { return nil }
            let v = (0..<Int(n)).map { LiteralMath.round(a + Double($0) * st, to: s.dataType) }
            return [TensorLiteral(dataType: s.dataType, dims: [n], values: .doubles(v))]
        }
        guard let a = s.int64s?.first, let b = l.int64s?.first, let st = d.int64s?.first, st != 0 else { return nil }
        // number_of_elements = max(ceil((limit - start) / delta), 0)
        // Bounds from the file: a difference or quotient past Int64 is far over the element cap anyway.
        let (diff, o1) = b.subtractingReportingOverflow(a)
        let (quotient, o2) = diff.dividedReportingOverflow(by: st)
        guard !o1, !o2 else { return nil }
        var n = quotient
        if diff % st != 0 && (diff < 0) == (st < 0) { n += 1 }
        n = max(n, 0)
        guard n <= Int64(c.maxElements) else { return nil }
        let v = (0..<n).map { a + $0 * st }
        return [TensorLiteral(dataType: s.dataType, dims: [n], values: .ints(v))]
    }

    static func constantOfShape(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let s = c.input(0), let dims = s.int64s, let n = LiteralMath.count(dims), n <= c.maxElements else { return nil }
        if let t = c.attribute("value")?.tensor {
            guard let v = TensorLiteral(tensor: t, storage: c.storage), v.count == 1 else { return nil }
            let idx = [Int](repeating: 0, count: n)
            return [LiteralMath.pick(v, idx, dims: dims)]
        }
        return [TensorLiteral(dataType: .float, dims: dims, values: .doubles([Double](repeating: 0, count: n)))]
    }

    /// Slice's start/end clamping, as ONNX defines it per axis.
    static func sliceRange(dim: Int64, start: Int64, end: Int64, step: Int64) -> (Int64, Int64) {
        var s = start < 0 ? start + dim : start
        var e = end < 0 ? end + dim : end
        if step > 0 {
            s = min(max(s, 0), dim)
            e = min(max(e, 0), dim)
        } else {
            s = min(max(s, 0), dim - 1)
            e = min(max(e, -1), dim - 1)
        }
        return (s, e)
    }

    static func slice(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let x = c.input(0) else { return nil }
        var starts: [Int64], ends: [Int64], axes: [Int64], steps: [Int64]
        if c.atLeast(10) {
            guard let s = c.input(1)?.int64s, let e = c.input(2)?.int64s, s.count == e.count else { return nil }
            starts = s
            ends = e
            if c.inputs.count > 3 {
                if let a = c.input(3) { guard let v = a.int64s else { return nil }; axes = v } else { axes = (0..<Int64(s.count)).map { $0 } }
            } else { axes = (0..<Int64(s.count)).map { $0 } }
            if c.inputs.count > 4, let st = c.input(4) { guard let v = st.int64s else { return nil }; steps = v }
            else { steps = [Int64](repeating: 1, count: s.count) }
        } else {
            guard let s = c.attribute("starts")?.ints, let e = c.attribute("ends")?.ints else { return nil }
            starts = s
            ends = e
            axes = c.attribute("axes")?.ints ?? (0..<Int64(s.count)).map { $0 }
            steps = [Int64](repeating: 1, count: s.count)
        }
        guard axes.count == starts.count, steps.count == starts.count else { return nil }
        var lo = [Int64](repeating: 0, count: x.rank)
        var step = [Int64](repeating: 1, count: x.rank)
        var outDims = x.dims
        for (k, a) in axes.enumerated() {
            guard let ax = LiteralMath.normalizeAxis(a, rank: x.rank), steps[k] != 0 else { return nil }
            let (s, e) = sliceRange(dim: x.dims[ax], start: starts[k], end: ends[k], step: steps[k])
            lo[ax] = s
            step[ax] = steps[k]
            let n = steps[k] > 0 ? (e - s + steps[k] - 1) / steps[k] : (s - e - steps[k] - 1) / (-steps[k])
            outDims[ax] = max(n, 0)
        }
        guard let n = LiteralMath.count(outDims) else { return nil }
        let inStrides = LiteralMath.strides(x.dims)
        let outStrides = LiteralMath.strides(outDims)
        var idx: [Int] = []
        idx.reserveCapacity(n)
        for flat in 0..<n {
            var rem = flat
            var src = 0
            for a in 0..<x.rank {
                let i = rem / outStrides[a]
                rem %= outStrides[a]
                src += Int(lo[a] + Int64(i) * step[a]) * inStrides[a]
            }
            idx.append(src)
        }
        return [LiteralMath.pick(x, idx, dims: outDims)]
    }

    static func expand(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let x = c.input(0), let s = c.input(1)?.int64s, let out = LiteralMath.broadcast([x.dims, s]),
              let n = LiteralMath.count(out), n <= c.maxElements else { return nil }
        return [LiteralMath.pick(x, LiteralMath.broadcastIndices(from: x.dims, to: out), dims: out)]
    }

    static func reshape(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let x = c.input(0), let target = c.input(1)?.int64s else { return nil }
        let allowZero = (c.attribute("allowzero")?.int ?? 0) != 0
        var dims: [Int64] = []
        var inferIndex: Int?
        for (i, d) in target.enumerated() {
            if d == -1 {
                guard inferIndex == nil else { return nil }
                inferIndex = i
                dims.append(1)
            } else if d == 0 && !allowZero {
                guard i < x.rank else { return nil }
                dims.append(x.dims[i])
            } else {
                guard d >= 0 else { return nil }
                dims.append(d)
            }
        }
        let total = Int64(x.count)
        if let k = inferIndex {
            let rest = dims.reduce(1, *)
            guard rest != 0, total % rest == 0 else { return nil }
            dims[k] = total / rest
        }
        guard LiteralMath.count(dims) == x.count else { return nil }
        var out = x
        out.dims = dims
        return [out]
    }

    static func transpose(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let x = c.input(0) else { return nil }
        let perm = c.attribute("perm")?.ints.map { $0.map { Int($0) } } ?? Array((0..<x.rank).reversed())
        guard perm.count == x.rank, Set(perm) == Set(0..<x.rank) else { return nil }
        let outDims = perm.map { x.dims[$0] }
        let inStrides = LiteralMath.strides(x.dims)
        let outStrides = LiteralMath.strides(outDims)
        var idx: [Int] = []
        for flat in 0..<x.count {
            var rem = flat
            var src = 0
            for a in 0..<x.rank {
                let i = rem / outStrides[a]
                rem %= outStrides[a]
                src += i * inStrides[perm[a]]
            }
            idx.append(src)
        }
        return [LiteralMath.pick(x, idx, dims: outDims)]
    }

    static func tile(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let x = c.input(0), let reps = c.input(1)?.int64s, reps.count == x.rank, reps.allSatisfy({ $0 >= 0 })
        else { return nil }
        let outDims = zip(x.dims, reps).map { $0 * $1 }
        guard let n = LiteralMath.count(outDims), n <= c.maxElements else { return nil }
        let inStrides = LiteralMath.strides(x.dims)
        let outStrides = LiteralMath.strides(outDims)
        var idx: [Int] = []
        for flat in 0..<n {
            var rem = flat
            var src = 0
            for a in 0..<x.rank {
                let i = rem / outStrides[a]
                rem %= outStrides[a]
                src += (i % Int(x.dims[a])) * inStrides[a]
            }
            idx.append(src)
        }
        return [LiteralMath.pick(x, idx, dims: outDims)]
    }

    static func constant(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let a = c.attributes.first else { return nil }
        switch a.name {
        case "value": return a.tensor.flatMap { TensorLiteral(tensor: $0, storage: c.storage, maxElements: c.maxElements) }.map { [$0] }
        case "value_int": return a.int.map { [.scalar($0)] }
        case "value_ints": return a.ints.map { [.ints($0)] }
        case "value_float": return a.float.map { [TensorLiteral(dataType: .float, dims: [], values: .doubles([Double($0)]))] }
        case "value_floats": return a.floats.map { [.doubles($0.map { Double($0) })] }
        case "value_string": return a.string.map { [TensorLiteral(dataType: .string, dims: [], values: .strings([$0]))] }
        case "value_strings": return a.strings.map { [TensorLiteral(dataType: .string, dims: [Int64($0.count)], values: .strings($0))] }
        default: return nil
        }
    }
}
