import CutlineIR

/// ORT's ahead-of-time inlining as it affects the graph: every call to a model-local function is replaced by the
/// function body (ORT's CPU EP has no kernel for them, so no EP claims them), repeatedly for nested calls.
/// Formal inputs/outputs bind to the call's values, `ref_attr_name` attributes take the call's value or the
/// function's default (and are dropped when neither exists), and Constant nodes in the body become initializers.
/// Schema ops that ONNX defines as functions are not expanded: ORT's CPU EP has kernels for the ones the bundled
/// and third-party models use (see docs/OPTIMIZER.md).
enum FunctionInlining {
    static let passName = "InlineFunctionsAOT"
    static let maxRounds = 64

    static func run(_ model: inout Model, log: inout OptimizationLog) throws {
        guard !model.functions.isEmpty else { return }
        var editor = GraphEditor(model.graph)
        var removed: [String] = [], added: [String] = []
        for _ in 0..<maxRounds {
            var changed = false
            for id in editor.graph.liveNodeIDs {
                let n = editor.graph[id]
                guard let f = model.function(domain: n.domain, name: n.opType, overload: n.overload) else { continue }
                removed.append(editor.graph.displayName(of: id))
                added.append(contentsOf: try inline(&editor, call: id, function: f))
                changed = true
            }
            if !changed { break }
        }
        model.graph = editor.graph
        log.record(passName, step: 0, removed: removed, added: added)
    }

    /// Replaces `call` with the body of `function`; returns the display names of the nodes added.
    static func inline(_ e: inout GraphEditor, call: NodeID, function: Function) throws -> [String] {
        let callNode = e.graph[call]
        let body = function.body
        let prefix = callNode.name.isEmpty ? "\(function.name)_inlined" : callNode.name
        var map: [ValueID: ValueID?] = [:]
        for (i, formal) in body.inputs.enumerated() { map[formal] = i < callNode.inputs.count ? callNode.inputs[i] : nil }
        var outputBinding: [ValueID: ValueID] = [:]
        for (i, formal) in body.outputs.enumerated() {
            if let actual = callNode.output(i) { outputBinding[formal] = actual }
        }
        e.removeNode(call, removeOutputs: false)

        func actual(_ v: ValueID) -> ValueID {
            if let m = map[v], let m { return m }
            if let b = outputBinding[v] { map[v] = b; return b }
            let fresh = e.addValue(name: "\(prefix)_\(body[v].name)", type: body[v].type)
            map[v] = fresh
            return fresh
        }

        var added: [String] = []
        guard let order = body.topologicalOrder() else { throw IRError.invalid("function '\(function.name)' has a cycle") }
        for b in order {
            let bn = body[b]
            let outs = bn.outputs.map { $0.map(actual) }
            if bn.opType == "Constant", bn.isDefaultDomain, let o = outs.first ?? nil,
               let t = ConstantNodes.tensor(of: bn, name: e.graph[o].name) {
                if let dense = t.dense { e.setInitializer(o, dense) }
                if let sparse = t.sparse { e.setSparseInitializer(o, sparse) }
                continue
            }
            let ins: [ValueID?] = bn.inputs.map { input in
                guard let input else { return nil }
                if let m = map[input] { return m }
                return actual(input)
            }
            var attrs: [Attribute] = []
            for a in bn.attributes {
                if a.refAttrName.isEmpty { attrs.append(a); continue }
                if var v = callNode.attribute(a.refAttrName) ?? function.attributeDefaults.first(where: { $0.name == a.refAttrName }) {
                    v.name = a.name
                    attrs.append(v)
                }
            }
            var node = Node(name: bn.name.isEmpty ? "" : "\(prefix)_\(bn.name)", opType: bn.opType, domain: bn.domain,
                            overload: bn.overload, attributes: attrs, docString: bn.docString)
            node.extraFields = bn.extraFields
            let id = try e.addNode(node, inputs: ins, outputs: outs)
            added.append(e.graph.displayName(of: id))
        }
        return added
    }
}
