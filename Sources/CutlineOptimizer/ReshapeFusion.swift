import CutlineIR

/// ORT's ReshapeFusion: a Reshape whose shape comes from a Concat of constants and `Shape→Gather(i)→Unsqueeze`
/// chains reading the dim at the same position of the Reshape's input gets a constant shape (0 = copy that dim,
/// -1 for at most one other one-element input); the Concat and its now-unused chains go. Also merges a Reshape
/// followed by single-consumer Reshape/Squeeze/Unsqueeze nodes with a fully static final shape.
/// Not simulated: the DistilBert linear-subgraph match and the Shape→Slice→Squeeze one-element pattern.
enum ReshapeFusion {
    static let passName = "ReshapeFusion"

    static func run(_ og: inout OptGraph) -> Bool {
        guard let order = og.editor.topologicalOrder() else { return false }
        var modified = false
        for id in order {
            guard !og.isRemoved(id) else { continue }
            if og.hasSubgraphs(id), og.recurse(id, { run(&$0) }) { modified = true }
            guard og.isOp(id, "Reshape", [5, 13, 14, 19, 21, 23, 24, 25]) else { continue }
            if let z = og.graph[id].attribute("allowzero")?.int, z != 0 { continue }
            if fuseSubgraph(&og, id) || (og.options.behaviour.reshapeFusionContiguous && fuseContiguous(&og, id)) {
                modified = true
            }
        }
        return modified
    }

    /// The producer over input edge `slot` when it has `opType` with a since_version in `versions`, reached from
    /// its output 0.
    static func parent(_ og: OptGraph, _ node: NodeID, _ slot: Int, _ opType: String, _ versions: [Int64]) -> NodeID? {
        guard let v = og.graph[node].input(slot), let p = og.graph[v].producer, og.graph[p].output(0) == v,
              og.opType(p) == opType, og.graph[p].isDefaultDomain,
              let sv = og.sinceVersion(og.graph[p]), versions.contains(sv) else { return nil }
        return p
    }

    static func constInts(_ og: OptGraph, _ v: ValueID?) -> [Int64]? {
        guard let t = og.constantInitializer(v), t.dataType == .int64 || t.dataType == .int32 else { return nil }
        return og.tensorValue(t)?.ints
    }

    static func unsqueezeAxes(_ og: OptGraph, _ u: NodeID) -> [Int64]? {
        let n = og.graph[u]
        if let v = og.sinceVersion(n), v < 13 { return n.attribute("axes")?.ints }
        return constInts(og, n.input(1))
    }

    static func isOneElement(_ og: OptGraph, _ v: ValueID?) -> Bool { og.shape(v)?.knownElementCount == 1 }

    static let unsqueezeVersions: [Int64] = [1, 11, 13, 21, 23, 24, 25]
    static let shapeVersions: [Int64] = [1, 13, 15, 19, 21, 23, 24, 25]

    /// Concat input `index` is Unsqueeze(axes=[0]) ← Gather ← full Shape; with `oneElementOnly` any 1-element
    /// gather index qualifies, otherwise the index must equal `position` and the Shape must read a tensor whose
    /// dim there matches the Reshape input's.
    static func matchGatherChain(_ og: OptGraph, root: ValueID, concat: NodeID, index: Int, position: Int,
                                 oneElementOnly: Bool) -> Bool {
        guard let u = parent(og, concat, index, "Unsqueeze", unsqueezeVersions),
              let g = parent(og, u, 0, "Gather", [1, 11, 13]), let s = parent(og, g, 0, "Shape", shapeVersions) else { return false }
        let shapeNode = og.graph[s]
        if (shapeNode.attribute("start")?.int ?? 0) != 0 || shapeNode.attribute("end") != nil { return false }
        guard unsqueezeAxes(og, u) == [0] else { return false }
        if oneElementOnly && isOneElement(og, og.graph[g].input(1)) { return true }
        guard let gi = og.graph[g].input(1), og.isInitializer(gi), let t = og.graph[gi].initializer ?? og.constantInitializer(gi),
              let vals = og.tensorValue(t)?.asInts, vals.count == 1, vals[0] == Int64(position) else { return false }
        guard let src = shapeNode.input(0) else { return false }
        if src == root { return true }
        if let rp = og.graph[root].producer, og.opType(rp) == "GlobalAveragePool", og.graph[rp].input(0) == src,
           position == 0 { return true }
        if og.options.behaviour.reshapeFusionShapeOfOtherTensor, let a = og.shape(src), let b = og.shape(root) {
            if a.rank == b.rank && a.rank > 0 && zip(a.dims, b.dims).allSatisfy(sameDim) { return true }
            if position < a.rank && position < b.rank && sameDim(a.dims[position], b.dims[position]) { return true }
        }
        return false
    }

