import CutlineIR

/// How much of ONNX Runtime's pre-partitioning optimization to simulate.
public enum OptimizationLevel: String, Sendable, CaseIterable {
    /// `ORT_DISABLE_ALL`: only what ORT does at load whatever the level (Constant nodes become initializers,
    /// model-local functions are inlined).
    case none
    /// `ORT_ENABLE_BASIC` — and the Level-1 part of ORT's default `ORT_ENABLE_ALL`, which is what every EP sees.
    case basic
}

/// An ONNX Runtime release, compared as (major, minor).
public struct ORTVersion: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public init(_ major: Int, _ minor: Int) { self.major = major; self.minor = minor }
    public static func < (a: ORTVersion, b: ORTVersion) -> Bool { (a.major, a.minor) < (b.major, b.minor) }
    public var description: String { "\(major).\(minor)" }

    /// Parses `1.31` or `1.31.1` (the patch is ignored).
    public init?(parsing text: String) {
        let parts = text.split(separator: ".")
        guard parts.count >= 2, let a = Int(parts[0]), let b = Int(parts[1]) else { return nil }
        self.init(a, b)
    }

    /// The release whose sources the simulation follows.
    public static let simulated = ORTVersion(1, 31)
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
    /// Inline calls to model-local functions (ORT's ahead-of-time inlining). Off only to see the graph as ORT's
    /// AOT pass shows it to the EPs, before it inlines what they do not claim.
    public var inlineLocalFunctions = true

    public init(level: OptimizationLevel = .basic, freeDimensions: [String: Int64] = [:],
                ortVersion: ORTVersion = .simulated, maxSteps: Int = 10, expandFunctionsWithoutCPUKernel: Bool = false) {
        self.level = level
        self.freeDimensions = freeDimensions
        self.ortVersion = ortVersion
        self.maxSteps = maxSteps
        self.expandFunctionsWithoutCPUKernel = expandFunctionsWithoutCPUKernel
    }

    public init(level: OptimizationLevel = .basic, freeDimensions: [String: Int64] = [:],
                ortVersion: (major: Int, minor: Int)) {
        self.init(level: level, freeDimensions: freeDimensions, ortVersion: ORTVersion(ortVersion.major, ortVersion.minor))
    }
}
