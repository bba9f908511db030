import CutlineIR

/// Re-inference after a local edit of a graph whose types are already the result of `ShapeInference.infer`.
///
/// A full run over such a graph gives every untouched node the type it already has (inference is deterministic,
/// and each node was inferred after its inputs), so only the edited nodes and the nodes downstream of an output
/// whose type actually changes need to run again, in topological order. The one thing a full run decides globally
/// is the name of a fresh `unk__N` symbol (it depends on how many were drawn before, in the whole graph); whenever
/// an edited node would keep such a fresh symbol, this gives up and the caller runs the full inference.
public enum IncrementalInference {
    /// Re-infers the main graph's `dirty` nodes and what their changes reach. Returns false, leaving the model
    /// untouched, when the result could differ from a full `ShapeInference.infer(&model, options:)`; the caller
    /// must then run that.
    ///
    /// Supported only without data propagation and constant evaluation (the values those propagate are not kept
    /// in the graph). `fixedOutputs` names nodes the engine must not infer: it returns the output types such a
    /// node gets instead (nil for an ordinary node). `order`: the graph's `topologicalOrder()` when the caller
    /// already has it (nil: computed here).
    public static func reinfer(_ model: inout Model, dirty: [NodeID], options: ShapeInferenceOptions,
                               order: [NodeID]? = nil,
                               fixedOutputs: (Node) -> [ValueType?]? = { _ in nil }) -> Bool {
        guard !options.dataPropagation, !options.evaluateConstants else { return false }
        if dirty.isEmpty { return true }
        var editor = GraphEditor(model.graph)
        // The editor now holds the only reference, so type updates do not copy the value array.
        model.graph = Graph()
        let ok = run(&editor, model: model, dirty: dirty, options: options, order: order, fixedOutputs: fixedOutputs)
        model.graph = editor.graph
        return ok
    }

    private static func run(_ editor: inout GraphEditor, model: Model, dirty: [NodeID], options: ShapeInferenceOptions,
                            order knownOrder: [NodeID]?, fixedOutputs: (Node) -> [ValueType?]?) -> Bool {
        let count = editor.graph.nodes.count
        var marked = [Bool](repeating: false, count: count)
        var pending = 0
        for id in dirty where id.index < count && !marked[id.index] && !editor.graph.nodes[id.index].isRemoved {
            marked[id.index] = true
            pending += 1
        }
        if pending == 0 { return true }
        guard let order = knownOrder ?? editor.graph.topologicalOrder() else { return false }
        // Updates are collected and written at the end so that giving up leaves the graph as it was.
        var updates: [(ValueID, ValueType?)] = []
        var current: [Int: ValueType?] = [:]
        func type(_ v: ValueID) -> ValueType? {
            if let t = current[v.index] { return t }
            return editor.graph.values[v.index].type
        }
        func markConsumers(_ v: ValueID) {
            for u in editor.graph.values[v.index].uses where !marked[u.node.index] {
                marked[u.node.index] = true
                pending += 1
            }
            for n in editor.graph.values[v.index].implicitUses where !marked[n.index] {
                marked[n.index] = true
                pending += 1
            }
        }
        func set(_ v: ValueID, _ t: ValueType?) {
            guard t != type(v) else { return }
            current[v.index] = t
            updates.append((v, t))
            markConsumers(v)
        }

        let registry = options.registry
        let imports = model.opsetImports
        for nid in order where pending > 0 {
            guard marked[nid.index] else { continue }
            pending -= 1
            let node = editor.graph.nodes[nid.index]
            if let fixed = fixedOutputs(node) {
                for (i, o) in node.outputs.enumerated() { if let o, i < fixed.count { set(o, fixed[i]) } }
                continue
            }
            // Subgraph bodies draw fresh symbols for their formal inputs, so only a full run names them right.
            if node.hasSubgraphs { return false }
            let domainVersion = importedVersion(imports, domain: node.domain)
            let schema = domainVersion.flatMap { registry.schema(domain: node.domain, opType: node.opType, opsetVersion: $0) }
            guard let schema, let rule = Rules.rule(domain: node.domain, opType: node.opType) else {
                // Function calls infer a body (fresh symbols again); anything else is left as it is by a full run.
                if schema == nil, model.function(domain: node.domain, name: node.opType, overload: node.overload) != nil {
                    return false
                }
                continue
            }
            var inputTypes: [ValueType?] = []
            var inputNames: [String?] = []
            var inputData: [TensorLiteral?] = []
            inputTypes.reserveCapacity(node.inputs.count)
            inputNames.reserveCapacity(node.inputs.count)
            inputData.reserveCapacity(node.inputs.count)
            for input in node.inputs {
                guard let input else {
                    inputTypes.append(nil); inputNames.append(nil); inputData.append(nil)
                    continue
                }
                let v = editor.graph.values[input.index]
                // A full run reads Constant-node values as it passes them and types initializers from their
                // tensor when untyped; neither is worth replicating here.
                if let p = v.producer, editor.graph.nodes[p.index].opType == "Constant" { return false }
                if v.isOuterScope { return false }
                let t = type(input)
                if let tensor = v.initializer {
                    if t == nil { return false }
                    inputData.append(TensorLiteral(tensor: tensor, storage: model.storage, maxElements: options.maxConstantElements))
                } else {
                    inputData.append(nil)
                }
                inputTypes.append(t)
                inputNames.append(v.name)
            }
            var ctx = NodeInferenceContext(
                node: node, since: schema.sinceVersion, inputTypes: inputTypes, inputNames: inputNames,
                inputData: inputData, symbolicInputs: [[Dim]?](repeating: nil, count: node.inputs.count),
                outputs: [ValueType?](repeating: nil, count: node.outputs.count))
            do {
                try rule(&ctx)
            } catch {
                // A failing node keeps its outputs' types in a full run too.
                continue
            }
            for (i, o) in node.outputs.enumerated() {
                guard let o, let inferred = ctx.outputs[i], inferred != .unspecified else { continue }
                guard let merged = try? TypeMerge.merge(inferred: inferred, existing: type(o)) else { continue }
                // An unknown dim left after merging is where a full run would keep a fresh symbol.
                if merged.hasUnknownDim { return false }
                set(o, merged)
            }
        }
        for (v, t) in updates { editor.setType(v, t) }
        return true
    }
}

extension ValueType {
    /// Whether any dim of the type (or of a nested element type) has neither value nor name.
    var hasUnknownDim: Bool {
        switch self {
        case .tensor(_, let s), .sparseTensor(_, let s): return s?.dims.contains(.unknown) ?? false
        case .sequence(let e), .optional(let e): return e?.hasUnknownDim ?? false
        case .map(_, let v): return v?.hasUnknownDim ?? false
        default: return false
        }
    }
}
