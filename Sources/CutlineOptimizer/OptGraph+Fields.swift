import CutlineIR

/// In-place field reads for the passes' per-node loops. Going through `Graph`'s subscript (or a computed member of
/// `Node`, both in another module and not inlined) copies the whole graph or node struct on every read; a stored
/// array read by index does not.
extension OptGraph {
    func isRemoved(_ id: NodeID) -> Bool { graph.nodes[id.index].isRemoved }
    func isRemoved(_ id: ValueID) -> Bool { graph.values[id.index].isRemoved }
    func opType(_ id: NodeID) -> String { graph.nodes[id.index].opType }
    func hasSubgraphs(_ id: NodeID) -> Bool { Graph.hasGraphAttribute(graph.nodes[id.index].attributes) }

    /// False only when `constantInitializer(id)` is nil: the value is absent, or local and not an initializer.
    func mayBeConstantInitializer(_ id: ValueID?) -> Bool {
        guard let id else { return false }
        return graph.values[id.index].isOuterScope || graph.values[id.index].initializer != nil
    }
}

extension Graph {
    /// `Node.hasSubgraphs` on the attribute list alone.
    static func hasGraphAttribute(_ attributes: [Attribute]) -> Bool {
        for a in attributes {
            switch a.value {
            case .graph?, .graphs?: return true
            default: continue
            }
        }
        return false
    }
}
