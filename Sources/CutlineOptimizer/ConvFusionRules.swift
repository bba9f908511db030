import CutlineIR

/// Level-1 rules that fold a per-channel Add, Mul or BatchNormalization after a Conv into the Conv's weights
/// (ORT's ConvAddFusion, ConvMulFusion, ConvBNFusion). Weights are read from the model file only once every
/// structural precondition holds; the fused weights become new in-memory initializers.
enum ConvFusionRules {
    static let convVersions: [Int64] = [1, 11, 22]
    static let floatingPoint: Set<DataType> = [.float, .float16, .double]

    /// The conditions ORT's three Conv rules share: a Conv with one output edge into `opType` (which has that one
    /// input edge), not producing a graph output, with constant weights (and bias when present) and constant
    /// `constSlots` on the consumer. Returns the consumer.
    static func convConsumer(_ og: OptGraph, _ id: NodeID, _ opType: String, _ versions: [Int64],
                             constSlots: [Int]) -> NodeID? {
        guard og.isOp(id, "Conv", convVersions), og.outputEdgeCount(id) == 1,
              let next = og.outputNodes(id).first, og.isOp(next, opType, versions), og.inputEdgeCount(next) == 1
        else { return nil }
        let conv = og.graph[id]
        guard og.isConstantInitializer(conv.input(1)),
              conv.inputs.count < 3 || og.isConstantInitializer(conv.input(2)),
              constSlots.allSatisfy({ og.isConstantInitializer(og.graph[next].input($0)) }),
              !og.producesGraphOutput(id) else { return nil }
        return next
    }

    /// Whether a per-channel operand has shape [1,M,1,…] (same rank as W) or [M,1,…] (rank one less), M = W's
    /// output channels.
    static func isPerChannel(_ b: Tensor, weights w: Tensor) -> Bool {
        let axis: Int
        if b.dims.count == w.dims.count { axis = 1 } else if b.dims.count == w.dims.count - 1 { axis = 0 } else { return false }
        guard b.dims[axis] == w.dims[0] else { return false }
        return b.dims.indices.allSatisfy { $0 == axis || b.dims[$0] == 1 }
    }

    static let convAddFusion = RewriteRule(name: "ConvAddFusion", targets: ["Conv"]) { og, id in
        guard let add = convConsumer(og, id, "Add", [7, 13, 14], constSlots: [1]) else { return .none }
        let conv = og.graph[id]
        guard let w = og.constantInitializer(conv.input(1)), let b = og.constantInitializer(og.graph[add].input(1)),
              floatingPoint.contains(w.dataType), w.dataType == b.dataType, w.dims.count > 2,
              isPerChannel(b, weights: w) else { return .none }
        let newBias: TensorValue
        let name: String
        if conv.inputs.count == 3 {
            guard let cb = og.constantInitializer(conv.input(2)), cb.dataType == b.dataType, cb.dims.count == 1,
                  cb.dims[0] == w.dims[0], let cv = og.tensorValue(cb), let bv = og.tensorValue(b),
                  cv.count == bv.count, let sum = cv.elementwise(bv, +) else { return .none }
            newBias = sum
            name = "ConvAddFusion_B_" + cb.name
        } else {
            guard var bv = og.tensorValue(b) else { return .none }
            bv.dims = [w.dims[0]]
            newBias = bv
            name = "ConvAddFusion_Add_B_" + b.name
        }
        replaceWeight(&og, id, slot: 2, newBias, name: name)
        fuse(&og, id, add)
        return .modifiedRestOfGraph
    }

    static let convMulFusion = RewriteRule(name: "ConvMulFusion", targets: ["Conv"]) { og, id in
        guard let mul = convConsumer(og, id, "Mul", [7, 13, 14], constSlots: [1]) else { return .none }
        let conv = og.graph[id]
        guard let w = og.constantInitializer(conv.input(1)), let m = og.constantInitializer(og.graph[mul].input(1)),
              floatingPoint.contains(w.dataType), w.dataType == m.dataType, w.dims.count > 2,
              m.dims.isEmpty || isPerChannel(m, weights: w) else { return .none }
        var bias: (Tensor, TensorValue)?
        if conv.inputs.count == 3 {
            guard let cb = og.constantInitializer(conv.input(2)), cb.dataType == m.dataType, cb.dims.count == 1,
                  cb.dims[0] == w.dims[0], let cv = og.tensorValue(cb) else { return .none }
            bias = (cb, cv)
        }
        guard let wv = og.tensorValue(w), let mv = og.tensorValue(m), let newW = wv.scaledByAxis(mv, axis: 1)
        else { return .none }
        var newB: TensorValue?
        if let (_, cv) = bias {
            guard let scaled = m.dims.isEmpty ? cv.scaledByAxis(mv, axis: 0) : cv.elementwise(mv, *) else { return .none }
            newB = scaled
        }
        replaceWeight(&og, id, slot: 1, newW, name: "ConvMulFusion_W_" + w.name)
        if let newB { replaceWeight(&og, id, slot: 2, newB, name: "ConvMulFusion_Mul_B_" + m.name) }
        fuse(&og, id, mul)
        return .modifiedRestOfGraph
    }

