import CutlineIR

/// ORT's TransposeOptimizer as the last Level-1 transformer registers it (graph_transformer_utils.cc): no EP
/// assigned, ORT's extended handler map, the default cost check. Each graph gets one sweep over its nodes in
/// topological order; every Transpose feeding a node with a handler is pushed through it when the cost estimate
/// (non-trivial dims of the transposed inputs, minus those of Transposes that cancel) goes down, and
/// Transpose pairs cancel or merge. Subgraphs follow their parent graph, as GraphTransformer::Recurse runs them.
/// Not simulated: looking past DequantizeLinear nodes and the QDQ node-unit repairs (see docs/OPTIMIZER.md).
enum TransposeOptimizer {
    static let passName = "TransposeOptimizer"
    /// ORT's kMinSupportedOpset / kMaxSupportedOpset: other ai.onnx opsets leave the graph alone.
    static let supportedOpsets: ClosedRange<Int64> = 7...27

    static func run(_ og: inout OptGraph) -> Bool {
        var changed = false
        if supportedOpsets.contains(og.onnxOpset) {
            var pass = TransposePass(og: og)
            og.editor = OptEditor(GraphEditor())
            changed = pass.optimize()
            og = pass.og
        }
        guard let order = og.editor.topologicalOrder() else { return changed }
        for id in og.graph.withSubgraphs(order) {
            if og.recurse(id, { run(&$0) }) { changed = true }
        }
        return changed
    }
}

extension Run {
    /// TransposeOptimizer over the main graph and its subgraphs, in the first step only: it declares
    /// ShouldOnlyApplyOnce (a second run could undo what its QDQ clean-up did). Nothing moves without a Transpose,
    /// and the DequantizeLinear-only clean-up is not simulated, so a graph without Transpose is skipped.
    mutating func applyTransposeOptimizer() -> Bool {
        guard step == 1 else { return false }
        return apply(TransposeOptimizer.passName, anchor: "Transpose") { TransposeOptimizer.run(&$0) }
    }
}

/// What a handler can transpose (ORT's transposible_inputs_fn).
enum TransposableInputs {
    case first, all, nonScalar, qLinearBinary, qLinearConcat
}

/// ORT's handlers, by what they do.
enum TransposeHandler {
    case simple, broadcast, concat, split, softHardMax, shape, pad, reduce, argMinMax, squeeze, unsqueeze, slice,
         gather, tile, transpose, reshape, quantizeDequantize, contribQuantizeDequantize, qLinearPool
    /// MaxPool and Resize: ORT pushes only for nodes assigned to the CPU EP, which none is at Level 1.
    case cpuOnly
}

struct TransposeHandlerInfo {
    let inputs: TransposableInputs
    let handler: TransposeHandler
    var transposesOutputs = true

    /// ORT's GetHandler: the extended (ORT) map first, then the generic one; keys are the op type for ai.onnx
    /// and "domain.op" otherwise.
    static func lookup(_ node: Node) -> TransposeHandlerInfo? {
        if node.isDefaultDomain { return onnx[node.opType] }
        return contrib["\(node.domain).\(node.opType)"]
    }

