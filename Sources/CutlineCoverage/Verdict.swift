import CutlineIR

/// Why a node is not taken: a stable code, one sentence of facts, and what to do about it.
public struct Reason: Hashable, Sendable, Codable {
    public var code: String
    public var message: String
    public var remedy: String
    public init(code: String, message: String, remedy: String) {
        self.code = code
        self.message = message
        self.remedy = remedy
    }
}

/// The EP's decision for one node.
public struct Verdict: Hashable, Sendable {
    public var supported: Bool
    public var reasons: [Reason]
    /// The row's trivial flag (also set for rejected nodes whose op has a row), for trivial-group dropping and
    /// cut-maker what-ifs.
    public var trivial: Bool
    /// Line of the table row used, nil when the op has no row.
    public var rowLine: Int?

    public init(supported: Bool, reasons: [Reason], trivial: Bool, rowLine: Int?) {
        self.supported = supported
        self.reasons = reasons
        self.trivial = trivial
        self.rowLine = rowLine
    }
}

/// EP options that change which nodes are taken.
public struct CoverageOptions: Hashable, Sendable {
    /// CoreML version of the OS the model runs on (5 = macOS 12 … 8 = macOS 15+).
    public var coremlVersion: Int
    /// CoreML `RequireStaticInputShapes`.
    public var requireStaticInputShapes: Bool
    /// CoreML `EnableOnSubgraphs`.
    public var enableSubgraphs: Bool
    public var ortVersion: ORTVersion

    public init(coremlVersion: Int = 8, requireStaticInputShapes: Bool = false, enableSubgraphs: Bool = false,
                ortVersion: ORTVersion = .latest) {
        self.coremlVersion = coremlVersion
        self.requireStaticInputShapes = requireStaticInputShapes
        self.enableSubgraphs = enableSubgraphs
        self.ortVersion = ortVersion
    }
}
