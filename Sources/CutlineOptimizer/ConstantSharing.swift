import CutlineIR

/// ORT's ConstantSharing: constant initializers with at most 8 elements (float16, float, double, int32, int64)
/// and equal type, dims and bytes are merged into the first one seen, so CSE can later merge their consumers.
/// Initializers that are graph outputs, read by a subgraph, or unused are left alone. Main graph only: ORT's
/// ApplyImpl walks `graph.GetAllInitializedTensors()` without recursing into subgraphs (measured on the silero-vad
/// models, whose If branches keep two Unsqueeze nodes reading equal `[0]` constants).
enum ConstantSharing {
    static let passName = "ConstantSharing"
    static let maxElements: Int64 = 8
    static let supported: Set<DataType> = [.float16, .float, .double, .int32, .int64]

    struct Key: Hashable {
        var dataType: DataType
        var dims: [Int64]
        var bytes: [UInt8]
    }

    static func run(_ og: inout OptGraph, excluded: Set<String> = []) -> Bool {
        var modified = false
        var kept: [Key: ValueID] = [:]
        for id in og.graph.initializerOrder {
            let v = og.graph[id]
            guard !v.isRemoved, let t = og.constantInitializer(id), !v.isGraphOutput, !excluded.contains(v.name),
                  supported.contains(t.dataType) else { continue }
            // ORT reads the shape from the value's type; for an initializer that is the tensor's dims.
            let dims = v.type?.shape?.staticDims ?? t.dims
            guard v.type?.shape?.isStatic ?? true else { continue }
            var n: Int64 = 1
            var tooBig = false
            for d in dims {
                n = n.multipliedReportingOverflow(by: d).partialValue
                if n > maxElements { tooBig = true; break }
            }
            guard !tooBig, n > 0, n <= maxElements else { continue }
            guard v.implicitUses.isEmpty, !v.uses.isEmpty,
                  let bytes = try? TensorData.rawBytes(of: t, storage: og.storage) else { continue }
            let key = Key(dataType: t.dataType, dims: t.dims, bytes: bytes)
            if let shared = kept[key] {
                og.editor.replaceAllUses(of: id, with: shared, includingGraphOutputs: false)
                og.dropIfUnused(id)
                modified = true
            } else {
                kept[key] = id
            }
        }
        return modified
    }
}
