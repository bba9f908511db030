import CutlineIR

/// ORT's ConstantFolding transformer.
///
/// - `Shape` folds when its input's shape is fully known (honouring opset-15 `start`/`end`), whatever produces
///   the input; producers left without consumers are then removed bottom-up.
/// - Any other node folds when every input is a constant initializer (no input edge), it has no subgraph, its op is
///   deterministic, it is not a DequantizeLinear outside a foldable DQ→X→Q unit, a CPU kernel computes it, and its
///   estimated output size is known and within the cap (1 GiB; the estimate exists from ORT 1.27 on, earlier
///   releases fold without it).
/// - `If` with a constant condition is replaced by the branch it selects (IfInlining).
enum ConstantFolding {
    static let passName = "ConstantFolding"
    static let maxOutputBytes: Int64 = 1 << 30

    /// Ops whose output shape ONNX inference cannot derive from constant inputs, so ORT 1.31's pre-check skips them.
    static let dataDependentShapes: Set<String> = ["NonZero", "Compress", "StringSplit", "Loop", "Scan",
                                                   "NonMaxSuppression", "TopK", "Unique"]

    static func run(_ og: inout OptGraph, refresh: (inout OptGraph) -> Void) -> Bool {
        guard let order = og.editor.topologicalOrder() else { return false }
        var modified = false
        var updated = false
        for id in order {
            guard !og.isRemoved(id) else { continue }
            if og.hasSubgraphs(id), og.recurse(id, { run(&$0, refresh: refresh) }) { modified = true }
            if updated && !og.hasSubgraphs(id) {
                // ORT re-infers each later node once something folded, so shapes downstream of a fold are known.
                refresh(&og)
                updated = false
            }
            // Fields are read in place: most nodes are rejected at once, and copying each would cost more.
            let opType = og.opType(id)
            var folded: [TensorValue]?
            if opType == "If" {
                if IfInlining.inline(&og, id) {
                    modified = true
                    updated = true
                }
                continue
            } else if opType == "Shape" {
                folded = foldShape(og, og.graph[id])
            } else {
                guard canFold(og, id, checkInputs: true) else { continue }
                if opType == "DequantizeLinear" && !foldableQDQUnit(og, id) { continue }
                folded = evaluate(og, id)
            }
            guard let values = folded else { continue }
            let inputProducers = og.graph.inputEdges(of: id)
            let outs = og.graph[id].outputs
            og.removeNode(id, removeOutputs: false)
            for (k, o) in outs.enumerated() {
                guard let o, k < values.count else { continue }
                let t = values[k].tensor(named: og.graph[o].name)
                og.editor.setInitializer(o, t)
                og.editor.setType(o, .tensor(t.dataType, t.shape))
                og.dropIfUnused(o)
            }
            for p in inputProducers { removeDeadChain(&og, from: p) }
            modified = true
            updated = true
        }
        return modified
    }

    /// Shape of a fully static input.
    static func foldShape(_ og: OptGraph, _ node: Node) -> [TensorValue]? {
        guard let dims = og.shape(node.input(0))?.staticDims else { return nil }
        let r = Int64(dims.count)
        var s = node.attribute("start")?.int ?? 0
        var e = node.attribute("end")?.int ?? Int64.max
        s = s < 0 ? s + r : s
        s = min(max(s, 0), r)
        e = e < 0 ? e + r : e
        e = min(max(e, 0), r)
        let slice = s < e ? Array(dims[Int(s)..<Int(e)]) : []
        return [TensorValue(dataType: .int64, dims: [Int64(slice.count)], ints: slice)]
    }

    static func canFold(_ og: OptGraph, _ id: NodeID, checkInputs: Bool) -> Bool {
        // The input checks first (all conditions are pure): most nodes read a produced value, and the
        // determinism check hashes the op type.
        if checkInputs {
            // Without subgraphs the input edges are the explicit inputs' producers; with subgraphs it fails below.
            for input in og.graph.nodes[id.index].inputs {
                if let input, og.graph.values[input.index].producer != nil { return false }
            }
        }
        guard !og.hasSubgraphs(id),
              Determinism.isDeterministic(domain: og.graph.nodes[id.index].domain, opType: og.opType(id)) else { return false }
        guard checkInputs else { return true }
        return og.graph[id].inputs.allSatisfy { $0 == nil || og.isConstantInitializer($0) }
    }

