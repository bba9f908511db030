/// The analysis plus what a picture of the graph needs: nodes in topological order with a layered layout, the data
/// edges between them, each EP's placement of every node, and the cost estimates. Plain values, so the HTML and DOT
/// renderers are pure functions of it.
public struct GraphReport: Codable, Hashable, Sendable {
    public var analysis: AnalysisReport
    /// Main-graph nodes in topological order.
    public var nodes: [Node]
    public var edges: [Edge]
    /// One per entry of `analysis.analyses`, same order.
    public var placements: [Placement]
    /// One per entry of `analysis.analyses`; nil where no estimate was made (non-CoreML EPs).
    public var estimates: [EstimateSummary?]

    public init(analysis: AnalysisReport, nodes: [Node], edges: [Edge], placements: [Placement], estimates: [EstimateSummary?]) {
        self.analysis = analysis
        self.nodes = nodes
        self.edges = edges
        self.placements = placements
        self.estimates = estimates
    }

    public struct Node: Codable, Hashable, Sendable {
        public var name: String
        public var opType: String
        /// Longest-path depth from the graph's sources (the layout's column).
        public var layer: Int
        /// Position within the layer (the layout's row).
        public var slot: Int
        public init(name: String, opType: String, layer: Int, slot: Int) {
            self.name = name
            self.opType = opType
            self.layer = layer
            self.slot = slot
        }
    }

    public struct Edge: Codable, Hashable, Sendable {
        public var from: Int
        public var to: Int
        public init(from: Int, to: Int) { self.from = from; self.to = to }
    }

    public struct Placement: Codable, Hashable, Sendable {
        public var ep: String
        /// Per node: the partition index, or -1 when the node runs on the CPU.
        public var partition: [Int]
        /// Per node: supported but dropped with a trivial-only group.
        public var dropped: [Bool]
        public init(ep: String, partition: [Int], dropped: [Bool]) {
            self.ep = ep
            self.partition = partition
            self.dropped = dropped
        }
    }

    public struct EstimateSummary: Codable, Hashable, Sendable {
        public var profile: String
        public var cpuOnlyMs: Double
        public var withEpMs: Double
        public var verdict: String
        public var paragraph: String
        public var contributors: [Contributor]
        public init(profile: String, cpuOnlyMs: Double, withEpMs: Double, verdict: String, paragraph: String,
                    contributors: [Contributor]) {
            self.profile = profile
            self.cpuOnlyMs = cpuOnlyMs
            self.withEpMs = withEpMs
            self.verdict = verdict
            self.paragraph = paragraph
            self.contributors = contributors
        }
    }

    public struct Contributor: Codable, Hashable, Sendable {
        public var kind: String
        public var label: String
        public var ms: Double
        public init(kind: String, label: String, ms: Double) {
            self.kind = kind
            self.label = label
            self.ms = ms
        }
    }
}
