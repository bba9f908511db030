import CutlineIR
import Foundation

/// CPU kernels for the operators constant folding meets. A kernel returns nil where ORT's CPU kernel would not
/// run (unsupported type or attribute), so the node is left alone.
enum FoldKernels {
    /// Largest tensor a folding kernel will materialize (16 M elements): beyond it the node is left unfolded, so a
    /// hostile or absurd shape cannot exhaust memory. Real models' folded tensors are far smaller.
    static let maxFoldedElements: Int64 = 1 << 24

    typealias Inputs = [TensorValue?]

    /// Evaluates `node` on constant inputs; one result per output slot.
    static func evaluate(_ node: Node, _ inputs: Inputs, since: Int64, storage: ModelStorage? = nil) -> [TensorValue]? {
        guard node.isDefaultDomain else { return nil }
        if let f = unaryReal[node.opType] { return unary(inputs, f).map { [$0] } }
        if let f = binaryArith[node.opType] { return binary(node.opType, inputs, f).map { [$0] } }
        if let f = comparisons[node.opType] { return compare(inputs, f).map { [$0] } }
        switch node.opType {
        case "Identity": return inputs.first.flatMap { $0 }.map { [$0] }
        case "Resize": return resize(node, inputs, since: since).map { [$0] }
        case "Cast":
            guard let x = inputs.first ?? nil, let to = node.attribute("to")?.int else { return nil }
            let t = DataType(code: Int32(truncatingIfNeeded: to))
            guard TensorValue.supports(t) else { return nil }
            return [x.cast(to: t)]
        case "Not":
            guard let x = inputs.first ?? nil, x.dataType == .bool else { return nil }
            return [TensorValue(dataType: .bool, dims: x.dims, ints: x.ints.map { $0 == 0 ? 1 : 0 })]
        case "And", "Or", "Xor":
            guard inputs.count == 2, let a = inputs[0], let b = inputs[1], a.dataType == .bool, b.dataType == .bool,
                  let (dims, ia, ib) = broadcast(a.dims, b.dims) else { return nil }
            let op: (Bool, Bool) -> Bool
            switch node.opType {
            case "And": op = { $0 && $1 }
            case "Or": op = { $0 || $1 }
            default: op = { $0 != $1 }
            }
            var out: [Int64] = []
            for (i, j) in zip(ia, ib) { out.append(op(a.ints[i] != 0, b.ints[j] != 0) ? 1 : 0) }
            return [TensorValue(dataType: .bool, dims: dims, ints: out)]
        case "Shape":
            guard let x = inputs.first ?? nil else { return nil }
            let r = Int64(x.rank)
            var s = node.attribute("start")?.int ?? 0
            var e = node.attribute("end")?.int ?? r
            s = s < 0 ? s + r : s; s = min(max(s, 0), r)
            e = e < 0 ? e + r : e; e = min(max(e, 0), r)
            let slice = s < e ? Array(x.dims[Int(s)..<Int(e)]) : []
            return [TensorValue(dataType: .int64, dims: [Int64(slice.count)], ints: slice)]
        case "Size":
            guard let x = inputs.first ?? nil else { return nil }
            return [TensorValue(dataType: .int64, dims: [], ints: [Int64(x.count)])]
        case "Reshape": return reshape(node, inputs).map { [$0] }
        case "Flatten":
            guard let x = inputs.first ?? nil else { return nil }
            var axis = node.attribute("axis")?.int ?? 1
            if axis < 0 { axis += Int64(x.rank) }
            guard axis >= 0, axis <= Int64(x.rank) else { return nil }
            let a = x.dims[..<Int(axis)].reduce(1, *), b = x.dims[Int(axis)...].reduce(1, *)
            return [withDims(x, [a, b])]
        case "Unsqueeze":
            guard let x = inputs.first ?? nil else { return nil }
            let axes = since >= 13 ? (inputs.count > 1 ? inputs[1]?.asInts : nil) : node.attribute("axes")?.ints
            guard let axes else { return nil }
            let outRank = x.rank + axes.count
            let norm = axes.map { $0 < 0 ? $0 + Int64(outRank) : $0 }
            guard Set(norm).count == norm.count, norm.allSatisfy({ $0 >= 0 && $0 < outRank }) else { return nil }
            var dims: [Int64] = []
            var k = 0
            for i in 0..<outRank {
                if norm.contains(Int64(i)) { dims.append(1) } else { dims.append(x.dims[k]); k += 1 }
            }
            return [withDims(x, dims)]
        case "Squeeze":
            guard let x = inputs.first ?? nil else { return nil }
            let axes = since >= 13 ? (inputs.count > 1 ? inputs[1]?.asInts : nil) : node.attribute("axes")?.ints
            let norm = axes.map { $0.map { $0 < 0 ? $0 + Int64(x.rank) : $0 } }
            var dims: [Int64] = []
            for (i, d) in x.dims.enumerated() {
                if let norm {
                    if norm.contains(Int64(i)) { guard d == 1 else { return nil }; continue }
                } else if d == 1 { continue }
                dims.append(d)
            }
            return [withDims(x, dims)]
        case "Concat": return concat(node, inputs).map { [$0] }
        case "Gather": return gather(node, inputs).map { [$0] }
        case "Slice": return slice(node, inputs, since: since).map { [$0] }
        case "Transpose": return transpose(node, inputs).map { [$0] }
        case "Expand":
            guard inputs.count == 2, let x = inputs[0], let s = inputs[1],
                  let (dims, ix, _) = broadcast(x.dims, s.asInts) else { return nil }
            return [select(x, ix, dims)]
        case "Tile":
            guard inputs.count == 2, let x = inputs[0], let r = inputs[1]?.asInts, r.count == x.rank else { return nil }
            let dims = zip(x.dims, r).map { $0 * $1 }
            let out = indices(dims).map { idx in flat(zip(idx, x.dims).map { $0 % $1 }, x.dims) }
            return [select(x, out, dims)]
        case "Where":
            guard inputs.count == 3, let c = inputs[0], let a = inputs[1], let b = inputs[2], a.dataType == b.dataType,
                  let (d1, ic, ia) = broadcast(c.dims, a.dims) else { return nil }
            guard let (dims, i1, ib) = broadcast(d1, b.dims) else { return nil }
            let pick = i1.indices.map { c.ints[ic[i1[$0]]] != 0 }
            if a.isReal {
                return [TensorValue(dataType: a.dataType, dims: dims, reals: pick.indices.map { pick[$0] ? a.reals[ia[i1[$0]]] : b.reals[ib[$0]] })]
            }
            return [TensorValue(dataType: a.dataType, dims: dims, ints: pick.indices.map { pick[$0] ? a.ints[ia[i1[$0]]] : b.ints[ib[$0]] })]
        case "ConstantOfShape":
            guard let s = inputs.first ?? nil else { return nil }
            let dims = s.asInts
            guard dims.allSatisfy({ $0 >= 0 }) else { return nil }
            // A file can ask for any size: refuse to fold past the cap instead of trapping or exhausting memory.
            var count: Int64 = 1
            for d in dims {
                let (m, o) = count.multipliedReportingOverflow(by: d)
                guard !o, m <= FoldKernels.maxFoldedElements else { return nil }
                count = m
            }
            let n = Int(count)
            var fill = TensorValue(dataType: .float, dims: [1], reals: [0])
            if let t = node.attribute("value")?.tensor {
                guard let v = try? TensorValue(tensor: t, storage: storage) else { return nil }
                fill = v
            }
            if fill.isReal { return [TensorValue(dataType: fill.dataType, dims: dims, reals: Array(repeating: fill.reals.first ?? 0, count: n))] }
            return [TensorValue(dataType: fill.dataType, dims: dims, ints: Array(repeating: fill.ints.first ?? 0, count: n))]
        case "Range":
            guard inputs.count == 3, let s = inputs[0], let l = inputs[1], let d = inputs[2] else { return nil }
            if s.isReal {
                let a = s.reals.first ?? 0, b = l.reals.first ?? 0, st = d.reals.first ?? 0
                guard st != 0, a.isFinite, b.isFinite, st.isFinite else { return nil }
                let steps = ((b - a) / st).rounded(.up)
                guard steps.isFinite, steps <= Double(FoldKernels.maxFoldedElements) else { return nil }
                let n = Int(max(0, steps))  // steps can be far below Int.min: clamp before converting
                return [TensorValue(dataType: s.dataType, dims: [Int64(n)], reals: (0..<n).map { a + Double($0) * st })]
            }
            let a = s.ints.first ?? 0, b = l.ints.first ?? 0, st = d.ints.first ?? 0
            guard st != 0 else { return nil }
            let (span, o) = b.subtractingReportingOverflow(a)
            guard !o else { return nil }
            let steps = (Double(span) / Double(st)).rounded(.up)
            guard steps <= Double(FoldKernels.maxFoldedElements) else { return nil }
            let n = max(0, Int(steps))
            return [TensorValue(dataType: s.dataType, dims: [Int64(n)], ints: (0..<n).map { a + Int64($0) * st })]
        case "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd":
            return reduce(node, inputs, since: since).map { [$0] }
        case "MatMul": return matmul(inputs).map { [$0] }
        case "Max", "Min", "Sum", "Mean":
            guard var acc = inputs.first ?? nil else { return nil }
            for next in inputs.dropFirst() {
                guard let next else { return nil }
                let f: (Double, Double) -> Double = node.opType == "Max" ? { Swift.max($0, $1) } : node.opType == "Min" ? { Swift.min($0, $1) } : { $0 + $1 }
                guard let r = binary(node.opType, [acc, next], f) else { return nil }
                acc = r
            }
            if node.opType == "Mean" {
                guard acc.isReal else { return nil }
                let n = Double(inputs.count)
                acc = TensorValue(dataType: acc.dataType, dims: acc.dims, reals: acc.reals.map { $0 / n })
            }
            return [acc]
        default:
            return nil
        }
    }

