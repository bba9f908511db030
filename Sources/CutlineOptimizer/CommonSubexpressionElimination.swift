import CutlineIR

/// ORT's CommonSubexpressionElimination: value numbering in topological order. Two outputs are equal when their
/// nodes have the same op type, domain, attributes and equal inputs (graph inputs and initializers are equal only
/// to themselves). Nodes with subgraphs, non-deterministic ops and DequantizeLinear are never merged. Later
/// duplicates are rewired to the first; a duplicate that then has no consumer and no graph output is removed.
enum CommonSubexpressionElimination {
    static let passName = "CommonSubexpressionElimination"

    /// An attribute as CSE compares it: equal type, name and value; tensor attributes only when both are
    /// one-element 1-D tensors with equal bytes; graph-like attributes never.
    enum AttrKey: Hashable {
        case float(UInt32), int(Int64), string([UInt8]), floats([UInt32]), ints([Int64]), strings([[UInt8]])
        case scalarTensor(Int32, [UInt8])
        case distinct(Int)
    }

    /// The class of a node output: equal keys mean equal values. Inputs are class numbers; attributes are sorted
    /// by name (the last of a repeated name wins, as in a map), so comparing keys compares attribute maps.
    struct OpKey: Hashable {
        var opType: String
        var domain: String
        var inputs: [Int32]
        var attributes: [NamedAttrKey]
        var output: Int32
    }

    struct NamedAttrKey: Hashable {
        var name: String
        var key: AttrKey
    }

    static func isSupported(_ node: Node) -> Bool {
        !Graph.hasGraphAttribute(node.attributes) && Determinism.isDeterministic(domain: node.domain, opType: node.opType)
            && !(node.opType == "DequantizeLinear"
                 && (node.domain.isEmpty || node.domain == "ai.onnx" || node.domain == "com.microsoft"))
    }

    static func run(_ og: inout OptGraph) -> Bool {
        guard let order = og.editor.topologicalOrder() else { return false }
        var modified = false
        for id in og.graph.withSubgraphs(order) {
            if og.recurse(id, { run(&$0) }) { modified = true }
        }
        let (classOf, representative, duplicates) = classify(og.graph, order, og.storage)

        for id in duplicates {
            guard !og.isRemoved(id) else { continue }
            var replaced = false
            for o in og.graph[id].outputs {
                guard let o, classOf[o.index] >= 0 else { continue }
                let rep = representative[Int(classOf[o.index])]
                guard rep != o, !og.graph[o].isGraphOutput else { continue }
                og.editor.replaceAllUses(of: o, with: rep, includingGraphOutputs: false)
                replaced = true
            }
            if replaced {
                modified = true
                if !og.producesGraphOutput(id) && og.outputEdgeCount(id) == 0 { og.removeNode(id) }
            }
        }
        return modified
    }

    /// Value numbering in `order`: each value's class, the first value of each class, and the nodes with an
    /// output that is not the first of its class. Reads `graph` as a parameter: through `og` every field read
    /// would copy the graph struct.
    private static func classify(_ graph: Graph, _ order: [NodeID], _ storage: ModelStorage?)
        -> (classOf: [Int32], representative: [ValueID], duplicates: [NodeID]) {
        // Class numbers by value index (-1: none yet) and the first value of each class. A node that can never
        // equal another (unsupported, or an attribute CSE does not compare) gets fresh classes without a table
        // entry.
        var classOf = [Int32](repeating: -1, count: graph.values.count)
        var representative: [ValueID] = []
        var opClasses: [OpKey: Int32] = [:]
        opClasses.reserveCapacity(graph.values.count)
        representative.reserveCapacity(graph.values.count)
        let missing: Int32 = 0
        representative.append(ValueID(-1))
        var duplicates: [NodeID] = []

        func newClass(_ rep: ValueID) -> Int32 {
            representative.append(rep)
            return Int32(representative.count - 1)
        }

        for id in order {
            if graph[id].opType == "EPContext" { continue }
            var inputs: [Int32] = []
            inputs.reserveCapacity(graph[id].inputs.count)
            for input in graph[id].inputs {
                guard let input else { inputs.append(missing); continue }
                if classOf[input.index] < 0 { classOf[input.index] = newClass(input) }
                inputs.append(classOf[input.index])
            }
            while inputs.last == missing { inputs.removeLast() }
            var comparable = isSupported(graph[id])
            var attrs: [NamedAttrKey] = []
            if comparable && !graph[id].attributes.isEmpty {
                var distinct = 0
                for a in graph[id].attributes {
                    let k = key(a, &distinct, storage)
                    if distinct > 0 { comparable = false; break }
                    if let i = attrs.firstIndex(where: { $0.name == a.name }) {
                        attrs[i].key = k
                    } else {
                        attrs.append(NamedAttrKey(name: a.name, key: k))
                    }
                }
                attrs.sort { $0.name < $1.name }
            }
            var duplicate = false
            for (k, o) in graph[id].outputs.enumerated() {
                guard let o else { continue }
                let c: Int32
                if comparable {
                    let key = OpKey(opType: graph[id].opType, domain: graph[id].domain, inputs: inputs,
                                    attributes: attrs, output: Int32(k))
                    if let existing = opClasses[key] {
                        c = existing
                    } else {
                        c = newClass(o)
                        opClasses[key] = c
                    }
                } else {
                    c = newClass(o)
                }
                classOf[o.index] = c
                if representative[Int(c)] != o { duplicate = true }
            }
            if duplicate { duplicates.append(id) }
        }
        return (classOf, representative, duplicates)
    }

    static func key(_ a: Attribute, _ distinct: inout Int, _ storage: ModelStorage?) -> AttrKey {
        switch a.value {
        case .float(let f)?: return .float(f.bitPattern == (-0.0 as Float).bitPattern ? 0 : f.bitPattern)
        case .int(let i)?: return .int(i)
        case .string(let s)?: return .string(s)
        case .floats(let f)?: return .floats(f.map { $0 == 0 ? 0 : $0.bitPattern })
        case .ints(let i)?: return .ints(i)
        case .strings(let s)?: return .strings(s)
        case .tensor(let t)?:
            if t.dims == [1], let b = try? TensorData.rawBytes(of: t, storage: storage) {
                return .scalarTensor(t.dataType.code, b)
            }
            if t.dims == [1], case .strings(let s) = t.payload { return .scalarTensor(t.dataType.code, s.first ?? []) }
        default: break
        }
        distinct += 1
        return .distinct(distinct)
    }
}

/// ORT's IsOperationDeterministic: ai.onnx ops except the random ones and Dropout; in com.microsoft only
/// QuantizeLinear/DequantizeLinear; any other domain counts as non-deterministic.
enum Determinism {
    static let onnxNonDeterministic: Set<String> = ["RandomUniform", "RandomNormal", "RandomUniformLike",
                                                    "RandomNormalLike", "Multinomial", "Dropout"]
    static let msDeterministic: Set<String> = ["QuantizeLinear", "DequantizeLinear"]

    static func isDeterministic(domain: String, opType: String) -> Bool {
        if domain.isEmpty || domain == "ai.onnx" { return !onnxNonDeterministic.contains(opType) }
        if domain == "com.microsoft" { return msDeterministic.contains(opType) }
        return false
    }
}
