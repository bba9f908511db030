import CutlineIR

enum ControlFlowRules {
    /// Default-domain ops whose rules infer subgraphs (`ctx.inferSubgraph`).
    static let ops: Set<String> = ["If", "Loop", "Scan"]

    static func register(_ t: inout [String: ShapeRule]) {
        t.add(["If"]) { ctx in try ifRule(&ctx) }
        t.add(["Loop"]) { ctx in try loop(&ctx) }
        t.add(["Scan"]) { ctx in try scan(&ctx) }
    }

    /// onnx's UnionTypeInfo for tensors: dims that differ become unknown; different ranks lose the shape.
    static func union(_ a: ValueType?, _ b: ValueType?) throws -> ValueType? {
        guard let a, let b else { return a ?? b }
        switch (a, b) {
        case (.tensor(let ta, let sa), .tensor(let tb, let sb)):
            guard ta == tb || ta == .undefined || tb == .undefined else {
                throw InferenceFailure("Mismatched tensor element type: source=\(tb.onnxName) target=\(ta.onnxName)")
            }
            guard let sa, let sb, sa.rank == sb.rank else { return .tensor(ta, nil) }
            return .tensor(ta, Shape(zip(sa.dims, sb.dims).map { $0 == $1 ? $0 : .unknown }))
        case (.sequence(let ea), .sequence(let eb)): return .sequence(try union(ea, eb))
        case (.optional(let ea), .optional(let eb)): return .optional(try union(ea, eb))
        default:
            throw InferenceFailure("Mismatched type: inferred=\(b) declared=\(a)")
        }
    }

    static func ifRule(_ ctx: inout NodeInferenceContext) throws {
        let thenOut = try ctx.inferSubgraph("then_branch", [])
        let elseOut = try ctx.inferSubgraph("else_branch", [])
        guard thenOut.count == elseOut.count else {
            throw InferenceFailure("then_branch and else_branch produce different number of outputs. \(thenOut.count) != \(elseOut.count)")
        }
        guard thenOut.count == ctx.outputCount else { throw InferenceFailure("If node has \(ctx.outputCount) but subgraphs produce \(thenOut.count)") }
        for i in 0..<ctx.outputCount { ctx.setType(i, try union(thenOut[i], elseOut[i])) }
    }

    static func clearShape(_ t: ValueType?) -> ValueType? {
        guard let t else { return nil }
        switch t {
        case .tensor(let e, _): return .tensor(e, nil)
        case .sequence(let e): return .sequence(clearShape(e))
        case .optional(let e): return .optional(clearShape(e))
        default: return t
        }
    }

    static func loop(_ ctx: inout NodeInferenceContext) throws {
        let stateCount = max(ctx.inputCount - 2, 0)
        var inputs: [ValueType?] = [.tensor(.int64, nil), ctx.type(1)]
        for i in 2..<max(2, ctx.inputCount) {
            if i - 2 < ctx.outputCount { try ctx.propagateElem(from: i, to: i - 2) }
            inputs.append(clearShape(ctx.type(i)))
        }
        let outs = try ctx.inferSubgraph("body", inputs)
        guard !outs.isEmpty else { return }
        guard outs.count == ctx.outputCount + 1 else {
            throw InferenceFailure("Graph attribute inferencing returned type information for \(outs.count) outputs. Expected \(ctx.outputCount + 1)")
        }
        for i in 0..<ctx.outputCount {
            guard let sub = outs[i + 1] else { continue }
            if i < stateCount {
                if case .tensor(let e, _) = sub, e != .undefined, ctx.outputs[i]?.elementType == nil { ctx.setElem(i, e) }
                else if ctx.outputs[i] == nil { ctx.setType(i, clearShape(sub)) }
            } else {
                guard case .tensor(let e, let s) = sub else {
                    throw InferenceFailure("Loop 'body' subgraph scan outputs should all be tensors but output \(i) was not")
                }
                ctx.setElem(i, e)
                if let s { ctx.setShape(i, [.unknown] + s.dims) }
            }
        }
    }

    static func scan(_ ctx: inout NodeInferenceContext) throws {
        guard let numScan = ctx.attr("num_scan_inputs")?.int else { throw InferenceFailure("Attribute num_scan_inputs is required") }
        let nIn = ctx.inputCount, nOut = ctx.outputCount
        guard Int(numScan) <= nIn else { throw InferenceFailure("num_scan_inputs (\(numScan)) cannot exceed the number of Scan inputs (\(nIn)).") }
        let stateCount = nIn - Int(numScan)
        guard stateCount <= nOut else { throw InferenceFailure("The number of outputs of the Scan should equal the sum of the number of loop state variables and the number of scan-outputs.") }
        let axes = ctx.ints("scan_input_axes") ?? [Int64](repeating: 0, count: Int(numScan))
        let outAxes = ctx.ints("scan_output_axes") ?? [Int64](repeating: 0, count: nOut - stateCount)
        guard axes.count == Int(numScan), outAxes.count == nOut - stateCount else { throw InferenceFailure("Scan axes attributes have incorrect sizes") }
        var seqLen = Dim.unknown
        var inputs: [ValueType?] = []
        for i in 0..<nIn {
            guard let t = ctx.type(i), case .tensor(let e, let s) = t else { throw InferenceFailure("Scan input \(i) was not a tensor.") }
            if i < stateCount {
                try ctx.propagateElem(from: i, to: i)
                ctx.propagateShape(from: i, to: i)
                inputs.append(t)
            } else if let s {
                let a = try NodeInferenceContext.normalizeAxis(axes[i - stateCount], rank: s.rank)
                try SymbolicDims.mergeIn(s.dims[a], into: &seqLen, index: 1)
                var d = s.dims
                d.remove(at: a)
                inputs.append(.tensor(e, Shape(d)))
            } else {
                inputs.append(t)
            }
        }
        let outs = try ctx.inferSubgraph("body", inputs)
        guard !outs.isEmpty else { return }
        guard outs.count == nOut else { throw InferenceFailure("Graph attribute inferencing returned type information for \(outs.count) outputs. Expected \(nOut)") }
        for i in 0..<nOut {
            guard let sub = outs[i], case .tensor(let e, let s) = sub else { continue }
            if i < stateCount {
                if var cur = ctx.outputs[i]?.shape?.dims, let s { try SymbolicDims.mergeIn(s.dims, into: &cur); ctx.setShape(i, cur) }
                else if let s { ctx.setShape(i, s.dims) }
                ctx.setElem(i, e)
            } else {
                ctx.setElem(i, e)
                if let s {
                    let a = try NodeInferenceContext.normalizeAxis(outAxes[i - stateCount], rank: s.rank + 1)
                    var d = s.dims
                    d.insert(seqLen, at: a)
                    ctx.setShape(i, d)
                }
            }
        }
    }
}
