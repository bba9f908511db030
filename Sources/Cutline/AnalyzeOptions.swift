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

    /// Parses `NAME=VALUE` free-dimension overrides.
    public static func parseFreeDims(_ items: [String]) throws(CutlineError) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, let v = Int64(parts[1]), v > 0 else {
                throw CutlineError(path: "", problem: "--free-dim expects NAME=VALUE with a positive integer value, got '\(item)'")
            }
            out[parts[0]] = v
        }
        return out
    }
}
