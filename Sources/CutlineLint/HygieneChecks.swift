import Cutline
import CutlineIR

/// MD4xx: checks of the model file itself. Names and versions are read from the model as written; shapes from the
/// graph the EP sees (after ORT's optimizations and shape inference).
enum HygieneChecks {
    static func run(original: Model, prepared: PreparedModel, settings: LintSettings) -> [Draft] {
        var out: [Draft] = []
        for u in prepared.shapeReport.unknowns where u.graphPath == "main" {
            let why = u.reason.isEmpty ? "" : ": \(u.reason)"
            out.append(Draft("MD401", ep: nil, tensor: u.value, opType: u.opType,
                             message: "\(u.value) has \(u.type == nil ? "no type" : "no shape") after shape inference\(why)"))
        }
        let g = original.graph
        var byName: [String: [NodeID]] = [:]
        var unnamed: [NodeID] = []
        for id in g.liveNodeIDs {
            if g[id].name.isEmpty { unnamed.append(id) } else { byName[g[id].name, default: []].append(id) }
        }
        for (name, ids) in byName where ids.count > 1 {
            out.append(Draft("MD402", ep: nil, node: name, message:
                "\(ids.count) nodes are named '\(name)' (\(opCounts(ids.map { g[$0].opType })))"))
        }
        if !unnamed.isEmpty {
            out.append(Draft("MD403", ep: nil, message:
                "\(plural(unnamed.count, "node")) of \(g.liveNodeCount) have no name (\(examples(unnamed.map { g.displayName(of: $0) })))"))
        }
        if original.irVersion < settings.minIRVersion {
            out.append(Draft("MD404", ep: nil, message: "IR version \(original.irVersion) is older than the minimum \(settings.minIRVersion)"))
        }
        if let opset = original.opsetVersion(for: ""), opset < settings.minOpset {
            out.append(Draft("MD405", ep: nil, message: "ai.onnx opset \(opset) is older than the minimum \(settings.minOpset)"))
        }
        if !settings.forbidOps.isEmpty {
            for id in g.topologicalOrder() ?? g.liveNodeIDs {
                let n = g[id]
                guard settings.forbidOps.contains(n.opType) || settings.forbidOps.contains(n.qualifiedOpType) else { continue }
                out.append(Draft("MD407", ep: nil, node: g.displayName(of: id), opType: n.opType,
                                 message: "\(n.qualifiedOpType) is a forbidden op"))
            }
        }
        return out
    }

    /// MD408: ONNX Runtime will refuse to create the session (SessionChecks).
    static func sessionProblems(_ problems: [String], ep: String) -> [Draft] {
        problems.map { Draft("MD408", ep: ep, message: "ONNX Runtime will not create a session: \($0)") }
    }

    /// MD406: float16 inputs or weights under the NeuralNetwork format.
    static func float16(original: Model, ep: String) -> [Draft] {
        guard ep == "coreml-neuralnetwork" else { return [] }
        let g = original.graph
        let inputs = g.inputs.filter { g[$0].type?.elementType == .float16 }.map { g[$0].name }
        let weights = g.initializerOrder.filter { g[$0].initializer?.dataType == .float16 }.count
        guard !inputs.isEmpty || weights > 0 else { return [] }
        var parts: [String] = []
        if !inputs.isEmpty { parts.append("float16 input\(inputs.count == 1 ? "" : "s") \(examples(inputs))") }
        if weights > 0 { parts.append("\(plural(weights, "float16 initializer"))") }
        return [Draft("MD406", ep: ep, message: "the model has \(parts.joined(separator: " and ")); NeuralNetwork takes float32 only")]
    }
}
