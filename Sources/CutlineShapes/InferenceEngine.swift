import CutlineIR

/// Names visible from an enclosing graph: their types and propagated shape data.
final class Scope {
    var types: [String: ValueType] = [:]
    var symbolic: [String: [Dim]] = [:]
    var data: [String: TensorLiteral] = [:]
    let parent: Scope?
    init(parent: Scope?) { self.parent = parent }

    func type(_ name: String) -> ValueType? {
        var s: Scope? = self
        while let c = s { if let t = c.types[name] { return t }; s = c.parent }
        return nil
    }
    func symbolicData(_ name: String) -> [Dim]? {
        var s: Scope? = self
        while let c = s { if let t = c.symbolic[name] { return t }; s = c.parent }
        return nil
    }
    func literal(_ name: String) -> TensorLiteral? {
        var s: Scope? = self
        while let c = s { if let t = c.data[name] { return t }; s = c.parent }
        return nil
    }
}

typealias ShapeRule = @Sendable (inout NodeInferenceContext) throws -> Void

/// Runs inference graph by graph. Nodes are visited in a loop over the topological order; only subgraph nesting
/// recurses, and the loader bounds that depth.
final class InferenceEngine {
    let model: Model
    let options: ShapeInferenceOptions
    let symbols = SymbolTable()
    var report = ShapeInferenceReport()
    /// graph path → value index → why it is unknown.
    var reasons: [String: [Int: String]] = [:]
    var functionDepth = 0

    init(model: Model, options: ShapeInferenceOptions) {
        self.model = model
        self.options = options
    }

    struct GraphResult {
        var graph: Graph
        var outputTypes: [ValueType?]
    }

