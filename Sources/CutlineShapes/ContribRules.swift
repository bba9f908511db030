import CutlineIR

/// com.microsoft ops ONNX Runtime's optimizers produce, following the inference functions in onnxruntime's
/// contrib_defs.cc / bert_defs.cc.
enum ContribRules {
    static func register(_ t: inout [String: ShapeRule]) {
        let ms = "com.microsoft"
        t.add(["FastGelu", "Gelu", "BiasGelu", "QuickGelu", "BiasAdd", "BiasSoftmax", "BiasDropout"], domain: ms) { ctx in
            try ctx.passThrough()
        }
        t.add(["FusedConv", "NhwcConv"], domain: ms) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            try NNRules.convPool(&ctx, requireKernelShape: false)
        }
        t.add(["FusedGemm"], domain: ms) { ctx in try TensorRules.gemm(&ctx) }
        t.add(["FusedMatMul", "TransposeMatMul"], domain: ms) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            guard ctx.requireShapes(2), var a = ctx.shape(0), var b = ctx.shape(1) else { return }
            // transA/transB swap the last two dims of a rank ≥ 2 operand before the product.
            if ctx.int("transA", 0) != 0, a.count >= 2 { a.swapAt(a.count - 1, a.count - 2) }
            if ctx.int("transB", 0) != 0, b.count >= 2 { b.swapAt(b.count - 1, b.count - 2) }
            var c = ctx
            c.inputTypes = [.tensor(ctx.elemType(0) ?? .float, Shape(a)), .tensor(ctx.elemType(1) ?? .float, Shape(b))]
            try TensorRules.matmul(&c)
            ctx.outputs = c.outputs
        }
        t.add(["SkipLayerNormalization", "SkipSimplifiedLayerNormalization"], domain: ms) { ctx in
            try ctx.passThrough()
            guard let s = ctx.shape(0) else { return }
            // Outputs 1 and 2 (mean, inverse std) are float with the last dim reduced to 1; output 3 is input + skip.
            for o in [1, 2] where o < ctx.outputCount && ctx.hasOutput(o) {
                ctx.setElem(o, .float)
                ctx.setShape(o, Array(s.dropLast()) + [.value(1)])
            }
            if ctx.outputCount > 3 && ctx.hasOutput(3) { try ctx.passThrough(0, to: 3) }
        }
        t.add(["Attention"], domain: ms) { ctx in
            try ctx.propagateElem(from: 0, to: 0)
            guard ctx.requireShapes(1), let x = ctx.shape(0) else { return }
            guard x.count == 3 else { throw InferenceFailure("Input 0 shall be 3 dimensions") }
            var hidden = Dim.unknown
            if let q = ctx.ints("qkv_hidden_sizes"), q.count == 3 {
                hidden = .value(q[2])
            } else if let bias = ctx.shape(2), bias.count == 1, let v = bias[0].value {
                hidden = .value(v / 3)
            }
            ctx.setShape(0, [x[0], x[1], hidden])
        }
        t.add(["EmbedLayerNormalization"], domain: ms) { ctx in
            try ctx.propagateElem(from: 2, to: 0)
            guard let ids = ctx.shape(0), ids.count == 2, let emb = ctx.shape(2), emb.count == 2 else { return }
            ctx.setShape(0, ids + [emb[1]])
            if ctx.outputCount > 1 && ctx.hasOutput(1) { ctx.setElem(1, .int32); ctx.setShape(1, [ids[0]]) }
        }
    }
}
