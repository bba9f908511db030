import CutlineCoverage
import CutlineIR
import CutlineReport
import CutlineShapes

/// `--rules ort-checker`: the selected ONNX Runtime release's Python usability checker reproduced on the graph ORT's basic
/// optimizer produces. Its numbers come from op names only; the report says so.
enum CheckerMode {
    static func checkerEP(_ ep: String) throws(CutlineError) -> ORTCheckerRules.EP {
        switch ep {
        case "nnapi": return .nnapi
        case "coreml-neuralnetwork": return .coremlNeuralNetwork
        case "coreml-mlprogram": return .coremlMLProgram
        default: throw CutlineError(path: "", problem: "--rules ort-checker knows nnapi, coreml-neuralnetwork and coreml-mlprogram, not '\(ep)'")
        }
    }

    static func analysis(_ prepared: PreparedModel, ep: String, options: AnalyzeOptions) throws(CutlineError) -> AnalysisReport.Analysis {
        let checkerEP = try checkerEP(ep)
        let pass: ORTCheckerRules.PassResult
        let graph = checkerView(prepared.model).graph
        do {
            pass = try ORTCheckerRules.check(graph, ep: checkerEP, requireFixedInputSizes: !options.ignoreShapes,
                                            ortVersion: Analyzer.coreVersion(options.ortVersion), order: .asORTSavesIt)
        } catch {
            throw CutlineError(path: prepared.path, problem: "the ORT checker would fail: \(error)")
        }
        let partitions = pass.partitionSizes.enumerated().map { i, size in
            AnalysisReport.Partition(index: i, nodeCount: size, nodes: [],
                                     opTypes: i < pass.partitionOps.count ? pass.partitionOps[i] : [:], inputs: [], outputs: [])
        }
        var unsupported: [AnalysisReport.UnsupportedNode] = []
        for (path, nodes) in pass.unsupported.sorted(by: { $0.key < $1.key }) {
            for (index, codes) in nodes.sorted(by: { $0.key < $1.key }) {
                let name = path == "main" && index < graph.nodes.count ? graph.displayName(of: NodeID(index)) : "\(path)#\(index)"
                let op = path == "main" && index < graph.nodes.count ? graph.nodes[index].opType : "?"
                unsupported.append(.init(node: name, opType: op, reasons: codes.map { .init(code: $0, message: checkerMessage($0)) }))
            }
        }
        var notes = ["op-name rules of ORT \(options.ortVersion)'s usability checker, reproduced exactly; the C++ EP decides differently (use --rules full)"]
        notes.append(options.ignoreShapes ? "second pass: shapes ignored (\"if shapes were fixed\")"
                                          : "first pass: every node input must have a fixed size")
        if pass.subgraphCount > 0 { notes.append("totals include \(pass.nodesInSubgraphs) nodes in \(pass.subgraphCount) subgraphs, as the checker adds them") }
        if let s = pass.suitability { notes.append("checker verdict: \(s.rawValue)") }
        notes.append(contentsOf: pass.caveats.map { "caveat \($0)" })
        return AnalysisReport.Analysis(
            ep: ep, options: Analyzer.reportOptions(options), nodeCount: pass.totalNodes, supportedNodeCount: pass.supportedNodes,
            partitionCount: pass.partitions,
            coverage: pass.totalNodes == 0 ? 0 : Double(pass.supportedNodes) / Double(pass.totalNodes),
            partitions: partitions, unsupportedNodes: unsupported, cutMakers: [], droppedTrivialNodes: [], notes: notes)
    }

    /// What the checker looks at: ORT saves the optimized model, then the checker runs
    /// `onnx.shape_inference.infer_shapes(strict_mode=True)` on it (no data propagation). The saved file declares the
    /// types of graph inputs, initializers and outputs, and of the outputs of ops onnx has no schema for (ORT's
    /// contrib ops, typed by ORT's own inference: ddddocr-common-old's DynamicQuantizeLSTM); every other
    /// intermediate type is dropped and re-inferred exactly as onnx does.
    static func checkerView(_ model: Model) -> Model {
        var m = model
        var e = GraphEditor(m.graph)
        for id in m.graph.liveValueIDs {
            let v = m.graph[id]
            if v.isGraphInput || v.isInitializer || v.isOuterScope { continue }
            if let p = v.producer, !SchemaRegistry.onnxOnly.isKnown(domain: m.graph[p].domain, opType: m.graph[p].opType) { continue }
            e.setType(id, nil)
        }
        for info in m.graph.outputInfos { e.setType(info.value, info.type) }
        m.graph = e.graph
        // onnx_model_utils.ModelProtoWithShapeInfo: infer_shapes(model, strict_mode=True), without data propagation.
        var options = ShapeInferenceOptions.onnxCompatible
        options.dataPropagation = false
        _ = ShapeInference.infer(&m, options: options)
        return m
    }

    static func checkerMessage(_ code: String) -> String {
        switch code {
        case "EP100": "the op is not in the checker's table"
        case "EP106": "an input has rank > 5"
        default: "an input does not have a fixed size"
        }
    }
}
