import CutlineIR

/// What a handler works on: the Transpose, the node it is pushed through, its perm and inverse, and the node
/// inputs that may be transposed.
struct HandlerArgs {
    var transpose: NodeID
    var node: NodeID
    var perm: [Int64]
    var permInv: [Int64]
    var inputs: [Int]
}

/// ORT's per-op handlers. Each checks everything before editing and returns false only when it changed nothing.
extension TransposePass {
    mutating func handle(_ handler: TransposeHandler, _ a: inout HandlerArgs) -> Bool {
        switch handler {
        case .simple: return handleSimple(&a, broadcast: false)
        case .broadcast: return handleSimple(&a, broadcast: true)
        case .concat: return handleWithAxis(&a, defaultAxis: nil)
        case .split: return handleWithAxis(&a, defaultAxis: 0)
        case .softHardMax: return handleSoftHardMax(&a)
        case .shape: return handleShape(&a)
        case .pad: return handlePad(&a)
        case .reduce: return handleReduce(&a)
        case .argMinMax: return handleArgMinMax(&a)
        case .squeeze: return handleSqueeze(&a)
        case .unsqueeze: return handleUnsqueeze(&a)
        case .slice: return handleSlice(&a)
        case .gather: return og.options.behaviour.transposeThroughScalarGather && handleGather(&a)
        case .tile: return handleTile(&a)
        case .transpose: return handleTranspose(&a)
        case .reshape:
            return handleReshapeAsTranspose(&a) || (og.options.behaviour.transposeThroughReshape && handleReshapeSplit(&a))
        case .quantizeDequantize:
            if opset >= 13 { guard quantizeAxis(&a) else { return false } }
            return pushFirstInput(&a, outputPerm: a.perm)
        case .contribQuantizeDequantize:
            guard quantizeAxis(&a) else { return false }
            return pushFirstInput(&a, outputPerm: a.perm)
        case .qLinearPool: return handleQLinearPool(&a)
        case .cpuOnly: return false
        }
    }

    func attrInt(_ node: NodeID, _ name: String) -> Int64? { graph[node].attribute(name)?.int }

    mutating func setAttr(_ node: NodeID, _ name: String, _ value: AttributeValue) {
        og.editor.setAttribute(node, Attribute(name: name, value: value))
    }

    /// Transposes the first input by the inverse perm and the outputs by `outputPerm`.
    mutating func pushFirstInput(_ a: inout HandlerArgs, outputPerm: [Int64]) -> Bool {
        transposeFirstInput(a.node, a.permInv)
        transposeOutputs(a.node, outputPerm)
        return true
    }

    /// ORT's HandleSimpleNodeBase.
    mutating func handleSimple(_ a: inout HandlerArgs, broadcast: Bool) -> Bool {
        if broadcast && !normalizeInputRanks(a.node, a.perm.count, a.inputs) { return false }
        transposeInputs(a.node, a.permInv, a.inputs)
        transposeOutputs(a.node, a.perm)
        return true
    }

    /// ORT's HandleSimpleNodeWithAxis (Concat without a default axis, Split with 0).
    mutating func handleWithAxis(_ a: inout HandlerArgs, defaultAxis: Int64?) -> Bool {
        guard var axis = attrInt(a.node, "axis") ?? defaultAxis, TransposePerms.normalize(&axis, rank: a.perm.count)
        else { return false }
        guard handleSimple(&a, broadcast: false) else { return false }
        setAttr(a.node, "axis", .int(a.perm[Int(axis)]))
        return true
    }

    /// ORT's HandleSoftHardMax: from opset 13 an axis op (default -1); before, the transpose must keep every
    /// axis on its side of the 2-D coercion point.
    mutating func handleSoftHardMax(_ a: inout HandlerArgs) -> Bool {
        if opset >= 13 { return handleWithAxis(&a, defaultAxis: -1) }
        var axis = attrInt(a.node, "axis") ?? 1
        guard TransposePerms.normalize(&axis, rank: a.perm.count) else { return false }
        for i in a.perm.indices where (Int64(i) < axis) != (a.perm[i] < axis) { return false }
        return handleSimple(&a, broadcast: false)
    }

