import CutlineIR

enum TensorRules {
    static func register(_ t: inout [String: ShapeRule]) {
        t.add(["Constant"]) { ctx in try constant(&ctx) }
        t.add(["Shape"]) { ctx in
            ctx.setElem(0, .int64)
            guard let s = ctx.shape(0) else { ctx.setShape(0, [.unknown]); return }
            let r = Int64(s.count)
            var start = ctx.int("start", 0), end = ctx.int("end", r)
            if start < 0 { start += r }
            if end < 0 { end += r }
            start = min(max(start, 0), r)
            end = min(max(end, 0), r)
            ctx.setShape(0, [.value(max(end - start, 0))])
        }
        t.add(["Size"]) { ctx in
            ctx.setElem(0, .int64)
            ctx.setShape(0, [])
        }
        t.add(["Reshape"]) { ctx in try reshape(&ctx) }
        t.add(["Flatten"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            guard ctx.requireShapes(1), let s = ctx.shape(0) else { return }
            var axis = ctx.int("axis", 1)
            if axis < 0 { axis += Int64(s.count) }
            guard axis >= 0 && axis <= Int64(s.count) else { throw InferenceFailure("Invalid value(\(axis)) for attribute 'axis'") }
            ctx.setShape(0, [RuleKit.product(s[..<Int(axis)]), RuleKit.product(s[Int(axis)...])])
        }
        t.add(["Squeeze"]) { ctx in try squeeze(&ctx) }
        t.add(["Unsqueeze"]) { ctx in try unsqueeze(&ctx) }
        t.add(["Concat"]) { ctx in try concat(&ctx) }
        t.add(["Split"]) { ctx in try split(&ctx) }
        t.add(["Slice"]) { ctx in try slice(&ctx) }
        t.add(["Transpose"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            guard ctx.requireShapes(1), let s = ctx.shape(0) else { return }
            let perm = ctx.ints("perm") ?? (0..<Int64(s.count)).reversed()
            guard perm.count == s.count else { throw InferenceFailure("Number of elements of attribute 'perm' must be equal to the rank of the input") }
            var out: [Dim] = []
            for p in perm {
                guard p >= 0 && p < Int64(s.count) else { throw InferenceFailure("Invalid perm value \(p)") }
                out.append(s[Int(p)])
            }
            ctx.setShape(0, out)
        }
        t.add(["Gather"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            guard ctx.requireShapes(2), let data = ctx.shape(0), let ind = ctx.shape(1) else { return }
            guard data.count >= 1 else { throw InferenceFailure("data tensor must have rank >= 1") }
            let axis = try NodeInferenceContext.normalizeAxis(ctx.int("axis", 0), rank: data.count)
            ctx.setShape(0, Array(data[..<axis]) + ind + Array(data[(axis + 1)...]))
        }
        t.add(["GatherElements"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            ctx.propagateShape(from: 1, to: 0)
        }
        t.add(["GatherND"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            guard ctx.requireShapes(2), let data = ctx.shape(0), let ind = ctx.shape(1) else { return }
            let b64 = ctx.int("batch_dims", 0)
            guard let last = ind.last?.value else { ctx.stop("the last dim of the indices is not static"); return }
            // Both come from the file: bounded by the rank before they are added, so a huge value cannot overflow.
            guard b64 >= 0, b64 <= Int64(data.count), last >= 0, last <= Int64(data.count) else {
                throw InferenceFailure("batch_dims \(b64) and the last dimension of indices \(last) must lie within the rank of data")
            }
            let b = Int(b64), k = Int(last)
            guard ind.count >= 1, data.count >= 1, b + k <= data.count else {
                throw InferenceFailure("last dimension of indices must not be larger than rank of data tensor")
            }
            ctx.setShape(0, Array(ind.dropLast()) + Array(data[(b + k)...]))
        }
        t.add(["Expand"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            guard ctx.requireShapes(2), let s = ctx.shape(0) else { return }
            guard let target = try RuleKit.dimsFromShapeInput(ctx, 1) else { ctx.stop("the target shape is computed at run time"); return }
            ctx.setShape(0, try SymbolicDims.broadcast([s, target]))
        }
        t.add(["Tile"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            guard ctx.requireShapes(1), let s = ctx.shape(0) else { return }
            if let reps = ctx.data(1), ctx.hasShape(1) {
                guard reps.rank == 1, reps.dataType == .int64, let r = reps.int64s else { throw InferenceFailure("'Repeats' input must be 1D tensor of type int64") }
                guard r.count == s.count else { throw InferenceFailure("'Repeats' input has incorrect number of values.") }
                ctx.setShape(0, try zip(s, r).map { d, k in
                    guard let v = d.value else { return .unknown }
                    return .value(try checkedProduct(v, k, "Tile's repeats"))
                })
            } else {
                ctx.stop("the repeats are computed at run time")
                ctx.setShape(0, [Dim](repeating: .unknown, count: s.count))
            }
        }
        t.add(["ConstantOfShape"]) { ctx in
            if let v = ctx.attr("value")?.tensor { ctx.setElem(0, v.dataType) } else { ctx.setElem(0, .float) }
            if let dims = try RuleKit.dimsFromShapeInput(ctx, 0, failNegative: true) { ctx.setShape(0, dims) }
            else { ctx.stop("the shape input is computed at run time and its length is unknown") }
        }
        t.add(["Range"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            if let s = ctx.data(0), let l = ctx.data(1), let d = ctx.data(2) {
                guard s.dataType == l.dataType, s.dataType == d.dataType else { throw InferenceFailure("All inputs to 'Range' op must be of the same type") }
                if let n = rangeCount(s, l, d) { ctx.setShape(0, [.value(n)]); return }
            }
            ctx.stop("the range bounds are computed at run time")
            ctx.setShape(0, [.unknown])
        }
        t.add(["NonZero"]) { ctx in
            ctx.setElem(0, .int64)
            ctx.stop("the number of non-zero elements is known only at run time")
            ctx.setShape(0, [ctx.shape(0).map { .value(Int64($0.count)) } ?? .unknown, .unknown])
        }
        t.add(["Pad"]) { ctx in try pad(&ctx) }
        t.add(["DepthToSpace", "SpaceToDepth"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            guard ctx.requireShapes(1), let s = ctx.shape(0) else { return }
            guard s.count == 4 else { throw InferenceFailure("Input tensor must be 4-dimensional") }
            guard let b = ctx.attr("blocksize")?.int, b > 0 else { throw InferenceFailure("Blocksize must be positive") }
            let what = "\(ctx.opType)'s blocksize"
            func mul(_ d: Dim, _ k: Int64) throws -> Dim {
                guard let v = d.value else { return .unknown }
                return .value(try checkedProduct(v, k, what))
            }
            func div(_ d: Dim, _ k: Int64) -> Dim { d.value.map { .value($0 / k) } ?? .unknown }
            let b2 = try checkedProduct(b, b, what)
            if ctx.opType == "DepthToSpace" {
                ctx.setShape(0, [s[0], div(s[1], b2), try mul(s[2], b), try mul(s[3], b)])
            } else {
                ctx.setShape(0, [s[0], try mul(s[1], b2), div(s[2], b), div(s[3], b)])
            }
        }
        t.add(["TopK"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            ctx.setElem(1, .int64)
            guard ctx.requireShapes(1), let s = ctx.shape(0) else { return }
            let axis = try NodeInferenceContext.normalizeAxis(ctx.int("axis", -1), rank: s.count)
            var k: Int64?
            if ctx.since < 10 { k = ctx.attr("k")?.int } else if let kd = ctx.constInts(1) {
                guard kd.count == 1 else { throw InferenceFailure("K input must be a one-dimensional tensor of size 1.") }
                k = kd[0]
            }
            var out = s
            if let k {
                if let d = s[axis].value, d < k { throw InferenceFailure("Axis has less than the requested k elements.") }
                out[axis] = .value(k)
            } else {
                ctx.stop("k is computed at run time")
                out = [Dim](repeating: .unknown, count: s.count)
            }
            ctx.setShape(0, out)
            ctx.setShape(1, out)
        }
        t.add(["ArgMax", "ArgMin"]) { ctx in
            ctx.setElem(0, .int64)
            guard ctx.requireShapes(1), let s = ctx.shape(0) else { return }
            let axis = try NodeInferenceContext.normalizeAxis(ctx.int("axis", 0), rank: s.count)
            var out = s
            if ctx.int("keepdims", 1) != 0 { out[axis] = .value(1) } else { out.remove(at: axis) }
            ctx.setShape(0, out)
        }
        t.add(["ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2",
               "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare"]) { ctx in try reduce(&ctx) }
        t.add(["MatMul"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            try matmul(&ctx)
        }
        t.add(["MatMulInteger"]) { ctx in
            ctx.setElem(0, .int32)
            try matmul(&ctx)
        }
        t.add(["Gemm"]) { ctx in try gemm(&ctx) }
        t.add(["Resize", "Upsample"]) { ctx in try resize(&ctx) }
        t.add(["DynamicQuantizeLinear"]) { ctx in
            ctx.setElem(0, .uint8)
            ctx.propagateShape(from: 0, to: 0)
            ctx.setElem(1, .float)
            ctx.setShape(1, [])
            ctx.setElem(2, .uint8)
            ctx.setShape(2, [])
        }
        t.add(["QuantizeLinear"]) { ctx in
            ctx.setElem(0, ctx.hasInput(2) ? ctx.elemType(2) : RuleKit.dataType(ctx.int("output_dtype", 2) == 0 ? 2 : ctx.int("output_dtype", 2)))
            ctx.propagateShape(from: 0, to: 0)
        }
        t.add(["DequantizeLinear"]) { ctx in
            ctx.setElem(0, ctx.since >= 19 ? ctx.elemType(1) : .float)
            ctx.propagateShape(from: 0, to: 0)
        }
    }

    static func constant(_ ctx: inout NodeInferenceContext) throws {
        guard ctx.node.attributes.count == 1, let a = ctx.node.attributes.first else {
            throw InferenceFailure("Constant must have exactly one attribute")
        }
        switch a.name {
        case "value": if let t = a.tensor { ctx.setType(0, .tensor(t.dataType, t.shape)) }
        case "sparse_value": if case .sparseTensor(let s) = a.value { ctx.setType(0, .tensor(s.values.dataType, Shape(static: s.dims))) }
        case "value_int": ctx.setType(0, .tensor(.int64, Shape([])))
        case "value_ints": ctx.setType(0, .tensor(.int64, Shape(static: [Int64(a.ints?.count ?? 0)])))
        case "value_float": ctx.setType(0, .tensor(.float, Shape([])))
        case "value_floats": ctx.setType(0, .tensor(.float, Shape(static: [Int64(a.floats?.count ?? 0)])))
        case "value_string": ctx.setType(0, .tensor(.string, Shape([])))
        case "value_strings": ctx.setType(0, .tensor(.string, Shape(static: [Int64(a.strings?.count ?? 0)])))
        default: throw InferenceFailure("Constant has an unknown attribute \(a.name)")
        }
    }

    static func rangeCount(_ s: TensorLiteral, _ l: TensorLiteral, _ d: TensorLiteral) -> Int64? {
        switch s.dataType {
        case .float, .double:
            guard let a = s.doubles?.first, let b = l.doubles?.first, let st = d.doubles?.first, st != 0 else { return nil }
            let q = ((b - a) / st).rounded(.up)
            guard q.isFinite, abs(q) < 9e18 else { return nil }
            return max(Int64(q), 0)
        case .int32, .int64:
            guard let a = s.int64s?.first, let b = l.int64s?.first, let st = d.int64s?.first, st != 0 else { return nil }
            let q = ((Double(b) - Double(a)) / Double(st)).rounded(.up)
            guard q.isFinite, abs(q) < 9e18 else { return nil }
            return max(Int64(q), 0)
        default: return nil
        }
    }

    static func reshape(_ ctx: inout NodeInferenceContext) throws {
        try ctx.propagateElem(from: 0, to: 0)
        // Before opset 14 onnx reads only a constant shape; from 14 on also propagated shape data and, failing
        // that, the shape input's length.
        let found: [Dim]?
        if ctx.since >= 14 {
            found = try RuleKit.dimsFromShapeInput(ctx, 1)
        } else {
            found = ctx.constInts(1).map { $0.map { .value($0) } }
        }
        guard let target = found else {
            ctx.stop(ctx.since >= 14 ? "the target shape is computed at run time and its length is unknown"
                                     : "the target shape is not a constant (before opset 14 onnx reads only constants)")
            return
        }
        let allowZero = ctx.int("allowzero", 0) != 0
        let input = ctx.shape(0)
        var out: [Dim] = []
        var negIndex: Int?
        var unresolvedZeros = [Bool](repeating: false, count: target.count)
        var product: Int64 = 1
        var productValid = true
        for (i, d) in target.enumerated() {
            switch d {
            case .param:
                out.append(d)
                productValid = false
            case .unknown:
                out.append(.unknown)
                productValid = false
            case .value(let v):
                if v == -1 {
                    guard negIndex == nil else { throw InferenceFailure("Target shape may not have multiple -1 dimensions.") }
                    negIndex = i
                    out.append(.unknown)
                } else if v == 0 && !allowZero {
                    unresolvedZeros[i] = true
                    var nd = Dim.unknown
                    if let input {
                        guard i < input.count else { throw InferenceFailure("Invalid position of 0.") }
                        if let iv = input[i].value {
                            nd = .value(iv)
                            product = product &* iv
                            unresolvedZeros[i] = false
                        } else if case .param = input[i] {
                            nd = input[i]
                        }
                    }
                    out.append(nd)
                } else if v >= 0 {
                    out.append(.value(v))
                    product = product &* v
                } else {
                    throw InferenceFailure("Invalid dimension value: \(v)")
                }
            }
        }
        if let k = negIndex, productValid {
            guard product != 0 else { throw InferenceFailure("Invalid Target shape product of 0. Product cannot be 0 in combination with -1") }
            if let input {
                var inProduct: Int64 = 1
                var valid = true
                for (i, d) in input.enumerated() {
                    if let v = d.value { inProduct = inProduct &* v }
                    else if i >= unresolvedZeros.count || !unresolvedZeros[i] { valid = false; break }
                }
                if valid {
                    guard inProduct % product == 0 else { throw InferenceFailure("Dimension could not be inferred: incompatible shapes") }
                    out[k] = .value(inProduct / product)
                }
            }
        }
        ctx.setShape(0, out)
    }

    /// Axes from the attribute (before `inputFrom`) or from a constant input (from `inputFrom` on).
    enum Axes { case none, values([Int64]), dynamic }
    static func axes(_ ctx: NodeInferenceContext, inputFrom: Int64, index: Int = 1) -> Axes {
        if ctx.since >= inputFrom {
            guard ctx.hasInput(index) else { return .none }
            if let v = ctx.constInts(index) { return .values(v) }
            return .dynamic
        }
        if let a = ctx.ints("axes") { return .values(a) }
        return .none
    }

    static func squeeze(_ ctx: inout NodeInferenceContext) throws {
        try ctx.propagateElem(from: 0, to: 0)
        guard ctx.requireShapes(1), let s = ctx.shape(0) else { return }
        var axes: [Int]? = nil
        switch Self.axes(ctx, inputFrom: 13) {
        case .dynamic: ctx.stop("the axes are computed at run time"); return
        case .none: break
        case .values(let a): axes = try a.map { try NodeInferenceContext.normalizeAxis($0, rank: s.count) }
        }
        if axes == nil, s.contains(where: { !$0.isStatic }) {
            ctx.stop("without axes, which dims are squeezed depends on unknown dims")
            return
        }
        var out: [Dim] = []
        for (i, d) in s.enumerated() {
            if let axes {
                if axes.contains(i) {
                    if let v = d.value, v != 1 { throw InferenceFailure("Dimension of input \(i) must be 1 instead of \(v)") }
                    continue
                }
                out.append(d)
            } else if d.value != 1 {
                out.append(d)
            }
        }
        ctx.setShape(0, out)
    }

    static func unsqueeze(_ ctx: inout NodeInferenceContext) throws {
        try ctx.propagateElem(from: 0, to: 0)
        guard ctx.requireShapes(1), let s = ctx.shape(0) else { return }
        guard case .values(let raw) = Self.axes(ctx, inputFrom: 13) else {
            ctx.stop("the axes are computed at run time")
            return
        }
        let outRank = s.count + raw.count
        let axes = try raw.map { try NodeInferenceContext.normalizeAxis($0, rank: outRank) }.sorted()
        guard Set(axes).count == axes.count else { throw InferenceFailure("'axes' has a duplicate axis") }
        var out: [Dim] = []
        var j = 0
        for d in s {
            while j < axes.count && axes[j] == out.count { out.append(.value(1)); j += 1 }
            out.append(d)
        }
        while j < axes.count && axes[j] == out.count { out.append(.value(1)); j += 1 }
        ctx.setShape(0, out)
    }

    static func concat(_ ctx: inout NodeInferenceContext) throws {
        try ctx.propagateElem(from: 0, to: 0)
        guard ctx.inputCount >= 1 else { return }
        for i in 0..<ctx.inputCount where !ctx.hasShape(i) { return }
        guard let first = ctx.shape(0) else { return }
        let rank = first.count
        guard let a = ctx.attr("axis")?.int else { throw InferenceFailure("Required attribute axis is missing") }
        let axis = try NodeInferenceContext.normalizeAxis(a, rank: rank, "axis must be in [-rank, rank-1].")
        if ctx.inputCount == 1 { ctx.setShape(0, first); return }
        var out = [Dim](repeating: .unknown, count: rank)
        var total: Int64 = 0
        var allKnown = true
        for i in 0..<ctx.inputCount {
            guard let s = ctx.shape(i) else { continue }
            guard s.count == rank else { throw InferenceFailure("All inputs to Concat must have same rank. Input \(i) has rank \(s.count) != \(rank)") }
            for j in 0..<rank {
                if j == axis {
                    if let v = s[j].value { total += v } else { allKnown = false }
                } else {
                    try SymbolicDims.mergeIn(s[j], into: &out[j], index: j)
                }
            }
        }
        if allKnown { out[axis] = .value(total) }
        ctx.setShape(0, out)
    }

    static func split(_ ctx: inout NodeInferenceContext) throws {
        for o in 0..<ctx.outputCount { try ctx.propagateElem(from: 0, to: o) }
        guard ctx.requireShapes(1), let s = ctx.shape(0) else { return }
        let axis = try NodeInferenceContext.normalizeAxis(ctx.int("axis", 0), rank: s.count)
        let n = ctx.outputCount
        var sizes: [Int64]?
        if ctx.since >= 13 || ctx.since == 1 {
            if ctx.hasInput(1) {
                guard let v = ctx.constInts(1) else {
                    ctx.stop("the split sizes are computed at run time")
                    return
                }
                sizes = v
            }
        } else {
            sizes = ctx.ints("split")
        }
        if ctx.since == 1, sizes == nil { sizes = ctx.ints("split") }
        let dim = s[axis]
        if let sizes {
            guard sizes.count == n else { throw InferenceFailure("Mismatch between number of splits (\(sizes.count)) and outputs (\(n))") }
            if let d = dim.value, sizes.reduce(0, +) != d {
                throw InferenceFailure("Mismatch between the sum of 'split' (\(sizes.reduce(0, +))) and the split dimension of the input (\(d))")
            }
            for o in 0..<n { var out = s; out[axis] = .value(sizes[o]); ctx.setShape(o, out) }
            return
        }
        if ctx.since >= 18, let k = ctx.attr("num_outputs")?.int {
            guard k == Int64(n) else { throw InferenceFailure("Attribute `num_outputs` value (\(k)) does not match the number of outputs (\(n))") }
        }
        guard let d = dim.value else {
            for o in 0..<n { var out = s; out[axis] = .unknown; ctx.setShape(o, out) }
            return
        }
        var chunks: [Int64]
        if ctx.since >= 18 {
            // Ceiling division without forming d + n - 1, and i * chunk saturating: d can be any file value.
            let chunk = d / Int64(n) + (d % Int64(n) == 0 ? 0 : 1)
            chunks = (0..<Int64(n)).map { i in
                let (taken, o) = i.multipliedReportingOverflow(by: chunk)
                return o ? 0 : max(0, min(chunk, d - taken))
            }
        } else {
            guard d % Int64(n) == 0 else { throw InferenceFailure("The input is not evenly splittable") }
            chunks = [Int64](repeating: d / Int64(n), count: n)
        }
        for o in 0..<n { var out = s; out[axis] = .value(chunks[o]); ctx.setShape(o, out) }
    }

    static func slice(_ ctx: inout NodeInferenceContext) throws {
        try ctx.propagateElem(from: 0, to: 0)
        guard ctx.requireShapes(1), let s = ctx.shape(0) else { return }
        var starts: [Int64], ends: [Int64], axesIn: [Int64]?, steps: [Int64]?
        if ctx.since < 10 {
            guard let st = ctx.ints("starts"), let en = ctx.ints("ends") else { throw InferenceFailure("Incorrect or missing attribute value for starts and ends") }
            starts = st
            ends = en
            axesIn = ctx.ints("axes")
            steps = nil
        } else {
            let axesDynamic = ctx.hasInput(3) && ctx.hasShape(3) && ctx.constInts(3) == nil
            let stepsDynamic = ctx.hasInput(4) && ctx.hasShape(4) && ctx.constInts(4) == nil
            guard let st = ctx.constInts(1), let en = ctx.constInts(2), !axesDynamic, !stepsDynamic else {
                ctx.stop("the slice bounds are computed at run time")
                ctx.setShape(0, [Dim](repeating: .unknown, count: s.count))
                return
            }
            starts = st
            ends = en
            axesIn = ctx.hasShape(3) ? ctx.constInts(3) : nil
            steps = ctx.hasShape(4) ? ctx.constInts(4) : nil
        }
        guard starts.count == ends.count else { throw InferenceFailure("Incorrect or missing input value for starts and ends") }
        let axes = axesIn ?? (0..<Int64(starts.count)).map { $0 }
        guard axes.count == starts.count else { throw InferenceFailure("Input axes has incorrect length") }
        let stepList = steps ?? [Int64](repeating: 1, count: starts.count)
        guard stepList.count == axes.count else { throw InferenceFailure("Input steps has incorrect length") }
        let norm = try axes.map { try NodeInferenceContext.normalizeAxis($0, rank: s.count) }
        guard Set(norm).count == norm.count else { throw InferenceFailure("'axes' has duplicates") }
        var out = s
        for (k, a) in norm.enumerated() {
            guard let d = s[a].value else { out[a] = .unknown; continue }
            guard stepList[k] != 0 else { throw InferenceFailure("'step' cannot be 0 for Slice") }
            let (st, en) = ShapeKernels.sliceRange(dim: d, start: starts[k], end: ends[k], step: stepList[k])
            let q = (Double(en - st) / Double(stepList[k])).rounded(.up)
            out[a] = .value(max(Int64(q), 0))
        }
        ctx.setShape(0, out)
    }

    /// a × b for dims computed from file values; an overflow is a malformed model, reported instead of trapping.
    static func checkedProduct(_ a: Int64, _ b: Int64, _ what: String) throws -> Int64 {
        let (p, o) = a.multipliedReportingOverflow(by: b)
        guard !o else { throw InferenceFailure("\(what) make a dimension of \(a) × \(b), past a 64-bit size") }
        return p
    }

    /// Pad 2/11/13 (every axis) and 18+ (optional `axes` input): a static dim grows by its pads, a non-static dim
    /// stays only when its total pad is 0, and from 18 a dim outside `axes` keeps only a static value.
    static func pad(_ ctx: inout NodeInferenceContext) throws {
        try ctx.propagateElem(from: 0, to: 0)
        guard ctx.requireShapes(1), let s = ctx.shape(0) else { return }
        let rank = s.count
        var axes = Array(0..<rank)
        if ctx.since >= 18, ctx.hasShape(3) {
            guard let a = ctx.constInts(3) else { ctx.stop("the pad axes are computed at run time"); return }
            axes = try a.map { try NodeInferenceContext.normalizeAxis($0, rank: rank) }
        }
        let pads: [Int64]? = ctx.since < 11 ? (ctx.ints("pads") ?? ctx.ints("paddings")) : ctx.constInts(1)
        guard let pads, !axes.isEmpty else {
            ctx.stop("the pads are computed at run time")
            ctx.setShape(0, [Dim](repeating: .unknown, count: rank))
            return
        }
        guard pads.count == 2 * axes.count else {
            throw InferenceFailure("Pads has incorrect number of values. Expected 2 * \(axes.count) values. Got \(pads.count) values.")
        }
        var out: [Dim] = s.map { $0.isStatic ? $0 : .unknown }
        for (k, a) in axes.enumerated() {
            // Pads come from the file: a sum past Int64 is a malformed model, not a trap.
            let (total, o1) = pads[k].addingReportingOverflow(pads[k + axes.count])
            guard !o1 else { throw InferenceFailure("Pad's pads for axis \(a) overflow a 64-bit dimension") }
            if let v = s[a].value {
                let (d, o2) = v.addingReportingOverflow(total)
                guard !o2 else { throw InferenceFailure("padding axis \(a) of size \(v) by \(total) overflows a 64-bit dimension") }
                out[a] = .value(d)
            } else if total == 0 { out[a] = s[a] }
        }
        ctx.setShape(0, out)
    }

    static func reduce(_ ctx: inout NodeInferenceContext) throws {
        try ctx.propagateElem(from: 0, to: 0)
        guard ctx.requireShapes(1), let s = ctx.shape(0) else { return }
        let inputFrom: Int64 = ctx.opType == "ReduceSum" ? 13 : 18
        let keep = ctx.int("keepdims", 1) != 0
        let noop = ctx.int("noop_with_empty_axes", 0) != 0
        var axes: [Int64] = []
        switch Self.axes(ctx, inputFrom: inputFrom) {
        case .none: break
        case .values(let a): axes = a
        case .dynamic:
            ctx.stop("the reduction axes are computed at run time")
            return
        }
        if axes.isEmpty && noop && ctx.since >= inputFrom { ctx.setShape(0, s); return }
        let norm = try axes.map { try NodeInferenceContext.normalizeAxis($0, rank: s.count) }
        var out: [Dim] = []
        for (i, d) in s.enumerated() {
            if !norm.isEmpty && !norm.contains(i) { out.append(d) } else if keep { out.append(.value(1)) }
        }
        ctx.setShape(0, out)
    }

    static func matmul(_ ctx: inout NodeInferenceContext) throws {
        guard ctx.requireShapes(2), let a = ctx.shape(0), let b = ctx.shape(1) else { return }
        guard !a.isEmpty, !b.isEmpty else { throw InferenceFailure("Input tensors of wrong rank (0).") }
        let l = a.count == 1 ? [.value(1), a[0]] : a
        let r = b.count == 1 ? [b[0], .value(1)] : b
        if let x = l[l.count - 1].value, let y = r[r.count - 2].value, x != y {
            throw InferenceFailure("Incompatible dimensions for matrix multiplication")
        }
        var out = try SymbolicDims.broadcast([Array(l.dropLast(2)), Array(r.dropLast(2))])
        if a.count != 1 { out.append(l[l.count - 2]) }
        if b.count != 1 { out.append(r[r.count - 1]) }
        ctx.setShape(0, out)
    }

    static func gemm(_ ctx: inout NodeInferenceContext) throws {
        try ctx.propagateElem(from: 0, to: 0)
        guard ctx.requireShapes(2), let a = ctx.shape(0), let b = ctx.shape(1) else { return }
        guard a.count == 2 else { throw InferenceFailure("First input does not have rank 2") }
        guard b.count == 2 else { throw InferenceFailure("Second input does not have rank 2") }
        let ta = ctx.int("transA", 0) != 0, tb = ctx.int("transB", 0) != 0
        ctx.setShape(0, [a[ta ? 1 : 0], b[tb ? 0 : 1]])
    }

    /// Resize (10, 11, 13, 18, 19) and Upsample (7, 9): sizes win over scales; output dims are floor(in × scale).
    static func resize(_ ctx: inout NodeInferenceContext) throws {
        try ctx.propagateElem(from: 0, to: 0)
        guard ctx.requireShapes(1), let s = ctx.shape(0) else { return }
        let rank = s.count
        var scales: [Double]?
        var sizes: [Int64]?
        if ctx.opType == "Upsample" && ctx.since < 9 {
            scales = ctx.attr("scales")?.floats?.map(Double.init)
        } else if ctx.opType == "Upsample" || ctx.since < 11 {
            scales = ctx.data(1)?.doubles
        } else {
            if ctx.hasInput(3) {
                if let v = ctx.constInts(3) { sizes = v } else if ctx.hasInput(3) && !(ctx.shape(3)?.first?.value == 0) {
                    ctx.stop("the output sizes are computed at run time")
                    ctx.setShape(0, [Dim](repeating: .unknown, count: rank))
                    return
                }
            }
            if sizes == nil, ctx.hasInput(2) {
                if let d = ctx.data(2) { scales = d.doubles } else {
                    ctx.stop("the scales are computed at run time")
                    ctx.setShape(0, [Dim](repeating: .unknown, count: rank))
                    return
                }
                if scales?.isEmpty == true { scales = nil }
            }
        }
        var axes = Array(0..<rank)
        if ctx.since >= 18, ctx.opType == "Resize", let a = ctx.ints("axes") {
            axes = try a.map { try NodeInferenceContext.normalizeAxis($0, rank: rank) }
        }
        var out = s
        if var sizes {
            guard sizes.count == axes.count else { throw InferenceFailure("Number of elements of input 'sizes' must be same as rank of input 'X'") }
            let policy = ctx.string("keep_aspect_ratio_policy", "stretch")
            if ctx.since >= 18, policy != "stretch" {
                var scale = policy == "not_larger" ? Double.infinity : 0
                for (k, a) in axes.enumerated() {
                    guard let d = s[a].value else { ctx.setShape(0, [Dim](repeating: .unknown, count: rank)); return }
                    let r = Double(sizes[k]) / Double(d)
                    scale = policy == "not_larger" ? min(scale, r) : max(scale, r)
                }
                for (k, a) in axes.enumerated() {
                    let v = (Double(s[a].value ?? 0) * scale).rounded()
                    guard v.isFinite, v >= 0, v < 9e18 else { throw InferenceFailure("Resize keep_aspect_ratio_policy gives no valid size") }
                    sizes[k] = Int64(v)
                }
            }
            for (k, a) in axes.enumerated() { out[a] = .value(sizes[k]) }
            ctx.setShape(0, out)
            return
        }
        guard let scales else {
            ctx.stop("neither scales nor sizes is a constant")
            ctx.setShape(0, [Dim](repeating: .unknown, count: rank))
            return
        }
        guard scales.count == axes.count else { throw InferenceFailure("Number of elements of input 'scales' must be same as rank of input 'X'") }
        for (k, a) in axes.enumerated() {
            if let d = s[a].value {
                let scaled = (Double(d) * Double(Float(scales[k]))).rounded(.down)
                // A file can hold any scale: a NaN, infinite, negative or huge result is not a size.
                guard scaled.isFinite, scaled >= 0, scaled < 9.0e18 else {
                    throw InferenceFailure("Resize scale \(scales[k]) on a dim of \(d) gives no valid size")
                }
                out[a] = .value(Int64(scaled))
            } else {
                // onnx leaves a non-static dim unknown even for a scale of 1.
                out[a] = .unknown
            }
        }
        ctx.setShape(0, out)
    }
}
