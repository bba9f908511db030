/// Checks the invariants every pass must keep: use-lists match node inputs, one producer per value, no
/// dangling references, graph outputs and initializers exist, the graph is acyclic; recursively in subgraphs,
/// where outer-scope names must resolve in an enclosing graph.
public enum Verifier {
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        /// Path of the graph, e.g. `main` or `main/If_0:then_branch`.
        public var graphPath: String
        public var message: String
        public var description: String { "\(graphPath): \(message)" }
    }

    /// Verifies `graph`; throws the first failure.
    public static func verify(_ graph: Graph, path: String = "main") throws {
        if let f = failures(graph, path: path, outerNames: nil, limit: 1).first { throw f }
    }

    /// All failures, up to `limit`.
    public static func failures(_ graph: Graph, path: String = "main", outerNames: Set<String>? = nil,
                                limit: Int = 100) -> [Failure] {
        var out: [Failure] = []
        func fail(_ m: String) { if out.count < limit { out.append(Failure(graphPath: path, message: m)) } }

        // Name index ↔ values. Every entry must point to a live value of that name; entries have distinct
        // names, so they point to distinct values, and when there are as many entries as live values every live
        // value is indexed. Only when the counts differ is each value looked up, to name the missing one.
        var indexValid = true
        for (name, id) in graph.nameIndex {
            if id.index >= graph.values.count || graph.values[id.index].isRemoved || graph.values[id.index].name != name {
                fail("name index entry '\(name)' points to a removed or renamed value")
                indexValid = false
            }
        }
        var liveValues = 0
        for i in graph.values.indices where !graph.values[i].isRemoved { liveValues += 1 }
        if !indexValid || liveValues != graph.nameIndex.count {
            for i in graph.values.indices where !graph.values[i].isRemoved {
                if graph.nameIndex[graph.values[i].name] != ValueID(i) {
                    fail("value '\(graph.values[i].name)' is missing from the name index")
                }
            }
        }

        // Producers and uses rebuilt from the nodes.
        // Use-lists are checked entry by entry against the node inputs they name, plus a count per value, rather
        // than by rebuilding every list (one allocation per value).
        var expectedUseCount = [Int32](repeating: 0, count: graph.values.count)
        var producerOf = [NodeID?](repeating: nil, count: graph.values.count)
        var live = 0
        // Names visible to subgraphs, built once on the first node that has any (not once per such node).
        var namesForSubgraphs: Set<String>?
        for i in graph.nodes.indices where !graph.nodes[i].isRemoved {
            live += 1
            let id = NodeID(i)
            for (slot, v) in graph.nodes[i].inputs.enumerated() {
                guard let v else { continue }
                guard v.index < graph.values.count, !graph.values[v.index].isRemoved else {
                    fail("node \(graph.displayName(of: id)) reads a removed value"); continue
                }
                expectedUseCount[v.index] += 1
                if !graph.values[v.index].isDefined {
                    fail("node \(graph.displayName(of: id)) reads '\(graph.values[v.index].name)', which nothing defines")
                }
            }
            for o in graph.nodes[i].outputs {
                guard let o else { continue }
                if let p = producerOf[o.index] {
                    fail("value '\(graph.values[o.index].name)' has two producers: \(graph.displayName(of: p)) and \(graph.displayName(of: id))")
                }
                producerOf[o.index] = id
                if graph.values[o.index].producer != id {
                    fail("value '\(graph.values[o.index].name)' does not record \(graph.displayName(of: id)) as its producer")
                }
                if graph.values[o.index].isInitializer || graph.values[o.index].isGraphInput {
                    fail("value '\(graph.values[o.index].name)' is produced by \(graph.displayName(of: id)) and is also an input or initializer")
                }
            }
            // Subgraphs.
            guard graph.nodes[i].hasSubgraphs else { continue }
            for (attr, k, g) in graph.nodes[i].subgraphs {
                if namesForSubgraphs == nil {
                    var names = outerNames ?? []
                    for v in graph.values where !v.isRemoved && v.isDefined { names.insert(v.name) }
                    namesForSubgraphs = names
                }
                let names = namesForSubgraphs ?? []
                let sub = failures(g, path: "\(path)/\(graph.displayName(of: id)):\(attr)\(k > 0 ? "[\(k)]" : "")",
                                   outerNames: names, limit: limit - out.count)
                out.append(contentsOf: sub)
            }
        }
        if live != graph.liveNodeCount { fail("live node count \(graph.liveNodeCount) does not match \(live) live nodes") }
        let listed = Set(graph.initializerOrder)
        for i in graph.values.indices where !graph.values[i].isRemoved {
            // Fields are read in place: binding the whole value would retain every field of every value.
            if !useListMatches(graph, ValueID(i), expectedCount: Int(expectedUseCount[i])) {
                fail("use-list of '\(graph.values[i].name)' does not match the nodes that read it")
            }
            if let p = graph.values[i].producer, producerOf[i] != p {
                fail("value '\(graph.values[i].name)' names a producer that does not output it")
            }
            if graph.values[i].isOuterScope {
                if let outerNames {
                    if !outerNames.contains(graph.values[i].name) {
                        fail("'\(graph.values[i].name)' is read from an outer scope that does not define it")
                    }
                } else {
                    fail("main graph value '\(graph.values[i].name)' is marked as coming from an outer scope")
                }
            }
            if graph.values[i].initializer != nil && !listed.contains(ValueID(i)) {
                fail("initializer '\(graph.values[i].name)' is not listed")
            }
        }
        for o in graph.outputInfos {
            let v = graph.values[o.value.index]
            if v.isRemoved || !v.isDefined { fail("graph output '\(v.name)' is not defined") }
        }
        for i in graph.initializerOrder where graph.values[i.index].isRemoved || graph.values[i.index].initializer == nil {
            fail("listed initializer '\(graph.values[i.index].name)' has no tensor")
        }
        if out.isEmpty && graph.topologicalOrder() == nil { fail("the graph has a cycle") }
        return out
    }

    /// Whether `value`'s use-list is sorted, free of duplicates, names only live nodes whose input slot reads
    /// `value`, and has as many entries as there are such slots: together, equal to the list rebuilt from the nodes.
    private static func useListMatches(_ graph: Graph, _ value: ValueID, expectedCount: Int) -> Bool {
        let uses = graph.values[value.index].uses
        guard uses.count == expectedCount else { return false }
        for (k, u) in uses.enumerated() {
            if k > 0 && !(uses[k - 1] < u) { return false }
            guard u.node.index >= 0, u.node.index < graph.nodes.count, !graph.nodes[u.node.index].isRemoved,
                  u.input >= 0, u.input < graph.nodes[u.node.index].inputs.count,
                  graph.nodes[u.node.index].inputs[u.input] == value else { return false }
        }
        return true
    }
}