    /// ORT's HandleShape: Shape(Transpose(x)) becomes Gather(Shape(x), perm[start:end]).
    mutating func handleShape(_ a: inout HandlerArgs) -> Bool {
        transposeInputs(a.node, a.permInv, a.inputs)
        let rank = Int64(a.perm.count)
        var newPerm = a.perm
        if opset >= 15 {
            var start = attrInt(a.node, "start") ?? 0
            var end = attrInt(a.node, "end") ?? rank
            if start < 0 { start += rank }
            if end < 0 { end += rank }
            let s = Int(min(max(start, 0), rank)), e = Int(min(max(end, 0), rank))
            newPerm = s < e ? Array(a.perm[s..<e]) : []
            og.editor.removeAttribute(a.node, "start")
            og.editor.removeAttribute(a.node, "end")
        }
        let indices = addIntInitializer(newPerm)
        guard let out = graph[a.node].output(0),
              let (gather, _) = addNode("Gather", inputs: [nil, indices], attributes: [Attribute(name: "axis", value: .int(0))]),
              let fresh = moveOutput(a.node, 0, to: gather, 0) else { return true }
        setInput(gather, 0, fresh)
        copyValueInfo(out, fresh)
        if newPerm.count != a.perm.count { setShape(fresh, [rank]) }
        return true
    }

    /// ORT's PermuteInput: a constant of the perm's length (or empty) gets reordered, anything else a Gather.
    mutating func permuteInput(_ node: NodeID, _ i: Int, _ perm: [Int64]) {
        guard let input = graph[node].input(i) else { return }
        if let c = constant(input), c.dims.count == 1, c.dims[0] == Int64(perm.count) || c.dims[0] == 0 {
            setInput(node, i, nil)
            permute1DConstant(node, i, c, input, perm)
            return
        }
        let indices = addIntInitializer(perm)
        guard let (_, out) = addNode("Gather", inputs: [input, indices], attributes: [Attribute(name: "axis", value: .int(0))])
        else { return }
        copyValueInfo(input, out)
        setInput(node, i, out)
    }

    /// ORT's HandlePad: the pads (all starts, then all ends) follow the inverse perm.
    mutating func handlePad(_ a: inout HandlerArgs) -> Bool {
        let rank = a.perm.count
        let padsPerm = a.permInv + a.permInv.map { $0 + Int64(rank) }
        if opset < 11 {
            guard let pads = graph[a.node].attribute("pads")?.ints, pads.count == rank * 2 else { return false }
            setAttr(a.node, "pads", .ints(padsPerm.map { pads[Int($0)] }))
        } else {
            permuteInput(a.node, 1, padsPerm)
        }
        return pushFirstInput(&a, outputPerm: a.perm)
    }

    /// ORT's HandleReduceOps: axes as attribute (ReduceSum before 13, the others before 18) or constant input.
    mutating func handleReduce(_ a: inout HandlerArgs) -> Bool {
        let op = graph[a.node].opType
        let keepdims = (attrInt(a.node, "keepdims") ?? 1) != 0
        if (op == "ReduceSum" && opset < 13) || (op != "ReduceSum" && opset < 18) {
            var outPerm: [Int64]
            if var axes = graph[a.node].attribute("axes")?.ints {
                guard TransposePerms.normalize(&axes, rank: a.perm.count) else { return false }
                let newAxes = TransposePerms.sortedAxesForTransposedInput(axes, a.perm)
                setAttr(a.node, "axes", .ints(newAxes))
                outPerm = keepdims ? a.perm : TransposePerms.squeezePerm(newAxes, a.perm)
            } else {
                outPerm = keepdims ? a.perm : []
            }
            return pushFirstInput(&a, outputPerm: outPerm)
        }
        let axesInput = graph[a.node].input(1)
        var axesConst: Tensor?
        var emptyAxes = axesInput == nil
        if let axesInput {
            axesConst = constant(axesInput)
            if axesConst?.elementCount == 0 { emptyAxes = true }
        }
        if emptyAxes {
            let noop = (attrInt(a.node, "noop_with_empty_axes") ?? 0) != 0
            transposeFirstInput(a.node, a.permInv)
            if noop || keepdims { transposeOutputs(a.node, a.perm) }
            return true
        }
        guard let axesConst, var axes = int64s(axesConst), TransposePerms.normalize(&axes, rank: a.perm.count)
        else { return false }
        let newAxes = TransposePerms.sortedAxesForTransposedInput(axes, a.perm)
        setInput(a.node, 1, addIntInitializer(newAxes))
        removeInitializerIfUnused(axesInput)
        return pushFirstInput(&a, outputPerm: keepdims ? a.perm : TransposePerms.squeezePerm(newAxes, a.perm))
    }

