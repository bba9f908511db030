import CutlineIR

/// A graph reached through control-flow attributes, with the chain of graphs that enclose it.
public struct NestedGraph: Sendable {
    /// `main/<node display name>/<attribute>[index]/…`, as users see it.
    public var path: String
    public var graph: Graph
    /// Enclosing graphs, outermost first (the main graph is `ancestors[0]`).
    public var ancestors: [Graph]
    public var depth: Int { ancestors.count }
}

public enum NestedGraphs {
    /// Every subgraph below `graph`, depth-first in node order (the main graph itself not included).
    public static func all(in graph: Graph, path: String = "main") -> [NestedGraph] {
        var out: [NestedGraph] = []
        collect(graph, path: path, ancestors: [graph], into: &out)
        return out
    }

    private static func collect(_ graph: Graph, path: String, ancestors: [Graph], into out: inout [NestedGraph]) {
        for n in graph.liveNodeIDs {
            for (attr, index, sub) in graph.nodes[n.index].subgraphs {
                let suffix = graph.nodes[n.index].attribute(attr)?.type == .graphs ? "\(attr)[\(index)]" : attr
                let p = "\(path)/\(graph.displayName(of: n))/\(suffix)"
                out.append(NestedGraph(path: p, graph: sub, ancestors: ancestors))
                collect(sub, path: p, ancestors: ancestors + [sub], into: &out)
            }
        }
    }
}
