import CutlineIR
import CutlineONNX
import CutlineReport
import CutlineShapes

/// Loads a model for any command, turning loader errors into `CutlineError`.
public enum ModelSource {
    public static func load(_ path: String) throws(CutlineError) -> Model {
        do {
            return try ONNXLoader.load(path: path)
        } catch let e as ONNXError {
            throw CutlineError(path: e.path, problem: e.problem)
        } catch {
            throw CutlineError(path: path, problem: "\(error)")
        }
    }
}

/// Builds the `cutline inspect` report.
public enum Inspector {
    public static func report(for model: Model, path: String) -> InspectReport {
        let g = model.graph
        let histogram = opHistogram(g)
        var bytes: Int64 = 0
        var external = Set<String>()
        for id in g.initializerOrder {
            guard let t = g[id].initializer else { continue }
            bytes += t.byteCount ?? 0
            if case .external(let e) = t.payload { external.insert(e.location) }
        }
        for id in g.sparseInitializerOrder {
            if let s = g[id].sparseInitializer { bytes += (s.values.byteCount ?? 0) + (s.indices.byteCount ?? 0) }
        }
        var metadata: [String: String] = [:]
        for p in model.metadataProps { metadata[p.key] = p.value }
        return InspectReport(
            model: path,
            irVersion: model.irVersion,
            producerName: model.producerName,
            producerVersion: model.producerVersion,
            opsetImports: model.opsetImports.map { .init(domain: $0.domain, version: $0.version) },
            graphName: g.name,
            nodeCount: g.liveNodeCount,
            subgraphNodeCount: g.subgraphNodeCount,
            opHistogram: histogram,
            inputs: g.inputInfos.filter { !g[$0.value].isInitializer }.map { tensorInfo(g, $0.value) },
            outputs: g.outputInfos.map { tensorInfo(g, $0.value) },
            initializerCount: g.initializerOrder.count + g.sparseInitializerOrder.count,
            initializerBytes: bytes,
            externalDataFiles: external.sorted(),
            functions: model.functions.map { .init(domain: $0.domain, name: $0.name, nodeCount: $0.body.liveNodeCount) },
            metadata: metadata)
    }

    /// `--optimized`: the graph the EP sees after ORT's basic optimizations, as counts and a histogram.
    /// With `withShapes`, also every value's type on that graph, as the EP's support checks read it.
    public static func optimizedSummary(of model: Model, path: String, options: AnalyzeOptions,
                                        withShapes: Bool = false) throws(CutlineError) -> InspectReport.GraphSummary {
        var m = model
        let prepared = try Analyzer.prepare(model: &m, path: path, options: options)
        let g = prepared.model.graph
        let histogram = opHistogram(g)
        return InspectReport.GraphSummary(ortVersion: options.ortVersion, nodeCount: g.liveNodeCount, opHistogram: histogram,
                                          initializerCount: g.initializerOrder.count,
                                          shapes: withShapes ? shapes(of: prepared.model, report: prepared.shapeReport) : nil)
    }

    /// `--shapes`: every value's inferred type on the model as written (main graph, then subgraphs), and for
    /// values left unknown, the node where inference stopped and why.
    public static func shapes(of model: Model) -> [InspectReport.ValueShape] {
        var m = model
        let report = ShapeInference.infer(&m)
        return shapes(of: m, report: report)
    }

    /// Every value's type on a model whose inference has run, with `report` saying where it stopped.
    static func shapes(of m: Model, report: ShapeInferenceReport) -> [InspectReport.ValueShape] {
        var unknown: [String: ShapeInferenceReport.Unknown] = [:]
        for u in report.unknowns { unknown["\(u.graphPath)\u{0}\(u.value)"] = u }
        var out: [InspectReport.ValueShape] = []
        var stack: [(Graph, String)] = [(m.graph, "main")]
        var graphs: [(Graph, String)] = []
        while let (g, p) = stack.popLast() {
            graphs.append((g, p))
            for n in g.liveNodeIDs.reversed() {
                for (attr, index, sub) in g[n].subgraphs.reversed() {
                    let suffix = g[n].attribute(attr)?.type == .graphs ? "\(attr)[\(index)]" : attr
                    stack.append((sub, "\(p)/\(g.displayName(of: n))/\(suffix)"))
                }
            }
        }
        for (g, path) in graphs {
            var ids: [ValueID] = g.inputs.filter { !g[$0].isInitializer }
            for n in g.topologicalOrder() ?? g.liveNodeIDs { ids.append(contentsOf: g[n].outputs.compactMap { $0 }) }
            for id in ids {
                let v = g[id]
                let u = unknown["\(path)\u{0}\(v.name)"]
                let why = u.map { u -> String in
                    if let at = u.stoppedAt { return "stopped at \(at)\(u.opType.map { " (\($0))" } ?? ""): \(u.reason)" }
                    return u.reason
                }
                out.append(InspectReport.ValueShape(graph: path, name: v.name, dtype: dtypeName(v.type),
                                                    shape: jsonShape(v.type), unknownReason: why))
            }
        }
        return out
    }

    /// Live nodes per `domain:opType`. Counted per (domain, op type) pair first, so the qualified name is built once
    /// per distinct op rather than once per node.
    static func opHistogram(_ g: Graph) -> [String: Int] {
        struct Key: Hashable { var domain: String; var opType: String }
        var counts: [Key: Int] = [:]
        for i in g.nodes.indices where !g.nodes[i].isRemoved {
            counts[Key(domain: g.nodes[i].domain, opType: g.nodes[i].opType), default: 0] += 1
        }
        var histogram: [String: Int] = [:]
        for (k, n) in counts {
            let domain = k.domain.isEmpty || k.domain == "ai.onnx" ? "ai.onnx" : k.domain
            histogram["\(domain):\(k.opType)", default: 0] += n
        }
        return histogram
    }

    static func tensorInfo(_ g: Graph, _ id: ValueID) -> InspectReport.TensorInfo {
        let v = g[id]
        return InspectReport.TensorInfo(name: v.name, dtype: dtypeName(v.type), shape: jsonShape(v.type))
    }
}

func dtypeName(_ t: ValueType?) -> String? {
    guard let t else { return nil }
    if let e = t.elementType { return e.name }
    return t.description
}

func jsonShape(_ t: ValueType?) -> [JSONDim]? {
    guard let s = t?.shape else { return nil }
    return s.dims.map {
        switch $0 {
        case .value(let v): .value(v)
        case .param(let p): .symbol(p)
        case .unknown: .unknown
        }
    }
}
