import CutlineCost

/// What `cutline analyze` reports: plain values only, so every renderer is a pure function of it.
public struct AnalysisReport: Codable, Hashable, Sendable {
    public var schemaVersion = 1
    /// The Cutline that wrote the report (`cutline --version`).
    public var cutlineVersion = CutlineVersion.string
    public var model: String
    /// The graph as analysed: node count as written and as the EP sees it.
    public var graph: GraphInfo
    public var analyses: [Analysis]

    public init(model: String, graph: GraphInfo, analyses: [Analysis]) {
        self.model = model
        self.graph = graph
        self.analyses = analyses
    }

    public struct GraphInfo: Codable, Hashable, Sendable {
        public var nodesAsWritten: Int
        public var nodesSeenByEP: Int
        public var optimization: String
        /// Values whose type or shape stayed unknown after inference.
        public var valuesWithoutShape: Int
        /// The ONNX Runtime release simulated (`--ort-version`).
        public var ortVersion: String
        public init(nodesAsWritten: Int, nodesSeenByEP: Int, optimization: String, valuesWithoutShape: Int, ortVersion: String) {
            self.ortVersion = ortVersion
            self.nodesAsWritten = nodesAsWritten
            self.nodesSeenByEP = nodesSeenByEP
            self.optimization = optimization
            self.valuesWithoutShape = valuesWithoutShape
        }
    }

    public struct Options: Codable, Hashable, Sendable {
        public var ortVersion: String
        public var coremlVersion: Int?
        public var staticShapes: Bool
        public var enableSubgraphs: Bool
        public var rules: String
        public var freeDims: [String: Int64]
        public init(ortVersion: String, coremlVersion: Int?, staticShapes: Bool, enableSubgraphs: Bool, rules: String,
                    freeDims: [String: Int64]) {
            self.ortVersion = ortVersion
            self.coremlVersion = coremlVersion
            self.staticShapes = staticShapes
            self.enableSubgraphs = enableSubgraphs
            self.rules = rules
            self.freeDims = freeDims
        }
    }

    public struct TensorRef: Codable, Hashable, Sendable {
        public var name: String
        public var dtype: String?
        public var shape: [JSONDim]?
        /// Size in bytes when dtype and every dim are known.
        public var bytes: Int64?
        public init(name: String, dtype: String?, shape: [JSONDim]?, bytes: Int64?) {
            self.name = name
            self.dtype = dtype
            self.shape = shape
            self.bytes = bytes
        }
    }

    public struct Partition: Codable, Hashable, Sendable {
        public var index: Int
        public var nodeCount: Int
        public var nodes: [String]
        public var opTypes: [String: Int]
        public var inputs: [TensorRef]
        public var outputs: [TensorRef]
        public init(index: Int, nodeCount: Int, nodes: [String], opTypes: [String: Int], inputs: [TensorRef], outputs: [TensorRef]) {
            self.index = index
            self.nodeCount = nodeCount
            self.nodes = nodes
            self.opTypes = opTypes
            self.inputs = inputs
            self.outputs = outputs
        }
    }

    public struct Reason: Codable, Hashable, Sendable {
        public var code: String
        public var message: String
        public init(code: String, message: String) { self.code = code; self.message = message }
    }

    public struct UnsupportedNode: Codable, Hashable, Sendable {
        public var node: String
        public var opType: String
        public var reasons: [Reason]
        public init(node: String, opType: String, reasons: [Reason]) { self.node = node; self.opType = opType; self.reasons = reasons }
    }

    public struct CutMaker: Codable, Hashable, Sendable {
        /// `opType`: every unsupported node of the type made supported at once; `node`: only the one node.
        public var scope: String
        public var opType: String
        /// The unsupported nodes the scenario makes supported.
        public var nodes: [String]
        public var partitionsIfSupported: Int
        public init(scope: String, opType: String, nodes: [String], partitionsIfSupported: Int) {
            self.scope = scope
            self.opType = opType
            self.nodes = nodes
            self.partitionsIfSupported = partitionsIfSupported
        }
    }

    /// One partitioning pass over the main graph (see `Analysis.passes`).
    public struct Pass: Codable, Hashable, Sendable {
        /// `inline-functions-aot` (ORT's look at the graph before inlining model-local functions),
        /// `partition` (the first partitioning), or `after-inlining` (a pass after inlining function ops).
        public var kind: String
        public var nodeCount: Int
        public var supportedNodeCount: Int
        public var partitionCount: Int
        /// The nodes this pass inlined before it ran (function ops no EP took and with no CPU kernel).
        public var inlined: [String]
        public var partitions: [Partition]
        /// The nodes the EP's support check rejected in this pass.
        public var unsupportedNodes: [UnsupportedNode]
        public init(kind: String, nodeCount: Int, supportedNodeCount: Int, partitionCount: Int, inlined: [String],
                    partitions: [Partition], unsupportedNodes: [UnsupportedNode]) {
            self.unsupportedNodes = unsupportedNodes
            self.kind = kind
            self.nodeCount = nodeCount
            self.supportedNodeCount = supportedNodeCount
            self.partitionCount = partitionCount
            self.inlined = inlined
            self.partitions = partitions
        }
    }