    // MARK: elementwise

    static let unaryReal: [String: @Sendable (Double) -> Double] = [
        "Neg": { -$0 }, "Abs": { Swift.abs($0) }, "Sqrt": { $0.squareRoot() }, "Reciprocal": { 1 / $0 },
        "Exp": { Foundation.exp($0) }, "Log": { Foundation.log($0) }, "Erf": { Foundation.erf($0) },
        "Tanh": { Foundation.tanh($0) }, "Relu": { Swift.max($0, 0) }, "Sigmoid": { 1 / (1 + Foundation.exp(-$0)) },
        "Floor": { $0.rounded(.down) }, "Ceil": { $0.rounded(.up) }, "Round": { $0.rounded(.toNearestOrEven) },
        "Sign": { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }, "Sin": { Foundation.sin($0) }, "Cos": { Foundation.cos($0) },
    ]

    static func unary(_ inputs: Inputs, _ f: (Double) -> Double) -> TensorValue? {
        guard let x = inputs.first ?? nil else { return nil }
        if x.isReal { return TensorValue(dataType: x.dataType, dims: x.dims, reals: x.reals.map(f)) }
        return TensorValue(dataType: x.dataType, dims: x.dims, ints: x.ints.map { TensorValue.truncate(f(Double($0))) })
    }

