import CutlineIR

// Outside CutlineIR, `graph[id]` and a node's computed properties work on a copy of the whole node or value: the
// subscript is a coroutine that is not inlined across modules (it allocates a frame and copies the element), and a
// method called on an array element gets its own copy of `self`. On large graphs those copies (a retain of every
// field, each a likely cache miss) dominated the profile, so hot paths read the stored fields they need through
// `graph.nodes[i]` / `graph.values[i]` and these helpers.
extension Graph {
    /// `nodes[i].hasSubgraphs`, reading only the attribute list.
    func holdsSubgraphs(_ i: Int) -> Bool {
        nodes[i].attributes.contains { a in
            switch a.value {
            case .graph?, .graphs?: true
            default: false
            }
        }
    }

    /// `nodes[i].isDefaultDomain`, reading only the domain.
    func inDefaultDomain(_ i: Int) -> Bool {
        let d = nodes[i].domain
        return d.isEmpty || d == "ai.onnx"
    }
}
