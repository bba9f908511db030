import CutlineIR

enum NNRules {
    static func register(_ t: inout [String: ShapeRule]) {
        t.add(["Conv"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            try convPool(&ctx, requireKernelShape: false)
        }
        t.add(["ConvInteger"]) { ctx in
            ctx.setElem(0, .int32)
            try convPool(&ctx, requireKernelShape: false)
        }
        t.add(["MaxPool", "AveragePool", "LpPool"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            if ctx.outputCount > 1 { ctx.setElem(1, .int64) }
            try convPool(&ctx, requireKernelShape: true)
        }
        t.add(["GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"]) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            guard ctx.requireShapes(1), let s = ctx.shape(0) else { return }
            guard s.count >= 2 else { throw InferenceFailure("Input tensor must have at least 2 dimensions") }
            ctx.setShape(0, [s[0], s[1]] + [Dim](repeating: .value(1), count: s.count - 2))
        }
        t.add(["ConvTranspose"]) { ctx in try convTranspose(&ctx) }
        t.add(["LSTM", "GRU", "RNN"]) { ctx in try rnn(&ctx) }
    }

    /// The magnitude up to which window attributes and spatial dims are computed with: the output-size formulas
    /// multiply at most two such values and add a few, so 2^28 keeps every intermediate inside Int64. A file with
    /// larger values (no real model has them) gets an error or an unknown dim instead of an arithmetic trap.
    static let windowLimit: Int64 = 1 << 28

    static func checkWindow(kernel: [Int64], strides: [Int64], dilations: [Int64], pads: [Int64]) throws {
        guard strides.allSatisfy({ $0 > 0 }) else { throw InferenceFailure("Strides must be positive, got \(strides)") }
        guard dilations.allSatisfy({ $0 > 0 }) else { throw InferenceFailure("Dilations must be positive, got \(dilations)") }
        for (name, values) in [("kernel_shape", kernel), ("strides", strides), ("dilations", dilations), ("pads", pads)] {
            if let v = values.first(where: { $0.magnitude > UInt64(windowLimit) }) {
                throw InferenceFailure("\(name) value \(v) is outside the range Cutline computes window sizes with (±2^28)")
            }
        }
    }

    /// onnx's convPoolShapeInference.
    static func convPool(_ ctx: inout NodeInferenceContext, requireKernelShape: Bool) throws {
        guard ctx.requireShapes(1), let x = ctx.shape(0) else { return }
        if !requireKernelShape && !ctx.hasShape(1) { ctx.stop("the shape of the weights is unknown"); return }
        guard x.count >= 3 else { throw InferenceFailure("Input tensor must have at least 3 dimensions") }
        let n = x.count - 2
        var dilations = [Int64](repeating: 1, count: n)
        if let d = ctx.ints("dilations") {
            guard d.count == n else { throw InferenceFailure("Attribute dilations has incorrect size") }
            dilations = d
        }
        var strides = [Int64](repeating: 1, count: n)
        if let s = ctx.ints("strides") {
            guard s.count == n else { throw InferenceFailure("Attribute strides has incorrect size") }
            strides = s
        }
        var kernel: [Int64] = []
        if let k = ctx.ints("kernel_shape") {
            guard k.count == n else { throw InferenceFailure("Attribute kernel_shape has incorrect size") }
            kernel = k
        } else if requireKernelShape {
            throw InferenceFailure("Attribute kernel_shape must be specified")
        } else if let w = ctx.shape(1) {
            for d in w.dropFirst(2) {
                guard let v = d.value else { ctx.stop("the kernel's spatial dims are not static"); return }
                kernel.append(v)
            }
            guard kernel.count == n else { throw InferenceFailure("Number of spatial dimensions in the weight tensor (\(kernel.count)) does not match the number of spatial dimensions in the input tensor (\(n)).") }
        }
        try checkWindow(kernel: kernel, strides: strides, dilations: dilations, pads: ctx.ints("pads") ?? [])
        let effective = (0..<n).map { (kernel[$0] - 1) * dilations[$0] + 1 }
        var pads = [Int64](repeating: 0, count: 2 * n)
        if let p = ctx.ints("pads") {
            guard p.count == 2 * n else { throw InferenceFailure("Attribute pads has incorrect size") }
            pads = p
        } else {
            let autoPad = ctx.string("auto_pad", "NOTSET")
            if ctx.attr("auto_pad") != nil && autoPad != "VALID" {
                for i in 0..<n {
                    var residual: Int64 = 0
                    let stride = strides[i]
                    if stride > 1 {
                        guard let v = x[2 + i].value, v >= 0 else { continue }
                        residual = v % stride
                    }
                    let total = max(residual == 0 ? effective[i] - stride : effective[i] - residual, 0)
                    let small = total >> 1, big = total - small
                    if autoPad == "SAME_UPPER" { pads[i] = small; pads[i + n] = big }
                    else if autoPad == "SAME_LOWER" { pads[i] = big; pads[i + n] = small }
                }
            }
        }
        var out: [Dim]
        if requireKernelShape {
            out = [x[0], x[1]]
        } else {
            guard let w = ctx.shape(1), w.count >= 1 else { throw InferenceFailure("Second input tensor has wrong dimension") }
            out = [x[0], w[0]]
        }
        let ceilMode = ctx.int("ceil_mode", 0) != 0
        for i in 0..<n {
            guard let input = x[2 + i].value, input.magnitude <= UInt64(windowLimit) else { out.append(.unknown); continue }
            let effIn = input + pads[i] + pads[i + n]
            var num = effIn - effective[i]
            if ceilMode { num += strides[i] - 1 }
            var size = num / strides[i] + 1
            if ceilMode && (size - 1) * strides[i] >= input + pads[i] { size -= 1 }
            out.append(.value(size))
        }
        ctx.setShape(0, out)
        if ctx.outputCount > 1 && ctx.hasOutput(1) { ctx.setShape(1, out) }
    }

    static func convTranspose(_ ctx: inout NodeInferenceContext) throws {
        try ctx.propagateElem(from: 0, to: 0)
        guard ctx.requireShapes(2), let x = ctx.shape(0), let w = ctx.shape(1) else { return }
        guard x.count >= 3 else { throw InferenceFailure("Input tensor must have at least 3 dimensions") }
        let n = x.count - 2
        let group = ctx.int("group", 1)
        let dilations = ctx.ints("dilations") ?? [Int64](repeating: 1, count: n)
        let strides = ctx.ints("strides") ?? [Int64](repeating: 1, count: n)
        var kernel = ctx.ints("kernel_shape") ?? []
        if kernel.isEmpty {
            for d in w.dropFirst(2) {
                guard let v = d.value else { ctx.stop("the kernel's spatial dims are not static"); return }
                kernel.append(v)
            }
        }
        guard kernel.count == n, dilations.count == n, strides.count == n else { throw InferenceFailure("Attribute sizes do not match the input rank") }
        try checkWindow(kernel: kernel, strides: strides, dilations: dilations,
                        pads: (ctx.ints("pads") ?? []) + (ctx.ints("output_padding") ?? []) + [group])
        let effective = (0..<n).map { (kernel[$0] - 1) * dilations[$0] + 1 }
        let outputPadding = ctx.ints("output_padding") ?? [Int64](repeating: 0, count: n)
        let channels: Dim = w.count > 1 ? (w[1].value.flatMap { $0.magnitude <= UInt64(windowLimit) ? .value($0 * group) : nil } ?? .unknown) : .unknown
        var out: [Dim] = [x[0], channels]
        if let os = ctx.ints("output_shape") {
            let spatial = os.count == n ? os : Array(os.suffix(n))
            guard spatial.count == n else { throw InferenceFailure("Attribute output_shape has incorrect size") }
            out += spatial.map { .value($0) }
            ctx.setShape(0, out)
            return
        }
        var pads = ctx.ints("pads") ?? [Int64](repeating: 0, count: 2 * n)
        guard pads.count == 2 * n else { throw InferenceFailure("Attribute pads has incorrect size") }
        let autoPad = ctx.string("auto_pad", "NOTSET")
        for i in 0..<n {
            guard let v = x[2 + i].value, v.magnitude <= UInt64(windowLimit) else { out.append(.unknown); continue }
            if ctx.attr("pads") == nil && (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
                let total = max(strides[i] * (v - 1) + outputPadding[i] + effective[i] - v * strides[i], 0)
                let half = total / 2
                if autoPad == "SAME_UPPER" { pads[i] = half; pads[i + n] = total - half }
                else { pads[i] = total - half; pads[i + n] = half }
            }
            out.append(.value(strides[i] * (v - 1) + outputPadding[i] + effective[i] - pads[i] - pads[i + n]))
        }
        ctx.setShape(0, out)
    }

    /// onnx's RNNShapeInference, shared by RNN, GRU and LSTM.
    static func rnn(_ ctx: inout NodeInferenceContext) throws {
        let numDirections: Int64 = ctx.string("direction", "forward") == "bidirectional" ? 2 : 1
        guard let hidden = ctx.attr("hidden_size")?.int else { throw InferenceFailure("Attribute hidden_size must be specified") }
        let layout = ctx.int("layout", 0)
        var seq = Dim.unknown, batch = Dim.unknown
        if let x = ctx.shape(0) {
            guard x.count == 3 else { throw InferenceFailure("First input tensor must have rank 3") }
            (seq, batch) = layout == 0 ? (x[0], x[1]) : (x[1], x[0])
        }
        for o in 0..<min(ctx.outputCount, 3) { try ctx.propagateElem(from: 0, to: o) }
        if ctx.outputCount > 0 && ctx.hasOutput(0) {
            ctx.setShape(0, layout == 0 ? [seq, .value(numDirections), batch, .value(hidden)]
                                       : [batch, seq, .value(numDirections), .value(hidden)])
        }
        for o in 1..<max(1, min(ctx.outputCount, 3)) where ctx.hasOutput(o) {
            ctx.setShape(o, layout == 0 ? [.value(numDirections), batch, .value(hidden)]
                                       : [batch, .value(numDirections), .value(hidden)])
        }
    }
}