    /// Infers one graph. `formalInputs` (for subgraphs and function bodies) are merged into the declared input
    /// types first and materialized, as onnx's GraphInferencer does.
    func inferGraph(_ graph: Graph, path: String, imports: [OpsetImport], scope: Scope?,
                    formalInputs: [ValueType?]?, updateGraph: Bool = true) -> GraphResult {
        let registry = options.registry
        // Indexed reads throughout: `graph.values.map(\.type)` and `let v = graph[id]` copy whole values and nodes.
        var types = [ValueType?]()
        types.reserveCapacity(graph.values.count)
        for v in graph.values.indices { types.append(graph.values[v].type) }
        var data = [TensorLiteral?](repeating: nil, count: graph.values.count)
        var symbolic = [[Dim]?](repeating: nil, count: graph.values.count)
        var localReasons: [Int: String] = [:]
        var changedSubgraphs: [(NodeID, [Attribute])] = []

        for v in graph.values.indices where graph.values[v].isOuterScope {
            let name = graph.values[v].name
            if types[v] == nil { types[v] = scope?.type(name) }
            symbolic[v] = scope?.symbolicData(name)
            if options.evaluateConstants { data[v] = scope?.literal(name) }
        }
        if let formalInputs {
            for (i, info) in graph.inputInfos.enumerated() where i < formalInputs.count {
                guard let t = formalInputs[i] else { continue }
                let v = info.value.index
                do {
                    types[v] = symbols.materialize(try TypeMerge.merge(inferred: t, existing: types[v]))
                } catch let f as InferenceFailure {
                    report.problems.append(.init(graphPath: path, node: "input '\(graph.values[v].name)'", opType: "",
                                                 message: f.message))
                } catch {}
            }
        }
        for id in graph.initializerOrder {
            guard let t = graph.values[id.index].initializer else { continue }
            if types[id.index] == nil { types[id.index] = .tensor(t.dataType, t.shape) }
            data[id.index] = TensorLiteral(tensor: t, storage: model.storage, maxElements: options.maxConstantElements)
        }

        // What a node binds to depends only on its domain, op type and overload: resolved once per distinct op
        // rather than per node (each resolution is several dictionary lookups and a scan of the model's functions).
        var resolved: [OpKey: ResolvedOp] = [:]
        let order = graph.topologicalOrder() ?? graph.liveNodeIDs
        for nid in order {
            let node = graph.nodes[nid.index]
            let key = OpKey(domain: node.domain, opType: node.opType, overload: node.overload)
            let op: ResolvedOp
            if let known = resolved[key] {
                op = known
            } else {
                let version = importedVersion(imports, domain: node.domain)
                op = ResolvedOp(
                    domainVersion: version,
                    schema: version.flatMap { registry.schema(domain: node.domain, opType: node.opType, opsetVersion: $0) },
                    function: model.function(domain: node.domain, name: node.opType, overload: node.overload),
                    rule: Rules.rule(domain: node.domain, opType: node.opType))
                resolved[key] = op
            }
            let domainVersion = op.domainVersion
            let schema = op.schema
            let function = op.function
            var ctx = NodeInferenceContext(
                node: node, since: op.rule != nil ? schema?.sinceVersion ?? 0 : 0,
                inputTypes: node.inputs.map { $0.flatMap { types[$0.index] } },
                inputNames: node.inputs.map { $0.map { graph.values[$0.index].name } },
                inputData: node.inputs.map { $0.flatMap { data[$0.index] } },
                symbolicInputs: node.inputs.map { $0.flatMap { symbolic[$0.index] } },
                outputs: [ValueType?](repeating: nil, count: node.outputs.count))
            var handled = false
            var failure: String?
            let hasSubgraphs = node.hasSubgraphs
            if schema != nil, let rule = op.rule {
                // Only the control-flow rules infer subgraphs: other nodes skip the scope, the closure and the edit
                // record (allocations, per node). Only nodes with subgraphs need the enclosing names; building the
                // scope for every node would make long chains quadratic.
                var edits: SubgraphEdits?
                if hasSubgraphs || (node.isDefaultDomain && ControlFlowRules.ops.contains(node.opType)) {
                    let e = SubgraphEdits(attributes: node.attributes)
                    edits = e
                    let outerScope = hasSubgraphs
                        ? makeScope(parent: scope, graph: graph, types: types, symbolic: symbolic, data: data)
                        : Scope(parent: scope)
                    ctx.inferSubgraph = { [unowned self] attrName, inputs in
                        guard let ai = e.attributes.firstIndex(where: { $0.name == attrName }),
                              case .graph(let g) = e.attributes[ai].value else {
                            throw InferenceFailure("Attribute \(attrName) does not contain a graph.")
                        }
                        let label = graph.displayName(of: nid)
                        let r = self.inferGraph(g, path: "\(path)/\(label)/\(attrName)", imports: imports,
                                                scope: outerScope, formalInputs: inputs)
                        e.attributes[ai].value = .graph(r.graph)
                        e.changed = true
                        return r.outputTypes
                    }
                }
                do {
                    try rule(&ctx)
                    handled = true
                } catch let f as InferenceFailure {
                    failure = f.message
                } catch {
                    failure = "\(error)"
                }
                if let edits, edits.changed { changedSubgraphs.append((nid, edits.attributes)) }
            } else if schema == nil, let function, functionDepth < 32 {
                do {
                    ctx.outputs = try inferFunctionCall(function, ctx: ctx, path: path)
                    handled = true
                } catch let f as InferenceFailure {
                    failure = f.message
                } catch {}
            } else {
                let what = "\(node.isDefaultDomain ? "ai.onnx" : node.domain):\(node.opType)"
                let reason: String
                if domainVersion == nil {
                    reason = "the model imports no opset for domain '\(node.isDefaultDomain ? "ai.onnx" : node.domain)'"
                } else if schema == nil {
                    reason = "no operator schema for \(what) at opset \(domainVersion ?? 0)"
                } else {
                    reason = "shape inference for \(what) is not implemented"
                    report.unsupportedOps[what, default: 0] += 1
                }
                for o in node.outputs { if let o { localReasons[o.index] = reason } }
                continue
            }
            if let failure {
                report.problems.append(.init(graphPath: path, node: graph.displayName(of: nid), opType: node.opType,
                                             message: failure))
                for o in node.outputs { if let o, types[o.index]?.shape == nil { localReasons[o.index] = "inference failed: \(failure)" } }
                continue
            }
            guard handled else { continue }
            let typeOnly = options.ortRuntime && schema?.hasInferenceFunction == false
            for (i, o) in node.outputs.enumerated() {
                guard let o else { continue }
                if var inferred = ctx.outputs[i], inferred != .unspecified {
                    if typeOnly, case .tensor(let t, _) = inferred { inferred = .tensor(t, nil) }
                    let m = symbols.materialize(inferred)
                    do {
                        let merged = try TypeMerge.merge(inferred: m, existing: types[o.index])
                        if merged != types[o.index] { types[o.index] = merged }
                    } catch let f as InferenceFailure {
                        report.problems.append(.init(graphPath: path, node: graph.displayName(of: nid), opType: node.opType,
                                                     message: "output '\(graph.values[o.index].name)': \(f.message)"))
                    } catch {}
                }
                // A node whose input is already unknown records nothing: the report walks back to the node where
                // inference first stopped.
                if typeOnly, types[o.index]?.shape == nil {
                    localReasons[o.index] = "ONNX Runtime infers no shape for \(node.opType)-\(schema?.sinceVersion ?? 0): "
                        + "its schema has no inference function (onnx infers one through the function body)"
                } else if types[o.index]?.shape == nil, let reason = ctx.stopReason ?? ownReason(ctx) {
                    localReasons[o.index] = reason
                }
            }
            // Values for later rules: Constant nodes always (as onnx), other nodes when evaluation is on.
            if node.isDefaultDomain && node.opType == "Constant" {
                if let lit = ShapeKernels.constant(ConstantKernelContext(
                    opType: "Constant", domain: "", sinceVersion: nil, attributes: node.attributes, inputs: [],
                    maxElements: options.maxConstantElements, storage: model.storage))?.first, let o = node.output(0) {
                    data[o.index] = lit
                }
            } else if options.evaluateConstants, !hasSubgraphs, ctx.inputData.count == node.inputs.count,
                      zip(node.inputs, ctx.inputData).allSatisfy({ $0.0 == nil || $0.1 != nil }) || node.opType == "Shape" || node.opType == "Size" {
                evaluate(node: node, ctx: ctx, types: types, data: &data)
            }
            if options.dataPropagation, let prop = DataPropagation.propagator(domain: node.domain, opType: node.opType, since: ctx.since),
               let o = node.output(0) {
                let ort = options.ortRuntime
                let onlyPropagated = ort && (node.opType == "Concat" || node.opType == "Slice")
                let input: (Int) -> [Dim]? = { i in
                    onlyPropagated ? ctx.symbolic(i)
                        : DataPropagation.inputData(ctx: ctx, index: i, cache: &symbolic, node: node)
                }
                do {
                    if let d = try prop(ctx, input), !ort || d.allSatisfy({ $0.value != nil }) { symbolic[o.index] = d }
                } catch let f as InferenceFailure {
                    report.problems.append(.init(graphPath: path, node: graph.displayName(of: nid), opType: node.opType,
                                                 message: f.message))
                } catch {}
            }
        }

        reasons[path] = localReasons
        var outputTypes: [ValueType?] = graph.outputInfos.map { types[$0.value.index] }
        outputTypes = outputTypes.map { $0 }
        guard updateGraph else { return GraphResult(graph: graph, outputTypes: outputTypes) }
        var editor = GraphEditor(graph)
        for v in graph.values.indices where !graph.values[v].isRemoved && types[v] != graph.values[v].type {
            editor.setType(ValueID(v), types[v])
            report.valuesUpdated += 1
        }
        for (nid, attrs) in changedSubgraphs {
            for a in attrs where a.type == .graph || a.type == .graphs { editor.setAttribute(nid, a) }
        }
        return GraphResult(graph: editor.graph, outputTypes: outputTypes)
    }

