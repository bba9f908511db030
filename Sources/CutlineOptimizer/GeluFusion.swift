import CutlineIR

/// ORT's GeluFusion as registered at Level 1: only when the model imports ai.onnx opset ≥ 20, where it produces the
/// ai.onnx Gelu (below 20 the contrib Gelu is a Level-2 fusion). Patterns, x the root:
/// `Mul(x, 0.5)` and `Div(x, √2) → Erf → Add(1)` meeting in a Mul, or `Div(x, √2) → Erf → Add(1) → Mul(x, ·) →
/// Mul(0.5)`.
enum GeluFusion {
    static let passName = "GeluFusionL1"
    static let types: Set<DataType> = [.float16, .float, .double]

    static func run(_ og: inout OptGraph) -> Bool {
        guard og.onnxOpset >= 20, let order = og.editor.topologicalOrder() else { return false }
        var modified = false
        for div in order {
            guard !og.isRemoved(div) else { continue }
            if og.recurse(div, { run(&$0) }) { modified = true }
            if fuse(&og, div) { modified = true }
        }
        return modified
    }

    static func fuse(_ og: inout OptGraph, _ div: NodeID) -> Bool {
        guard og.isOp(div, "Div", [7, 13, 14]), og.checkOutputEdges(div, 1), og.inputTypes(div, in: types),
              og.isScalarConstant(og.graph[div].input(1), approximately: 1.4142099618911743)
                || og.isScalarConstant(og.graph[div].input(1), approximately: Float(2).squareRoot()),
              let erf = og.outputNodes(div).first, og.isOp(erf, "Erf", [9, 13]), og.checkOutputEdges(erf, 1),
              og.inputTypes(erf, in: types),
              let add = og.outputNodes(erf).first, og.isOp(add, "Add", [7, 13, 14]), og.checkOutputEdges(add, 1),
              og.inputTypes(add, in: types) else { return false }
        let addNode = og.graph[add]
        let erfOut = og.graph[erf].output(0)
        guard og.isScalarConstant(addNode.input(addNode.input(0) == erfOut ? 1 : 0), approximately: 1),
              let mul = og.outputNodes(add).first, og.isOp(mul, "Mul", [7, 13, 14]), og.inputTypes(mul, in: types)
        else { return false }
        let root = og.graph[div].input(0)
        var chain: [NodeID]
        if let half = og.firstParent(mul, ofType: "Mul") {
            // Pattern 1: the 0.5 factor is applied to the root before the final Mul.
            guard og.isOp(half, "Mul", [7, 13, 14]), og.checkOutputEdges(half, 1), og.inputTypes(half, in: types),
                  let r = og.inputIndex(half, of: root),
                  og.isScalarConstant(og.graph[half].input(r == 0 ? 1 : 0), approximately: 0.5) else { return false }
            chain = [div, erf, add, half, mul]
        } else {
            guard og.checkOutputEdges(mul, 1), og.inputIndex(mul, of: root) != nil,
                  let half = og.outputNodes(mul).first, og.isOp(half, "Mul", [7, 13, 14]) else { return false }
            let h = og.graph[half]
            let constSlot = h.input(0) == og.graph[mul].output(0) ? 1 : 0
            guard og.isScalarConstant(h.input(constSlot), approximately: 0.5) else { return false }
            chain = [div, erf, add, mul, half]
        }
        let name = og.uniqueNodeName("Gelu")
        return og.replace(chain, with: Node(name: name, opType: "Gelu"), inputs: [root]) != nil
    }
}