    static let convBNFusion = RewriteRule(name: "ConvBNFusion", targets: ["Conv"]) { og, id in
        guard let bn = convConsumer(og, id, "BatchNormalization", [7, 9, 14, 15], constSlots: [1, 2, 3, 4]),
              bnHasOnlyFirstOutput(og, bn) else { return .none }
        let conv = og.graph[id]
        guard let w = og.constantInitializer(conv.input(1)), w.dims.count > 2,
              let p = BNParameters(og, bn, channels: w.dims[0], dataType: w.dataType) else { return .none }
        var convBias: TensorValue?
        if conv.inputs.count == 3 {
            guard let cb = og.constantInitializer(conv.input(2)), floatingPoint.contains(cb.dataType),
                  cb.dims.count == 1, cb.dims[0] == p.bias.dims[0], cb.dataType == p.bias.dataType,
                  let cv = og.tensorValue(cb) else { return .none }
            convBias = cv
        }
        guard let scale = p.normalizedScale, let wv = og.tensorValue(w), let newW = wv.scaledByAxis(scale, axis: 1)
        else { return .none }
        let newB: TensorValue?
        if let convBias {
            newB = convBias.elementwise(p.mean, -).flatMap { $0.elementwise(scale, *) }.flatMap { $0.elementwise(p.bias, +) }
        } else {
            newB = p.mean.elementwise(scale, *).flatMap { p.bias.elementwise($0, -) }
        }
        guard let newB else { return .none }
        replaceWeight(&og, id, slot: 1, newW, name: "ConvBnFusion_W_" + w.name)
        replaceWeight(&og, id, slot: 2, newB, name: "ConvBnFusion_BN_B_" + p.biasName)
        truncateOutputs(&og, bn)
        fuse(&og, id, bn)
        return .modifiedRestOfGraph
    }

    /// BatchNormalization's optional outputs (running mean/var, training outputs) must all be absent.
    static func bnHasOnlyFirstOutput(_ og: OptGraph, _ bn: NodeID) -> Bool {
        og.graph[bn].outputs.dropFirst().allSatisfy { $0 == nil }
    }

    /// Drops every output slot but the first, so the fused node takes over exactly one output.
    static func truncateOutputs(_ og: inout OptGraph, _ id: NodeID) {
        let n = og.graph[id].outputs.count
        guard n > 1 else { return }
        for k in 1..<n { try? og.editor.setOutput(id, k, nil) }
    }

    /// ORT's FinalizeNodeFusion, then the removed node's initializers go when nothing else reads them (as
    /// Graph::Resolve drops unused initializers).
    static func fuse(_ og: inout OptGraph, _ keep: NodeID, _ gone: NodeID) {
        let inputs = og.graph[gone].inputs
        FusionRules.fuseOutputs(&og, into: keep, from: gone)
        for v in inputs { og.dropIfUnused(v) }
    }

    /// Points input `slot` of `node` at a new initializer holding `value`, dropping the old one when unused.
    static func replaceWeight(_ og: inout OptGraph, _ node: NodeID, slot: Int, _ value: TensorValue, name: String) {
        let old = og.graph[node].input(slot)
        let v = og.addInitializer(value, name: name)
        og.editor.setInput(node, slot, v)
        og.dropIfUnused(old)
    }
}

/// BatchNormalization's constant scale, bias, mean and variance after ORT's checks: all 1-D of the same length
/// `channels`, the same floating-point type as the weights, and a float `epsilon` (default 1e-5).
struct BNParameters {
    var scale: TensorValue, bias: TensorValue, mean: TensorValue, variance: TensorValue
    var epsilon: Float
    var biasName: String

    init?(_ og: OptGraph, _ bn: NodeID, channels: Int64, dataType: DataType) {
        let node = og.graph[bn]
        let eps = node.attribute("epsilon")
        if let eps, eps.float == nil { return nil }
        epsilon = eps?.float ?? 1e-5
        let tensors = (1...4).map { og.constantInitializer(node.input($0)) }
        guard let s = tensors[0], let b = tensors[1], let m = tensors[2], let v = tensors[3] else { return nil }
        for t in [s, b, m, v] {
            guard ConvFusionRules.floatingPoint.contains(t.dataType), t.dims.count == 1, t.dims[0] == channels,
                  t.dataType == dataType else { return nil }
        }
        guard ConvFusionRules.floatingPoint.contains(dataType), let sv = og.tensorValue(s), let bv = og.tensorValue(b),
              let mv = og.tensorValue(m), let vv = og.tensorValue(v) else { return nil }
        scale = sv; bias = bv; mean = mv; variance = vv
        biasName = b.name
    }

    /// scale / sqrt(var + epsilon), each step rounded to the element type.
    var normalizedScale: TensorValue? { scale.elementwise(variance.adding(epsilon).squareRoot(), /) }
}