    /// A node's attributes with the subgraphs inference rewrote.
    final class SubgraphEdits {
        var attributes: [Attribute]
        var changed = false
        init(attributes: [Attribute]) { self.attributes = attributes }
    }

    struct OpKey: Hashable {
        var domain: String
        var opType: String
        var overload: String
    }

    struct ResolvedOp {
        var domainVersion: Int64?
        var schema: OpSchemaVersion?
        var function: Function?
        var rule: ShapeRule?
    }

    func makeScope(parent: Scope?, graph: Graph, types: [ValueType?], symbolic: [[Dim]?], data: [TensorLiteral?]) -> Scope {
        let s = Scope(parent: parent)
        for v in graph.values.indices where !graph.values[v].isRemoved {
            let name = graph.values[v].name
            if let t = types[v] { s.types[name] = t }
            if let d = symbolic[v] { s.symbolic[name] = d }
            if options.evaluateConstants, let d = data[v] { s.data[name] = d }
        }
        return s
    }

    /// Why a node left an output unknown when its rule gave no reason: nil when an input was already unknown.
    func ownReason(_ ctx: NodeInferenceContext) -> String? {
        if ctx.firstUnknownInput(Array(0..<ctx.inputCount)) != nil { return nil }
        return "the output shape depends on values known only at run time"
    }

