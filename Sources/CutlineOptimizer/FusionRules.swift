import CutlineIR

/// Level-1 rules that fold a neighbouring node into another.
enum FusionRules {
    /// (1 / x1) * x2 → x2 / x1 when the Div's numerator is a one-element constant equal to 1.
    static let divMulFusion = RewriteRule(name: "DivMulFusion", targets: ["Div"]) { og, id in
        guard og.isOp(id, "Div", [7, 13, 14]), og.outputEdgeCount(id) == 1,
              let mul = og.outputNodes(id).first, og.isOp(mul, "Mul", [7, 13, 14]),
              let t = og.constantInitializer(og.graph[id].input(0)),
              [DataType.float, .float16, .double, .int32, .int64].contains(t.dataType),
              let v = og.tensorValue(t), v.count == 1, v.asReals[0] == 1,
              !og.producesGraphOutput(id), let divOut = og.graph[id].output(0) else { return .none }
        let mulNode = og.graph[mul]
        let other = mulNode.input(0) == divOut ? mulNode.input(1) : mulNode.input(0)
        og.editor.setInput(id, 0, other)
        fuseOutputs(&og, into: id, from: mul)
        return .modifiedRestOfGraph
    }

    /// Relu → Clip: the Relu goes, and Clip's min becomes 0 when it was below 0 (or absent).
    static let fuseReluClip = RewriteRule(name: "FuseReluClip", targets: ["Relu"]) { og, id in
        guard og.isOp(id, "Relu", [6, 13, 14]), og.outputEdgeCount(id) == 1, let clip = og.outputNodes(id).first,
              og.isOp(clip, "Clip", [6, 11, 12, 13]), og.canRemoveNode(id) else { return .none }
        let clipNode = og.graph[clip]
        var replaceMin = false
        var minType = DataType.float
        let attrs = og.isOp(clip, "Clip", [6])
        if attrs {
            replaceMin = (clipNode.attribute("min")?.float ?? -Float.greatestFiniteMagnitude) < 0
        } else if let minInput = clipNode.input(1) {
            guard let t = og.constantInitializer(minInput), let v = og.tensorValue(t), v.count > 0,
                  [DataType.float, .float16, .bfloat16].contains(t.dataType) else { return .none }
            minType = t.dataType
            replaceMin = v.reals[0] < 0
        } else {
            guard let et = og.elementType(clipNode.input(0)) else { return .none }
            minType = et
            replaceMin = true
        }
        guard og.removeNodeMergingEdges(id) else { return .none }
        if replaceMin {
            if attrs {
                og.editor.setAttribute(clip, Attribute(name: "min", value: .float(0)))
            } else {
                let zero = TensorValue.supports(minType) ? (minType.isFloatingPoint
                    ? TensorValue(dataType: minType, dims: [], reals: [0]) : TensorValue(dataType: minType, dims: [], ints: [0]))
                    : TensorValue(dataType: .float, dims: [], reals: [0])
                let z = og.addInitializer(zero, name: "FuseReluClip_\(og.graph[id].name)_min_zero_constant")
                let old = og.graph[clip].input(1)
                og.editor.setInput(clip, 1, z)
                og.dropIfUnused(old)
            }
        }
        return .removedCurrentNode
    }

    /// Not → Where: the Where reads the Not's input and swaps its two value inputs.
    static let notWhereFusion = RewriteRule(name: "NotWhereFusion", targets: ["Where"]) { og, id in
        guard og.isOp(id, "Where", [9, 16]), let not = og.inputNode(id, 0), og.isOp(not, "Not", [1]) else { return .none }
        let consumers = og.outputNodes(not)
        if consumers.count > 1 && !consumers.allSatisfy({ og.isOp($0, "Where", [9, 16]) }) { return .none }
        guard og.canRemoveNode(not), let notIn = og.graph[not].input(0), let notOut = og.graph[not].output(0)
        else { return .none }
        let wheres = Array(Set(og.graph[notOut].uses.map(\.node))).sorted()
        for w in wheres {
            let n = og.graph[w]
            let a = n.input(1), b = n.input(2)
            og.editor.setInput(w, 1, b)
            og.editor.setInput(w, 2, a)
        }
        og.editor.replaceAllUses(of: notOut, with: notIn, includingGraphOutputs: false)
        og.removeNode(not)
        return .modifiedRestOfGraph
    }

    /// ORT's FinalizeNodeFusion for two nodes: `keep` takes over `gone`'s outputs and `gone` is removed.
    static func fuseOutputs(_ og: inout OptGraph, into keep: NodeID, from gone: NodeID) {
        let oldOuts = og.graph[keep].outputs
        let newOuts = og.graph[gone].outputs
        og.removeNode(gone, removeOutputs: false)
        for (k, o) in oldOuts.enumerated() { if o != nil { try? og.editor.setOutput(keep, k, nil) } }
        for (k, o) in newOuts.enumerated() { try? og.editor.setOutput(keep, k, o) }
        for o in oldOuts.compactMap({ $0 }) { og.dropIfUnused(o) }
    }
}