    /// DQ → X → Q where X is single-input/single-output and all three would fold.
    static func foldableQDQUnit(_ og: OptGraph, _ dq: NodeID) -> Bool {
        guard !og.producesGraphOutput(dq), og.outputEdgeCount(dq) == 1, let x = og.outputNodes(dq).first else { return false }
        let xn = og.graph[x]
        guard xn.inputs.count == 1, xn.outputs.count == 1, !og.producesGraphOutput(x), og.outputEdgeCount(x) == 1,
              let q = og.outputNodes(x).first, og.opType(q) == "QuantizeLinear" else { return false }
        return canFold(og, x, checkInputs: false) && canFold(og, q, checkInputs: false)
    }

    /// Runs the node's kernel on its constant inputs, applying ORT's output-size checks.
    static func evaluate(_ og: OptGraph, _ id: NodeID) -> [TensorValue]? {
        let node = og.graph[id]
        if og.options.behaviour.foldingSizeEstimate {
            guard let estimate = estimatedOutputBytes(og, node), estimate <= maxOutputBytes else { return nil }
        }
        var inputs: [TensorValue?] = []
        for i in node.inputs {
            guard let i else { inputs.append(nil); continue }
            guard let t = og.constantInitializer(i), let v = og.tensorValue(t) else { return nil }
            inputs.append(v)
        }
        guard let out = FoldKernels.evaluate(node, inputs, since: og.sinceVersion(node) ?? og.onnxOpset, storage: og.storage) else { return nil }
        guard out.count >= node.outputs.compactMap({ $0 }).count else { return nil }
        let total = out.reduce(Int64(0)) { $0 + $1.byteCount }
        return total <= maxOutputBytes ? out : nil
    }

    /// ORT 1.31's pre-execution estimate. Where the outputs' static shapes are known they are used; otherwise the
    /// simulation assumes ONNX inference would have derived them from the constant inputs, except for ops whose
    /// output shape depends on the data.
    static func estimatedOutputBytes(_ og: OptGraph, _ node: Node) -> Int64? {
        if dataDependentShapes.contains(node.opType) && node.opType != "Unique" { return nil }
        // ORT's Resolve infers no output shape for these (ResolveInference), so the estimate is unknown: on
        // constant inputs GreaterOrEqual/LessOrEqual fold from opset 16 on but not at opsets 12–15 — unless the
        // model declares a fully static shape for the output in value_info, which the NodeArg keeps (measured
        // with scripts/goldens-optimizer/probe_folding.py).
        if ResolveInference.hasNoShapeInference(node, opset: og.onnxOpset) {
            let declaredStatic = node.outputs.allSatisfy { o in
                o.map { og.graph[$0].type?.shape?.knownElementCount != nil } ?? true
            }
            if !declaredStatic { return nil }
        }
        var total: Int64 = 0
        for o in node.outputs {
            guard let o else { continue }
            if let t = og.graph[o].type, let et = t.elementType, let n = t.shape?.knownElementCount {
                total += et.byteCount(elements: n) ?? 0
            }
        }
        return total
    }

    /// ORT's RemoveNodesWithOneOutputBottomUp as used after a fold: producers left with no consumer and no graph
    /// output are removed, walking up.
    static func removeDeadChain(_ og: inout OptGraph, from start: NodeID) {
        var queue = [start]
        while let n = queue.popLast() {
            guard !og.isRemoved(n), og.outputEdgeCount(n) == 0, !og.producesGraphOutput(n) else { continue }
            let parents = og.graph.inputEdges(of: n)
            og.removeNode(n)
            queue.append(contentsOf: parents)
        }
    }
}
