import CutlineIR

/// In-place field reads for the passes' per-node loops: a stored array read by index, never a copy of the whole
/// node or graph struct.
extension OptGraph {
    func isRemoved(_ id: NodeID) -> Bool { graph.nodes[id.index].isRemoved }
    func isRemoved(_ id: ValueID) -> Bool { graph.values[id.index].isRemoved }
    func opType(_ id: NodeID) -> String { graph.nodes[id.index].opType }
    func hasSubgraphs(_ id: NodeID) -> Bool { graph.nodes[id.index].hasSubgraphs }

    /// False only when `constantInitializer(id)` is nil: the value is absent, or local and not an initializer.
    func mayBeConstantInitializer(_ id: ValueID?) -> Bool {
        guard let id else { return false }
        return graph.values[id.index].isOuterScope || graph.values[id.index].hasDenseInitializer
    }
}
