import CutlineIR

/// ORT's MatmulBNFusion: MatMul (2-D A, constant B) → optional single-consumer Reshape/Transpose chain →
/// BatchNormalization with constant parameters becomes Gemm(A, B·s, bias − mean·s) followed by the same chain,
/// where s = scale / sqrt(var + epsilon) is applied per output column of B.
enum MatmulBNFusion {
    /// Follows single-consumer Reshape/Transpose nodes from `start` to a BatchNormalization (ORT's MatchPath).
    static func batchNorm(after start: NodeID, _ og: OptGraph) -> NodeID? {
        var cur = start
        while og.outputEdgeCount(cur) == 1,
              og.isOp(cur, "Reshape", [1, 5, 13, 14, 19, 21, 23, 24, 25]) || og.isOp(cur, "Transpose", [1, 13, 21, 23, 24, 25]),
              let next = og.outputNodes(cur).first {
            cur = next
        }
        return og.isOp(cur, "BatchNormalization", [1, 6, 7, 9, 14, 15]) ? cur : nil
    }

    static let rule = RewriteRule(name: "MatmulBNFusion", targets: ["MatMul"]) { og, id in
        guard og.isOp(id, "MatMul", [1, 9, 13]), og.outputEdgeCount(id) == 1, !og.producesGraphOutput(id),
              let child = og.outputNodes(id).first, let bn = batchNorm(after: child, og) else { return .none }
        let mm = og.graph[id]
        guard og.isConstantInitializer(mm.input(1)),
              (1...4).allSatisfy({ og.isConstantInitializer(og.graph[bn].input($0)) }),
              og.shape(mm.input(0))?.rank == 2, ConvFusionRules.bnHasOnlyFirstOutput(og, bn) else { return .none }

        guard let b = og.constantInitializer(mm.input(1)), ConvFusionRules.floatingPoint.contains(b.dataType),
              b.dims.count == 2, let p = BNParameters(og, bn, channels: b.dims[1], dataType: b.dataType),
              let scale = p.normalizedScale, let bv = og.tensorValue(b),
              let newB = bv.scaledByAxis(scale, axis: 1, columnMajor: true),
              let scaledMean = p.mean.elementwise(scale, *), let newBias = p.bias.elementwise(scaledMean, -)
        else { return .none }
        let bName = b.name
        let gb = og.addInitializer(newB, name: "MatMulBnFusion_GemmB_" + bName)
        let gc = og.addInitializer(newBias, name: "MatMulBnFusion_GemmBias")
        let outputs = mm.outputs
        let oldB = mm.input(1)
        og.removeNode(id, removeOutputs: false)
        og.dropIfUnused(oldB)
        let gemm: NodeID
        do {
            gemm = try og.addNode(Node(name: og.editor.uniqueName("MatMulBnFusion_Gemm"), opType: "Gemm"),
                                  inputs: [mm.input(0), gb, gc], outputs: outputs)
        } catch {
            return .none
        }
        ConvFusionRules.truncateOutputs(&og, bn)
        // The node before the BatchNormalization takes over its output.
        let parent = child == bn ? gemm : og.inputNode(bn, 0)
        guard let parent else { return .removedCurrentNode }
        ConvFusionRules.fuse(&og, parent, bn)
        return .removedCurrentNode
    }
}
