import CutlineIR

public struct ShapeInferenceOptions: Sendable {
    /// Propagate the values of shape tensors (onnx's `data_prop=True`).
    public var dataPropagation: Bool
    /// Also compute small tensors with the constant evaluator and let shape rules read them (Cutline's
    /// extension; onnx only reads initializers and Constant nodes). Off = onnx-compatible results.
    public var evaluateConstants: Bool
    /// Size cap for initializers read as values and for evaluated tensors.
    public var maxConstantElements: Int
    public var registry: SchemaRegistry
    /// List the values left unknown in the report (`ShapeInferenceReport.unknowns`); callers that only want the
    /// types can skip that walk.
    public var reportUnknowns: Bool
    /// Infer as an ONNX Runtime session does when it resolves the graph its EPs see, rather than as onnx does:
    /// a schema without an inference function gives its outputs a type but no shape, and a propagated shape value
    /// is kept only when every element is a known number (ORT stores no symbolic dims as values), with Concat and
    /// Slice reading only propagated values, not initializers. Checked against ORT's own types by
    /// `scripts/oracle/compare_shapes.py` (fixtures/oracle/ort-shapes-1.30.json).
    public var ortRuntime: Bool

    public init(dataPropagation: Bool = true, evaluateConstants: Bool = true,
                maxConstantElements: Int = TensorLiteral.defaultMaxElements, registry: SchemaRegistry = .standard,
                reportUnknowns: Bool = true, ortRuntime: Bool = false) {
        self.ortRuntime = ortRuntime
        self.dataPropagation = dataPropagation
        self.evaluateConstants = evaluateConstants
        self.maxConstantElements = maxConstantElements
        self.registry = registry
        self.reportUnknowns = reportUnknowns
    }

    /// The types ONNX Runtime's own inference gives the graph its EPs see (`ortRuntime`).
    public static var ortSession: ShapeInferenceOptions {
        ShapeInferenceOptions(evaluateConstants: false, ortRuntime: true)
    }

    /// What `onnx.shape_inference.infer_shapes(model, data_prop=True)` computes.
    public static var onnxCompatible: ShapeInferenceOptions {
        ShapeInferenceOptions(evaluateConstants: false, registry: .onnxOnly)
    }
}

/// What inference could not establish.
public struct ShapeInferenceReport: Sendable {
    /// A value left without a type or without a shape, and why.
    public struct Unknown: Hashable, Sendable {
        /// `main`, or a subgraph path like `main/if0/then_branch` (fixtures/README.md).
        public var graphPath: String
        public var value: String
        /// What is known (a type without shape, or nil).
        public var type: ValueType?
        /// The node where inference stopped (display name), nil for a graph input without a declared type.
        public var stoppedAt: String?
        public var opType: String?
        public var reason: String
    }

    /// An inferred type that contradicts the declared one, or a node whose inference failed.
    public struct Problem: Hashable, Sendable {
        public var graphPath: String
        public var node: String
        public var opType: String
        public var message: String
    }

    public var unknowns: [Unknown] = []
    public var problems: [Problem] = []
    /// Values whose type inference set or refined.
    public var valuesUpdated = 0
    /// Nodes whose op has no shape rule in Cutline.
    public var unsupportedOps: [String: Int] = [:]
}

public enum ShapeInference {
    /// Infers types and shapes for every value of the model's graph and subgraphs, writing them into
    /// `Value.type` (merged with what was declared, the way onnx merges).
    public static func infer(_ model: inout Model, options: ShapeInferenceOptions = .init()) -> ShapeInferenceReport {
        let engine = InferenceEngine(model: model, options: options)
        engine.symbols.addSymbols(in: model.graph)
        let result = engine.inferGraph(model.graph, path: "main", imports: model.opsetImports, scope: nil,
                                       formalInputs: nil)
        model.graph = result.graph
        if options.reportUnknowns {
            engine.report.unknowns = collectUnknowns(model.graph, path: "main", engine: engine)
        }
        return engine.report
    }

