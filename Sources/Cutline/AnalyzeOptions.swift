import CutlineCost
import CutlineIR

/// Everything that changes what `cutline analyze` (and lint, rewrite) computes.
public struct AnalyzeOptions: Sendable, Hashable {
    public enum Optimization: String, Sendable, CaseIterable { case none, basic }
    public enum Rules: String, Sendable, CaseIterable {
        /// Cutline's own tables, per-op conditions included: what the C++ EP decides.
        case full
        /// The selected ONNX Runtime release's Python usability checker, reproduced exactly (op names only).
        case ortChecker = "ort-checker"
    }

    /// EP names (`coreml-neuralnetwork`, `coreml-mlprogram`, `nnapi`) or paths to user tables (`.yml`).
    /// Empty: both CoreML formats.
    public var eps: [String]
    public var ortVersion: String
    public var coremlVersion: Int
    public var staticShapes: Bool
    public var enableSubgraphs: Bool
    public var freeDims: [String: Int64]
    public var optimization: Optimization
    public var rules: Rules
    /// With `--rules ort-checker`: the checker's second pass ("if shapes were fixed").
    public var ignoreShapes: Bool
    /// Bundled device profile for the estimate (`m1`, `m2`, `m3-max`, `m4-pro`, `generic-cpu`).
    public var device: String
    /// A device profile file (`--device-profile`), overriding `device`.
    public var deviceProfilePath: String?
    /// `--cost-dim NAME=VALUE`: sizes a symbolic dim for the estimate only (the EP still sees it symbolic).
    public var costDims: [String: Int64] = [:]
    /// `--compute-units`: the EP's MLComputeUnits, which the estimate follows.
    public var computeUnits: ComputeUnits = .all
    /// `--sweep NAME=V1,V2,…`: estimate at each value of one dim.
    public var sweep: SweepSpec?

    public struct SweepSpec: Sendable, Hashable {
        public var dim: String
        public var values: [Int64]
        public init(dim: String, values: [Int64]) {
            self.dim = dim
            self.values = values
        }
    }

    /// The dims the estimate sizes tensors with: `--free-dim`, then `--cost-dim` (which wins for the estimate).
    public var estimateDims: [String: Int64] { freeDims.merging(costDims) { _, cost in cost } }

    public static let defaultEPs = ["coreml-neuralnetwork", "coreml-mlprogram"]
    public static let defaultORTVersion = ORTVersion.latest.minorRelease.description

    public init(eps: [String] = [], ortVersion: String = AnalyzeOptions.defaultORTVersion, coremlVersion: Int = 8,
                staticShapes: Bool = false, enableSubgraphs: Bool = false, freeDims: [String: Int64] = [:],
                optimization: Optimization = .basic, rules: Rules = .full, ignoreShapes: Bool = false,
                device: String = "m3-max", deviceProfilePath: String? = nil) {
        self.eps = eps
        self.ortVersion = ortVersion
        self.coremlVersion = coremlVersion
        self.staticShapes = staticShapes
        self.enableSubgraphs = enableSubgraphs
        self.freeDims = freeDims
        self.optimization = optimization
        self.rules = rules
        self.ignoreShapes = ignoreShapes
        self.device = device
        self.deviceProfilePath = deviceProfilePath
    }

    public var effectiveEPs: [String] { eps.isEmpty ? AnalyzeOptions.defaultEPs : eps }

    /// Parses `--sweep NAME=V1,V2,…` (positive integers, at most 32 values).
    public static func parseSweep(_ item: String?) throws(CutlineError) -> SweepSpec? {
        guard let item else { return nil }
        let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
        let values = parts.count == 2 ? parts[1].split(separator: ",").map { Int64($0.trimmingCharacters(in: .whitespaces)) } : []
        guard parts.count == 2, !parts[0].isEmpty, !values.isEmpty, values.count <= 32,
              values.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw CutlineError(path: "", problem: "--sweep expects NAME=V1,V2,… with up to 32 positive integers, got '\(item)'")
        }
        return SweepSpec(dim: parts[0], values: values.compactMap { $0 })
    }

    /// Parses `NAME=VALUE` free-dimension overrides (`option` names the flag in the error).
    public static func parseFreeDims(_ items: [String], option: String = "--free-dim") throws(CutlineError) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let v = Int64(parts[1]), v > 0 else {
                throw CutlineError(path: "", problem: "\(option) expects NAME=VALUE with a positive integer value, got '\(item)'")
            }
            out[parts[0]] = v
        }
        return out
    }
}
