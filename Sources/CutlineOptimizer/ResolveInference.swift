import CutlineIR
import CutlineShapes

/// Shape inference the way ORT's `Graph::Resolve` runs it while the optimizer works, where it differs from
/// onnx's: ORT calls only an operator schema's own inference function. The opset-12 schemas of GreaterOrEqual and
/// LessOrEqual register an empty one (onnx infers those through the function body; ORT does not), so ORT knows
/// their outputs are bool tensors but not their shapes, and every shape derived from them stays unknown. Measured
/// with onnxruntime 1.31.1 (`InferenceSession.get_outputs()` on a GreaterOrEqual graph at opset 14 gives no shape,
/// at opset 16 the broadcast shape).
enum ResolveInference {
    /// A private domain the inference engine has no schema for, so it leaves a node's outputs as they are.
    static let opaqueDomain = "cutline.ort-resolve-opaque"

    static func hasNoShapeInference(_ node: Node, opset: Int64) -> Bool {
        guard node.isDefaultDomain, node.opType == "GreaterOrEqual" || node.opType == "LessOrEqual",
              let since = OpSinceVersions.table[node.opType]?.last(where: { $0 <= opset }) else { return false }
        return since == 12
    }

    /// Runs `ShapeInference.infer` with ORT's view of the nodes above (in subgraphs too).
    static func infer(_ model: inout Model, options: ShapeInferenceOptions) {
        let opset = model.opsetVersion(for: "") ?? 0
        var hidden = false
        model.graph = setDomain(model.graph, hide: true, opset: opset, found: &hidden)
        _ = ShapeInference.infer(&model, options: options)
        guard hidden else { return }
        model.graph = setDomain(model.graph, hide: false, opset: opset, found: &hidden)
    }

    /// Brings the types up to date after an edit. `dirty` lists the nodes whose types may have gone stale since
    /// they were last the result of `infer` (nil when they never were): then only those and what their changes
    /// reach are inferred again, which gives exactly what `infer` would (see `IncrementalInference`), or `infer`
    /// runs when that cannot be guaranteed. `order`: the graph's topological order when the caller has it.
    static func refresh(_ model: inout Model, dirty: [NodeID]?, options: ShapeInferenceOptions, order: [NodeID]? = nil) {
        if let dirty {
            let opset = model.opsetVersion(for: "") ?? 0
            var declared: [ValueID: ValueType]?
            // Only the declared-type lists are kept (not the graph), so writing types does not copy the graph.
            let valueInfos = model.graph.valueInfos, outputInfos = model.graph.outputInfos
            let done = IncrementalInference.reinfer(&model, dirty: dirty, options: options, order: order) { node in
                guard hasNoShapeInference(node, opset: opset) else { return nil }
                let d = declared ?? declaredTypes(valueInfos + outputInfos)
                declared = d
                return node.outputs.map { $0.map { d[$0] ?? .tensor(.bool, nil) } }
            }
            if done { return }
        }
        infer(&model, options: options)
    }

    /// Moves the nodes ORT infers nothing for into `opaqueDomain` (their outputs become shapeless bool tensors
    /// unless declared), or back to ai.onnx.
    static func setDomain(_ graph: Graph, hide: Bool, opset: Int64, found: inout Bool) -> Graph {
        var e = GraphEditor(graph)
        let declared = declaredTypes(e.graph)
        for id in e.graph.liveNodeIDs {
            // Fields are read in place: copying every node of a large graph costs more than the rest of the loop.
            let opType = e.graph.nodes[id.index].opType
            if hide, opType == "GreaterOrEqual" || opType == "LessOrEqual",
               hasNoShapeInference(e.graph.nodes[id.index], opset: opset) {
                let outputs = e.graph.nodes[id.index].outputs
                e.setOpType(id, opType, domain: opaqueDomain)
                for o in outputs.compactMap({ $0 }) { e.setType(o, declared[o] ?? .tensor(.bool, nil)) }
                found = true
            } else if !hide, e.graph.nodes[id.index].domain == opaqueDomain {
                e.setOpType(id, opType, domain: "")
            }
            if e.graph.nodes[id.index].hasSubgraphs {
                var inner = found
                e.modifySubgraphs(id) { sub in sub = GraphEditor(setDomain(sub.graph, hide: hide, opset: opset, found: &inner)) }
                found = inner
            }
        }
        return e.graph
    }

    /// Types the model declares for values (value_info and graph outputs): what ORT's NodeArgs start from.
    static func declaredTypes(_ g: Graph) -> [ValueID: ValueType] { declaredTypes(g.valueInfos + g.outputInfos) }

    static func declaredTypes(_ infos: [ValueInfo]) -> [ValueID: ValueType] {
        var out: [ValueID: ValueType] = [:]
        for info in infos { if let t = info.type { out[info.value] = t } }
        return out
    }

    /// Forgets every node output's type except what the model declares, so inference starts from what ORT's
    /// NodeArgs hold after loading (types a caller inferred earlier would otherwise be merged in).
    static func resetToDeclaredTypes(_ graph: inout Graph) {
        // The editor holds the only reference, so setting types does not copy the value array.
        var e = GraphEditor(graph)
        graph = Graph()
        let declared = declaredTypes(e.graph)
        for id in e.graph.liveNodeIDs {
            for o in e.graph[id].outputs.compactMap({ $0 }) where e.graph[o].initializer == nil {
                e.setType(o, declared[o])
            }
            if e.graph.nodes[id.index].hasSubgraphs {
                e.modifySubgraphs(id) { sub in
                    var g = sub.graph
                    sub = GraphEditor()
                    resetToDeclaredTypes(&g)
                    sub = GraphEditor(g)
                }
            }
        }
        graph = e.graph
    }
}