    /// Evaluates a node whose inputs are all known values (Shape and Size only need a static input shape).
    func evaluate(node: Node, ctx: NodeInferenceContext, types: [ValueType?], data: inout [TensorLiteral?]) {
        var inputs = ctx.inputData
        if node.isDefaultDomain && (node.opType == "Shape" || node.opType == "Size") {
            guard let s = ctx.shape(0).flatMap({ Shape($0).staticDims }), let t = ctx.elemType(0) else { return }
            // The kernels only need the dims; a zero-filled placeholder stands for the values.
            guard let n = LiteralMath.count(s), n <= options.maxConstantElements else {
                if node.opType == "Shape", let o = node.output(0) {
                    data[o.index] = ShapeKernels.shape(ConstantKernelContext(
                        opType: "Shape", domain: "", sinceVersion: ctx.since, attributes: node.attributes,
                        inputs: [TensorLiteral(dataType: t, dims: s, values: .ints([]))], maxElements: options.maxConstantElements))?.first
                }
                return
            }
            inputs = [TensorLiteral(dataType: t, dims: s, values: .ints([Int64](repeating: 0, count: n)))]
        }
        guard let out = ConstantEvaluator.evaluate(opType: node.opType, domain: node.domain, sinceVersion: ctx.since,
                                                   attributes: node.attributes, inputs: inputs,
                                                   maxElements: options.maxConstantElements,
                                                   storage: model.storage) else { return }
        for (i, o) in node.outputs.enumerated() where i < out.count {
            if let o { data[o.index] = out[i] }
        }
    }

    /// Infers a call of a model-local function by inferring its body with the actual argument types.
    func inferFunctionCall(_ f: Function, ctx: NodeInferenceContext, path: String) throws -> [ValueType?] {
        functionDepth += 1
        defer { functionDepth -= 1 }
        var body = f.body
        // Attribute references inside the body resolve against the call's attributes, then the defaults.
        var editor = GraphEditor(body)
        for nid in body.liveNodeIDs {
            for a in body[nid].attributes where !a.refAttrName.isEmpty {
                if var actual = ctx.node.attribute(a.refAttrName) ?? f.attributeDefaults.first(where: { $0.name == a.refAttrName }) {
                    actual.name = a.name
                    editor.setAttribute(nid, actual)
                }
            }
        }
        body = editor.graph
        let r = inferGraph(body, path: "\(path)/\(f.domain):\(f.name)", imports: f.opsetImports, scope: nil,
                           formalInputs: ctx.inputTypes, updateGraph: false)
        return Array(r.outputTypes.prefix(ctx.outputCount)) + [ValueType?](repeating: nil, count: max(0, ctx.outputCount - r.outputTypes.count))
    }
}