    static let onnx: [String: TransposeHandlerInfo] = {
        var m: [String: TransposeHandlerInfo] = [:]
        let simple = ["Cast", "Exp", "Gelu", "Identity", "LeakyRelu", "Log", "Reciprocal", "Relu", "Sigmoid", "Sqrt",
                      "Tanh", "Abs", "Not", "Ceil", "Floor", "Neg", "Erf", "HardSigmoid", "Round", "IsInf", "IsNaN",
                      "Selu", "Shrink", "Sign", "Softplus", "Softsign", "ThresholdedRelu", "Celu", "HardSwish", "Sin",
                      "Cos", "Tan", "Sinh", "Cosh", "Asin", "Acos", "Atan", "Asinh", "Acosh", "Atanh"]
        for op in simple { m[op] = TransposeHandlerInfo(inputs: .all, handler: .simple) }
        let broadcast = ["Add", "Max", "Min", "Mul", "Sub", "Div", "And", "Or", "Xor", "Mod", "PRelu", "BitShift",
                         "Equal", "Greater", "Less", "GreaterOrEqual", "LessOrEqual", "Mean", "Sum", "Pow", "Where"]
        for op in broadcast { m[op] = TransposeHandlerInfo(inputs: .nonScalar, handler: .broadcast) }
        m["Clip"] = TransposeHandlerInfo(inputs: .first, handler: .simple)
        m["CastLike"] = TransposeHandlerInfo(inputs: .first, handler: .simple)
        m["Transpose"] = TransposeHandlerInfo(inputs: .first, handler: .transpose, transposesOutputs: false)
        m["Concat"] = TransposeHandlerInfo(inputs: .all, handler: .concat)
        m["Split"] = TransposeHandlerInfo(inputs: .first, handler: .split)
        m["Shape"] = TransposeHandlerInfo(inputs: .first, handler: .shape, transposesOutputs: false)
        m["Pad"] = TransposeHandlerInfo(inputs: .first, handler: .pad)
        for op in ["ReduceLogSum", "ReduceLogSumExp", "ReduceMax", "ReduceMean", "ReduceMin", "ReduceProd",
                   "ReduceSum", "ReduceSumSquare", "ReduceL1", "ReduceL2"] {
            m[op] = TransposeHandlerInfo(inputs: .first, handler: .reduce)
        }
        m["ArgMin"] = TransposeHandlerInfo(inputs: .first, handler: .argMinMax)
        m["ArgMax"] = TransposeHandlerInfo(inputs: .first, handler: .argMinMax)
        m["Squeeze"] = TransposeHandlerInfo(inputs: .first, handler: .squeeze)
        m["Unsqueeze"] = TransposeHandlerInfo(inputs: .first, handler: .unsqueeze)
        m["Slice"] = TransposeHandlerInfo(inputs: .first, handler: .slice)
        m["Gather"] = TransposeHandlerInfo(inputs: .first, handler: .gather)
        m["Tile"] = TransposeHandlerInfo(inputs: .first, handler: .tile)
        for op in ["Softmax", "Hardmax", "LogSoftmax"] { m[op] = TransposeHandlerInfo(inputs: .first, handler: .softHardMax) }
        m["QuantizeLinear"] = TransposeHandlerInfo(inputs: .first, handler: .quantizeDequantize)
        m["DequantizeLinear"] = TransposeHandlerInfo(inputs: .first, handler: .quantizeDequantize)
        // ORT's extended map replaces these three.
        m["MaxPool"] = TransposeHandlerInfo(inputs: .first, handler: .cpuOnly)
        m["Resize"] = TransposeHandlerInfo(inputs: .first, handler: .cpuOnly)
        m["Reshape"] = TransposeHandlerInfo(inputs: .first, handler: .reshape, transposesOutputs: false)
        return m
    }()

    static let contrib: [String: TransposeHandlerInfo] = [
        "com.microsoft.QuantizeLinear": TransposeHandlerInfo(inputs: .first, handler: .contribQuantizeDequantize),
        "com.microsoft.DequantizeLinear": TransposeHandlerInfo(inputs: .first, handler: .contribQuantizeDequantize),
        "com.microsoft.QLinearAdd": TransposeHandlerInfo(inputs: .qLinearBinary, handler: .broadcast),
        "com.microsoft.QLinearMul": TransposeHandlerInfo(inputs: .qLinearBinary, handler: .broadcast),
        "com.microsoft.QLinearAveragePool": TransposeHandlerInfo(inputs: .first, handler: .qLinearPool),
        "com.microsoft.QLinearGlobalAveragePool": TransposeHandlerInfo(inputs: .first, handler: .qLinearPool),
        "com.microsoft.QLinearConcat": TransposeHandlerInfo(inputs: .qLinearConcat, handler: .concat),
        "com.microsoft.QLinearLeakyRelu": TransposeHandlerInfo(inputs: .first, handler: .simple),
        "com.microsoft.QLinearSigmoid": TransposeHandlerInfo(inputs: .first, handler: .simple),
        "com.microsoft.QLinearReduceMean": TransposeHandlerInfo(inputs: .first, handler: .reduce),
        "com.microsoft.QLinearSoftmax": TransposeHandlerInfo(inputs: .first, handler: .softHardMax),
    ]
}

/// One run of the optimizer over one graph (ORT's OptimizeImpl with its ApiGraph). Value shapes are kept the
/// way ORT keeps its NodeArgs during the pass: copied and permuted by the pass itself, not re-inferred.
struct TransposePass {
    var og: OptGraph
    let opset: Int64
    /// Values with a path through pushable ops to a Transpose (ORT's outputs_leading_to_transpose).
    var leading: Set<ValueID> = []

    init(og: OptGraph) {
        self.og = og
        self.opset = og.onnxOpset
    }

