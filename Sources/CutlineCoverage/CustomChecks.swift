import CutlineIR

/// Rules the table vocabulary cannot express, referenced from tables as `custom: Name`. Each returns the reasons
/// the node fails (empty = passes). Semantics follow the CoreML builders of the ORT sources the tables cite.
enum CustomChecks {
    typealias Check = @Sendable (NodeContext, CoverageEvaluator) -> [Reason]

    static let registry: [String: Check] = [
        "ArgMaxCastConsumer": argMaxCastConsumer,
        "CastFromArgMax": castFromArgMax,
        "CastTypes": castTypes,
        "ClipMinMax": clipMinMax,
        "ConcatAxis": concatAxis,
        "ConvKernelShape": convKernelShape,
        "ConvTransposePads": convTransposePads,
        "DepthToSpaceFloat16": depthToSpaceFloat16,
        "FusedConvActivation": fusedConvActivation,
        "GatherIndices": gatherIndices,
        "GatherNDIndices": gatherNDIndices,
        "GemmBias": gemmBias,
        "GridSampleModes": gridSampleModes,
        "MatMulRank1": matMulRank1,
        "PadSupported": padSupported,
        "PReluSlope": preluSlope,
        "ReduceEmptyAxes": reduceEmptyAxes,
        "ReshapeShape": reshapeShape,
        "ResizeSupported": resizeSupported,
        "ShapeSlice": shapeSlice,
        "SliceSupported": sliceSupported,
        "SplitSupported": splitSupported,
        "TileRepeats": tileRepeats,
        "UnsqueezeRank": unsqueezeRank,
    ]

    static var names: Set<String> { Set(registry.keys) }

    static func run(_ name: String, _ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        registry[name]?(c, e) ?? []
    }

    static func r(_ e: CoverageEvaluator, _ code: String, _ message: String) -> [Reason] { [e.reason(code, message)] }

    // MARK: activations and elementwise

    static func preluSlope(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard let x = c.shape(0), x.rank >= 3 else { return [] }
        let channel = x.dims[x.rank - 3]
        guard let ch = channel.value else {
            return r(e, "EP111", "\(c.name): the channel dim of X (\(x)) must be known.")
        }
        guard let slope = c.shape(1), let dims = slope.staticDims else {
            return r(e, "EP117", "\(c.name): the slope must have a static shape.")
        }
        let count = dims.reduce(1, *)
        let isCHW = dims.count == 3 && dims[1] == 1 && dims[2] == 1
        if !isCHW && count != 1 {
            return r(e, "EP117", "\(c.name): the slope has shape \(slope); it must be [C,1,1] or have one element.")
        }
        if count == 1 && ch == 1 {
            return r(e, "EP117", "\(c.name): a one-element slope with a channel dim of 1 is not supported.")
        }
        return []
    }

    static func clipMinMax(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        var lo = -Double.greatestFiniteMagnitude
        var hi = Double.greatestFiniteMagnitude
        if (c.since ?? 11) >= 11 {
            if c.isPresent(1) { guard let v = c.doubles(1)?.first else { return [] }; lo = v }
            if c.isPresent(2) { guard let v = c.doubles(2)?.first else { return [] }; hi = v }
        } else {
            lo = Double(c.attrFloat("min", -Float.greatestFiniteMagnitude))
            hi = Double(c.attrFloat("max", Float.greatestFiniteMagnitude))
        }
        if lo == hi { return r(e, "EP116", "\(c.name): min and max are both \(lo).") }
        return []
    }

    static func concatAxis(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard let s = c.shape(0) else { return [] }
        var axis = c.attrInt("axis", 1)
        if axis < 0 { axis += Int64(s.rank) }
        if axis != 1 { return r(e, "EP109", "\(c.name) concatenates on axis \(axis); NeuralNetwork Concat needs axis 1.") }
        return []
    }

    // MARK: conv

    static func convKernelShape(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard let ks = c.attrInts("kernel_shape"), let w = c.shape(1) else { return [] }
        let spatial = Array(w.dims.dropFirst(2))
        let same = ks.count == spatial.count && zip(ks, spatial).allSatisfy { $0.1.value == nil || $0.1.value == $0.0 }
        if same { return [] }
        return r(e, "EP109", "\(c.name) has kernel_shape \(ks) but W is \(w).")
    }

