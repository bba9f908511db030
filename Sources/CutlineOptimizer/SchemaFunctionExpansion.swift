import CutlineIR

/// ORT's partitioner inlines a node that no execution provider claimed when its ONNX schema defines a function
/// body (`InlineNodes` in graph_partitioner.cc), then partitions again. With ORT's CPU EP registered, the ai.onnx
/// ops below are the function ops it has no CPU kernel for (measured with
/// scripts/goldens-optimizer/probe_function_ops.py on onnxruntime 1.31.1 at opsets 14–23), so they are expanded
/// whenever the other EPs do not take them. The bodies follow onnx's schema functions. Level-1 optimizations do
/// not run again on the expanded nodes.
public enum SchemaFunctionExpansion {
    public static let passName = "InlineNodes"

    /// The first schema version ORT inlines for each op (earlier schemas have CPU kernels or no function body).
    static let firstInlinedVersion: [String: Int64] = ["CastLike": 15, "HardSwish": 14, "Mish": 18, "Bernoulli": 15]

    /// Whether ORT would expand this node when no EP claims it.
    public static func isExpandable(_ node: Node, opset: Int64) -> Bool {
        guard node.isDefaultDomain, let first = firstInlinedVersion[node.opType],
              let since = OpSinceVersions.table[node.opType]?.last(where: { $0 <= opset }) else { return false }
        return since >= first
    }

    /// Expands the given nodes (those of `ids` that are expandable) in the main graph; returns the display names
    /// of the nodes added.
    @discardableResult
    public static func expand(_ model: inout Model, nodes ids: [NodeID]) -> [String] {
        let opset = model.opsetVersion(for: "") ?? 0
        var opsets: [String: Int64] = [:]
        for o in model.opsetImports { opsets[o.domain == "ai.onnx" ? "" : o.domain] = o.version }
        var og = OptGraph(editor: GraphEditor(model.graph), irVersion: model.irVersion, opsets: opsets,
                          storage: model.storage, options: OptimizerOptions())
        for id in ids where !og.isRemoved(id) && isExpandable(og.graph[id], opset: opset) { _ = expand(&og, id) }
        model.graph = og.editor.graph
        return og.takeLog().added
    }

    /// Expands every expandable node of the graph and its subgraphs (what the partitioner does when only the CPU
    /// EP is registered). Returns whether anything changed.
    static func expandAll(_ og: inout OptGraph) -> Bool {
        var changed = false
        for id in og.graph.liveNodeIDs {
            if og.hasSubgraphs(id), og.recurse(id, { expandAll(&$0) }) { changed = true }
            if isExpandable(og.graph[id], opset: og.onnxOpset), expand(&og, id) { changed = true }
        }
        return changed
    }

    /// Replaces one node by its function body.
    static func expand(_ og: inout OptGraph, _ id: NodeID) -> Bool {
        let node = og.graph[id]
        guard let x = node.input(0), let y = node.output(0) else { return false }
        let base = node.name.isEmpty ? node.opType : node.name
        var body: [(Node, [ValueID?], [ValueID?])] = []
        func temp(_ name: String) -> ValueID { og.editor.addValue(name: og.editor.uniqueName("\(base)_\(name)")) }
        func make(_ op: String, _ attrs: [Attribute] = []) -> Node {
            Node(name: og.uniqueNodeName("\(base)_\(op)"), opType: op, attributes: attrs)
        }
        switch node.opType {
        case "CastLike":
            guard let target = og.elementType(node.input(1)) else { return false }
            var attrs = [Attribute(name: "to", value: .int(Int64(target.code)))]
            if let s = node.attribute("saturate") { attrs.append(s) }
            body = [(make("Cast", attrs), [x], [y])]
        case "HardSwish":
            let hs = temp("HS_X")
            body = [(make("HardSigmoid", [Attribute(name: "alpha", value: .float(Float(1) / 6)),
                                          Attribute(name: "beta", value: .float(0.5))]), [x], [hs]),
                    (make("Mul"), [x, hs], [y])]
        case "Mish":
            let sp = temp("Softplus_X"), th = temp("TanHSoftplusX")
            body = [(make("Softplus"), [x], [sp]), (make("Tanh"), [sp], [th]), (make("Mul"), [x, th], [y])]
        case "Bernoulli":
            guard let inType = og.elementType(x) else { return false }
            let r = temp("X_random"), gt = temp("X_greater")
            var uniform = [Attribute(name: "low", value: .float(0)), Attribute(name: "high", value: .float(1)),
                           Attribute(name: "dtype", value: .int(Int64(inType.code)))]
            if let seed = node.attribute("seed") { uniform.append(seed) }
            let to = node.attribute("dtype")?.int ?? Int64(inType.code)
            body = [(make("RandomUniformLike", uniform), [x], [r]), (make("Greater"), [r, x], [gt]),
                    (make("Cast", [Attribute(name: "to", value: .int(to))]), [gt], [y])]
        default:
            return false
        }
        og.removeNode(id, removeOutputs: false)
        for (n, inputs, outputs) in body {
            guard (try? og.addNode(n, inputs: inputs, outputs: outputs)) != nil else { return false }
        }
        return true
    }
}
