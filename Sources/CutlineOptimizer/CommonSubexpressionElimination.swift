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

    indirect enum ClassKey: Hashable {
        case missing
        case nonOp(ValueID)
        case op(opType: String, domain: String, inputs: [Int], attributes: [String: AttrKey], output: Int, discriminator: Int)
    }

    static func isSupported(_ node: Node) -> Bool {
        !node.hasSubgraphs && Determinism.isDeterministic(domain: node.domain, opType: node.opType)
            && !(node.opType == "DequantizeLinear" && (node.isDefaultDomain || node.domain == "com.microsoft"))
    }

    static func run(_ og: inout OptGraph) -> Bool {
        guard let order = og.graph.topologicalOrder() else { return false }
        var modified = false
        for id in order where og.graph[id].hasSubgraphs {
            if og.recurse(id, { run(&$0) }) { modified = true }
        }
        var classOf: [ValueID: Int] = [:]
        var classIndex: [ClassKey: Int] = [:]
        var representative: [Int: ValueID] = [:]
        // Roughly one class per value: growing the tables step by step rehashes every key many times.
        let expected = og.graph.values.count
        classOf.reserveCapacity(expected)
        classIndex.reserveCapacity(expected)
        representative.reserveCapacity(expected)
        var uniques = 1
        var distinctAttr = 0

        func classID(_ key: ClassKey) -> Int {
            if let c = classIndex[key] { return c }
            let c = classIndex.count
            classIndex[key] = c
            return c
        }

        for id in order {
            let node = og.graph[id]
            if node.opType == "EPContext" { continue }
            var inputs: [Int] = []
            for input in node.inputs {
                guard let input else { inputs.append(classID(.missing)); continue }
                if let c = classOf[input] { inputs.append(c); continue }
                let c = classID(.nonOp(input))
                classOf[input] = c
                if representative[c] == nil { representative[c] = input }
                inputs.append(c)
            }
            let missing = classID(.missing)
            while inputs.last == missing { inputs.removeLast() }
            var disc = 0
            if !isSupported(node) { uniques += 1; disc = uniques }
            var attrs: [String: AttrKey] = [:]
            for a in node.attributes {
                attrs[a.name] = key(a, &distinctAttr, og.storage)
            }
            for (k, o) in node.outputs.enumerated() {
                guard let o else { continue }
                let c = classID(.op(opType: node.opType, domain: node.domain, inputs: inputs, attributes: attrs, output: k,
                                    discriminator: disc))
                if representative[c] == nil { representative[c] = o }
                classOf[o] = c
            }
        }

        for id in order {
            guard !og.graph[id].isRemoved, og.graph[id].opType != "EPContext" else { continue }
            var replaced = false
            for o in og.graph[id].outputs {
                guard let o, let c = classOf[o], let rep = representative[c], rep != o else { continue }
                if og.graph[o].isGraphOutput { continue }
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
