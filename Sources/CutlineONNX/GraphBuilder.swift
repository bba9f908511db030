import CutlineIR

/// Links a graph's parts into IR values through `GraphEditor`: every name is defined first (inputs,
/// initializers, node outputs) so nodes may read names defined later in the file, then nodes are added in
/// file order.
enum GraphBuilder {
    static func build(_ p: PendingGraph, isSubgraph: Bool, path: String) throws(DecodeError) -> Graph {
        var g = Graph(name: p.name, docString: p.docString)
        g.extraFields = WireBytes(p.extra)
        var e = GraphEditor(g)
        let outputCount = p.nodes.reduce(0) { $0 + $1.outputs.count }
        e.reserveCapacity(nodes: p.nodes.count,
                          values: p.inputs.count + p.initializers.count + p.sparseInitializers.count + outputCount)
        for i in p.inputs { e.appendInput(info(i, &e)) }
        for t in p.initializers {
            let id = e.value(named: t.name)
            if e.graph[id].initializer != nil {
                throw DecodeError("\(where_(path))initializer '\(t.name)' is listed twice")
            }
            e.setInitializer(id, t)
        }
        for s in p.sparseInitializers {
            let id = e.value(named: s.values.name)
            if e.graph[id].sparseInitializer != nil || e.graph[id].initializer != nil {
                throw DecodeError("\(where_(path))initializer '\(s.values.name)' is listed twice")
            }
            e.setSparseInitializer(id, s)
        }
        var outputIDs: [[ValueID?]] = []
        outputIDs.reserveCapacity(p.nodes.count)
        for n in p.nodes { outputIDs.append(n.outputs.map { $0.isEmpty ? nil : e.value(named: $0) }) }
        for k in p.nodes.indices {
            let inputs: [ValueID?] = p.nodes[k].inputs.map { $0.isEmpty ? nil : e.value(named: $0) }
            for case let o? in outputIDs[k] {
                if let first = e.graph[o].producer {
                    let node = p.nodes[k].node
                    let display = node.name.isEmpty ? "\(node.opType)#\(k)" : node.name
                    throw DecodeError("\(where_(path))value '\(e.graph[o].name)' has two producers: \(e.graph.displayName(of: first)) and \(display)")
                }
            }
            do {
                try e.addNode(p.nodes[k].node, inputs: inputs, outputs: outputIDs[k])
            } catch {
                throw DecodeError("\(where_(path))\(error)")
            }
        }
        for o in p.outputs { e.appendOutput(info(o, &e)) }
        for v in p.valueInfos { e.appendValueInfo(info(v, &e)) }
        if isSubgraph {
            // Names a subgraph reads without defining come from an enclosing graph.
            for id in e.graph.liveValueIDs {
                let v = e.graph[id]
                if !v.isDefined && (v.hasUses || v.isGraphOutput) { e.markOuterScope(id) }
            }
        }
        return e.graph
    }

    private static func info(_ i: PendingValueInfo, _ e: inout GraphEditor) -> ValueInfo {
        ValueInfo(value: e.value(named: i.name), type: i.type, typeBytes: i.typeBytes, docString: i.docString,
                  extraFields: i.extra)
    }

    private static func where_(_ path: String) -> String { path == "main" ? "" : "in \(path): " }
}