    static func sameDim(_ x: Dim, _ y: Dim) -> Bool {
        switch (x, y) {
        case (.value(let p), .value(let q)): return p == q
        case (.param(let p), .param(let q)): return p == q
        default: return false
        }
    }

    /// One-element patterns that become -1: an input whose inferred shape has one element, a matching gather
    /// chain with any one-element index, or Unsqueeze(axes=[0]) of a one-element value (optionally via Div/Mul
    /// of one-element values).
    static func isOneElementSubgraph(_ og: OptGraph, root: ValueID, concat: NodeID, index: Int, position: Int) -> Bool {
        if isOneElement(og, og.graph[concat].input(index)) { return true }
        if matchGatherChain(og, root: root, concat: concat, index: index, position: position, oneElementOnly: true) { return true }
        guard let u = parent(og, concat, index, "Unsqueeze", unsqueezeVersions) else { return false }
        let binary = parent(og, u, 0, "Div", [7, 13, 14]) ?? parent(og, u, 0, "Mul", [7, 13, 14])
        guard unsqueezeAxes(og, u) == [0] else { return false }
        if let b = binary {
            return og.graph[b].inputs.allSatisfy { isOneElement(og, $0) }
        }
        return isOneElement(og, og.graph[u].input(0))
    }

    static func fuseSubgraph(_ og: inout OptGraph, _ reshape: NodeID) -> Bool {
        guard let root = og.graph[reshape].input(0), let concat = og.inputNode(reshape, 1),
              og.isOp(concat, "Concat", [1, 4, 11, 13]), !og.producesGraphOutput(concat), og.outputEdgeCount(concat) == 1
        else { return false }
        let cnode = og.graph[concat]
        var shape: [Int64] = []
        for i in cnode.inputs.indices {
            if let c = constInts(og, cnode.inputs[i]) { shape.append(contentsOf: c); continue }
            if matchGatherChain(og, root: root, concat: concat, index: i, position: shape.count, oneElementOnly: false) {
                shape.append(0)
                continue
            }
            if isOneElementSubgraph(og, root: root, concat: concat, index: i, position: shape.count) {
                shape.append(-1)
                continue
            }
            return false
        }
        guard shape.filter({ $0 == -1 }).count <= 1, let out = cnode.output(0) else { return false }
        let producers = cnode.inputs.map { $0.flatMap { og.graph[$0].producer } }
        og.removeNode(concat, removeOutputs: false)
        og.editor.setInitializer(out, TensorValue(dataType: .int64, dims: [Int64(shape.count)], ints: shape).tensor(named: og.graph[out].name))
        og.editor.setType(out, .tensor(.int64, Shape(static: [Int64(shape.count)])))
        for p in producers.compactMap({ $0 }) { ConstantFolding.removeDeadChain(&og, from: p) }
        return true
    }

    static func fuseContiguous(_ og: inout OptGraph, _ reshape: NodeID) -> Bool {
        var chain = [reshape]
        var finalShape: [Int64] = []
        while let cur = chain.last, !og.producesGraphOutput(cur), og.outputEdgeCount(cur) == 1,
              let next = og.outputNodes(cur).first {
            let op = og.opType(next)
            guard op == "Reshape" || op == "Squeeze" || op == "Unsqueeze" else { break }
            if op == "Reshape", let z = og.graph[next].attribute("allowzero")?.int, z != 0 { break }
            guard let dims = og.shape(og.graph[next].output(0))?.staticDims else { break }
            finalShape = dims
            chain.append(next)
        }
        guard chain.count >= 2, !finalShape.contains(0), let input = og.graph[reshape].input(0),
              let out = og.graph[chain[chain.count - 1]].output(0) else { return false }
        let name = og.graph[reshape].name
        for n in chain { og.removeNode(n, removeOutputs: false) }
        let shapeArg = og.addInitializer(TensorValue(dataType: .int64, dims: [Int64(finalShape.count)], ints: finalShape),
                                         name: name + "_new_shape")
        _ = try? og.addNode(Node(name: og.uniqueNodeName(name + "_new_reshape"), opType: "Reshape"),
                            inputs: [input, shapeArg], outputs: [out])
        for n in chain.dropLast() { for o in og.graph[n].outputs { og.dropIfUnused(o) } }
        return true
    }
}