    static func convTransposePads(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard c.attrString("auto_pad", "NOTSET") == "NOTSET" else { return [] }
        guard let pads = c.attrInts("pads") else {
            return r(e, "EP109", "\(c.name) has auto_pad NOTSET and no pads; the builder needs explicit equal pads.")
        }
        if Set(pads).count > 1 { return r(e, "EP109", "\(c.name) has unequal pads \(pads).") }
        return []
    }

    static func fusedConvActivation(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        let counts: [String: Int] = ["Relu": 0, "Sigmoid": 0, "Tanh": 0, "LeakyRelu": 1, "Clip": 2, "HardSigmoid": 2]
        let act = c.attrString("activation", "")
        guard let want = counts[act] else {
            return r(e, "EP109", "\(c.name) fuses activation '\(act)'; supported: \(counts.keys.sorted().joined(separator: ", ")).")
        }
        let n = c.node.attribute("activation_params")?.floats?.count ?? 0
        if n != want { return r(e, "EP109", "\(c.name): activation \(act) needs \(want) activation_params, found \(n).") }
        return []
    }

    static func gridSampleModes(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        let mode = c.attrString("mode", "linear")
        guard mode == "linear" || mode == "bilinear" else {
            return r(e, "EP109", "\(c.name) has mode '\(mode)'; supported: linear, bilinear.")
        }
        if mode == "linear" && c.attrString("padding_mode", "zeros") == "reflection" && c.attrInt("align_corners", 0) == 0 {
            return r(e, "EP109", "\(c.name) combines linear mode, reflection padding and align_corners=0, which CoreML does not support.")
        }
        return []
    }

    // MARK: gemm / matmul

    static func gemmBias(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard c.inputSlots == 3, c.isPresent(2) else { return [] }
        guard c.constant(2) != nil else {
            return r(e, "EP108", "Input 2 '\(c.valueName(2))' (C) of \(c.name) must be a constant initializer.")
        }
        guard let cs = c.shape(2)?.staticDims else { return [] }
        var n: Int64?
        if let b = c.shape(1), b.rank == 2 { n = (c.attrInt("transB", 0) == 1 ? b.dims[0] : b.dims[1]).value }
        let ok: Bool
        switch cs.count {
        case 0: ok = true
        case 1: ok = cs[0] == 1 || cs[0] == n
        case 2: ok = cs[0] == 1 && cs[1] == n
        default: ok = false
        }
        if ok { return [] }
        return r(e, "EP117", "\(c.name): bias C has shape \(cs); it must be [], [1], [N] or [1,N] with N = \(n.map(String.init) ?? "?").")
    }

    static func matMulRank1(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard let a = c.shape(0), let b = c.shape(1) else { return [] }
        if (a.rank == 1) != (b.rank == 1) {
            return r(e, "EP110", "\(c.name) multiplies rank \(a.rank) by rank \(b.rank); MLProgram MatMul with exactly one rank-1 operand is disabled.")
        }
        return []
    }

    // MARK: cast / argmax

    static func argMaxCastConsumer(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        let edges = c.consumers
        guard edges.count > 1 else { return [] }
        for n in edges where c.graph.nodes[n.index].opType == "Cast" && c.graph.nodes[n.index].attribute("to")?.int == 6 {
            return r(e, "EP117", "\(c.name) has several consumers including \(c.graph.displayName(of: n)) (Cast to int32); NeuralNetwork ArgMax cannot feed it.")
        }
        return []
    }

    static func castFromArgMax(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard let x = c.input(0), let p = c.graph.values[x.index].producer else {
            return r(e, "EP117", "\(c.name) has no producing node; NeuralNetwork Cast is supported only right after ArgMax.")
        }
        if c.graph.nodes[p.index].opType != "ArgMax" {
            return r(e, "EP117", "\(c.name) is fed by \(c.graph.nodes[p.index].opType); NeuralNetwork Cast is supported only right after ArgMax.")
        }
        if c.earlier[p]?.supported == false {
            return r(e, "EP117", "\(c.name) is fed by ArgMax \(c.graph.displayName(of: p)), which the EP does not take.")
        }
        if c.attrInt("to", 0) != 6 { return r(e, "EP109", "\(c.name) casts to \(DataType(code: Int32(clamping: c.attrInt("to", 0))).name); NeuralNetwork Cast supports only int32.") }
        return []
    }

