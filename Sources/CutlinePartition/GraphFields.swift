import CutlineIR

// Outside CutlineIR, `graph[id]` and a node's computed properties work on a copy of the whole node or value: the
// subscript is a coroutine that is not inlined across modules (it allocates a frame and copies the element), and a
// method called on an array element gets its own copy of `self`. On large graphs those copies (a retain of every
// field, each a likely cache miss) dominated the profile, so hot paths read the stored fields they need through
// `graph.nodes[i]` / `graph.values[i]` and this helper.
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
}
