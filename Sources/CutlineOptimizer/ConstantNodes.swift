import CutlineIR

/// What ORT's Graph constructor does to `Constant` nodes: each becomes an initializer named after its output and
/// the node disappears (in every subgraph too). Such initializers are constant unless also listed as graph inputs.
enum ConstantNodes {
    static let passName = "ConstantToInitializer"

    /// The tensor a Constant node defines, nil when its attribute is not one ORT converts.
    static func tensor(of node: Node, name: String) -> (dense: Tensor?, sparse: SparseTensor?)? {
        guard let a = node.attributes.first(where: { $0.value != nil }), let value = a.value else { return nil }
        func mem(_ bytes: [UInt8]) -> TensorPayload { .field(.rawData, .memory(bytes)) }
        switch (a.name, value) {
        case ("value", .tensor(var t)):
            t.name = name
            return (t, nil)
        case ("sparse_value", .sparseTensor(let s)):
            return (nil, s)
        case ("value_float", .float(let f)):
            return (TensorValue(dataType: .float, dims: [], reals: [Double(f)]).tensor(named: name), nil)
        case ("value_floats", .floats(let fs)):
            return (TensorValue(dataType: .float, dims: [Int64(fs.count)], reals: fs.map { Double($0) }).tensor(named: name), nil)
        case ("value_int", .int(let i)):
            return (TensorValue(dataType: .int64, dims: [], ints: [i]).tensor(named: name), nil)
        case ("value_ints", .ints(let v)):
            return (TensorValue(dataType: .int64, dims: [Int64(v.count)], ints: v).tensor(named: name), nil)
        case ("value_string", .string(let s)):
            return (Tensor(name: name, dataType: .string, dims: [], payload: .strings([s])), nil)
        case ("value_strings", .strings(let s)):
            return (Tensor(name: name, dataType: .string, dims: [Int64(s.count)], payload: .strings(s)), nil)
        default:
            return nil
        }
    }

    /// Converts every Constant node of `og`'s graph and its subgraphs. Returns whether anything changed.
    @discardableResult
    static func run(_ og: inout OptGraph) -> Bool {
        var changed = false
        for id in og.graph.liveNodeIDs {
            if og.opType(id) == "Constant", og.graph[id].isDefaultDomain, let out = og.graph[id].output(0),
               let t = tensor(of: og.graph[id], name: og.graph[out].name) {
                og.removeNode(id)
                if let dense = t.dense { og.editor.setInitializer(out, dense) }
                if let sparse = t.sparse { og.editor.setSparseInitializer(out, sparse) }
                changed = true
                continue
            }
            if og.hasSubgraphs(id), og.recurse(id, { run(&$0) }) { changed = true }
        }
        return changed
    }
}
