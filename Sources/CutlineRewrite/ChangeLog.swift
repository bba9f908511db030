import CutlineIR

/// One pass's entry in the change log.
public struct PassRecord: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable {
        /// The pass ran and changed the graph.
        case applied
        /// The pass ran and found nothing to change.
        case unchanged
        /// The precondition said the pass does not apply.
        case skipped
        /// `--auto` ran it and dropped it because it did not help.
        case reverted
    }

    public var pass: String
    public var status: Status
    /// For skipped passes: why.
    public var reason: String?
    public var nodesBefore: Int
    public var nodesAfter: Int
    /// Qualified op type → count of nodes the pass removed / added.
    public var removed: [String: Int]
    public var added: [String: Int]
    public var initializersBefore: Int
    public var initializersAfter: Int
    public var report: PassReport

    public var removedCount: Int { removed.values.reduce(0, +) }
    public var addedCount: Int { added.values.reduce(0, +) }

    /// `-3 Erf, -3 Div … +3 Tanh …`, sorted by op for stable output.
    public var diffSummary: String {
        let r = removed.keys.sorted().map { "-\(removed[$0] ?? 0) \(Self.short($0))" }
        let a = added.keys.sorted().map { "+\(added[$0] ?? 0) \(Self.short($0))" }
        return (r + a).joined(separator: ", ")
    }

    static func short(_ qualified: String) -> String {
        qualified.hasPrefix("ai.onnx:") ? String(qualified.dropFirst(8)) : qualified
    }
}

/// Node-level difference between two versions of one graph. Node IDs are stable across edits, so a node is
/// removed when its ID went dead and added when its ID is new.
enum GraphDiff {
    static func compute(before: Graph, after: Graph) -> (removed: [String: Int], added: [String: Int]) {
        var removed: [String: Int] = [:]
        var added: [String: Int] = [:]
        for i in before.nodes.indices where !before.nodes[i].isRemoved {
            if i >= after.nodes.count || after.nodes[i].isRemoved { removed[before.nodes[i].qualifiedOpType, default: 0] += 1 }
        }
        for i in after.nodes.indices where !after.nodes[i].isRemoved {
            if i >= before.nodes.count || before.nodes[i].isRemoved { added[after.nodes[i].qualifiedOpType, default: 0] += 1 }
        }
        return (removed, added)
    }
}
