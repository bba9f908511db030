import CutlineIR

/// Removes what no graph output depends on any more.
public enum DeadCode {
    /// Removes nodes none of whose outputs is used or a graph output, repeatedly; returns how many.
    @discardableResult
    public static func removeDeadNodes(_ graph: inout Graph) -> Int {
        var editor = GraphEditor(graph)
        var removed = 0
        var changed = true
        while changed {
            changed = false
            let order = editor.graph.topologicalOrder() ?? editor.graph.liveNodeIDs
            for id in order.reversed() {
                let n = editor.graph[id]
                let outs = n.outputs.compactMap { $0 }
                guard !outs.isEmpty else { continue }
                let live = outs.contains { editor.graph[$0].hasUses || editor.graph[$0].isGraphOutput }
                if !live {
                    editor.removeNode(id)
                    removed += 1
                    changed = true
                }
            }
        }
        graph = editor.graph
        return removed
    }

    /// Removes initializers nothing reads that are not graph inputs or outputs; returns how many. With `only`,
    /// just those values are considered (a pass drops what it orphaned and leaves the rest of the file alone).
    @discardableResult
    public static func removeUnusedInitializers(_ graph: inout Graph, only: Set<ValueID>? = nil) -> Int {
        var editor = GraphEditor(graph)
        var removed = 0
        for id in graph.initializerOrder {
            if let only, !only.contains(id) { continue }
            let v = editor.graph[id]
            guard !v.isRemoved, !v.hasUses, !v.isGraphInput, !v.isGraphOutput else { continue }
            if (try? editor.removeValue(id)) != nil { removed += 1 }
        }
        graph = editor.graph
        return removed
    }
}

extension DeadCode {
    /// After a pattern pass: removes nodes left dead, then the initializers the pass orphaned (used before it ran,
    /// unused now). Initializers the file already left unused stay.
    static func cleanUp(_ graph: inout Graph, before: Graph) {
        removeDeadNodes(&graph)
        var orphaned = Set<ValueID>()
        for id in before.initializerOrder where before[id].hasUses {
            if id.index < graph.values.count && !graph[id].isRemoved && !graph[id].hasUses { orphaned.insert(id) }
        }
        // Constants the pass created and then did not use (a rewrite that emitted and was superseded).
        for id in graph.initializerOrder where id.index >= before.values.count && !graph[id].hasUses { orphaned.insert(id) }
        removeUnusedInitializers(&graph, only: orphaned)
    }
}
