import CutlineIR

/// ORT's ConstantFolding "folds" an If whose condition is a one-element constant initializer (looked up through
/// enclosing scopes) by inlining the branch it selects (`Graph::InlineIfSubgraph`): the branch's initializers and
/// nodes move into the enclosing graph under fresh names, and the branch outputs become the If's outputs.
enum IfInlining {
    static func inline(_ og: inout OptGraph, _ id: NodeID) -> Bool {
        let node = og.graph[id]
        guard node.isDefaultDomain, node.opType == "If", let cond = og.constantInitializer(node.input(0)),
              cond.elementCount == 1, let value = og.tensorValue(cond)?.asInts.first else { return false }
        let attrName = value != 0 ? "then_branch" : "else_branch"
        guard let branch = node.attribute(attrName)?.graph, branch.outputs.count == node.outputs.count else { return false }
        // A branch output that only passes an enclosing value through would leave the If's output without a
        // producer once inlined; such graphs are left alone.
        for (k, o) in branch.outputs.enumerated() {
            let v = branch[o]
            if v.isOuterScope || v.isGraphInput || node.output(k) == nil { return false }
        }
        guard let order = branch.topologicalOrder() else { return false }
        let prefix = og.editor.uniqueName("_if_\(attrName)")
        var map: [ValueID: ValueID] = [:]
        var renames: [(String, String)] = []
        for (k, o) in branch.outputs.enumerated() {
            guard let out = node.output(k) else { continue }
            map[o] = out
            renames.append((branch[o].name, og.graph[out].name))
        }
        og.removeNode(id, removeOutputs: false)

        func local(_ v: ValueID) -> ValueID {
            if let m = map[v] { return m }
            let bv = branch[v]
            let nv: ValueID
            if bv.isOuterScope {
                if let existing = og.graph.value(named: bv.name) {
                    nv = existing
                } else {
                    nv = og.editor.value(named: bv.name)
                    og.editor.markOuterScope(nv)
                }
            } else {
                nv = og.editor.addValue(name: "\(prefix)_\(bv.name)", type: bv.type)
                renames.append((bv.name, og.graph[nv].name))
            }
            map[v] = nv
            return nv
        }
        for v in branch.initializerOrder {
            guard let t = branch[v].initializer else { continue }
            let target = local(v)
            var moved = t
            moved.name = og.graph[target].name
            og.editor.setInitializer(target, moved)
        }
        for n in order {
            let bn = branch[n]
            let inputs = bn.inputs.map { $0.map(local) }
            let outputs = bn.outputs.map { $0.map(local) }
            // ORT names an inlined node after its op type, not its name (Graph::InlineIfSubgraph).
            var copy = Node(name: og.uniqueNodeName("\(prefix)_\(bn.opType)"), opType: bn.opType, domain: bn.domain,
                            attributes: renamedSubgraphs(bn.attributes, renames))
            copy.overload = bn.overload
            guard (try? og.addNode(copy, inputs: inputs, outputs: outputs)) != nil else { return true }
        }
        og.dropIfUnused(node.input(0))
        return true
    }

    /// Nested subgraphs read the branch's values by name; they follow the renaming.
    static func renamedSubgraphs(_ attributes: [Attribute], _ renames: [(String, String)]) -> [Attribute] {
        func rename(_ g: Graph) -> Graph {
            var e = GraphEditor(g)
            for (from, to) in renames { e.renameOuterReference(from: from, to: to) }
            return e.graph
        }
        return attributes.map { a in
            var a = a
            switch a.value {
            case .graph(let g): a.value = .graph(rename(g))
            case .graphs(let gs): a.value = .graphs(gs.map(rename))
            default: break
            }
            return a
        }
    }
}