    static func castTypes(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        let boolOK = e.options.ortVersion >= ORTVersion([1, 27])
        if !boolOK {
            guard let x = c.input(0), c.graph.values[x.index].producer != nil else {
                return r(e, "EP117", "\(c.name) has no producing node; before ORT 1.27 Cast needs one.")
            }
        }
        var ok: [DataType] = [.float, .float16, .int32, .int64]
        if boolOK { ok.append(.bool) }
        let to = DataType(code: Int32(clamping: c.attrInt("to", 0)))
        var out: [Reason] = []
        if let t = c.dtype(0), !ok.contains(t) {
            out += r(e, "EP107", "\(c.name) casts from \(t.name); accepted: \(ok.map(\.name).joined(separator: ", ")).")
        }
        if !ok.contains(to) {
            out += r(e, "EP107", "\(c.name) casts to \(to.name); accepted: \(ok.map(\.name).joined(separator: ", ")).")
        }
        return out
    }

    // MARK: tensor ops

    static func depthToSpaceFloat16(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        if c.attrString("mode", "DCR") == "DCR", c.dtype(0) == .float16, e.options.coremlVersion < 7 {
            return r(e, "EP113", "\(c.name) is DCR DepthToSpace on float16, which needs CoreML 7; the target is CoreML \(e.options.coremlVersion).")
        }
        return []
    }

    static func gatherIndices(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard let data = c.shape(0), let idx = c.shape(1) else { return [] }
        if idx.rank == 0 {
            if e.options.ortVersion < ORTVersion([1, 27]) {
                return r(e, "EP117", "\(c.name) has scalar indices, supported from ORT 1.27.")
            }
            if !data.isStatic { return r(e, "EP111", "\(c.name) has scalar indices and data shape \(data); the data shape must be static.") }
            if data.rank > 4 { return r(e, "EP110", "\(c.name) has scalar indices and data rank \(data.rank); at most 4.") }
        }
        if data.rank + idx.rank - 1 > 5 {
            return r(e, "EP110", "\(c.name) would produce rank \(data.rank + idx.rank - 1) (> 5).")
        }
        return []
    }

    static func gatherNDIndices(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard let data = c.shape(0), let idx = c.shape(1) else { return [] }
        guard idx.rank >= 1 else { return r(e, "EP110", "\(c.name) has scalar indices; GatherND needs rank ≥ 1.") }
        guard let k = idx.dims[idx.rank - 1].value else {
            return r(e, "EP111", "\(c.name): the last dim of indices (\(idx)) must be known.")
        }
        if k > Int64(data.rank) { return r(e, "EP117", "\(c.name) indexes \(k) axes of rank-\(data.rank) data.") }
        for d in 0..<Int(max(0, k)) where !data.dims[d].isStatic {
            return r(e, "EP111", "\(c.name): data dim \(d) (shape \(data)) must be known.")
        }
        return []
    }

    static func reshapeShape(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard let target = c.int64s(1) else { return [] }
        if target.isEmpty { return r(e, "EP116", "\(c.name) has an empty target shape.") }
        if target.count > 5 { return r(e, "EP116", "\(c.name) reshapes to rank \(target.count) (> 5).") }
        if c.attrInt("allowzero", 0) == 1 && target.contains(0) {
            return r(e, "EP116", "\(c.name) has allowzero=1 and a 0 in its target shape \(target).")
        }
        return []
    }

    static func shapeSlice(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard let s = c.shape(0) else { return [] }
        let rank = Int64(s.rank)
        func norm(_ v: Int64) -> Int64 { min(max(v < 0 ? v + rank : v, 0), rank) }
        let start = norm(c.attrInt("start", 0))
        let end = norm(c.attrInt("end", rank))
        if end - start <= 0 { return r(e, "EP116", "\(c.name) selects no dims (start \(start), end \(end)).") }
        return []
    }

    static func tileRepeats(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard let reps = c.int64s(1), let s = c.shape(0) else { return [] }
        if reps.count != s.rank { return r(e, "EP116", "\(c.name) has \(reps.count) repeats for rank \(s.rank).") }
        if reps.contains(where: { $0 < 1 }) { return r(e, "EP116", "\(c.name) has repeats \(reps); all must be ≥ 1.") }
        return []
    }

    static func unsqueezeRank(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard let s = c.shape(0) else { return [] }
        let axes: [Int64]
        if (c.since ?? 13) >= 13 {
            guard let a = c.int64s(1) else { return [] }
            axes = a
        } else {
            axes = c.attrInts("axes") ?? []
        }
        if s.rank + axes.count > 5 { return r(e, "EP110", "\(c.name) would produce rank \(s.rank + axes.count) (> 5).") }
        return []
    }