    static func collectUnknowns(_ graph: Graph, path: String, engine: InferenceEngine) -> [ShapeInferenceReport.Unknown] {
        var out: [ShapeInferenceReport.Unknown] = []
        var stack: [(Graph, String)] = [(graph, path)]
        while let (g, p) = stack.popLast() {
            let reasons = engine.reasons[p] ?? [:]
            for v in g.values.indices where !g.values[v].isRemoved && !g.values[v].isOuterScope {
                // Fields are read one by one: binding the whole node or value would retain every field.
                if g.values[v].producer == nil && !g.values[v].isGraphInput && g.values[v].initializer == nil
                    && g.values[v].sparseInitializer == nil { continue }
                let type = g.values[v].type
                if let t = type {
                    switch t {
                    case .tensor(let e, let s), .sparseTensor(let e, let s):
                        if s != nil && e != .undefined { continue }
                    default: continue
                    }
                }
                let (node, op, reason) = rootCause(g, ValueID(v), reasons: reasons)
                out.append(.init(graphPath: p, value: g.values[v].name, type: type, stoppedAt: node, opType: op,
                                 reason: reason))
            }
            for n in g.liveNodeIDs.reversed() where g.nodes[n.index].hasSubgraphs {
                let label = g.displayName(of: n)
                for (attr, idx, sub) in g.nodes[n.index].subgraphs.reversed() {
                    let suffix = g.nodes[n.index].attribute(attr).map { if case .graphs = $0.value { "[\(idx)]" } else { "" } } ?? ""
                    stack.append((sub, "\(p)/\(label)/\(attr)\(suffix)"))
                }
            }
        }
        return out
    }

    /// Walks back from an unknown value to the first node whose inputs were known but whose output was not.
    static func rootCause(_ g: Graph, _ v: ValueID, reasons: [Int: String]) -> (String?, String?, String) {
        var current = v
        var seen = Set<Int>()
        while seen.insert(current.index).inserted {
            let value = g[current]
            guard let p = value.producer else {
                if value.isGraphInput { return (nil, nil, "graph input '\(value.name)' has no declared \(value.type == nil ? "type" : "shape")") }
                return (nil, nil, "'\(value.name)' has no producer")
            }
            let node = g[p]
            if let r = reasons[current.index] { return (g.displayName(of: p), node.opType, r) }
            // Follow the first input that is itself unknown.
            if let next = node.inputs.compactMap({ $0 }).first(where: { g[$0].type?.shape == nil }), next != current {
                current = next
                continue
            }
            if let next = g.implicitInputs(of: p).first(where: { g[$0].type?.shape == nil }) {
                current = next
                continue
            }
            return (g.displayName(of: p), node.opType, "inference gave no shape for this output")
        }
        return (nil, nil, "dependency cycle")
    }

    /// One line per value: `name: dtype[dims]`, for `cutline inspect --shapes`.
    public static func describeValues(_ graph: Graph) -> [String] {
        graph.liveValueIDs.compactMap { id in
            let v = graph[id]
            if v.isOuterScope { return nil }
            return "\(v.name): \(v.type?.description ?? "?")"
        }
    }
}

/// Lines describing each value left unknown: where inference stopped and why.
public func describeUnknowns(report: ShapeInferenceReport) -> [String] {
    report.unknowns.map { u in
        let graph = u.graphPath == "main" ? "" : " [\(u.graphPath)]"
        let known = u.type.map { " (known: \($0))" } ?? ""
        if let n = u.stoppedAt {
            return "\(u.value)\(graph)\(known): stopped at \(n) (\(u.opType ?? "?")): \(u.reason)"
        }
        return "\(u.value)\(graph)\(known): \(u.reason)"
    }
}

extension SymbolTable {
    func addSymbols(in graph: Graph) {
        var stack = [graph]
        while let g = stack.popLast() {
            // Indexed reads: iterating `g.values` / `g.nodes` would copy every value and node.
            for v in g.values.indices { addSymbols(of: g.values[v].type) }
            for i in g.inputInfos + g.outputInfos + g.valueInfos { addSymbols(of: i.type) }
            for n in g.nodes.indices where !g.nodes[n].isRemoved && g.nodes[n].hasSubgraphs {
                for (_, _, s) in g.nodes[n].subgraphs { stack.append(s) }
            }
        }
    }
}
