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

        // Name index ↔ values.
        for (i, v) in graph.values.enumerated() where !v.isRemoved {
            if graph.nameIndex[v.name] != ValueID(i) { fail("value '\(v.name)' is missing from the name index") }
        }
        for (name, id) in graph.nameIndex {
            if id.index >= graph.values.count || graph.values[id.index].isRemoved || graph.values[id.index].name != name {
                fail("name index entry '\(name)' points to a removed or renamed value")
            }
        }

        // Producers and uses rebuilt from the nodes.
        var expectedUses = [[Use]](repeating: [], count: graph.values.count)
        var producerOf = [NodeID?](repeating: nil, count: graph.values.count)
        var live = 0
        for (i, n) in graph.nodes.enumerated() where !n.isRemoved {
            live += 1
            let id = NodeID(i)
            for (slot, v) in n.inputs.enumerated() {
                guard let v else { continue }
                guard v.index < graph.values.count, !graph.values[v.index].isRemoved else {
                    fail("node \(graph.displayName(of: id)) reads a removed value"); continue
                }
                expectedUses[v.index].append(Use(node: id, input: slot))
                if !graph.values[v.index].isDefined {
                    fail("node \(graph.displayName(of: id)) reads '\(graph.values[v.index].name)', which nothing defines")
                }
            }
            for o in n.outputs {
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
            for (attr, k, g) in n.subgraphs {
                var names = outerNames ?? []
                for v in graph.values where !v.isRemoved && v.isDefined { names.insert(v.name) }
                let sub = failures(g, path: "\(path)/\(graph.displayName(of: id)):\(attr)\(k > 0 ? "[\(k)]" : "")",
                                   outerNames: names, limit: limit - out.count)
                out.append(contentsOf: sub)
            }
        }
        if live != graph.liveNodeCount { fail("live node count \(graph.liveNodeCount) does not match \(live) live nodes") }
        for (i, v) in graph.values.enumerated() where !v.isRemoved {
            if v.uses != expectedUses[i].sorted() { fail("use-list of '\(v.name)' does not match the nodes that read it") }
            if let p = v.producer, producerOf[i] != p { fail("value '\(v.name)' names a producer that does not output it") }
            if v.isOuterScope {
                if outerNames == nil { fail("main graph value '\(v.name)' is marked as coming from an outer scope") }
                else if !(outerNames!.contains(v.name)) { fail("'\(v.name)' is read from an outer scope that does not define it") }
            }
            if v.initializer != nil && !graph.initializerOrder.contains(ValueID(i)) { fail("initializer '\(v.name)' is not listed") }
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
}