    /// ORT's HandleSqueeze: axes mapped through the perm; the output transposed by the squeezed perm.
    mutating func handleSqueeze(_ a: inout HandlerArgs) -> Bool {
        guard var axes = attrOrInput(a.node, "axes", input: 1, inputOpset: 13),
              TransposePerms.normalize(&axes, rank: a.perm.count) else { return false }
        let newAxes = TransposePerms.sortedAxesForTransposedInput(axes, a.perm)
        if opset < 13 {
            setAttr(a.node, "axes", .ints(newAxes))
        } else {
            let old = graph[a.node].input(1)
            setInput(a.node, 1, addIntInitializer(newAxes))
            removeInitializerIfUnused(old)
        }
        return pushFirstInput(&a, outputPerm: TransposePerms.squeezePerm(newAxes, a.perm))
    }

    /// ORT's HelpHandleUnsqueeze: the Transpose moves below the Unsqueeze (axes unchanged). Returns the value
    /// the new Transpose produces.
    mutating func helpHandleUnsqueeze(_ a: inout HandlerArgs, _ axes: [Int64]) -> ValueID? {
        transposeFirstInput(a.node, a.permInv)
        let newPerm = TransposePerms.unsqueezePerm(axes, a.perm)
        return transposeOutput(a.node, 0, newPerm, TransposePerms.invert(newPerm))
    }

    mutating func handleUnsqueeze(_ a: inout HandlerArgs) -> Bool {
        guard let axes = attrOrInput(a.node, "axes", input: 1, inputOpset: 13) else { return false }
        var normalized = axes
        guard TransposePerms.normalize(&normalized, rank: a.perm.count + axes.count) else { return false }
        _ = helpHandleUnsqueeze(&a, normalized)
        return true
    }

    /// ORT's QuantizeLinear/DequantizeLinear axis update (only with non-scalar scales).
    mutating func quantizeAxis(_ a: inout HandlerArgs) -> Bool {
        let scaleDims = dims(graph[a.node].input(1))
        if scaleDims.map({ !$0.isEmpty }) ?? true {
            var axis = attrInt(a.node, "axis") ?? 1
            guard TransposePerms.normalize(&axis, rank: a.perm.count) else { return false }
            setAttr(a.node, "axis", .int(a.perm[Int(axis)]))
        }
        return true
    }

    mutating func handleArgMinMax(_ a: inout HandlerArgs) -> Bool {
        let keepdims = (attrInt(a.node, "keepdims") ?? 1) != 0
        var axis = attrInt(a.node, "axis") ?? 0
        guard TransposePerms.normalize(&axis, rank: a.perm.count) else { return false }
        let newAxis = a.perm[Int(axis)]
        setAttr(a.node, "axis", .int(newAxis))
        transposeInputs(a.node, a.permInv, a.inputs)
        transposeOutputs(a.node, keepdims ? a.perm : TransposePerms.squeezePerm([newAxis], a.perm))
        return true
    }