    static func reduceEmptyAxes(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard c.attrInt("noop_with_empty_axes", 0) == 1 else { return [] }
        var empty = true
        if let attr = c.attrInts("axes"), !attr.isEmpty { empty = false }
        // The NeuralNetwork builder reads only int64_data; raw_data-encoded axes look empty to it.
        if let t = c.constant(1), case .field(.int64Data, let bytes) = t.payload, bytes.count > 0 { empty = false }
        if empty { return r(e, "EP116", "\(c.name) has noop_with_empty_axes=1 and no axes the NeuralNetwork builder can read.") }
        return []
    }

    // MARK: pad

    static func padSupported(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard let s = c.shape(0) else { return [] }
        let mlp = c.isMLProgram
        if s.rank == 0 { return r(e, "EP110", "\(c.name) pads a scalar.") }
        if !mlp && s.rank < 2 { return r(e, "EP110", "\(c.name) pads rank \(s.rank); NeuralNetwork needs rank ≥ 2.") }
        let mode = c.attrString("mode", "constant")
        let modes = mlp ? ["constant", "reflect"] : ["constant"]
        if !modes.contains(mode) { return r(e, "EP109", "\(c.name) has mode '\(mode)'; supported: \(modes.joined(separator: ", ")).") }
        if mode == "constant" {
            if c.isPresent(2) {
                guard let v = c.input(2), c.scope.isLocalInitializer(v) else {
                    return r(e, "EP108", "Input 2 '\(c.valueName(2))' (constant_value) of \(c.name) must be an initializer.")
                }
                if !mlp && c.dtype(2) != .float {
                    return r(e, "EP107", "\(c.name): NeuralNetwork needs a float constant_value.")
                }
            } else if !mlp {
                return r(e, "EP117", "\(c.name) has no constant_value; NeuralNetwork needs it explicitly.")
            }
        }
        guard let pv = c.input(1), c.scope.isLocalInitializer(pv), let padsTensor = c.graph.values[pv.index].initializer,
              let pads = try? TensorData.int64s(of: padsTensor, storage: c.storage) else {
            return r(e, "EP108", "Input 1 '\(c.valueName(1))' (pads) of \(c.name) must be an initializer.")
        }
        if pads.contains(where: { $0 < 0 }) { return r(e, "EP116", "\(c.name) has negative pads \(pads).") }
        let rank = Int64(s.rank)
        var axes: [Int64] = Array(0..<rank)
        if c.isPresent(3) {
            guard let av = c.input(3), c.scope.isLocalInitializer(av), let at = c.graph.values[av.index].initializer,
                  let a = try? TensorData.int64s(of: at, storage: c.storage) else {
                return r(e, "EP108", "Input 3 '\(c.valueName(3))' (axes) of \(c.name) must be an initializer.")
            }
            axes = a.map { $0 < 0 ? $0 + rank : $0 }
        }
        let n = axes.count
        guard pads.count >= 2 * n else { return r(e, "EP116", "\(c.name) has \(pads.count) pads for \(n) axes.") }
        if !mlp || mode != "constant" {
            for i in 0..<n where axes[i] < rank - 2 && (pads[i] != 0 || pads[i + n] != 0) {
                return r(e, "EP116", "\(c.name) pads axis \(axes[i]); only the last two dims may be padded here.")
            }
        }
        if mode == "reflect" {
            for i in 0..<n {
                let a = Int(axes[i])
                guard a >= 0 && a < s.rank else { continue }
                let dim = s.dims[a].value ?? -1
                if pads[i] >= dim || pads[i + n] >= dim {
                    return r(e, "EP116", "\(c.name): reflect pads on axis \(a) must be smaller than the dim (\(s.dims[a])).")
                }
            }
        }
        return []
    }

    // MARK: slice