    static let binaryArith: [String: @Sendable (Double, Double) -> Double] = [
        "Add": { $0 + $1 }, "Sub": { $0 - $1 }, "Mul": { $0 * $1 }, "Div": { $0 / $1 },
        "Pow": { Foundation.pow($0, $1) },
    ]

    static func binary(_ op: String, _ inputs: Inputs, _ f: (Double, Double) -> Double) -> TensorValue? {
        guard inputs.count == 2, let a = inputs[0], let b = inputs[1],
              let (dims, ia, ib) = broadcast(a.dims, b.dims) else { return nil }
        if op != "Pow" && a.dataType != b.dataType { return nil }
        if a.isReal {
            let bv = b.asReals
            return TensorValue(dataType: a.dataType, dims: dims, reals: zip(ia, ib).map { f(a.reals[$0], bv[$1]) })
        }
        if op == "Pow" {
            let bv = b.asReals
            return TensorValue(dataType: a.dataType, dims: dims, ints: zip(ia, ib).map { TensorValue.truncate(Foundation.pow(Double(a.ints[$0]), bv[$1])) })
        }
        var out: [Int64] = []
        out.reserveCapacity(ia.count)
        for (i, j) in zip(ia, ib) {
            let x = a.ints[i], y = b.ints[j]
            switch op {
            case "Add": out.append(x &+ y)
            case "Sub": out.append(x &- y)
            case "Mul": out.append(x &* y)
            case "Div":
                guard y != 0 else { return nil }
                out.append(x / y)
            case "Max": out.append(Swift.max(x, y))
            case "Min": out.append(Swift.min(x, y))
            default: out.append(x &+ y)
            }
        }
        return TensorValue(dataType: a.dataType, dims: dims, ints: out)
    }