    /// ORT's HandleSlice: the axes (attribute before opset 10, else a constant input, made from the starts'
    /// length when absent) are mapped through the perm, order kept.
    mutating func handleSlice(_ a: inout HandlerArgs) -> Bool {
        let rank = a.perm.count
        if opset < 10 {
            var axes = graph[a.node].attribute("axes")?.ints
                ?? (0..<Int64(graph[a.node].attribute("starts")?.ints?.count ?? 0)).map { $0 }
            guard TransposePerms.normalize(&axes, rank: rank) else { return false }
            setAttr(a.node, "axes", .ints(TransposePerms.axesForTransposedInput(axes, a.perm)))
            return pushFirstInput(&a, outputPerm: a.perm)
        }
        let inputs = graph[a.node].inputs
        if inputs.count < 4 || inputs[3] == nil {
            guard let starts = inputs.count > 1 ? inputs[1] : nil, let d = dims(starts), d.count == 1, d[0] >= 0,
                  d[0] <= Int64(rank) else { return false }
            let type = graph[starts].type?.elementType == .int32 ? DataType.int32 : .int64
            setInput(a.node, 3, addIntInitializer((0..<Int(d[0])).map { a.perm[$0] }, as: type))
        } else {
            guard let axesConst = constant(inputs[3]), axesConst.dataType == .int32 || axesConst.dataType == .int64,
                  var axes = int64s(axesConst), TransposePerms.normalize(&axes, rank: rank) else { return false }
            setInput(a.node, 3, addIntInitializer(TransposePerms.axesForTransposedInput(axes, a.perm),
                                                  as: axesConst.dataType))
            removeInitializerIfUnused(inputs[3])
        }
        return pushFirstInput(&a, outputPerm: a.perm)
    }

    /// ORT's HandleGather, for a constant scalar index only (a Squeeze along the gathered axis).
    mutating func handleGather(_ a: inout HandlerArgs) -> Bool {
        var axis = attrInt(a.node, "axis") ?? 0
        guard TransposePerms.normalize(&axis, rank: a.perm.count), graph[a.node].inputs.count >= 2,
              let indices = constant(graph[a.node].input(1)), indices.dims.isEmpty else { return false }
        let newAxis = a.perm[Int(axis)]
        setAttr(a.node, "axis", .int(newAxis))
        return pushFirstInput(&a, outputPerm: TransposePerms.squeezePerm([newAxis], a.perm))
    }

    /// ORT's HandleTile: constant repeats are reordered, computed ones go through a Gather.
    mutating func handleTile(_ a: inout HandlerArgs) -> Bool {
        let rank = a.perm.count
        guard graph[a.node].inputs.count >= 2, let repeatsInput = graph[a.node].input(1) else { return false }
        if let c = constant(repeatsInput) {
            guard let repeats = int64s(c), repeats.count == rank else { return false }
            setInput(a.node, 1, addIntInitializer(a.permInv.map { repeats[Int($0)] }))
            removeInitializerIfUnused(repeatsInput)
        } else {
            let indices = addIntInitializer(a.permInv)
            guard let (_, out) = addNode("Gather", inputs: [repeatsInput, indices]) else { return false }
            copyValueInfo(repeatsInput, out)
            setInput(a.node, 1, out)
        }
        return pushFirstInput(&a, outputPerm: a.perm)
    }

    /// ORT's HandleQLinearPoolOp: flips channels_last for the channel-first/last perms.
    mutating func handleQLinearPool(_ a: inout HandlerArgs) -> Bool {
        let channelsLast = attrInt(a.node, "channels_last") ?? 0
        guard a.perm.count >= 2 else { return false }
        let p = TransposePerms.channelLastToFirst(a.perm.count)
        guard (channelsLast == 0 && a.perm == p) || (channelsLast != 0 && a.permInv == p) else { return false }
        setAttr(a.node, "channels_last", .int(1 - channelsLast))
        return pushFirstInput(&a, outputPerm: a.perm)
    }
}
