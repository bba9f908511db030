/// What each pass did, in the order passes ran.
public struct OptimizationLog: Sendable, Hashable {
    public struct Entry: Sendable, Hashable, CustomStringConvertible {
        /// ORT's name for the pass (`EliminateIdentity`, `ConstantFolding`, …).
        public var pass: String
        /// 1-based step of ORT's transformer loop; 0 for load-time work.
        public var step: Int
        /// Display names of nodes removed and added, in the order it happened.
        public var removed: [String]
        public var added: [String]
        public var description: String {
            "\(pass)[\(step)]: -\(removed.count) +\(added.count)"
        }
    }

    public var entries: [Entry] = []
    /// Steps the Level-1 loop ran (it stops early at the first step that changes nothing).
    public var steps: Int = 0
    public var nodesBefore: Int = 0
    public var nodesAfter: Int = 0

    public init() {}

    /// Removed/added counts summed per pass name.
    public var totals: [String: (removed: Int, added: Int)] {
        var out: [String: (Int, Int)] = [:]
        for e in entries {
            let t = out[e.pass] ?? (0, 0)
            out[e.pass] = (t.0 + e.removed.count, t.1 + e.added.count)
        }
        return out
    }

    mutating func record(_ pass: String, step: Int, removed: [String], added: [String]) {
        guard !removed.isEmpty || !added.isEmpty else { return }
        entries.append(Entry(pass: pass, step: step, removed: removed, added: added))
    }
}
