import CutlineIR

/// Partial evaluation of shape tensors, as onnx does with `data_prop=True`: a 1-D (or 0-D) integer tensor's
/// values are tracked as dims (static, symbolic, or unknown) through the ops onnx gives a data propagator.
enum DataPropagation {
    typealias Propagator = @Sendable (NodeInferenceContext, (Int) -> [Dim]?) throws -> [Dim]?

    /// onnx's DataPropagationContext::getInputData: propagated data, else a constant int32/int64 tensor of rank
    /// ≤ 1, else for a 1-D input of static length N, N unknown dims.
    static func inputData(ctx: NodeInferenceContext, index i: Int, cache: inout [[Dim]?], node: Node) -> [Dim]? {
        guard ctx.hasInput(i) else { return nil }
        if let s = ctx.symbolic(i) { return s }
        if let d = ctx.data(i), d.rank <= 1, d.dataType == .int64 || d.dataType == .int32, let v = d.int64s {
            return v.map { .value($0) }
        }
        if let s = ctx.shape(i), s.count == 1, let n = s[0].value, n >= 0, n <= 1 << 16 {
            return [Dim](repeating: .unknown, count: Int(n))
        }
        return nil
    }

    static func propagator(domain: String, opType: String, since: Int64) -> Propagator? {
        guard SchemaRegistry.normalize(domain) == "" else { return nil }
        switch opType {
        case "Shape": return shape
        case "Size" where since >= 13: return size
        case "Cast" where since >= 13, "Squeeze" where since >= 13, "Unsqueeze" where since >= 13:
            return { _, input in input(0) }
        case "Concat" where since >= 13: return concat
        case "Slice" where since >= 13: return slice
        case "Gather": return gather
        case "Add" where since >= 14, "Sub" where since >= 14, "Mul" where since >= 14: return math
        default: return nil
        }
    }

    static let shape: Propagator = { ctx, _ in
        guard let dims = ctx.shape(0) else { return nil }
        let r = Int64(dims.count)
        var start = ctx.int("start", 0), end = ctx.int("end", r)
        if start < 0 { start += r }
        if end < 0 { end += r }
        start = min(max(start, 0), r)
        end = min(max(end, 0), r)
        return start < end ? Array(dims[Int(start)..<Int(end)]) : []
    }

    static let size: Propagator = { _, input in
        guard let d = input(0) else { return nil }
        return [.value(Int64(d.count))]
    }

    /// onnx's axisIsZero: Concat requires `axis`; a negative axis counts from the input's rank.
    static func axisIsZero(_ ctx: NodeInferenceContext, defaultZero: Bool) throws -> Bool {
        guard let a = ctx.attr("axis")?.int else {
            if defaultZero { return true }
            throw InferenceFailure("Required attribute axis is missing")
        }
        if a >= 0 { return a == 0 }
        guard let r = ctx.shape(0)?.count else { return false }
        guard a >= -Int64(r) else { throw InferenceFailure("axis must be in [-rank, rank-1].") }
        return a + Int64(r) == 0
    }

    static let concat: Propagator = { ctx, input in
        guard try axisIsZero(ctx, defaultZero: false) else { return nil }
        var out: [Dim] = []
        for i in 0..<ctx.inputCount {
            guard let d = input(i) else { return nil }
            out += d
        }
        return out.isEmpty ? nil : out
    }

    static let gather: Propagator = { ctx, input in
        guard try axisIsZero(ctx, defaultZero: true), let data = input(0), let idx = input(1) else { return nil }
        var out: [Dim] = []
        for d in idx {
            guard let v = d.value else { return nil }
            guard v < Int64(data.count) && v >= -Int64(data.count) else {
                throw InferenceFailure("indices must be in [-rank, rank-1].")
            }
            out.append(data[Int(v < 0 ? v + Int64(data.count) : v)])
        }
        return out.isEmpty ? nil : out
    }

    static let slice: Propagator = { ctx, input in
        let axesGiven = ctx.inputCount >= 4, stepsGiven = ctx.inputCount >= 5
        var axes: [Dim]? = nil, steps: [Dim]? = nil
        if axesGiven { guard let a = input(3) else { return nil }; axes = a }
        if stepsGiven { guard let s = input(4) else { return nil }; steps = s }
        guard let data = input(0), let starts = input(1), let ends = input(2) else { return nil }
        guard starts.count == ends.count else {
            throw InferenceFailure("Input rank for starts and ends should be the same: (\(starts.count)) vs (\(ends.count)).")
        }
        guard (axes == nil || (axes?.count == 1 && (axes?[0].value ?? 0) == 0)), starts.count == 1 else { return nil }
        var step: Int64 = 1
        if let steps {
            guard steps.count == 1, let s = steps[0].value else { return nil }
            step = s
        }
        // A start or end without a value reads as 0, as protobuf's default dim_value does in onnx.
        let (s, e) = ShapeKernels.sliceRange(dim: Int64(data.count), start: starts[0].value ?? 0, end: ends[0].value ?? 0,
                                             step: step)
        guard step != 0 else { return nil }
        var out: [Dim] = []
        var i = s
        while step > 0 ? i < e : i > e {
            out.append(data[Int(i)])
            i += step
        }
        return out.isEmpty ? nil : out
    }

    static let math: Propagator = { ctx, input in
        guard let a = input(0), let b = input(1) else { return nil }
        guard a.count == b.count || a.count == 1 || b.count == 1 else {
            throw InferenceFailure("Invalid rank for \(ctx.opType) broadcasting: (\(a.count)) vs (\(b.count)).")
        }
        let n = a.count == 1 ? b.count : a.count
        return (0..<n).map { i in
            let x = a[a.count == 1 ? 0 : i], y = b[b.count == 1 ? 0 : i]
            guard let xv = x.value, let yv = y.value else { return .unknown }
            switch ctx.opType {
            case "Add": return .value(xv &+ yv)
            case "Sub": return .value(xv &- yv)
            default: return .value(xv &* yv)
            }
        }
    }
}
