import CutlineIR

/// ORT's MatMulAddFusion: MatMul (single consumer, not a graph output) followed by Add becomes Gemm.
/// Inputs must share a float/float16/bfloat16 element type; B must be 2-D; the bias must be [N], or for 2-D A
/// also [1,N], [M,1] or [M,N]. A non-2-D A needs a fully static shape and static K, N: the Gemm is then wrapped in
/// Reshape nodes to [M,K] and back. MatMuls that look like the Q/K/V projections after a LayerNormalization
/// (attention pattern) are kept for later attention fusion.
enum MatMulAddFusion {
    static let passName = "MatMulAddFusion"

    static func run(_ og: inout OptGraph) -> Bool {
        guard let order = og.editor.topologicalOrder() else { return false }
        var modified = false
        var attnLN = Set<NodeID>(), attnAdd = Set<NodeID>()
        for id in order {
            guard !og.isRemoved(id) else { continue }
            if og.hasSubgraphs(id), og.recurse(id, { run(&$0) }) { modified = true }
            guard og.isOp(id, "MatMul", [1, 9, 13]), og.outputEdgeCount(id) == 1, !og.producesGraphOutput(id),
                  let add = og.outputNodes(id).first, og.isOp(add, "Add", [7, 13, 14]) else { continue }
            let mm = og.graph[id], addNode = og.graph[add]
            guard let a = mm.input(0), let b = mm.input(1), let mmOut = mm.output(0),
                  let et = og.elementType(a), et == og.elementType(addNode.input(0)),
                  [DataType.float, .float16, .bfloat16].contains(et),
                  let aShape = og.shape(a), let bShape = og.shape(b), bShape.rank == 2 else { continue }
            let needReshape = aShape.rank != 2
            if needReshape && !og.options.behaviour.matMulAddFusionReshapes { continue }
            var m: Int64 = 0, k: Int64 = 0, n: Int64 = 0
            var aDims: [Int64] = []
            if needReshape {
                if isAttentionPattern(og, id, add, &attnLN, &attnAdd) { continue }
                guard let dims = aShape.staticDims, let kk = bShape.dims[0].value, let nn = bShape.dims[1].value
                else { continue }
                aDims = dims
                m = dims.dropLast().reduce(1, *)
                k = kk
                n = nn
            }
            let biasSlot = addNode.input(0) == mmOut ? 1 : 0
            guard let bias = addNode.input(biasSlot), let biasShape = og.shape(bias) else { continue }
            let dimN = bShape.dims[1]
            func same(_ x: Dim, _ y: Dim) -> Bool {
                switch (x, y) {
                case (.value(let p), .value(let q)): return p == q
                case (.param(let p), .param(let q)): return p == q
                default: return false
                }
            }
            func isOne(_ d: Dim) -> Bool { d.value == 1 }
            let valid = (biasShape.rank == 1 && same(biasShape.dims[0], dimN))
                || (!needReshape && biasShape.rank == 2 && isOne(biasShape.dims[0]) && same(biasShape.dims[1], dimN))
                || (!needReshape && biasShape.rank == 2 && same(biasShape.dims[0], aShape.dims[0])
                    && (isOne(biasShape.dims[1]) || same(biasShape.dims[1], dimN)))
            guard valid, let addOut = addNode.output(0) else { continue }

            let baseName = og.uniqueNodeName(mm.name + "/MatMulAddFusion")
            og.removeNode(add, removeOutputs: false)
            og.removeNode(id, removeOutputs: false)
            og.dropIfUnused(mmOut)
            do {
                if needReshape {
                    let inShape = og.addInitializer(TensorValue(dataType: .int64, dims: [2], ints: [m, k]), name: "gemm_input_shape")
                    let inArg = og.editor.addValue(name: "gemm_input_reshape_arg", type: .tensor(et, Shape(static: [m, k])))
                    try og.addNode(Node(name: og.uniqueNodeName("gemm_input_reshape"), opType: "Reshape"),
                                   inputs: [a, inShape], outputs: [inArg])
                    let outArg = og.editor.addValue(name: "gemm_output_reshape_arg", type: .tensor(et, Shape(static: [m, n])))
                    try og.addNode(Node(name: baseName, opType: "Gemm"), inputs: [inArg, b, bias], outputs: [outArg])
                    var outDims = aDims
                    outDims[outDims.count - 1] = n
                    let outShape = og.addInitializer(TensorValue(dataType: .int64, dims: [Int64(outDims.count)], ints: outDims),
                                                     name: "gemm_output_shape")
                    try og.addNode(Node(name: og.uniqueNodeName("gemm_output_reshape"), opType: "Reshape"),
                                   inputs: [outArg, outShape], outputs: [addOut])
                } else {
                    try og.addNode(Node(name: baseName, opType: "Gemm"), inputs: [a, b, bias], outputs: [addOut])
                }
            } catch {
                continue
            }
            modified = true
        }
        return modified
    }

    /// ORT's attention-pattern guard: A comes from a LayerNormalization feeding exactly one Add, three MatMuls and
    /// otherwise only Shape nodes, and that Add's other input is itself an Add.
    static func isAttentionPattern(_ og: OptGraph, _ mm: NodeID, _ add: NodeID,
                                   _ lns: inout Set<NodeID>, _ adds: inout Set<NodeID>) -> Bool {
        let parent = og.inputNode(mm, 0)
        if let parent, lns.contains(parent) { return true }
        if adds.contains(add) { return true }
        guard let ln = parent, og.opType(ln) == "LayerNormalization" else { return false }
        var addCount = 0, mmCount = 0, shapeCount = 0
        var lnAdd: NodeID?
        let consumers = og.outputNodes(ln)
        for c in consumers {
            switch og.opType(c) {
            case "Add": lnAdd = c; addCount += 1
            case "MatMul": mmCount += 1
            case "Shape": shapeCount += 1
            default: break
            }
        }
        guard addCount == 1, mmCount == 3, shapeCount == consumers.count - 4, let lnAdd else { return false }
        let lnOut = og.graph[ln].output(0)
        let idx = og.graph[lnAdd].input(0) == lnOut ? 1 : 0
        guard let attnAdd = og.inputNode(lnAdd, idx), og.opType(attnAdd) == "Add" else { return false }
        lns.insert(ln)
        adds.insert(attnAdd)
        return true
    }
}
