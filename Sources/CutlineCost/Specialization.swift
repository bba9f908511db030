import CutlineIR
import CutlineShapes

/// Fixing symbolic input dims before shape inference, as ORT's free-dimension overrides do. Shape inference on a
/// dynamic model invents a fresh symbol for every derived dim (`unk__3` for what is really the batch), which the
/// estimator could only guess; with concrete inputs, inference propagates real sizes through Shape/Reshape chains.
public enum Specialization {
    /// Replaces every symbolic or unknown dim of the graph's (non-initializer) inputs by its `--free-dim` value or
    /// the `FreeDims` default, then runs shape inference. Returns the model to estimate and the sentences the
    /// estimate should list as assumptions. Call it on a model that has not been shape-inferred yet.
    public static func specialize(_ model: Model, freeDims overrides: [String: Int64],
                                  options: ShapeInferenceOptions = .init()) -> (model: Model, assumptions: [String]) {
        specialize(model, freeDims: overrides, options: options, alreadyInferred: false)
    }

    /// `alreadyInferred`: `model` has been through `ShapeInference.infer` with these options. When every input dim
    /// is then concrete there is nothing to fix, and running inference again would only reproduce the types it has,
    /// so the model is returned as it is.
    public static func specialize(_ model: Model, freeDims overrides: [String: Int64], options: ShapeInferenceOptions = .init(),
                                  alreadyInferred: Bool) -> (model: Model, assumptions: [String]) {
        var m = model
        var dims = FreeDims(overrides: overrides)
        var e = GraphEditor(m.graph)
        var infos = m.graph.inputInfos
        var changed = false
        for (i, info) in infos.enumerated() {
            let v = m.graph[info.value]
            guard v.initializer == nil, let type = v.type ?? info.type, let elem = type.elementType,
                  let shape = type.shape, !shape.isStatic else { continue }
            let fixed = ValueType.tensor(elem, Shape(static: shape.dims.map { dims.resolve($0) }))
            e.setType(info.value, fixed)
            infos[i].type = fixed
            infos[i].typeBytes = nil
            changed = true
        }
        if !changed && alreadyInferred { return (model, dims.assumptions) }
        if changed {
            e.setInputs(infos)
            m.graph = e.graph
        }
        _ = ShapeInference.infer(&m, options: options)
        return (m, dims.assumptions)
    }
}
