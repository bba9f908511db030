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

    /// The class of a node output: equal keys mean equal values. Inputs are class numbers (the first three inline,
    /// the rest as a numbered list); attributes are sorted by name (the last of a repeated name wins, as in a map)
    /// and the list numbered, so comparing keys compares attribute maps. Plain numbers only: the table of a large
    /// graph holds one key per node output, and keys holding arrays cost an allocation and a release each.
    struct OpKey: Hashable {
        /// The (op type, domain) pair, numbered per run.
        var op: Int32
        var output: Int32
        /// The attribute list's number (-1: none).
        var attributes: Int32
        var inputCount: Int32
        var input0: Int32 = 0, input1: Int32 = 0, input2: Int32 = 0
        /// The number of the input classes after the third (-1: none).
        var rest: Int32 = -1

        /// The fields mixed into one word first: one hasher round per key instead of one per field.
        func hash(into hasher: inout Hasher) {
            func word(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b)) }
            let m: UInt64 = 0x9E37_79B9_7F4A_7C15
            var h = word(op, output) &* m
            h = (h ^ word(attributes, inputCount)) &* m
            h = (h ^ word(input0, input1)) &* m
            h = (h ^ word(input2, rest)) &* m
            hasher.combine(h)
        }
    }

    struct NamedAttrKey: Hashable {
        var name: String
        var key: AttrKey
    }

    /// Whether nodes of this op type may be merged (nodes with subgraphs never are).
    static func isSupported(opType: String, domain: String) -> Bool {
        Determinism.isDeterministic(domain: domain, opType: opType)
            && !(opType == "DequantizeLinear" && (domain.isEmpty || domain == "ai.onnx" || domain == "com.microsoft"))
    }

    /// An op type and domain, the key `classify` numbers them by.
    struct OpName: Hashable {
        var opType: String
        var domain: String
    }

    static func run(_ og: inout OptGraph) -> Bool {
        guard let order = og.editor.topologicalOrder() else { return false }
        var modified = false
        for id in og.graph.withSubgraphs(order) {
            if og.recurse(id, { run(&$0) }) { modified = true }
        }
        // ORT numbers values in its GraphViewer order, so the node it keeps of equal ones is the first there.
        let viewerOrder = og.graph.ortViewerOrder() ?? order
        let (classOf, representative, duplicates) = classify(og.graph, viewerOrder, og.storage)

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

        // Op numbers and whether the op type is supported, by (op type, domain); the last pair is cached because
        // graphs often list runs of one op type.
        var opNumbers: [OpName: (Int32, Bool)] = [:]
        var lastName = OpName(opType: "", domain: "")
        var lastNumber: (Int32, Bool) = (-1, false)
        var inputs: [Int32] = []
        var attributeLists: [[NamedAttrKey]: Int32] = [:]
        var inputLists: [[Int32]: Int32] = [:]

        // Fields are read through the node array by index: `graph[id]` would copy each node.
        for id in order {
            let i = id.index
            if graph.nodes[i].opType == "EPContext" { continue }
            inputs.removeAll(keepingCapacity: true)
            for input in graph.nodes[i].inputs {
                guard let input else { inputs.append(missing); continue }
                if classOf[input.index] < 0 { classOf[input.index] = newClass(input) }
                inputs.append(classOf[input.index])
            }
            while inputs.last == missing { inputs.removeLast() }
            if graph.nodes[i].opType != lastName.opType || graph.nodes[i].domain != lastName.domain {
                lastName = OpName(opType: graph.nodes[i].opType, domain: graph.nodes[i].domain)
                if let known = opNumbers[lastName] {
                    lastNumber = known
                } else {
                    lastNumber = (Int32(opNumbers.count),
                                  isSupported(opType: lastName.opType, domain: lastName.domain))
                    opNumbers[lastName] = lastNumber
                }
            }
            var comparable = lastNumber.1 && !graph.nodes[i].hasSubgraphs
            var attrs: [NamedAttrKey] = []
            if comparable && !graph.nodes[i].attributes.isEmpty {
                var distinct = 0
                for a in graph.nodes[i].attributes {
                    let k = key(a, &distinct, storage)
                    if distinct > 0 { comparable = false; break }
                    if let j = attrs.firstIndex(where: { $0.name == a.name }) {
                        attrs[j].key = k
                    } else {
                        attrs.append(NamedAttrKey(name: a.name, key: k))
                    }
                }
                attrs.sort { $0.name < $1.name }
            }
            var opKey = OpKey(op: lastNumber.0, output: 0, attributes: -1, inputCount: Int32(inputs.count))
            if comparable {
                if !attrs.isEmpty {
                    if let n = attributeLists[attrs] {
                        opKey.attributes = n
                    } else {
                        opKey.attributes = Int32(attributeLists.count)
                        attributeLists[attrs] = opKey.attributes
                    }
                }
                if inputs.count > 0 { opKey.input0 = inputs[0] }
                if inputs.count > 1 { opKey.input1 = inputs[1] }
                if inputs.count > 2 { opKey.input2 = inputs[2] }
                if inputs.count > 3 {
                    let rest = Array(inputs[3...])
                    if let n = inputLists[rest] {
                        opKey.rest = n
                    } else {
                        opKey.rest = Int32(inputLists.count)
                        inputLists[rest] = opKey.rest
                    }
                }
            }
            var duplicate = false
            let outputCount = graph.nodes[i].outputs.count
            for k in 0..<outputCount {
                guard let o = graph.nodes[i].outputs[k] else { continue }
                let c: Int32
                if comparable {
                    opKey.output = Int32(k)
                    if let existing = opClasses[opKey] {
                        c = existing
                    } else {
                        c = newClass(o)
                        opClasses[opKey] = c
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