    /// One subgraph partitioned on its own (`--enable-subgraphs`), as ORT logs one line per graph.
    public struct SubgraphAnalysis: Codable, Hashable, Sendable {
        public var path: String
        public var nodeCount: Int
        public var supportedNodeCount: Int
        public var partitionCount: Int
        public var partitions: [Partition]
        public init(path: String, nodeCount: Int, supportedNodeCount: Int, partitionCount: Int, partitions: [Partition]) {
            self.path = path
            self.nodeCount = nodeCount
            self.supportedNodeCount = supportedNodeCount
            self.partitionCount = partitionCount
            self.partitions = partitions
        }
    }

    /// One EP's numbers with another ORT release.
    public struct VersionComparison: Codable, Hashable, Sendable {
        public var ortVersion: String
        public var nodeCount: Int
        public var supportedNodeCount: Int
        public var partitionCount: Int
        /// The first release from which every later modelled release gives this answer (the release to upgrade
        /// to); equal to `ortVersion` when only the latest does.
        public var sinceVersion: String
        public init(ortVersion: String, nodeCount: Int, supportedNodeCount: Int, partitionCount: Int, sinceVersion: String) {
            self.sinceVersion = sinceVersion
            self.ortVersion = ortVersion
            self.nodeCount = nodeCount
            self.supportedNodeCount = supportedNodeCount
            self.partitionCount = partitionCount
        }
    }

    /// The estimate at several values of one symbolic dim (`analyze --sweep batch=1,2,4`).
    public struct Sweep: Codable, Hashable, Sendable {
        public struct Point: Codable, Hashable, Sendable {
            public var value: Int64
            public var cpuOnlyMs: Double
            public var withEpMs: Double
            public var withEpLowMs: Double
            public var withEpHighMs: Double
            /// `value` runs per second (the dim is taken as the number of items one run handles).
            public var cpuPerSecond: Double
            public var epPerSecond: Double
            public var verdict: String
            public init(value: Int64, cpuOnlyMs: Double, withEpMs: Double, withEpLowMs: Double, withEpHighMs: Double,
                        cpuPerSecond: Double, epPerSecond: Double, verdict: String) {
                self.value = value
                self.cpuOnlyMs = cpuOnlyMs
                self.withEpMs = withEpMs
                self.withEpLowMs = withEpLowMs
                self.withEpHighMs = withEpHighMs
                self.cpuPerSecond = cpuPerSecond
                self.epPerSecond = epPerSecond
                self.verdict = verdict
            }
        }
        public var dim: String
        public var points: [Point]
        public init(dim: String, points: [Point]) {
            self.dim = dim
            self.points = points
        }
    }

    public struct Analysis: Codable, Hashable, Sendable {
        public var ep: String
        public var options: Options
        public var nodeCount: Int
        public var supportedNodeCount: Int
        public var partitionCount: Int
        /// supportedNodeCount / nodeCount, 0…1.
        public var coverage: Double
        public var partitions: [Partition]
        public var unsupportedNodes: [UnsupportedNode]
        public var cutMakers: [CutMaker]
        /// Supported nodes that fell back to the CPU because their group held only trivial ops.
        public var droppedTrivialNodes: [String]
        public var notes: [String]
        /// Subgraphs partitioned on their own (only with `--enable-subgraphs`).
        public var subgraphs: [SubgraphAnalysis]?
        /// The dispatch-overhead estimate and verdict (absent in `--rules ort-checker` mode).
        public var estimate: Estimate?
        /// Why ONNX Runtime would not create a session with this model and EP at all (absent when nothing is
        /// predicted to fail): the numbers above are then what the EP decided before the failure.
        public var sessionProblems: [String]?
        /// Every partitioning pass over the main graph, when there is more than one: ORT inlines the function ops
        /// no EP took and that have no CPU kernel (HardSwish, Mish, …), or model-local functions, then asks the EP
        /// again; with model-local functions it first shows the EPs the graph before inlining them (kind
        /// `inline-functions-aot`), a look that assigns nothing. The fields above are the `partition` pass;
        /// `finalPartitionCount`/`finalSupportedNodeCount` add the passes after inlining to it.
        public var passes: [Pass]?
        public var finalPartitionCount: Int?
        public var finalSupportedNodeCount: Int?
        /// The same EP's answer with the latest modelled ORT release, when another release was selected and the
        /// answer differs (node count, supported nodes or partitions).
        public var latestORT: VersionComparison?
        /// `--sweep NAME=V1,V2,…`: the estimate at each value of one dim (absent without `--sweep`).
        public var sweep: Sweep?
        public init(ep: String, options: Options, nodeCount: Int, supportedNodeCount: Int, partitionCount: Int,
                    coverage: Double, partitions: [Partition], unsupportedNodes: [UnsupportedNode], cutMakers: [CutMaker],
                    droppedTrivialNodes: [String], notes: [String]) {
            self.ep = ep
            self.options = options
            self.nodeCount = nodeCount
            self.supportedNodeCount = supportedNodeCount
            self.partitionCount = partitionCount
            self.coverage = coverage
            self.partitions = partitions
            self.unsupportedNodes = unsupportedNodes
            self.cutMakers = cutMakers
            self.droppedTrivialNodes = droppedTrivialNodes
            self.notes = notes
        }
    }
}