    static let comparisons: [String: @Sendable (Double, Double) -> Bool] = [
        "Equal": { $0 == $1 }, "Less": { $0 < $1 }, "Greater": { $0 > $1 },
        "LessOrEqual": { $0 <= $1 }, "GreaterOrEqual": { $0 >= $1 },
    ]

    static func compare(_ inputs: Inputs, _ f: (Double, Double) -> Bool) -> TensorValue? {
        guard inputs.count == 2, let a = inputs[0], let b = inputs[1], a.dataType == b.dataType,
              let (dims, ia, ib) = broadcast(a.dims, b.dims) else { return nil }
        if a.isReal {
            return TensorValue(dataType: .bool, dims: dims, ints: zip(ia, ib).map { f(a.reals[$0], b.reals[$1]) ? 1 : 0 })
        }
        // Integers compare exactly (Double would merge large values).
        return TensorValue(dataType: .bool, dims: dims, ints: zip(ia, ib).map { x, y in
            let l = a.ints[x], r = b.ints[y]
            return f(l == r ? 0 : (l < r ? -1 : 1), 0) ? 1 : 0
        })
    }

    // MARK: indexing helpers

    /// Numpy broadcast of two shapes: the result dims and, per output element, the source flat index in each.
    static func broadcast(_ a: [Int64], _ b: [Int64]) -> ([Int64], [Int], [Int])? {
        let r = max(a.count, b.count)
        let pa = Array(repeating: Int64(1), count: r - a.count) + a
        let pb = Array(repeating: Int64(1), count: r - b.count) + b
        var dims: [Int64] = []
        for (x, y) in zip(pa, pb) {
            if x == y || y == 1 { dims.append(x) } else if x == 1 { dims.append(y) } else { return nil }
        }
        guard dims.reduce(1, *) <= 1 << 24 else { return nil }
        let all = indices(dims)
        let ia = all.map { idx in flat(zip(idx, pa).map { $1 == 1 ? 0 : $0 }, pa) }
        let ib = all.map { idx in flat(zip(idx, pb).map { $1 == 1 ? 0 : $0 }, pb) }
        return (dims, ia, ib)
    }

    /// Every multi-index of `dims` in row-major order.
    static func indices(_ dims: [Int64]) -> [[Int64]] {
        let n = Int(dims.reduce(1, *))
        guard n > 0 else { return [] }
        var out: [[Int64]] = []
        out.reserveCapacity(n)
        var idx = [Int64](repeating: 0, count: dims.count)
        for _ in 0..<n {
            out.append(idx)
            var k = dims.count - 1
            while k >= 0 {
                idx[k] += 1
                if idx[k] < dims[k] { break }
                idx[k] = 0
                k -= 1
            }
        }
        return out
    }

    static func flat(_ idx: [Int64], _ dims: [Int64]) -> Int {
        var f: Int64 = 0
        for (i, d) in zip(idx, dims) { f = f * d + i }
        return Int(f)
    }

    static func withDims(_ x: TensorValue, _ dims: [Int64]) -> TensorValue {
        var y = x
        y.dims = dims
        return y
    }

    /// Gathers elements of `x` at flat indices `src` into a tensor of `dims`.
    static func select(_ x: TensorValue, _ src: [Int], _ dims: [Int64]) -> TensorValue {
        if x.isReal { return TensorValue(dataType: x.dataType, dims: dims, reals: src.map { x.reals[$0] }) }
        return TensorValue(dataType: x.dataType, dims: dims, ints: src.map { x.ints[$0] })
    }

    // MARK: shape ops

