import CutlineIR

/// ORT's LayerNormFusion as registered at Level 1: only when the model imports ai.onnx opset ≥ 17, where it produces
/// the ai.onnx LayerNormalization. Pattern: X → ReduceMean → Sub(X, ·) → Pow → ReduceMean → Add(ε) → Sqrt →
/// Div(Sub, Sqrt) → Mul(scale) → Add(bias), with ORT's tolerated variants (a duplicated Sub from old PyTorch
/// exports, a leading Cast on X, a Cast before Pow, a Cast between Div and Mul). Axes must be one trailing axis.
enum LayerNormFusion {
    static let passName = "LayerNormFusionL1"
    static let types: Set<DataType> = [.float16, .float, .double, .bfloat16]
    static let castVersions: [Int64] = [9, 13, 19, 21, 23, 24, 25]

    static func run(_ og: inout OptGraph) -> Bool {
        guard og.onnxOpset >= 17, let order = og.editor.topologicalOrder() else { return false }
        var modified = false
        for id in order {
            guard !og.isRemoved(id) else { continue }
            if og.recurse(id, { run(&$0) }) { modified = true }
            if fuse(&og, id) { modified = true }
        }
        return modified
    }

    // One guard per step of ORT's matcher keeps the correspondence with the source easy to check.
    static func fuse(_ og: inout OptGraph, _ rm: NodeID) -> Bool {
        let edges = og.outputEdgeCount(rm)
        guard og.isOp(rm, "ReduceMean", [1, 11, 13, 18]), edges == 1 || edges == 2, !og.producesGraphOutput(rm),
              og.inputTypes(rm, in: types, firstN: 1) else { return false }
        var remove: [NodeID] = [rm]
        let consumers = og.sortedOutputNodes(rm)
        guard consumers.allSatisfy({ og.graph[$0].opType == "Sub" }) else { return false }
        let sub = consumers[0]
        let dup: NodeID? = consumers.count == 2 ? consumers[1] : nil
        guard og.isOp(sub, "Sub", [7, 13, 14]), og.inputTypes(sub, in: types) else { return false }
        remove.append(sub)
        let x = og.graph[rm].input(0), rmOut = og.graph[rm].output(0)
        func otherInput(_ n: NodeID) -> ValueID? { og.graph[n].inputs.first { $0 != rmOut } ?? nil }
        guard x != nil, otherInput(sub) == x else { return false }
        if let dup, otherInput(dup) == nil || otherInput(dup) != x { return false }

        var leadingCast: NodeID?
        if let c = og.inputNode(rm, 0), og.isOp(c, "Cast", castVersions), og.checkOutputEdges(c, consumers.count + 1) {
            remove.insert(c, at: 0)
            leadingCast = c
        }
        var cast1: NodeID?
        if dup == nil, og.outputEdgeCount(sub) == 1, let c = og.outputNodes(sub).first, og.isOp(c, "Cast", castVersions),
           og.checkOutputEdges(c, 2), og.inputTypes(c, in: types) {
            cast1 = c
            remove.append(c)
        }
        guard og.checkOutputEdges(sub, consumers.count == 1 && cast1 == nil ? 2 : 1) else { return false }
        var div = og.firstChild(cast1 ?? sub, ofType: "Div")
        if let dup {
            // ORT checks the first Sub's edges again here, not the duplicate's.
            guard og.isOp(dup, "Sub", [7, 13, 14]), og.checkOutputEdges(sub, 1), og.inputTypes(dup, in: types)
            else { return false }
            remove.append(dup)
            if div == nil { div = og.firstChild(dup, ofType: "Div") }
        }
        guard let div, og.isOp(div, "Div", [7, 13, 14]), og.checkOutputEdges(div, 1), og.inputTypes(div, in: types)
        else { return false }
        remove.append(div)
        guard let sqrt = og.firstParent(div, ofType: "Sqrt"), og.isOp(sqrt, "Sqrt", [6, 13]),
              og.checkOutputEdges(sqrt, 1), og.inputTypes(sqrt, in: types),
              let add2 = og.sortedInputNodes(sqrt).first else { return false }
        remove.append(sqrt)
        guard og.isOp(add2, "Add", [7, 13, 14]), og.checkOutputEdges(add2, 1), og.inputTypes(add2, in: types),
              let rm2 = og.firstParent(add2, ofType: "ReduceMean") else { return false }
        remove.append(add2)
        guard og.isOp(rm2, "ReduceMean", [1, 11, 13, 18]), og.checkOutputEdges(rm2, 1),
              og.inputTypes(rm2, in: types, firstN: 1), let pow = og.sortedInputNodes(rm2).first else { return false }
        remove.append(rm2)
        guard og.isOp(pow, "Pow", [7, 12, 13, 15]), og.checkOutputEdges(pow, 1), og.inputTypes(pow, in: types)
        else { return false }
        remove.append(pow)
        if let cast2 = og.firstParent(pow, ofType: "Cast") {
            if cast2 != cast1 {
                guard og.isOp(cast2, "Cast", castVersions), og.checkOutputEdges(cast2, 1) else { return false }
                remove.append(cast2)
            }
        } else {
            guard let sub2 = og.firstParent(pow, ofType: "Sub"), sub2 == sub || sub2 == dup else { return false }
        }
        guard var next = og.outputNodes(div).first else { return false }
        if og.isOp(next, "Cast", castVersions), og.checkOutputEdges(next, 1), let n = og.outputNodes(next).first {
            remove.append(next)
            next = n
        }
        let mul = next
        guard og.isOp(mul, "Mul", [7, 13, 14]), og.checkOutputEdges(mul, 1), og.inputTypes(mul, in: types),
              let lastAdd = og.outputNodes(mul).first, og.isOp(lastAdd, "Add", [7, 13, 14]),
              og.inputTypes(lastAdd, in: types) else { return false }
        remove.append(lastAdd)
        remove.insert(mul, at: remove.count - 1)

        guard var axes = reduceAxes(og, rm), var axes2 = reduceAxes(og, rm2), !axes.isEmpty, !axes2.isEmpty else { return false }
        let rank = og.shape(x)?.rank ?? -1
        guard normalizeTrailingAxes(&axes, rank: rank), normalizeTrailingAxes(&axes2, rank: rank), axes == axes2,
              axes.count == 1 else { return false }
        // The last Mul / Add input whose rank equals the number of normalized axes is the scale / bias.
        func operand(_ n: NodeID) -> ValueID? {
            og.graph[n].inputs.last { v in og.shape(v).map { $0.rank == axes.count } ?? false } ?? nil
        }
        guard let scale = operand(mul), let bias = operand(lastAdd), let ss = og.shape(scale), let bs = og.shape(bias)
        else { return false }
        // ORT reads dim_value(), which is 0 for a symbolic or unknown dim.
        guard ss.dims.indices.allSatisfy({ (ss.dims[$0].value ?? 0) == (bs.dims[$0].value ?? 0) }) else { return false }
        let input = leadingCast.map { og.graph[$0].input(0) } ?? x
        var epsilon: Float = 1e-5
        if let t = og.constantInitializer(og.graph[add2].input(1)), t.dataType == .float, let v = og.tensorValue(t),
           v.count == 1 {
            epsilon = Float(v.reals[0])
        }
        var attrs = [Attribute(name: "epsilon", value: .float(epsilon)), Attribute(name: "axis", value: .int(axes[0]))]
        if og.elementType(input) == .double || og.elementType(scale) == .double {
            attrs.append(Attribute(name: "stash_type", value: .int(Int64(DataType.double.code))))
        }
        let name = og.uniqueNodeName(og.graph[mul].name + "/LayerNormFusion/")
        return og.replace(remove, with: Node(name: name, opType: "LayerNormalization", attributes: attrs),
                          inputs: [input, scale, bias]) != nil
    }

    /// ReduceMean axes from the attribute, or from a constant second input.
    static func reduceAxes(_ og: OptGraph, _ id: NodeID) -> [Int64]? {
        let n = og.graph[id]
        if let a = n.attribute("axes")?.ints { return a }
        guard n.inputs.count == 2 else { return [] }
        guard let t = og.constantInitializer(n.input(1)) else { return [] }
        return og.tensorValue(t)?.asInts ?? []
    }

    /// ORT's CheckAxesOnReduceMean: sorted, made negative when any is positive (needs the rank), consecutive, and
    /// ending at -1.
    static func normalizeTrailingAxes(_ axes: inout [Int64], rank: Int) -> Bool {
        axes.sort()
        if let last = axes.last, last > 0 {
            if rank == -1 { return false }
            axes = axes.map { $0 >= 0 ? $0 - Int64(rank) : $0 }.sorted()
        }
        for i in axes.indices.dropFirst() where axes[i] != axes[i - 1] + 1 { return false }
        return axes.last == -1
    }
}
