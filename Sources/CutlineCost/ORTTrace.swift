import Foundation

/// The parts of an ONNX Runtime JSON profile (Chrome trace events) that calibration reads.
public struct ORTTrace: Sendable {
    public struct NodeEvent: Sendable, Hashable {
        /// The node name (the event name without ORT's `_kernel_time` suffix).
        public var node: String
        public var opType: String
        public var provider: String
        public var ts: Double
        public var durUs: Double
        public var inputs: [TensorDesc?]
        public var outputs: [TensorDesc?]

        /// A CoreML fused partition node (`CoreML_…` op name, or the CoreML provider).
        public var isCoreMLPartition: Bool {
            provider == "CoreMLExecutionProvider" || opType.hasPrefix("CoreML_") || opType.contains("_CoreML_")
        }
    }

    public struct Span: Sendable, Hashable {
        public var ts: Double
        public var durUs: Double
    }

    public var nodes: [NodeEvent]
    /// `model_run` events (one per inference call).
    public var runs: [Span]
    /// `SequentialExecutor::Execute` events.
    public var executes: [Span]
    /// `session_initialization` duration, when present.
    public var sessionInitUs: Double?

    /// Parses the JSON ORT writes (an array of events) or an object with a `traceEvents` array, as the trimmed
    /// fixtures are. `path` only labels errors.
    public static func parse(_ bytes: [UInt8], path: String = "profile") throws(CostError) -> ORTTrace {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw .invalidTrace(path: path, reason: "not valid JSON")
        }
        let events: [Any]
        if let a = root as? [Any] {
            events = a
        } else if let o = root as? [String: Any], let a = o["traceEvents"] as? [Any] {
            events = a
        } else {
            throw .invalidTrace(path: path, reason: "expected an array of trace events or an object with 'traceEvents'")
        }
        var trace = ORTTrace(nodes: [], runs: [], executes: [], sessionInitUs: nil)
        for case let e as [String: Any] in events {
            guard let name = e["name"] as? String, let dur = number(e["dur"]), let ts = number(e["ts"]) else { continue }
            let cat = e["cat"] as? String ?? ""
            if cat == "Session" {
                switch name {
                case "model_run": trace.runs.append(Span(ts: ts, durUs: dur))
                case "SequentialExecutor::Execute": trace.executes.append(Span(ts: ts, durUs: dur))
                case "session_initialization": trace.sessionInitUs = dur
                default: break
                }
            } else if cat == "Node" {
                // ORT writes fence_before / kernel_time / fence_after per node; only kernel_time is the node's run.
                guard name.hasSuffix("_kernel_time"), let args = e["args"] as? [String: Any] else { continue }
                let op = args["op_name"] as? String ?? ""
                trace.nodes.append(NodeEvent(node: String(name.dropLast("_kernel_time".count)), opType: op,
                                             provider: args["provider"] as? String ?? "",
                                             ts: ts, durUs: dur, inputs: shapes(args["input_type_shape"]),
                                             outputs: shapes(args["output_type_shape"])))
            }
        }
        if trace.nodes.isEmpty {
            throw .invalidTrace(path: path, reason: "no node events (cat \"Node\", name ending in _kernel_time); was the session created with enable_profiling?")
        }
        trace.runs.sort { $0.ts < $1.ts }
        trace.executes.sort { $0.ts < $1.ts }
        trace.nodes.sort { ($0.ts, $0.node) < ($1.ts, $1.node) }
        return trace
    }

    /// Node events grouped per inference call: by `model_run` span, else `SequentialExecutor::Execute`, else one
    /// group holding everything.
    public var nodesByRun: [[NodeEvent]] {
        let spans = runs.isEmpty ? executes : runs
        if spans.isEmpty { return [nodes] }
        var out = [[NodeEvent]](repeating: [], count: spans.count)
        var i = 0
        for n in nodes {
            while i < spans.count && n.ts > spans[i].ts + spans[i].durUs { i += 1 }
            if i < spans.count && n.ts >= spans[i].ts { out[i].append(n) }
        }
        return out
    }

    static func number(_ v: Any?) -> Double? {
        if let d = v as? Double { return d }
        if let i = v as? Int { return Double(i) }
        if let n = v as? NSNumber { return n.doubleValue }
        return nil
    }

    /// `[{"float": [1, 3, 224, 224]}, …]` → descriptions; ORT spells float16 as MLFloat16.
    static func shapes(_ v: Any?) -> [TensorDesc?] {
        guard let list = v as? [Any] else { return [] }
        return list.map { item -> TensorDesc? in
            guard let d = item as? [String: Any], let (type, dimsAny) = d.first, let dims = dimsAny as? [Any] else { return nil }
            let ints = dims.compactMap { number($0).map { Int64($0) } }
            guard ints.count == dims.count else { return nil }
            let name: String
            switch type {
            case "MLFloat16": name = "float16"
            case "BFloat16": name = "bfloat16"
            default: name = type
            }
            return TensorDesc(dataType: name, dims: ints)
        }
    }
}
