import CutlineIR

/// ORT's FreeDimensionOverrideTransformer, by dim_param name: graph inputs whose dims name an overridden
/// parameter get the fixed value (shape inference then carries it through the graph).
enum FreeDimensionOverride {
    static let passName = "FreeDimensionOverrideTransformer"

    static func run(_ og: inout OptGraph, _ overrides: [String: Int64]) -> Bool {
        var modified = false
        for id in og.graph.inputs {
            guard case .tensor(let et, let shape?)? = og.graph[id].type else { continue }
            var dims = shape.dims
            var changed = false
            for i in dims.indices {
                if case .param(let p) = dims[i], let v = overrides[p] {
                    dims[i] = .value(v)
                    changed = true
                }
            }
            if changed {
                og.editor.setType(id, .tensor(et, Shape(dims)))
                modified = true
            }
        }
        return modified
    }
}
