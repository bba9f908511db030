import CutlineIR
import CutlineShapes

/// `fp16-to-fp32`: float16 weights, constants, casts and value types → float32, in the main graph and in every
/// subgraph. Graph inputs and outputs become float32 too, unless `keepIOTypes`, which keeps them float16 with a
/// Cast at each boundary.
public struct FP16ToFP32Pass: RewritePass {
    public let id = "fp16-to-fp32"
    public let summary = "float16 initializers, Constant values, Cast(to=float16) and value types → float32; graph I/O too unless --keep-io-types (then Casts at the boundary)."
    /// float32 computes what float16 approximates: outputs move by float16's rounding, about 1e-3 relative.
    public let tolerance = 5e-2

    public init() {}

    public func precondition(_ model: Model, context: RewriteContext) -> NoMatch? {
        Self.mentionsHalf(model.graph) ? nil : NoMatch("the model has no float16 tensor, constant, cast or value")
    }

    static func mentionsHalf(_ g: Graph) -> Bool {
        if g.initializerOrder.contains(where: { g[$0].initializer?.dataType == .float16 }) { return true }
        if (g.inputInfos + g.outputInfos + g.valueInfos).contains(where: { $0.type?.elementType == .float16 }) { return true }
        for id in g.liveNodeIDs {
            let n = g[id]
            if n.attributes.contains(where: { isHalfAttribute($0) }) { return true }
            if n.subgraphs.contains(where: { mentionsHalf($0.graph) }) { return true }
        }
        return false
    }

    static func isHalfAttribute(_ a: Attribute) -> Bool {
        if a.name == "to" || a.name == "dtype", a.int == Int64(DataType.float16.code) { return true }
        if let t = a.tensor, t.dataType == .float16 { return true }
        return false
    }

    public func run(_ model: inout Model, context: RewriteContext) throws -> PassReport {
        var counts: [String: Int] = [:]
        var editor = GraphEditor(model.graph)
        try Self.convert(&editor, storage: model.storage, isMain: true, keepIO: context.options.keepIOTypes,
                         opset: model.opsetVersion(for: "") ?? 1, counts: &counts)
        model.graph = editor.graph
        DeadCode.removeDeadNodes(&model.graph)
        _ = ShapeInference.infer(&model)
        return PassReport(rewrites: counts)
    }

    static func convert(_ e: inout GraphEditor, storage: ModelStorage?, isMain: Bool, keepIO: Bool, opset: Int64,
                        counts: inout [String: Int]) throws {
        // Weights.
        for id in e.graph.initializerOrder {
            guard let t = e.graph[id].initializer, t.dataType == .float16 else { continue }
            e.setInitializer(id, try widen(t, storage: storage))
            counts["initializer", default: 0] += 1
        }
        // Attributes: Cast/RandomX targets, Constant and ConstantOfShape values.
        for id in e.graph.liveNodeIDs {
            for a in e.graph[id].attributes where isHalfAttribute(a) {
                var b = a
                if let t = a.tensor { b.value = .tensor(try widen(t, storage: storage)) } else { b.value = .int(Int64(DataType.float.code)) }
                e.setAttribute(id, b)
                counts["\(e.graph[id].opType) attribute", default: 0] += 1
            }
            if e.graph[id].hasSubgraphs {
                try e.modifySubgraphs(id) { sub in
                    try convert(&sub, storage: storage, isMain: false, keepIO: false, opset: opset, counts: &counts)
                }
            }
        }
        // Declared types.
        func widenInfo(_ info: ValueInfo) -> ValueInfo {
            var i = info
            if case .tensor(.float16, let s) = info.type { i.type = .tensor(.float, s) }
            return i
        }
        e.setValueInfos(e.graph.valueInfos.map(widenInfo))
        for v in e.graph.liveValueIDs {
            if case .tensor(.float16, let s) = e.graph[v].type { e.setType(v, .tensor(.float, s)) }
        }
        if isMain && keepIO {
            try castBoundaries(&e, counts: &counts)
        } else {
            e.setInputs(e.graph.inputInfos.map(widenInfo))
            e.setOutputs(e.graph.outputInfos.map(widenInfo))
        }
    }