    var graph: Graph { _read { yield og.editor.graph } }

    mutating func optimize() -> Bool {
        guard let order = og.editor.topologicalOrder() else { return false }
        leading = TransposePass.leadingValues(graph, order)
        var changed = false
        for id in order where !graph.nodes[id.index].isRemoved {
            let inputs = graph.nodes[id.index].inputs
            for (j, input) in inputs.enumerated() {
                guard let input, let (t, perm) = TransposePass.transposeProducer(graph, input) else { continue }
                if processTranspose(t, id, perm, j) {
                    changed = true
                    break
                }
            }
        }
        return changed
    }

    // The per-node scans take the graph as a parameter: read through `og` (a stored struct in another module's
    // editor), every field access copies the whole graph struct.

    /// Values with a path through pushable ops to a Transpose, walking `order` backwards.
    static func leadingValues(_ graph: Graph, _ order: [NodeID]) -> Set<ValueID> {
        var leading = Set<ValueID>()
        for id in order.reversed() {
            if graph.nodes[id.index].opType == "Transpose" && isDefaultDomain(graph.nodes[id.index].domain) {
                if let first = graph.nodes[id.index].inputs.first, let i = first { leading.insert(i) }
                continue
            }
            for out in graph.nodes[id.index].outputs where out.map({ leading.contains($0) }) ?? false {
                guard let info = TransposeHandlerInfo.lookup(graph.nodes[id.index]), info.transposesOutputs else { continue }
                for j in transposableInputs(graph, info, id) {
                    if j < graph.nodes[id.index].inputs.count, let v = graph.nodes[id.index].inputs[j] { leading.insert(v) }
                }
            }
        }
        return leading
    }

    /// The ai.onnx Transpose with a valid perm producing `value`, if that is what produces it.
    static func transposeProducer(_ graph: Graph, _ value: ValueID) -> (NodeID, [Int64])? {
        guard let t = graph.values[value.index].producer, graph.nodes[t.index].opType == "Transpose",
              isDefaultDomain(graph.nodes[t.index].domain), let perm = validPerm(graph, t) else { return nil }
        return (t, perm)
    }

    static func isDefaultDomain(_ domain: String) -> Bool { domain.isEmpty || domain == "ai.onnx" }

    /// ORT's ProcessTranspose: handler lookup, eligible input, cost check, then the handler.
    mutating func processTranspose(_ transpose: NodeID, _ node: NodeID, _ perm: [Int64], _ index: Int) -> Bool {
        guard let info = TransposeHandlerInfo.lookup(graph[node]) else { return false }
        let indices = transposableInputs(info, node)
        guard indices.contains(index) else { return false }
        if !isOp(graph[node], "Transpose") {
            guard cost(node, perm, info, indices) < 0 else { return false }
        }
        var args = HandlerArgs(transpose: transpose, node: node, perm: perm, permInv: TransposePerms.invert(perm),
                               inputs: indices)
        return handle(info.handler, &args)
    }

    // MARK: cost (ORT's optimization heuristics)

    /// ORT's CalculateCost: the inputs' cost, plus the largest output rank when the outputs get a Transpose that
    /// does not lead on to another one. Pushing needs a negative total.
    func cost(_ node: NodeID, _ perm: [Int64], _ info: TransposeHandlerInfo, _ indices: [Int]) -> Int {
        var cost = 0
        for j in indices { cost += valueCost(graph[node].input(j), perm) }
        if cost < 0 && info.transposesOutputs {
            var outCost = 0
            var leads = false
            for out in graph[node].outputs {
                outCost = max(outCost, estimatedRank(out))
                if let out, leading.contains(out) { leads = true }
            }
            if !leads { cost += outCost }
        }
        return cost
    }

    /// ORT's EstimateTransposeValueCost. `permInv` is the perm that would cancel a Transpose producing `value`.
    func valueCost(_ value: ValueID?, _ permInv: [Int64]) -> Int {
        guard let value else { return estimatedRank(nil) }
        if graph[value].producer == nil { return og.constantInitializer(value) != nil ? 0 : estimatedRank(value) }
        guard var producer = graph[value].producer else { return estimatedRank(value) }
        if graph[producer].opType == "DequantizeLinear", let dqIn = graph[producer].input(0),
           let beforeDQ = graph[dqIn].producer {
            if graph[beforeDQ].opType == "Squeeze" {
                if let s = graph[beforeDQ].input(0), let t = graph[s].producer, graph[t].opType == "Transpose" {
                    producer = t
                }
            } else {
                producer = beforeDQ
            }
        }
        if isOp(graph[producer], "Transpose"), let perm2 = validPerm(producer) {
            return perm2 == permInv && canLikelyRemove(producer) ? -estimatedRank(value) : 0
        }
        return estimatedRank(value)
    }

