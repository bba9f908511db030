import CutlineIR

/// The Level-1 rules that remove a node and reconnect its consumers.
enum EliminationRules {
    static let eliminateIdentity = RewriteRule(name: "EliminateIdentity", targets: ["Identity"]) { og, id in
        if og.canRemoveNode(id) {
            return og.removeNodeMergingEdges(id) ? .removedCurrentNode : .none
        }
        // Relaxed case: the Identity feeds only a graph output, so its producer takes over the output name.
        let node = og.graph[id]
        guard og.outputEdgeCount(id) == 0, node.outputs.count == 1, og.producesGraphOutput(id),
              let input = node.input(0), let out = node.output(0), let p = og.graph[input].producer,
              og.opType(p) != "YieldOp", !og.graph[input].isGraphOutput,
              og.graph[input].uses.count == 1, og.graph[input].implicitUses.isEmpty,
              let slot = og.graph[p].outputs.firstIndex(of: input) else { return .none }
        og.removeNode(id)
        try? og.editor.setOutput(p, slot, out)
        try? og.editor.removeValue(input)
        return .removedCurrentNode
    }

    static let eliminateSlice = RewriteRule(name: "EliminateSlice", targets: ["Slice"]) { og, id in
        guard og.isOp(id, "Slice", [1, 10, 11, 13]), og.canRemoveNode(id) else { return .none }
        let node = og.graph[id]
        var starts: [Int64] = [], ends: [Int64] = []
        if og.sinceVersion(node) == 1 {
            guard let s = node.attribute("starts")?.ints, let e = node.attribute("ends")?.ints, s.count == e.count
            else { return .none }
            if let axes = node.attribute("axes")?.ints, axes.count != s.count { return .none }
            starts = s; ends = e
        } else {
            func ints(_ slot: Int) -> [Int64]? {
                guard let t = og.constantInitializer(node.input(slot)) else { return nil }
                guard t.dataType == .int32 || t.dataType == .int64 else { return [] }
                return og.tensorValue(t)?.ints
            }
            guard let s = ints(1), let e = ints(2), !s.isEmpty, !e.isEmpty, s.count == e.count else { return .none }
            if node.input(3) != nil {
                guard let axes = og.constantInitializer(node.input(3)), axes.dims.count == 1,
                      axes.dims[0] == Int64(s.count) else { return .none }
                if node.input(4) != nil {
                    guard let steps = ints(4), steps.count == s.count, steps.allSatisfy({ $0 == 1 }) else { return .none }
                }
            }
            starts = s; ends = e
        }
        guard zip(starts, ends).allSatisfy({ $0 == 0 && $1 == Int64.max }) else { return .none }
        return og.removeNodeMergingEdges(id) ? .removedCurrentNode : .none
    }

    /// Only Unsqueeze with an `axes` attribute (opset < 13) on a constant initializer; later opsets are left to
    /// constant folding.
    static let unsqueezeElimination = RewriteRule(name: "UnsqueezeElimination", targets: ["Unsqueeze"]) { og, id in
        let node = og.graph[id]
        guard let input = node.input(0), let t = og.constantInitializer(input), let out = node.output(0) else { return .none }
        let newName = og.editor.uniqueName("UnsqueezeElimination_" + og.graph[input].name)
        guard og.onlyUsedOutput(id).ok, og.onlyUsedOutput(id).slot != nil else { return .none }
        if og.graph[out].isGraphOutput { return .none }
        guard og.canRenameImplicitUses(of: out, to: newName), let axes = node.attribute("axes")?.ints else { return .none }
        let rank = Int64(axes.count + t.dims.count)
        var dims = [Int64](repeating: 0, count: Int(rank))
        for a in axes {
            let k = a < 0 ? a + rank : a
            guard k >= 0, k < rank, dims[Int(k)] == 0 else { return .none }
            dims[Int(k)] = 1
        }
        var it = t.dims.makeIterator()
        for i in dims.indices where dims[i] == 0 { dims[i] = it.next() ?? 1 }
        var nt = t
        nt.dims = dims
        nt.name = newName
        let nv = og.editor.addInitializer(nt)
        og.editor.replaceAllUses(of: out, with: nv, includingGraphOutputs: false)
        og.removeNode(id)
        og.dropIfUnused(input)
        return .removedCurrentNode
    }

