/// The cost stage's answer for one assignment: should this model ship with the EP, and why.
/// Times are per inference call in milliseconds; `compileMs` is paid once at session creation.
public struct Estimate: Hashable, Sendable, Codable {
    public enum Verdict: String, Hashable, Sendable, Codable {
        /// The EP path is estimated clearly faster than the CPU alone.
        case ep
        /// The CPU alone is estimated clearly faster.
        case cpu
        /// Within the margin, or too much of the graph could not be sized.
        case uncertain
    }

    /// One named part of `withEpMs`.
    public struct Contributor: Hashable, Sendable, Codable {
        /// `cpu-compute`, `ep-compute`, `ep-dispatch`, `transfer` or `run-overhead`.
        public var kind: String
        public var label: String
        public var ms: Double

        public init(kind: String, label: String, ms: Double) {
            self.kind = kind
            self.label = label
            self.ms = ms
        }
    }

    /// The device profile's name.
    public var profile: String
    public var cpuOnlyMs: Double
    public var withEpMs: Double
    /// The range of `withEpMs` from the fit's error: the verdict is `ep` or `cpu` only when all of it agrees.
    public var withEpLowMs: Double
    public var withEpHighMs: Double
    /// What the EP's nodes would take on the CPU (part of `cpuOnlyMs`).
    public var epNodesCpuMs: Double
    /// The MLComputeUnits the estimate assumes.
    public var computeUnits: String
    /// Dims the estimate had to guess (`NAME=VALUE`, "unnamed dims=VALUE"), sorted; empty when every dim was given.
    public var guessedDims: [String]
    /// Round-trip marshalling per partition plus per-op CoreML dispatch.
    public var dispatchOverheadMs: Double
    /// Boundary copies at the profile's copy bandwidth.
    public var transferMs: Double
    /// Boundary crossings: each value entering or leaving a partition counts once per partition.
    public var transitions: Int
    /// Bytes of every boundary tensor (copied or wrapped).
    public var boundaryBytes: Int64
    /// Bytes actually copied at the boundaries.
    public var copiedBytes: Int64
    /// CoreML model compiles at session creation (one per partition).
    public var compiles: Int
    public var compileMs: Double
    public var partitions: Int
    public var epNodes: Int
    public var cpuNodes: Int
    public var verdict: Verdict
    /// Every default and approximation the numbers rest on, sorted.
    public var assumptions: [String]
    /// The largest parts of `withEpMs`, largest first (at most `Estimator.contributorLimit`).
    public var contributors: [Contributor]

    /// `withEpMs / cpuOnlyMs`; below 1 the EP path is faster.
    public var ratio: Double { cpuOnlyMs > 0 ? withEpMs / cpuOnlyMs : 1 }
}
