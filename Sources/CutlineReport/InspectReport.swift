/// What `cutline inspect` shows: a plain value, rendered by `InspectRenderer`.
public struct InspectReport: Codable, Hashable, Sendable {
    public struct Opset: Codable, Hashable, Sendable {
        public var domain: String
        public var version: Int64
        public init(domain: String, version: Int64) { self.domain = domain; self.version = version }
    }
    public struct TensorInfo: Codable, Hashable, Sendable {
        public var name: String
        public var dtype: String?
        /// nil when the rank is unknown.
        public var shape: [JSONDim]?
        public init(name: String, dtype: String?, shape: [JSONDim]?) { self.name = name; self.dtype = dtype; self.shape = shape }
    }
    public struct FunctionInfo: Codable, Hashable, Sendable {
        public var domain: String
        public var name: String
        public var nodeCount: Int
        public init(domain: String, name: String, nodeCount: Int) { self.domain = domain; self.name = name; self.nodeCount = nodeCount }
    }
    public struct GraphSummary: Codable, Hashable, Sendable {
        /// The ONNX Runtime release whose optimizer was simulated.
        public var ortVersion: String
        public var nodeCount: Int
        public var opHistogram: [String: Int]
        public var initializerCount: Int
        /// With `--shapes`: every value's type as the EP's support checks read it, on this graph.
        public var shapes: [ValueShape]?
        public init(ortVersion: String, nodeCount: Int, opHistogram: [String: Int], initializerCount: Int,
                    shapes: [ValueShape]? = nil) {
            self.ortVersion = ortVersion
            self.nodeCount = nodeCount
            self.opHistogram = opHistogram
            self.initializerCount = initializerCount
            self.shapes = shapes
        }
    }
    /// One value's inferred type, or where inference stopped.
    public struct ValueShape: Codable, Hashable, Sendable {
        public var graph: String
        public var name: String
        public var dtype: String?
        public var shape: [JSONDim]?
        /// For values left unknown: the node where inference stopped and why.
        public var unknownReason: String?
        public init(graph: String, name: String, dtype: String?, shape: [JSONDim]?, unknownReason: String?) {
            self.graph = graph
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.unknownReason = unknownReason
        }
    }

    public var schemaVersion = 1
    /// The Cutline that wrote the report (`cutline --version`).
    public var cutlineVersion = CutlineVersion.string
    public var model: String
    public var irVersion: Int64
    public var producerName: String
    public var producerVersion: String
    public var opsetImports: [Opset]
    public var graphName: String
    public var nodeCount: Int
    public var subgraphNodeCount: Int
    public var opHistogram: [String: Int]
    public var inputs: [TensorInfo]
    public var outputs: [TensorInfo]
    public var initializerCount: Int
    public var initializerBytes: Int64
    public var externalDataFiles: [String]
    public var functions: [FunctionInfo]
    public var metadata: [String: String]
    /// The graph the EP sees (`--optimized`).
    public var optimized: GraphSummary?
    /// Every value's inferred type (`--shapes`).
    public var shapes: [ValueShape]?

    public init(model: String, irVersion: Int64, producerName: String, producerVersion: String, opsetImports: [Opset],
                graphName: String, nodeCount: Int, subgraphNodeCount: Int, opHistogram: [String: Int],
                inputs: [TensorInfo], outputs: [TensorInfo], initializerCount: Int, initializerBytes: Int64,
                externalDataFiles: [String], functions: [FunctionInfo], metadata: [String: String],
                optimized: GraphSummary? = nil, shapes: [ValueShape]? = nil) {
        self.model = model
        self.irVersion = irVersion
        self.producerName = producerName
        self.producerVersion = producerVersion
        self.opsetImports = opsetImports
        self.graphName = graphName
        self.nodeCount = nodeCount
        self.subgraphNodeCount = subgraphNodeCount
        self.opHistogram = opHistogram
        self.inputs = inputs
        self.outputs = outputs
        self.initializerCount = initializerCount
        self.initializerBytes = initializerBytes
        self.externalDataFiles = externalDataFiles
        self.functions = functions
        self.metadata = metadata
        self.optimized = optimized
        self.shapes = shapes
    }
}