    /// ORT's EstimateValueRank: dims other than 1 (unknown dims count), 5 for an unknown shape.
    func estimatedRank(_ value: ValueID?) -> Int {
        guard let d = dims(value) else { return 5 }
        return d.filter { $0 != 1 }.count
    }

    /// ORT's CanLikelyRemoveTranspose: every consumer is known and has a handler.
    func canLikelyRemove(_ transpose: NodeID) -> Bool {
        guard let out = graph[transpose].output(0) else { return false }
        let c = consumers(out)
        return c.comprehensive && c.nodes.allSatisfy { TransposeHandlerInfo.lookup(graph[$0]) != nil }
    }

    func transposableInputs(_ info: TransposeHandlerInfo, _ node: NodeID) -> [Int] {
        TransposePass.transposableInputs(graph, info, node)
    }

    static func transposableInputs(_ graph: Graph, _ info: TransposeHandlerInfo, _ node: NodeID) -> [Int] {
        let inputs = graph.nodes[node.index].inputs
        switch info.inputs {
        case .first: return [0]
        case .all: return Array(inputs.indices)
        case .nonScalar:
            return inputs.indices.filter { i in
                guard let v = inputs[i] else { return true }
                return dims(graph, v).map { !$0.isEmpty } ?? true
            }
        case .qLinearBinary: return [0, 3]
        case .qLinearConcat: return Array(stride(from: 2, to: inputs.count, by: 3))
        }
    }

    // MARK: graph queries (ORT's ApiGraph)

    func isOp(_ node: Node, _ op: String) -> Bool { node.opType == op && node.isDefaultDomain }

    /// ORT's GetPermAttrIfValid.
    func validPerm(_ node: NodeID) -> [Int64]? { TransposePass.validPerm(graph, node) }

    static func validPerm(_ graph: Graph, _ node: NodeID) -> [Int64]? {
        for a in graph.nodes[node.index].attributes where a.name == "perm" {
            guard let p = a.ints, TransposePerms.isValid(p) else { return nil }
            return p
        }
        return nil
    }

    /// The shape as ORT's ValueInfo reports it: -1 for a dim without a value, nil without a shape.
    func dims(_ value: ValueID?) -> [Int64]? {
        guard let value else { return nil }
        return TransposePass.dims(graph, value)
    }

    static func dims(_ graph: Graph, _ value: ValueID) -> [Int64]? {
        guard let shape = graph.values[value.index].type?.shape else { return nil }
        return shape.dims.map { $0.value ?? -1 }
    }

    /// ORT's GetValueConsumers: nodes reading the value explicitly; not comprehensive when a subgraph reads it
    /// or it is a graph output.
    func consumers(_ value: ValueID) -> (nodes: [NodeID], comprehensive: Bool) {
        var seen = Set<NodeID>()
        var nodes: [NodeID] = []
        for u in graph[value].uses where seen.insert(u.node).inserted { nodes.append(u.node) }
        return (nodes, graph[value].implicitUses.isEmpty && !graph[value].isGraphOutput)
    }

    func hasConsumers(_ value: ValueID) -> Bool { graph[value].hasUses || graph[value].isGraphOutput }

    func localConstant(_ value: ValueID?) -> Tensor? { og.constantInitializer(value, checkOuterScope: false) }
    func constant(_ value: ValueID?) -> Tensor? { og.constantInitializer(value) }

    /// ORT's DataInt64 (the raw bytes read as int64, whatever the declared type).
    func int64s(_ t: Tensor) -> [Int64]? {
        guard let raw = try? TensorData.rawBytes(of: t, storage: og.storage) else { return nil }
        return try? TensorData.decodeInt64s(raw, dataType: t.dataType == .int32 ? .int32 : .int64, name: t.name)
    }

    /// ORT's ReadFromAttrOrInput: the attribute before `inputOpset`, else a constant input.
    func attrOrInput(_ node: NodeID, _ attr: String, input: Int, inputOpset: Int64) -> [Int64]? {
        if opset < inputOpset { return graph[node].attribute(attr)?.ints }
        guard let t = constant(graph[node].input(input)) else { return nil }
        return int64s(t)
    }
}
