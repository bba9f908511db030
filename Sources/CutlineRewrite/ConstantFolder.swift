import CutlineIR
import CutlineShapes

/// Replaces nodes whose outputs the model fixes by initializers holding those outputs. A node folds when every
/// input is a constant (or, for Shape and Size, when its input's inferred shape is static), the constant
/// evaluator has a kernel for it, and every result stays within the size cap. Types are re-inferred between
/// rounds so that shapes made static by one round let the next fold further.
public enum ConstantFolder {
    public struct Result: Hashable, Sendable {
        /// Op type → nodes folded.
        public var folded: [String: Int] = [:]
        /// Identity nodes on constants bypassed (their consumers read the constant directly).
        public var bypassed = 0
        public var rounds = 0
        public var total: Int { folded.values.reduce(0, +) + bypassed }
    }

    public static func fold(_ model: inout Model, maxElements: Int, maxRounds: Int = 8) -> Result {
        var result = Result()
        let opset = model.opsetVersion(for: "") ?? 1
        forgetIntermediateTypes(&model.graph)
        for round in 1...max(1, maxRounds) {
            result.rounds = round
            _ = ShapeInference.infer(&model)
            let lookup = ConstantLookup(storage: model.storage, irVersion: model.irVersion, maxElements: maxElements)
            var editor = GraphEditor(model.graph)
            var changed = false
            for id in model.graph.topologicalOrder() ?? model.graph.liveNodeIDs {
                let node = editor.graph[id]
                guard !node.isRemoved, node.isDefaultDomain, !node.hasSubgraphs, node.opType != "Constant",
                      !node.outputs.contains(where: { $0.map { editor.graph[$0].isGraphOutput } ?? false }) else { continue }
                if node.opType == "Identity", let x = node.input(0), let y = node.output(0), lookup.isConstant(x, in: editor.graph) {
                    editor.replaceAllUses(of: y, with: x, includingGraphOutputs: false)
                    editor.removeNode(id)
                    result.bypassed += 1
                    changed = true
                    continue
                }
                guard let outs = evaluate(node, graph: editor.graph, lookup: lookup, opset: opset,
                                          storage: model.storage, maxElements: maxElements) else { continue }
                let slots = node.outputs
                guard outs.count >= slots.count else { continue }
                var tensors: [(ValueID, Tensor)] = []
                for (k, o) in slots.enumerated() {
                    guard let o else { continue }
                    guard let t = outs[k].tensor(named: editor.graph[o].name) else { tensors = []; break }
                    tensors.append((o, t))
                }
                guard !tensors.isEmpty else { continue }
                editor.removeNode(id, removeOutputs: false)
                for (o, t) in tensors {
                    editor.setInitializer(o, t)
                    editor.setType(o, .tensor(t.dataType, t.shape))
                }
                result.folded[node.opType, default: 0] += 1
                changed = true
            }
            model.graph = editor.graph
            DeadCode.removeDeadNodes(&model.graph)
            if !changed { break }
        }
        return result
    }

    /// Drops every type not declared on a graph input or carried by an initializer, so inference starts from the
    /// inputs alone. Folding Shape trusts the shapes it sees; a stale or wrong `value_info` in the file must not
    /// become a constant.
    static func forgetIntermediateTypes(_ graph: inout Graph) {
        var editor = GraphEditor(graph)
        for v in graph.liveValueIDs where !graph[v].isGraphInput && graph[v].initializer == nil && graph[v].type != nil {
            editor.setType(v, nil)
        }
        graph = editor.graph
    }

    /// The node's outputs when the model fixes them, nil otherwise.
    static func evaluate(_ node: Node, graph: Graph, lookup: ConstantLookup, opset: Int64, storage: ModelStorage?,
                         maxElements: Int) -> [TensorLiteral]? {
        if node.opType == "Shape" || node.opType == "Size" {
            if let dims = node.input(0).flatMap({ graph[$0].type?.shape?.staticDims }) {
                if node.opType == "Size" { return [.scalar(dims.reduce(1, *))] }
                let r = Int64(dims.count)
                func clamp(_ v: Int64) -> Int64 { min(max(v < 0 ? v + r : v, 0), r) }
                let s = clamp(node.attribute("start")?.int ?? 0)
                let e = clamp(node.attribute("end")?.int ?? r)
                return [.ints(s < e ? Array(dims[Int(s)..<Int(e)]) : [])]
            }
        }
        var inputs: [TensorLiteral?] = []
        for slot in node.inputs {
            guard let slot else { inputs.append(nil); continue }
            guard let lit = lookup.literal(slot, in: graph) else { return nil }
            inputs.append(lit)
        }
        guard !inputs.isEmpty else { return nil }
        // The evaluator only compares against schema change points, so the model opset stands in for the node's
        // resolved since-version.
        return ConstantEvaluator.evaluate(opType: node.opType, domain: node.domain, sinceVersion: opset,
                                          attributes: node.attributes, inputs: inputs, maxElements: maxElements,
                                          storage: storage)
    }
}
