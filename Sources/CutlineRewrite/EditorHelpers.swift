import CutlineIR
import CutlineShapes

extension GraphEditor {
    /// Adds a constant initializer holding `literal`, named after `name` (made unique).
    @discardableResult
    mutating func addConstant(_ literal: TensorLiteral, name: String) throws -> ValueID {
        guard let t = literal.tensor(named: uniqueName(name)) else {
            throw IRError.invalid("cannot encode a \(literal.dataType.name) constant")
        }
        return addInitializer(t)
    }

    /// A rank-0 floating-point constant of element type `type`.
    mutating func addScalar(_ value: Double, type: DataType, name: String) throws -> ValueID {
        try addConstant(TensorLiteral(dataType: type, dims: [], values: .doubles([value])), name: name)
    }

    /// Adds a one-output node. With `output`, the node defines that existing value (so a rewrite keeps the name
    /// consumers and graph outputs know); otherwise a fresh value named after `name`.
    @discardableResult
    mutating func emit(_ opType: String, domain: String = "", _ inputs: [ValueID?], attributes: [Attribute] = [],
                       name: String, output: ValueID? = nil, type: ValueType? = nil) throws -> ValueID {
        let node = Node(name: uniqueNodeName(name), opType: opType, domain: domain, attributes: attributes)
        if let output {
            try addNode(node, inputs: inputs, outputs: [output])
            return output
        }
        let id = try addNode(node, inputs: inputs, outputNames: [name + "_output"], outputTypes: [type])
        guard let out = graph[id].outputs.first ?? nil else { throw IRError.invalid("node \(name) has no output") }
        return out
    }

    /// A node name not used by a live node of this graph.
    mutating func uniqueNodeName(_ base: String) -> String {
        var taken = Set<String>()
        for id in graph.liveNodeIDs { taken.insert(graph[id].name) }
        if !taken.contains(base) { return base }
        var k = 1
        while taken.contains("\(base)_\(k)") { k += 1 }
        return "\(base)_\(k)"
    }

    /// Removes a matched chain of nodes, keeping `kept` (the chain's result) alive without a producer so the
    /// replacement can define it again. Other outputs of the chain that lose their last use are removed.
    mutating func removeChain(_ nodes: [NodeID], keeping kept: ValueID) {
        var outputs: [ValueID] = []
        for n in nodes where !graph[n].isRemoved {
            outputs.append(contentsOf: graph[n].outputs.compactMap { $0 })
            removeNode(n, removeOutputs: false)
        }
        for o in outputs where o != kept {
            let v = graph[o]
            if !v.isRemoved && !v.hasUses && !v.isGraphOutput && !v.isGraphInput && !v.isInitializer {
                try? removeValue(o)
            }
        }
    }
}