    static func sliceSupported(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard let s = c.shape(0)?.staticDims else { return [] }
        var values: [[Int64]?] = []
        for i in 1...4 {
            guard c.isPresent(i) else { values.append(nil); continue }
            guard c.constant(i) != nil else {
                return r(e, "EP108", "Input \(i) '\(c.valueName(i))' of \(c.name) must be a constant initializer.")
            }
            guard let t = c.dtype(i), t == .int32 || t == .int64 else {
                return r(e, "EP107", "Input \(i) '\(c.valueName(i))' of \(c.name) must be int32 or int64.")
            }
            values.append(c.int64s(i))
        }
        guard let starts = values[0], let ends = values[1] else { return [] }
        let rank = Int64(s.count)
        let axes = values[2] ?? Array(0..<Int64(starts.count))
        let steps = values[3] ?? [Int64](repeating: 1, count: starts.count)
        guard starts.count == ends.count, axes.count == starts.count, steps.count == starts.count else {
            return r(e, "EP116", "\(c.name) has starts/ends/axes/steps of different lengths.")
        }
        var seen = Set<Int64>()
        for i in 0..<starts.count {
            let axis = axes[i] < 0 ? axes[i] + rank : axes[i]
            guard axis >= 0 && axis < rank, seen.insert(axis).inserted else {
                return r(e, "EP116", "\(c.name) has an invalid or repeated axis \(axes[i]).")
            }
            let step = steps[i]
            if step == 0 { return r(e, "EP116", "\(c.name) has step 0.") }
            let dim = s[Int(axis)]
            var start = starts[i] < 0 ? starts[i] &+ dim : starts[i]
            var end = ends[i] < 0 ? ends[i] &+ dim : ends[i]
            if step > 0 {
                start = min(max(start, 0), dim)
                end = min(max(end, 0), dim)
                if start >= end { return r(e, "EP116", "\(c.name) selects nothing on axis \(axis).") }
            } else {
                start = min(max(start, 0), dim - 1)
                end = min(max(end, -1), dim - 1)
                if start <= end { return r(e, "EP116", "\(c.name) selects nothing on axis \(axis).") }
            }
        }
        return []
    }

    // MARK: split

    static func splitSupported(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard let s = c.shape(0) else { return [] }
        var axis = c.attrInt("axis", 0)
        if axis < 0 { axis += Int64(s.rank) }
        guard axis >= 0 && axis < Int64(s.rank) else { return r(e, "EP109", "\(c.name) has axis \(axis) out of range.") }
        let dim = s.dims[Int(axis)].value
        let outs = c.node.outputs.count
        func sizes(_ sizes: [Int64], _ what: String) -> [Reason] {
            if sizes.count < 2 { return r(e, "EP116", "\(c.name) splits into \(sizes.count) part(s); at least 2 needed.") }
            guard let dim else { return r(e, "EP111", "\(c.name): the split axis dim must be known (shape \(s)).") }
            if sizes.reduce(0, +) != dim { return r(e, "EP116", "\(c.name): \(what) \(sizes) does not sum to \(dim).") }
            if sizes.contains(where: { $0 <= 0 }) { return r(e, "EP116", "\(c.name): \(what) \(sizes) has an empty part.") }
            return []
        }
        if c.isPresent(1) {
            guard c.constant(1) != nil, let v = c.int64s(1) else {
                return r(e, "EP108", "Input 1 '\(c.valueName(1))' (split) of \(c.name) must be a constant initializer.")
            }
            return sizes(v, "split")
        }
        if let attr = c.attrInts("split"), (c.since ?? 13) < 13 { return sizes(attr, "split") }
        if (c.since ?? 18) >= 18 {
            guard let n = c.node.attribute("num_outputs")?.int else {
                return r(e, "EP109", "\(c.name) has neither split sizes nor num_outputs.")
            }
            if n < 2 || n != Int64(outs) { return r(e, "EP109", "\(c.name) has num_outputs \(n) and \(outs) outputs.") }
            guard let dim else { return r(e, "EP111", "\(c.name): the split axis dim must be known (shape \(s)).") }
            if n > dim { return r(e, "EP116", "\(c.name) splits a dim of \(dim) into \(n) parts.") }
            return []
        }
        if outs < 2 { return r(e, "EP114", "\(c.name) has \(outs) output; at least 2 needed.") }
        guard let dim else { return r(e, "EP111", "\(c.name): the split axis dim must be known (shape \(s)).") }
        if dim % Int64(outs) != 0 { return r(e, "EP116", "\(c.name) splits \(dim) into \(outs) unequal parts.") }
        return []
    }

    // MARK: resize

