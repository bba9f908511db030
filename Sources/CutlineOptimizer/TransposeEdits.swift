import CutlineIR

/// The graph edits of ORT's transpose optimizer API (ApiGraph) and its core helpers: transposing or unsqueezing a
/// node input (editing a constant in place, cancelling or composing with a Transpose above, or adding a node) and
/// putting a Transpose on a node output.
extension TransposePass {
    // MARK: ApiGraph edits

    /// ORT's ApiNode::SetInput.
    mutating func setInput(_ node: NodeID, _ i: Int, _ value: ValueID?) { og.editor.setInput(node, i, value) }

    /// ORT's AddNode (named after the op type, outputs "<name>_outN"); output types are left unset.
    mutating func addNode(_ op: String, inputs: [ValueID?], attributes: [Attribute] = []) -> (NodeID, ValueID)? {
        let name = og.uniqueNodeName(op)
        let out = og.editor.addValue(name: og.editor.uniqueName("\(name)_out0"))
        guard let id = try? og.addNode(Node(name: name, opType: op, attributes: attributes), inputs: inputs,
                                        outputs: [out]) else { return nil }
        return (id, out)
    }

    /// ORT's AddInitializer for an int64/int32 1-D constant ("const_transpose_optimizer").
    mutating func addIntInitializer(_ values: [Int64], as type: DataType = .int64) -> ValueID {
        let v = TensorValue(dataType: type, dims: [Int64(values.count)], ints: values)
        return og.addInitializer(v, name: "const_transpose_optimizer")
    }

    /// ORT's RemoveInitializer after a HasValueConsumers check.
    mutating func removeInitializerIfUnused(_ value: ValueID?) {
        guard let value, !hasConsumers(value) else { return }
        og.dropIfUnused(value)
    }

    /// ORT's RemoveNode; initializers it alone read go as Graph::Resolve drops them.
    mutating func removeNode(_ id: NodeID) {
        let inputs = graph[id].inputs
        og.removeNode(id)
        for i in inputs { og.dropIfUnused(i) }
    }

    /// ORT's MoveOutput: `dst` takes over output `srcIndex` of `src` (its consumers and name); `src` gets a new
    /// value there. Returns the new value.
    @discardableResult
    mutating func moveOutput(_ src: NodeID, _ srcIndex: Int, to dst: NodeID, _ dstIndex: Int) -> ValueID? {
        guard let moved = graph[src].output(srcIndex) else { return nil }
        let fresh = og.editor.addValue(name: og.editor.uniqueName(graph[src].name))
        do {
            try og.editor.setOutput(src, srcIndex, fresh)
            let old = graph[dst].output(dstIndex)
            try og.editor.setOutput(dst, dstIndex, moved)
            if let old, old != moved, !graph[old].hasUses, !graph[old].isGraphOutput { try? og.editor.removeValue(old) }
        } catch {
            return nil
        }
        return fresh
    }

    /// ORT's CopyValueInfo.
    mutating func copyValueInfo(_ src: ValueID, _ dst: ValueID) {
        guard let t = graph[src].type else { return }
        og.editor.setType(dst, t)
    }

    /// ORT's ValueInfo::PermuteDims (nothing without a shape).
    mutating func permuteDims(_ value: ValueID, _ perm: [Int64]) {
        guard case .tensor(let et, let shape?) = graph[value].type, shape.rank == perm.count else { return }
        og.editor.setType(value, .tensor(et, Shape(perm.map { shape.dims[Int($0)] })))
    }

    /// ORT's ValueInfo::UnsqueezeDims.
    mutating func unsqueezeDims(_ value: ValueID, _ axes: [Int64]) {
        guard case .tensor(let et, let shape?) = graph[value].type else { return }
        var dims: [Dim] = []
        var j = 0
        var i: Int64 = 0
        while true {
            if axes.contains(i) {
                dims.append(.value(1))
            } else if j < shape.rank {
                dims.append(shape.dims[j])
                j += 1
            } else {
                break
            }
            i += 1
        }
        og.editor.setType(value, .tensor(et, Shape(dims)))
    }