    static func reshape(_ node: Node, _ inputs: Inputs) -> TensorValue? {
        guard inputs.count >= 2, let x = inputs[0], let s = inputs[1] else { return nil }
        let allowZero = node.attribute("allowzero")?.int ?? 0
        var dims = s.asInts
        var unknown: Int?
        for i in dims.indices {
            if dims[i] == 0 && allowZero == 0 {
                guard i < x.rank else { return nil }
                dims[i] = x.dims[i]
            } else if dims[i] == -1 {
                guard unknown == nil else { return nil }
                unknown = i
            } else if dims[i] < 0 { return nil }
        }
        let known = dims.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
        if let u = unknown {
            guard known > 0, Int64(x.count) % known == 0 else { return nil }
            dims[u] = Int64(x.count) / known
        }
        guard dims.reduce(1, *) == Int64(x.count) else { return nil }
        return withDims(x, dims)
    }

    static func concat(_ node: Node, _ inputs: Inputs) -> TensorValue? {
        let xs = inputs.compactMap { $0 }
        guard let first = xs.first, xs.count == inputs.count, let axisAttr = node.attribute("axis")?.int else { return nil }
        let r = first.rank
        let axis = Int(axisAttr < 0 ? axisAttr + Int64(r) : axisAttr)
        guard axis >= 0, axis < r, xs.allSatisfy({ $0.rank == r && $0.dataType == first.dataType }) else { return nil }
        for x in xs { for k in 0..<r where k != axis { guard x.dims[k] == first.dims[k] else { return nil } } }
        var dims = first.dims
        dims[axis] = xs.map { $0.dims[axis] }.reduce(0, +)
        let outer = Int(first.dims[..<axis].reduce(1, *))
        var reals: [Double] = [], ints: [Int64] = []
        for o in 0..<outer {
            for x in xs {
                let inner = Int(x.dims[axis...].reduce(1, *))
                if first.isReal { reals.append(contentsOf: x.reals[(o * inner)..<((o + 1) * inner)]) }
                else { ints.append(contentsOf: x.ints[(o * inner)..<((o + 1) * inner)]) }
            }
        }
        return first.isReal ? TensorValue(dataType: first.dataType, dims: dims, reals: reals)
                            : TensorValue(dataType: first.dataType, dims: dims, ints: ints)
    }

    static func gather(_ node: Node, _ inputs: Inputs) -> TensorValue? {
        guard inputs.count == 2, let x = inputs[0], let ind = inputs[1], x.rank > 0 else { return nil }
        var axis = Int(node.attribute("axis")?.int ?? 0)
        if axis < 0 { axis += x.rank }
        guard axis >= 0, axis < x.rank else { return nil }
        let n = x.dims[axis]
        var idx: [Int64] = []
        for i in ind.asInts {
            let j = i < 0 ? i + n : i
            guard j >= 0, j < n else { return nil }
            idx.append(j)
        }
        let outerN = Int(x.dims[..<axis].reduce(1, *))
        let inner = Int(x.dims[(axis + 1)...].reduce(1, *))
        var src: [Int] = []
        for o in 0..<outerN { for j in idx { for k in 0..<inner { src.append((o * Int(n) + Int(j)) * inner + k) } } }
        let dims = Array(x.dims[..<axis]) + ind.dims + Array(x.dims[(axis + 1)...])
        return select(x, src, dims)
    }

    static func slice(_ node: Node, _ inputs: Inputs, since: Int64) -> TensorValue? {
        guard let x = inputs.first ?? nil else { return nil }
        let starts: [Int64], ends: [Int64]
        var axes: [Int64]?, steps: [Int64]?
        if since < 10 {
            guard let s = node.attribute("starts")?.ints, let e = node.attribute("ends")?.ints else { return nil }
            starts = s; ends = e; axes = node.attribute("axes")?.ints
        } else {
            guard inputs.count >= 3, let s = inputs[1]?.asInts, let e = inputs[2]?.asInts else { return nil }
            starts = s; ends = e
            if inputs.count > 3 { axes = inputs[3]?.asInts }
            if inputs.count > 4 { steps = inputs[4]?.asInts }
        }
        let r = Int64(x.rank)
        let ax = axes ?? (0..<Int64(starts.count)).map { $0 }
        let st = steps ?? Array(repeating: 1, count: starts.count)
        guard ax.count == starts.count, ends.count == starts.count, st.count == starts.count else { return nil }
        var lo = [Int64](repeating: 0, count: x.rank), step = [Int64](repeating: 1, count: x.rank)
        var count = x.dims
        for k in 0..<starts.count {
            let a = Int(ax[k] < 0 ? ax[k] + r : ax[k])
            guard a >= 0, a < x.rank, st[k] != 0 else { return nil }
            let d = x.dims[a]
            var s = starts[k], e = ends[k]
            if s < 0 { s += d }
            if e < 0 { e += d }
            if st[k] > 0 {
                s = min(max(s, 0), d); e = min(max(e, 0), d)
                count[a] = e > s ? (e - s + st[k] - 1) / st[k] : 0
            } else {
                s = min(max(s, -1), d - 1); e = min(max(e, -1), d - 1)
                count[a] = s > e ? (s - e - st[k] - 1) / (-st[k]) : 0
            }
            lo[a] = s; step[a] = st[k]
        }
        let src = indices(count).map { idx in flat(idx.indices.map { lo[$0] + idx[$0] * step[$0] }, x.dims) }
        return select(x, src, count)
    }