public enum InspectRenderer {
    public static func json(_ r: InspectReport) throws -> String { try JSONRendering.render(r) }

    public static func text(_ r: InspectReport) -> String {
        var out: [String] = []
        func row(_ k: String, _ v: String) { out.append(k.padding(toLength: 14, withPad: " ", startingAt: 0) + v) }
        row("model", r.model)
        let producer = [r.producerName, r.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
        row("producer", producer.isEmpty ? "(none)" : producer)
        row("IR version", String(r.irVersion))
        row("opsets", r.opsetImports.map { "\($0.domain.isEmpty ? "ai.onnx" : $0.domain) \($0.version)" }.joined(separator: ", "))
        row("nodes", "\(r.nodeCount) in the main graph" + (r.subgraphNodeCount > 0 ? ", \(r.subgraphNodeCount) in subgraphs" : ""))
        row("initializers", "\(r.initializerCount) (\(formatBytes(r.initializerBytes)))")
        if !r.externalDataFiles.isEmpty { row("external data", r.externalDataFiles.joined(separator: ", ")) }
        if !r.functions.isEmpty {
            row("functions", r.functions.map { "\($0.domain):\($0.name) (\($0.nodeCount) nodes)" }.joined(separator: ", "))
        }
        if !r.metadata.isEmpty {
            row("metadata", r.metadata.keys.sorted().map { "\($0)=\(r.metadata[$0] ?? "")" }.joined(separator: ", "))
        }
        out.append("")
        out.append("inputs")
        out.append(contentsOf: tensorTable(r.inputs))
        out.append("outputs")
        out.append(contentsOf: tensorTable(r.outputs))
        out.append("")
        out.append("operators (as written)")
        out.append(contentsOf: histogram(r.opHistogram))
        if let o = r.optimized {
            out.append("")
            out.append("the graph the EP sees with ORT \(o.ortVersion): \(o.nodeCount) nodes, \(o.initializerCount) initializers")
            out.append(contentsOf: histogram(o.opHistogram))
        }
        if let shapes = r.optimized?.shapes {
            out.append("")
            out.append(contentsOf: shapeLines(shapes, heading: "value types the EP sees"))
        }
        if let shapes = r.shapes {
            out.append("")
            out.append(contentsOf: shapeLines(shapes, heading: "value types"))
        }
        return out.joined(separator: "\n") + "\n"
    }

    static func shapeLines(_ shapes: [InspectReport.ValueShape], heading: String) -> [String] {
        let known = shapes.filter { $0.unknownReason == nil }.count
        var out = ["\(heading): \(known) of \(shapes.count) known"]
        let w = min(48, shapes.map(\.name.count).max() ?? 0)
        for s in shapes {
            let name = s.name.padding(toLength: max(w, s.name.count), withPad: " ", startingAt: 0)
            let where_ = s.graph == "main" ? "" : "  (\(s.graph))"
            if let why = s.unknownReason {
                out.append("  \(name)  unknown: \(why)\(where_)")
            } else {
                out.append("  \(name)  \(s.dtype ?? "?")\(shapeText(s.shape))\(where_)")
            }
        }
        return out
    }

    static func shapeText(_ s: [JSONDim]?) -> String {
        guard let s else { return "[rank unknown]" }
        return "[" + s.map(\.text).joined(separator: ", ") + "]"
    }

    static func tensorTable(_ ts: [InspectReport.TensorInfo]) -> [String] {
        if ts.isEmpty { return ["  (none)"] }
        let w = ts.map(\.name.count).max() ?? 0
        let dw = ts.map { ($0.dtype ?? "?").count }.max() ?? 0
        return ts.map {
            "  " + $0.name.padding(toLength: w, withPad: " ", startingAt: 0) + "  "
                + ($0.dtype ?? "?").padding(toLength: dw, withPad: " ", startingAt: 0) + "  " + shapeText($0.shape)
        }
    }

    static func histogram(_ h: [String: Int]) -> [String] {
        let rows = h.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        let w = rows.map(\.key.count).max() ?? 0
        return rows.map { "  " + $0.key.padding(toLength: w, withPad: " ", startingAt: 0) + "  " + String($0.value) }
    }
}