    /// ORT's ValueInfo::SetShape (dims ≤ 0 become unknown).
    mutating func setShape(_ value: ValueID, _ dims: [Int64]) {
        let et = graph[value].type?.elementType ?? .undefined
        og.editor.setType(value, .tensor(et, Shape(dims.map { $0 > 0 ? .value($0) : .unknown })))
    }

    /// ORT's ReshapeInitializer: same bytes, new dims.
    mutating func reshapeInitializer(_ value: ValueID, _ dims: [Int64]) {
        guard var t = graph[value].initializer else { return }
        t.dims = dims
        og.editor.setInitializer(value, t)
        og.editor.setType(value, .tensor(t.dataType, Shape(static: dims)))
    }

    /// ORT's TransposeInitializer: the elements reordered by `perm` (`bytes`, from `transposedBytes`).
    mutating func transposeInitializer(_ value: ValueID, _ perm: [Int64], bytes: [UInt8]) {
        guard let t = graph[value].initializer else { return }
        let dims = perm.map { t.dims[Int($0)] }
        og.editor.setInitializer(value, Tensor(name: t.name, dataType: t.dataType, dims: dims,
                                               payload: .field(.rawData, .memory(bytes))))
        og.editor.setType(value, .tensor(t.dataType, Shape(static: dims)))
    }

    /// The elements of `t` reordered by `perm`; nil when the element type has no whole byte size (sub-byte and
    /// string tensors) or the data cannot be read.
    func transposedBytes(_ t: Tensor, _ perm: [Int64]) -> [UInt8]? {
        guard let bits = t.dataType.bitWidth, bits % 8 == 0, perm.count == t.dims.count,
              let count = t.elementCount, count < Int64(Int32.max) else { return nil }
        guard let raw = try? TensorData.rawBytes(of: t, storage: og.storage) else { return nil }
        let size = bits / 8
        let n = Int(count)
        guard raw.count == n * size else { return nil }
        let rank = t.dims.count
        var inStrides = [Int](repeating: 1, count: rank)
        for i in stride(from: rank - 2, through: 0, by: -1) { inStrides[i] = inStrides[i + 1] * Int(t.dims[i + 1]) }
        let outDims = perm.map { Int(t.dims[Int($0)]) }
        var out = [UInt8](repeating: 0, count: raw.count)
        var index = [Int](repeating: 0, count: rank)
        for k in 0..<n {
            var src = 0
            for a in 0..<rank { src += index[a] * inStrides[Int(perm[a])] }
            for b in 0..<size { out[k * size + b] = raw[src * size + b] }
            var a = rank - 1
            while a >= 0 {
                index[a] += 1
                if index[a] < outDims[a] { break }
                index[a] = 0
                a -= 1
            }
        }
        return out
    }

    // MARK: core helpers

    /// ORT's MakeSqueezeOrUnsqueeze: axes as attribute before opset 13, else a new initializer.
    mutating func addSqueezeOrUnsqueeze(_ op: String, _ input: ValueID, _ axes: [Int64]) -> (NodeID, ValueID)? {
        if opset < 13 { return addNode(op, inputs: [input], attributes: [Attribute(name: "axes", value: .ints(axes))]) }
        let a = addIntInitializer(axes)
        return addNode(op, inputs: [input, a])
    }

    mutating func addTranspose(_ input: ValueID?, _ perm: [Int64]) -> (NodeID, ValueID)? {
        addNode("Transpose", inputs: [input], attributes: [Attribute(name: "perm", value: .ints(perm))])
    }