    static func resizeSupported(_ c: NodeContext, _ e: CoverageEvaluator) -> [Reason] {
        guard let s = c.shape(0) else { return [] }
        let mlp = c.isMLProgram
        if s.dims.contains(.value(0)) { return r(e, "EP105", "Input 0 of \(c.name) has a 0-sized dim \(s).") }
        let rank = s.rank
        guard rank >= 2 else { return r(e, "EP110", "\(c.name) resizes rank \(rank).") }
        let mode = c.attrString("mode", "nearest")
        var ctm = c.attrString("coordinate_transformation_mode", "half_pixel")
        let useSizes = c.isPresent(3)
        let inputIndex = useSizes ? 3 : 2
        guard c.isPresent(inputIndex) else { return r(e, "EP117", "\(c.name) has neither scales nor sizes.") }
        guard c.constant(inputIndex) != nil, let vals = c.doubles(inputIndex) else {
            return r(e, "EP108", "Input \(inputIndex) '\(c.valueName(inputIndex))' of \(c.name) must be a constant initializer.")
        }
        guard vals.count == rank else { return r(e, "EP116", "\(c.name) has \(vals.count) \(useSizes ? "sizes" : "scales") for rank \(rank).") }
        var outH: Double?
        var outW: Double?
        if useSizes {
            for i in 0..<(rank - 2) where s.dims[i].value.map(Double.init) != vals[i] {
                return r(e, "EP116", "\(c.name): sizes for the leading axes must equal the input dims (\(s)).")
            }
            outH = vals[rank - 2]
            outW = vals[rank - 1]
            if !mlp {
                guard let dims = s.staticDims else { return r(e, "EP111", "\(c.name): NeuralNetwork Resize with sizes needs a static input shape.") }
                let h = Double(dims[rank - 2]), w = Double(dims[rank - 1])
                let sh = vals[rank - 2] / h, sw = vals[rank - 1] / w
                if sh < 1 || sw < 1 || sh != sh.rounded() || sw != sw.rounded() {
                    return r(e, "EP116", "\(c.name): NeuralNetwork needs output H,W to be integer multiples of the input.")
                }
            }
        } else {
            guard let h = s.dims[rank - 2].value, let w = s.dims[rank - 1].value else {
                return r(e, "EP111", "\(c.name): the last two input dims must be known (\(s)).")
            }
            for i in 0..<(rank - 2) where vals[i] != 1 {
                return r(e, "EP116", "\(c.name): scales for the leading axes must be 1 (\(vals)).")
            }
            let sh = vals[rank - 2], sw = vals[rank - 1]
            if sh >= 1 && sw >= 1 {
                if sh != sh.rounded() || sw != sw.rounded() {
                    return r(e, "EP116", "\(c.name): upsampling scales \(sh), \(sw) must be whole numbers.")
                }
            } else if sh <= 1 && sw <= 1 {
                if !mlp { return r(e, "EP116", "\(c.name): NeuralNetwork Resize cannot downsample (scales \(sh), \(sw)).") }
                for (scale, dim) in [(sh, h), (sw, w)] {
                    guard scale > 0 && scale < 1 else {
                        return r(e, "EP116", "\(c.name): downsampling scales must be strictly between 0 and 1 (\(sh), \(sw)).")
                    }
                    let k = (1 / scale).rounded()
                    // A scale from the file can be tiny enough that 1/scale is past any Int64 dim.
                    if abs(1 / scale - k) > 1e-4 || k < 1 || k > 9e18 || dim % Int64(k) != 0 {
                        return r(e, "EP116", "\(c.name): 1/scale must be an integer dividing the input dim (scale \(scale), dim \(dim)).")
                    }
                }
            } else {
                return r(e, "EP116", "\(c.name) upsamples one axis and downsamples the other (\(sh), \(sw)).")
            }
            outH = Double(h) * sh
            outW = Double(w) * sw
        }
        if ctm == "pytorch_half_pixel", let oh = outH, let ow = outW, oh > 1 && ow > 1 { ctm = "half_pixel" }
        if !mlp {
            if ctm != "asymmetric" { return r(e, "EP109", "\(c.name) has coordinate_transformation_mode '\(ctm)'; NeuralNetwork needs asymmetric.") }
        } else if mode == "nearest" {
            if ctm != "asymmetric" { return r(e, "EP109", "\(c.name) has coordinate_transformation_mode '\(ctm)'; nearest needs asymmetric.") }
        } else {
            let ok = ctm == "half_pixel" || ctm == "align_corners" || (ctm == "asymmetric" && useSizes)
            if !ok { return r(e, "EP109", "\(c.name) has coordinate_transformation_mode '\(ctm)', not supported for linear\(useSizes ? "" : " with scales").") }
        }
        return []
    }
}