    static let eliminateDropout = RewriteRule(name: "EliminateDropout", targets: ["Dropout"]) { og, id in
        guard og.isOp(id, "Dropout", [1, 6, 7, 10, 12, 13, 22]), og.canRemoveNode(id), !og.isOutputUsed(id, 1)
        else { return .none }
        return og.removeNodeMergingEdges(id) ? .removedCurrentNode : .none
    }

    static let expandElimination = RewriteRule(name: "ExpandElimination", targets: ["Expand"]) { og, id in
        let node = og.graph[id]
        guard og.canRemoveNode(id), let shape = og.shape(node.input(0)),
              let t = og.constantInitializer(node.input(1)), t.dims.count == 1, t.dims[0] > 0, t.dataType == .int64,
              let target = og.tensorValue(t)?.ints else { return .none }
        var i = shape.rank - 1, j = target.count - 1
        if i < j { return .none }
        while i >= 0 && j >= 0 {
            if let d = shape.dims[i].value {
                if d != target[j] && target[j] > 1 { return .none }
            } else if target[j] > 1 { return .none }
            i -= 1; j -= 1
        }
        return og.removeNodeMergingEdges(id) ? .removedCurrentNode : .none
    }

    static let castElimination = RewriteRule(name: "CastElimination", targets: ["Cast"]) { og, id in
        let node = og.graph[id]
        guard og.canRemoveNode(id), let et = og.elementType(node.input(0)),
              node.attribute("to")?.int == Int64(et.code) else { return .none }
        return og.removeNodeMergingEdges(id) ? .removedCurrentNode : .none
    }

    /// A Cast whose every consumer is a Shape node is bypassed: Shape reads the Cast's input directly.
    static let preShapeNodeElimination = RewriteRule(name: "PreShapeNodeElimination", targets: ["Cast"]) { og, id in
        guard og.canRemoveNode(id), let out = og.graph[id].output(0), let input = og.graph[id].input(0) else { return .none }
        let consumers = og.graph[out].uses.map(\.node)
        guard !consumers.isEmpty, og.graph[out].implicitUses.isEmpty,
              consumers.allSatisfy({ og.isOp($0, "Shape", [13, 15, 19, 21, 23, 24, 25]) }) else { return .none }
        for u in og.graph[out].uses { og.editor.setInput(u.node, u.input, input) }
        og.removeNode(id)
        return .removedCurrentNode
    }

    /// x+0, 0+x, x-0, x*1, 1*x, x/1 with a one-element constant of rank not above x's.
    static let noopElimination = RewriteRule(name: "NoopElimination", targets: ["Add", "Sub", "Mul", "Div"]) { og, id in
        // Every Add/Sub/Mul/Div comes here: fields are read in place rather than copying the node.
        let in0 = og.graph[id].input(0), in1 = og.graph[id].input(1)
        // Whether each input is a constant before taking its tensor (a copy), and the cheap tensor checks before
        // the shape read (a copy of the other input's type).
        let k0 = og.mayBeConstantInitializer(in0), k1 = og.mayBeConstantInitializer(in1)
        let c0 = k0 ? og.constantInitializer(in0) : nil, c1 = k1 ? og.constantInitializer(in1) : nil
        guard (c0 != nil) != (c1 != nil) else { return .none }
        let op = og.opType(id)
        if (op == "Sub" || op == "Div") && c1 == nil { return .none }
        guard let t = c0 ?? c1, t.dims.reduce(1, *) == 1,
              [DataType.float, .float16, .double, .int32, .int64].contains(t.dataType),
              let other = og.shape(c0 != nil ? in1 : in0), t.dims.count <= other.rank
        else { return .none }
        guard let v = og.tensorValue(t)?.asReals.first else { return .none }
        let f = Float(v)
        if (op == "Add" || op == "Sub") && f != 0 { return .none }
        if (op == "Mul" || op == "Div") && f != 1 { return .none }
        guard og.canRemoveNode(id) else { return .none }
        return og.removeNodeMergingEdges(id) ? .removedCurrentNode : .none
    }
}
