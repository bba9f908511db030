import CutlineIR

/// Level-1 rules around Gemm: ORT's GemmSumFusion (a two-input Sum after a bias-less Gemm becomes the Gemm's C)
/// and GemmTransposeFusion (Transposes on A/B, or after a bias-less Gemm, become transA/transB flags).
enum GemmFusionRules {
    static let transposeVersions: [Int64] = [1, 13, 21, 23, 24, 25]

    /// Gemm attributes with the schema defaults ORT fills in when it resolves the graph.
    struct GemmAttributes {
        var transA: Bool, transB: Bool, alpha: Float, beta: Float

        init(_ node: Node) {
            transA = (node.attribute("transA")?.int ?? 0) != 0
            transB = (node.attribute("transB")?.int ?? 0) != 0
            alpha = node.attribute("alpha")?.float ?? 1
            beta = node.attribute("beta")?.float ?? 1
        }

        var attributes: [Attribute] {
            [Attribute(name: "transA", value: .int(transA ? 1 : 0)), Attribute(name: "transB", value: .int(transB ? 1 : 0)),
             Attribute(name: "alpha", value: .float(alpha)), Attribute(name: "beta", value: .float(beta))]
        }
    }

    /// ORT compares shape dims as protobuf messages: both known and equal, or both the same symbol.
    static func sameDim(_ x: Dim, _ y: Dim) -> Bool {
        switch (x, y) {
        case (.value(let p), .value(let q)): return p == q
        case (.param(let p), .param(let q)): return p == q
        default: return false
        }
    }

    static let gemmSumFusion = RewriteRule(name: "GemmSumFusion", targets: ["Gemm"]) { og, id in
        let gemm = og.graph[id]
        guard og.isOp(id, "Gemm", [11, 13]), !og.producesGraphOutput(id), gemm.inputs.count == 2,
              og.outputEdgeCount(id) == 1, let sum = og.outputNodes(id).first, og.isOp(sum, "Sum", [1, 6, 8, 13]),
              og.graph[sum].inputs.count == 2, let out = gemm.output(0) else { return .none }
        let sumNode = og.graph[sum]
        let other = sumNode.input(0) == out ? sumNode.input(1) : sumNode.input(0)
        guard let other, let bias = og.shape(other), let y = og.shape(out), y.rank == 2 else { return .none }
        let m = y.dims[0], n = y.dims[1]
        func isOne(_ d: Dim) -> Bool { d.value == 1 }
        let valid = (bias.rank == 1 && sameDim(bias.dims[0], n))
            || (bias.rank == 2 && isOne(bias.dims[0]) && sameDim(bias.dims[1], n))
            || (bias.rank == 2 && sameDim(bias.dims[0], m) && (isOne(bias.dims[1]) || sameDim(bias.dims[1], n)))
        guard valid, sumNode.outputs.count == 1 else { return .none }
        var attrs = GemmAttributes(gemm)
        attrs.beta = 1
        let outputs = sumNode.outputs
        let name = og.uniqueNodeName(gemm.name + "/GemmSumFusion/")
        og.removeNode(sum, removeOutputs: false)
        og.removeNode(id)
        do {
            try og.addNode(Node(name: name, opType: "Gemm", domain: gemm.domain, attributes: attrs.attributes),
                           inputs: gemm.inputs + [other], outputs: outputs)
        } catch {
            return .none
        }
        return .removedCurrentNode
    }

    /// A Transpose every one of whose consumers is a Gemm (counted per edge, as ORT's FindChildrenByType does).
    static func feedsOnlyGemms(_ og: OptGraph, _ t: NodeID) -> Bool {
        let consumers = og.outputNodes(t)
        return consumers.filter { og.graph[$0].opType == "Gemm" }.count == consumers.count
    }

    static let gemmTransposeFusion = RewriteRule(name: "GemmTransposeFusion", targets: ["Gemm"]) { og, id in
        guard og.isOp(id, "Gemm", [1, 6, 7, 9, 11, 13]), og.outputEdgeCount(id) <= 1 else { return .none }
        let gemm = og.graph[id]
        let inputTransposes = (0..<min(2, gemm.inputs.count)).compactMap { og.inputNode(id, $0) }
        let fusesInput = inputTransposes.contains {
            og.isOp($0, "Transpose", transposeVersions) && !og.producesGraphOutput($0) && feedsOnlyGemms(og, $0)
        }
        let next = og.outputNodes(id).first
        let fusesOutput = og.isOp(id, "Gemm", [11, 13]) && !og.producesGraphOutput(id) && gemm.inputs.count <= 2
            && next.map { og.isOp($0, "Transpose", transposeVersions) && og.inputEdgeCount($0) == 1 } == true
        guard fusesInput || fusesOutput else { return .none }

        var attrs = GemmAttributes(gemm)
        var inputs = gemm.inputs
        var remove: [NodeID] = []
        for slot in 0..<min(2, inputs.count) {
            // ORT checks only the op type here, not the Transpose's version or whether it is a graph output;
            // a Transpose that is a graph output is kept so the output keeps its producer.
            guard let t = og.inputNode(id, slot), og.opType(t) == "Transpose", og.graph[t].isDefaultDomain,
                  feedsOnlyGemms(og, t), !(og.outputEdgeCount(t) == 1 && og.producesGraphOutput(t)) else { continue }
            if slot == 0 { attrs.transA.toggle() } else { attrs.transB.toggle() }
            if og.outputEdgeCount(t) == 1 { remove.append(t) }
            inputs[slot] = og.graph[t].input(0)
        }
        remove.append(id)
        var outputs = gemm.outputs
        if let next, gemm.inputs.count <= 2, og.opType(next) == "Transpose", !og.producesGraphOutput(id) {
            inputs.reverse()
            let newTransB = !attrs.transA
            attrs.transA = !attrs.transB
            attrs.transB = newTransB
            remove.append(next)
            outputs = og.graph[next].outputs
        }
        let name = og.uniqueNodeName(gemm.name + "/GemmTransposeFusion/")
        for n in remove { og.removeNode(n, removeOutputs: false) }
        do {
            try og.addNode(Node(name: name, opType: "Gemm", domain: gemm.domain, attributes: attrs.attributes),
                           inputs: inputs, outputs: outputs)
        } catch {
            return .none
        }
        for n in remove { for o in og.graph[n].outputs { og.dropIfUnused(o) } }
        return .removedCurrentNode
    }
}
