import CutlineIR

/// How much of ONNX Runtime's pre-partitioning optimization to simulate.
public enum OptimizationLevel: String, Sendable, CaseIterable {
    /// `ORT_DISABLE_ALL`: only what ORT does at load whatever the level (Constant nodes become initializers,
    /// model-local functions are inlined).
    case none
    /// `ORT_ENABLE_BASIC` — and the Level-1 part of ORT's default `ORT_ENABLE_ALL`, which is what every EP sees.
    case basic
}

public struct OptimizerOptions: Sendable {
    public var level: OptimizationLevel
    /// ORT's free-dimension overrides by `dim_param` name (`--free-dim NAME=VALUE`).
    public var freeDimensions: [String: Int64]
    public var ortVersion: ORTVersion
    /// ORT's `max_num_graph_transformation_steps` default.
    public var maxSteps: Int
    /// Also expand the function ops ORT's CPU EP has no kernel for (`SchemaFunctionExpansion`), as ORT's
    /// partitioner does when no other EP claims them: the graph a CPU-only session ends with. Off by default,
    /// because with another EP registered that EP is asked about the unexpanded node first.
    public var expandFunctionsWithoutCPUKernel: Bool

    public init(level: OptimizationLevel = .basic, freeDimensions: [String: Int64] = [:],
                ortVersion: ORTVersion = .latest, maxSteps: Int = 10, expandFunctionsWithoutCPUKernel: Bool = false) {
        self.level = level
        self.freeDimensions = freeDimensions
        self.ortVersion = ortVersion
        self.maxSteps = maxSteps
        self.expandFunctionsWithoutCPUKernel = expandFunctionsWithoutCPUKernel
    }

    public init(level: OptimizationLevel = .basic, freeDimensions: [String: Int64] = [:],
                ortVersion: (major: Int, minor: Int)) {
        self.init(level: level, freeDimensions: freeDimensions, ortVersion: ORTVersion([ortVersion.major, ortVersion.minor]))
    }
}
