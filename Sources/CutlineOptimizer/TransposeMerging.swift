import CutlineIR

/// ORT's handlers for a Transpose meeting another Transpose, or a Reshape that only moves 1-dims (which acts as
/// a Transpose) or splits transposed axes.
extension TransposePass {
    mutating func handleTranspose(_ a: inout HandlerArgs) -> Bool {
        guard let nodePerm = validPerm(a.node), nodePerm.count == a.perm.count else { return false }
        return handleTransposeImpl(&a, nodePerm)
    }

    /// ORT's HandleTransposeImpl: cancelling pairs disappear; otherwise the second node becomes one Transpose by
    /// the composed perm reading the first one's input.
    mutating func handleTransposeImpl(_ a: inout HandlerArgs, _ nodePerm: [Int64]) -> Bool {
        if a.permInv == nodePerm {
            removeCancellingPair(&a)
            return true
        }
        let newPerm = TransposePerms.compose(a.perm, nodePerm)
        let firstInput = graph[a.transpose].input(0)
        var target = a.node
        if graph[a.node].opType == "Reshape" {
            guard let (t, _) = addNode("Transpose", inputs: [firstInput]) else { return false }
            moveOutput(a.node, 0, to: t, 0)
            removeNode(a.node)
            target = t
        } else {
            setInput(a.node, 0, firstInput)
        }
        setAttr(target, "perm", .ints(newPerm))
        if let out = graph[a.transpose].output(0), !hasConsumers(out) { removeNode(a.transpose) }
        return true
    }

    /// ORT's RemoveCancelingTransposeNodes: readers of the second node read the first one's input; when the
    /// second output must keep its name (a graph output) it moves to the first one's producer, or, failing that,
    /// to a new Identity.
    mutating func removeCancellingPair(_ a: inout HandlerArgs) {
        guard let input = graph[a.transpose].input(0), let output = graph[a.node].output(0) else { return }
        let c = consumers(output)
        if c.comprehensive {
            replaceReferences(c.nodes, output, input)
        } else {
            let ic = consumers(input)
            if let parent = graph[input].producer, ic.comprehensive {
                setInput(a.node, 0, nil)
                replaceReferences(ic.nodes, input, output)
                if let slot = graph[parent].outputs.firstIndex(of: input) {
                    moveOutput(a.node, 0, to: parent, slot)
                }
            } else if let (identity, _) = addNode("Identity", inputs: [nil]) {
                moveOutput(a.node, 0, to: identity, 0)
                setInput(identity, 0, input)
            }
        }
        removeNode(a.node)
        if let out = graph[a.transpose].output(0), !graph[a.transpose].isRemoved, !hasConsumers(out) {
            removeNode(a.transpose)
        }
    }

    /// ORT's FinalizeReshapeShape for a rank-preserving Reshape with a concrete input shape.
    func finalizeReshapeShape(_ input: [Int64], _ requested: [Int64], allowZero: Bool) -> [Int64]? {
        var total: Int64 = 1
        for d in input {
            guard d >= 0 else { return nil }
            total = total &* d
        }
        guard input.count == requested.count else { return nil }
        var out = requested
        var unknown: Int?
        var size: Int64 = 1
        for i in requested.indices {
            if requested[i] == -1 {
                guard unknown == nil else { return nil }
                unknown = i
            } else {
                if !allowZero && requested[i] == 0 { out[i] = input[i] }
                size = size &* out[i]
            }
        }
        if let unknown {
            guard size != 0, total % size == 0 else { return nil }
            out[unknown] = total / size
        } else if size != total {
            return nil
        }
        return out
    }

    /// ORT's HandleReshapeAsTranspose: a Reshape keeping every dim other than 1 in order is a Transpose.
    mutating func handleReshapeAsTranspose(_ a: inout HandlerArgs) -> Bool {
        guard dims(graph[a.transpose].input(0)) != nil, let tOut = dims(graph[a.transpose].output(0)),
              let shapeConst = constant(graph[a.node].input(1)), (shapeConst.elementCount ?? 0) > 0,
              let requested = int64s(shapeConst), let tIn = dims(graph[a.transpose].input(0)),
              tIn.count == requested.count else { return false }
        var allowZero = false
        if let since = og.sinceVersion(graph[a.node]), since > 13 { allowZero = (attrInt(a.node, "allowzero") ?? 0) != 0 }
        guard let out = finalizeReshapeShape(tOut, requested, allowZero: allowZero) else { return false }
        var inDims = tOut
        var perm = [Int64](repeating: -1, count: out.count)
        for i in perm.indices {
            let target = out[i]
            var cur = 0
            while inDims[cur] != target {
                if inDims[cur] != -1 && inDims[cur] != 1 && target != 1 { return false }
                cur += 1
                if cur == inDims.count { return false }
            }
            perm[i] = Int64(cur)
            inDims[cur] = -1
        }
        return handleTransposeImpl(&a, perm)
    }

    /// ORT's HandleReshapeSplit: a Reshape splitting each transposed axis into a run of output axes runs before
    /// the Transpose instead (static shapes only).
    mutating func handleReshapeSplit(_ a: inout HandlerArgs) -> Bool {
        let rank = a.perm.count
        guard let tIn = dims(graph[a.transpose].input(0)), tIn.allSatisfy({ $0 >= 0 }), tIn.count == rank,
              let shapeConst = constant(graph[a.node].input(1)), (shapeConst.elementCount ?? 0) > 0,
              let requested = dims(graph[a.node].output(0)), requested.allSatisfy({ $0 > 0 }),
              requested.count > rank else { return false }
        let transposed = a.perm.map { tIn[Int($0)] }
        var groups: [Range<Int>] = []
        var cursor = 0
        for j in 0..<rank {
            let target = transposed[j]
            let start = cursor
            var prod: Int64 = 1
            repeat {
                guard cursor < requested.count else { return false }
                let d = requested[cursor]
                if target > 0 && prod > target / d { return false }
                prod *= d
                cursor += 1
            } while prod < target
            guard prod == target else { return false }
            groups.append(start..<cursor)
        }
        guard cursor == requested.count else { return false }
        var newShape: [Int64] = []
        var newPerm = [Int64](repeating: 0, count: requested.count)
        for i in 0..<rank {
            for k in groups[Int(a.permInv[i])] {
                newPerm[k] = Int64(newShape.count)
                newShape.append(requested[k])
            }
        }
        let oldShape = graph[a.node].input(1)
        setInput(a.node, 0, graph[a.transpose].input(0))
        setInput(a.node, 1, addIntInitializer(newShape))
        removeInitializerIfUnused(oldShape)
        if !TransposePerms.isIdentity(newPerm) {
            transposeOutput(a.node, 0, newPerm, TransposePerms.invert(newPerm))
        }
        if let out = graph[a.transpose].output(0), !hasConsumers(out) { removeNode(a.transpose) }
        return true
    }
}