    /// Points every input of `nodes` reading `old` at `new` (ORT's ReplaceValueReferences).
    mutating func replaceReferences(_ nodes: [NodeID], _ old: ValueID, _ new: ValueID) {
        for n in nodes {
            for (i, v) in graph[n].inputs.enumerated() where v == old { setInput(n, i, new) }
        }
    }

    /// ORT's UnsqueezeInput: input `i` of `node` gains 1-dims at `axes`.
    mutating func unsqueezeInput(_ node: NodeID, _ i: Int, _ axes: [Int64]) {
        guard let input = graph[node].input(i) else { return }
        let constant = localConstant(input)
        setInput(node, i, nil)
        let c = consumers(input)
        // Case 1: a constant is reshaped in place; its other readers get a Squeeze undoing it.
        if let constant, c.comprehensive {
            if !c.nodes.isEmpty, let (_, sq) = addSqueezeOrUnsqueeze("Squeeze", input, axes) {
                copyValueInfo(input, sq)
                replaceReferences(c.nodes, input, sq)
            }
            reshapeInitializer(input, TransposePerms.unsqueezeShape(constant.dims, axes))
            setInput(node, i, input)
            return
        }
        // Case 2: a Squeeze with the same axes above cancels.
        let producer = graph[input].producer
        if let p = producer, isOp(graph[p], "Squeeze"),
           let sqAxes = attrOrInput(p, "axes", input: 1, inputOpset: 13), sqAxes == axes {
            let sqInputs = graph[p].inputs
            setInput(node, i, sqInputs.first ?? nil)
            if c.comprehensive && c.nodes.isEmpty {
                removeNode(p)
                if opset >= 13, sqInputs.count > 1 { removeInitializerIfUnused(sqInputs[1]) }
            }
            return
        }
        // Case 3: a new Unsqueeze; a Transpose above it is pushed through it at once.
        guard let (unsqueeze, out) = addSqueezeOrUnsqueeze("Unsqueeze", input, axes) else { return }
        copyValueInfo(input, out)
        unsqueezeDims(out, axes)
        if let p = producer, isOp(graph[p], "Transpose"), let perm = validPerm(p) {
            var args = HandlerArgs(transpose: p, node: unsqueeze, perm: perm, permInv: TransposePerms.invert(perm),
                                   inputs: [0])
            if let result = helpHandleUnsqueeze(&args, axes) {
                setInput(node, i, result)
                return
            }
        }
        setInput(node, i, out)
    }

    /// ORT's TransposeInputImpl: input `i` of `node` becomes its transpose by `perm`.
    mutating func transposeInput(_ node: NodeID, _ i: Int, _ perm: [Int64], _ permInv: [Int64]) {
        guard let input = graph[node].input(i) else { return }
        let constant = localConstant(input)
        setInput(node, i, nil)
        let c = consumers(input)
        // Case 1: a constant is edited in place; its other readers get a Transpose undoing it. A constant whose
        // elements cannot be reordered byte-wise (sub-byte or string types) is treated as a computed value.
        if let constant, c.comprehensive {
            let oneElement = constant.elementCount == 1
            let permuted1D = constant.dims.count == 1 && constant.dims[0] == Int64(perm.count)
            let bytes = oneElement || permuted1D ? nil : transposedBytes(constant, perm)
            if oneElement || permuted1D || bytes != nil {
                defer { if graph[node].input(i) == nil { setInput(node, i, input) } }
                if oneElement { return }
                if permuted1D {
                    permute1DConstant(node, i, constant, input, perm)
                    return
                }
                if !c.nodes.isEmpty, let (_, tout) = addTranspose(input, permInv) {
                    copyValueInfo(input, tout)
                    replaceReferences(c.nodes, input, tout)
                }
                if let bytes { transposeInitializer(input, perm, bytes: bytes) }
                return
            }
        }
        // Case 2: a Transpose above cancels or composes.
        if let p = graph[input].producer, isOp(graph[p], "Transpose"), let perm2 = validPerm(p), perm2.count == perm.count {
            let pre = graph[p].input(0)
            if perm2 == permInv {
                setInput(node, i, pre)
                if c.comprehensive && c.nodes.isEmpty { removeNode(p) }
                return
            }
            if let (_, tout) = addTranspose(pre, TransposePerms.compose(perm2, perm)) {
                copyValueInfo(input, tout)
                permuteDims(tout, perm)
                if c.comprehensive && c.nodes.isEmpty { removeNode(p) }
                setInput(node, i, tout)
                return
            }
        }
        // Case 3: a Transpose with this perm already reads the input.
        for n in c.nodes where isOp(graph[n], "Transpose") && validPerm(n) == perm {
            setInput(node, i, graph[n].output(0))
            return
        }
        // Case 4: a new Transpose.
        guard let (_, tout) = addTranspose(input, perm) else { setInput(node, i, input); return }
        copyValueInfo(input, tout)
        permuteDims(tout, perm)
        setInput(node, i, tout)
    }