    /// Keeps float16 graph inputs and outputs: Cast(to=float) after each input, Cast(to=float16) before each output.
    static func castBoundaries(_ e: inout GraphEditor, counts: inout [String: Int]) throws {
        for info in e.graph.inputInfos where info.type?.elementType == .float16 {
            let v = info.value
            e.setType(v, info.type)
            let name = e.graph[v].name
            let wide = try e.emit("Cast", [v], attributes: [Attribute(name: "to", value: .int(Int64(DataType.float.code)))],
                                  name: name + "/to_fp32", type: .tensor(.float, info.type?.shape))
            // Every reader, subgraphs included, takes the widened value; then the Cast reads the input again.
            guard let cast = e.graph[wide].producer else { continue }
            e.replaceAllUses(of: v, with: wide, includingGraphOutputs: false)
            e.setInput(cast, 0, v)
            counts["input Cast", default: 0] += 1
        }
        for (k, info) in e.graph.outputInfos.enumerated() where info.type?.elementType == .float16 {
            let v = info.value
            let name = e.graph[v].name
            guard let p = e.graph[v].producer, let slot = e.graph[p].outputs.firstIndex(of: v) else { continue }
            // The producer now writes a float32 value; the declared output is a Cast of it.
            let wide = e.addValue(name: name + "/fp32", type: .tensor(.float, info.type?.shape))
            try e.setOutput(p, slot, wide)
            e.replaceAllUses(of: v, with: wide, includingGraphOutputs: false)
            try e.emit("Cast", [wide], attributes: [Attribute(name: "to", value: .int(Int64(DataType.float16.code)))],
                       name: name + "/to_fp16", output: v)
            e.setType(v, info.type)
            _ = k
            counts["output Cast", default: 0] += 1
        }
    }

    /// A float16 tensor as float32, values in memory.
    static func widen(_ t: Tensor, storage: ModelStorage?) throws -> Tensor {
        let raw = try TensorData.rawBytes(of: t, storage: storage)
        var out: [UInt8] = []
        out.reserveCapacity(raw.count * 2)
        var i = 0
        while i + 1 < raw.count {
            let h = UInt16(raw[i]) | UInt16(raw[i + 1]) << 8
            let f = TensorData.halfToFloat(h).bitPattern
            out.append(UInt8(truncatingIfNeeded: f))
            out.append(UInt8(truncatingIfNeeded: f >> 8))
            out.append(UInt8(truncatingIfNeeded: f >> 16))
            out.append(UInt8(truncatingIfNeeded: f >> 24))
            i += 2
        }
        return Tensor(name: t.name, dataType: .float, dims: t.dims, payload: .field(.rawData, .memory(out)),
                      docString: t.docString)
    }

    /// Nothing float16 is left, except the declared graph I/O kept on request.
    public func postcondition(_ model: Model, context: RewriteContext) -> [String] {
        var g = model.graph
        if context.options.keepIOTypes {
            var e = GraphEditor(g)
            func narrowOnlyIO(_ i: ValueInfo) -> ValueInfo {
                var j = i
                if case .tensor(.float16, let s) = i.type { j.type = .tensor(.float, s) }
                return j
            }
            e.setInputs(g.inputInfos.map(narrowOnlyIO))
            e.setOutputs(g.outputInfos.map(narrowOnlyIO))
            // The boundary Casts to float16 are what keeps the outputs; leave them out of the check.
            for id in e.graph.liveNodeIDs where e.graph[id].opType == "Cast"
                && (e.graph[id].output(0).map { e.graph[$0].isGraphOutput } ?? false) {
                e.removeAttribute(id, "to")
            }
            g = e.graph
        }
        return Self.mentionsHalf(g) ? ["float16 tensors, casts or declared types remain"] : []
    }
}