    static func transpose(_ node: Node, _ inputs: Inputs) -> TensorValue? {
        guard let x = inputs.first ?? nil else { return nil }
        let perm = node.attribute("perm")?.ints ?? Array((0..<Int64(x.rank)).reversed())
        guard perm.count == x.rank, Set(perm) == Set(0..<Int64(x.rank)) else { return nil }
        let dims = perm.map { x.dims[Int($0)] }
        let src = indices(dims).map { idx in
            var orig = [Int64](repeating: 0, count: x.rank)
            for (k, p) in perm.enumerated() { orig[Int(p)] = idx[k] }
            return flat(orig, x.dims)
        }
        return select(x, src, dims)
    }

    static func reduce(_ node: Node, _ inputs: Inputs, since: Int64) -> TensorValue? {
        guard let x = inputs.first ?? nil else { return nil }
        let axesFromInput = node.opType == "ReduceSum" ? since >= 13 : since >= 18
        var axes = axesFromInput ? (inputs.count > 1 ? inputs[1]?.asInts : nil) : node.attribute("axes")?.ints
        let keep = (node.attribute("keepdims")?.int ?? 1) != 0
        if axes == nil || axes!.isEmpty {
            if (node.attribute("noop_with_empty_axes")?.int ?? 0) != 0 { return x }
            axes = (0..<Int64(x.rank)).map { $0 }
        }
        let norm = Set(axes!.map { $0 < 0 ? $0 + Int64(x.rank) : $0 })
        var outDims: [Int64] = []
        for (i, d) in x.dims.enumerated() {
            if norm.contains(Int64(i)) { if keep { outDims.append(1) } } else { outDims.append(d) }
        }
        let keptDims = x.dims.enumerated().map { norm.contains(Int64($0.offset)) ? 1 : $0.element }
        let n = Int(keptDims.reduce(1, *))
        var acc = [[Double]](repeating: [], count: n)
        let vals = x.asReals
        for (f, idx) in indices(x.dims).enumerated() {
            let o = flat(idx.enumerated().map { norm.contains(Int64($0.offset)) ? 0 : $0.element }, keptDims)
            acc[o].append(vals[f])
        }
        let out: [Double] = acc.map { v in
            switch node.opType {
            case "ReduceSum": return v.reduce(0, +)
            case "ReduceMean": return v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count)
            case "ReduceMax": return v.max() ?? -.infinity
            case "ReduceMin": return v.min() ?? .infinity
            default: return v.reduce(1, *)
            }
        }
        if x.isReal { return TensorValue(dataType: x.dataType, dims: outDims, reals: out) }
        if node.opType == "ReduceMean" { return nil }
        return TensorValue(dataType: x.dataType, dims: outDims, ints: out.map { TensorValue.truncate($0) })
    }

    static func matmul(_ inputs: Inputs) -> TensorValue? {
        guard inputs.count == 2, let a = inputs[0], let b = inputs[1], a.rank == 2, b.rank == 2, a.isReal,
              a.dataType == b.dataType, a.dims[1] == b.dims[0] else { return nil }
        let m = Int(a.dims[0]), k = Int(a.dims[1]), n = Int(b.dims[1])
        var out = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { var s = 0.0; for t in 0..<k { s += a.reals[i * k + t] * b.reals[t * n + j] }; out[i * n + j] = s } }
        return TensorValue(dataType: a.dataType, dims: [a.dims[0], b.dims[1]], reals: out)
    }
}