    /// ORT's Permute1DConstant: a new initializer with the values reordered by `perm`.
    mutating func permute1DConstant(_ node: NodeID, _ i: Int, _ constant: Tensor, _ old: ValueID, _ perm: [Int64]) {
        guard let raw = try? TensorData.rawBytes(of: constant, storage: og.storage), !perm.isEmpty,
              raw.count % perm.count == 0 else { setInput(node, i, old); return }
        let size = raw.count / perm.count
        var bytes: [UInt8] = []
        for p in perm { bytes += raw[Int(p) * size ..< (Int(p) + 1) * size] }
        let name = og.editor.uniqueName("const_transpose_optimizer")
        let v = og.editor.addInitializer(Tensor(name: name, dataType: constant.dataType, dims: constant.dims,
                                                payload: .field(.rawData, .memory(bytes))))
        setInput(node, i, v)
        removeInitializerIfUnused(old)
    }

    mutating func transposeInputs(_ node: NodeID, _ perm: [Int64], _ indices: [Int]) {
        let inv = TransposePerms.invert(perm)
        for j in indices { transposeInput(node, j, perm, inv) }
    }

    mutating func transposeFirstInput(_ node: NodeID, _ perm: [Int64]) { transposeInputs(node, perm, [0]) }

    /// ORT's NormalizeInputRanks: inputs of lower rank gain leading 1-dims; false (nothing changed) when a rank
    /// is unknown or above `rank`.
    mutating func normalizeInputRanks(_ node: NodeID, _ rank: Int, _ indices: [Int]) -> Bool {
        var ranks: [Int] = []
        for i in indices {
            guard let d = dims(graph[node].input(i)), d.count <= rank else { return false }
            ranks.append(d.count)
        }
        for (k, r) in ranks.enumerated() where r < rank {
            unsqueezeInput(node, indices[k], (0..<Int64(rank - r)).map { $0 })
        }
        return true
    }

    /// ORT's TransposeOutput: a Transpose by `perm` takes over output `i`; the node's new output has the
    /// shape permuted by `permInv`. Returns the value the Transpose now produces.
    @discardableResult
    mutating func transposeOutput(_ node: NodeID, _ i: Int, _ perm: [Int64], _ permInv: [Int64]) -> ValueID? {
        guard let old = graph[node].output(i), let (t, _) = addTranspose(nil, perm),
              let fresh = moveOutput(node, i, to: t, 0) else { return nil }
        setInput(t, 0, fresh)
        copyValueInfo(old, fresh)
        permuteDims(fresh, permInv)
        return old
    }

    /// ORT's TransposeOutputs (nothing for an identity perm).
    mutating func transposeOutputs(_ node: NodeID, _ perm: [Int64]) {
        guard !TransposePerms.isIdentity(perm) else { return }
        let inv = TransposePerms.invert(perm)
        for j in graph[node].outputs.indices { transposeOutput(node, j, perm, inv) }
    }
}
