import Cutline
import CutlineCoverage

/// What lint checks for one model: the analysis options, thresholds, severities and ignores in force after the
/// config file, its per-model overrides and the command line are merged.
public struct LintSettings: Sendable, Hashable {
    public var analysis: AnalyzeOptions
    public var maxPartitions: Int?
    /// Percent, 0…100.
    public var minCoverage: Double?
    public var maxOverheadMs: Double?
    /// Boundary tensors at least this large (MiB) are reported (PT204).
    public var maxBoundaryMiB: Double
    public var minIRVersion: Int64
    public var minOpset: Int64
    public var forbidOps: Set<String>
    /// Code → severity; nil turns the code off.
    public var severities: [String: Severity?]
    public var ignores: [IgnoreRule]

    public static let defaultMaxBoundaryMiB = 4.0
    public static let defaultMinIRVersion: Int64 = 7
    public static let defaultMinOpset: Int64 = 13

    public init(analysis: AnalyzeOptions = AnalyzeOptions(), maxPartitions: Int? = nil, minCoverage: Double? = nil,
                maxOverheadMs: Double? = nil, maxBoundaryMiB: Double = LintSettings.defaultMaxBoundaryMiB,
                minIRVersion: Int64 = LintSettings.defaultMinIRVersion, minOpset: Int64 = LintSettings.defaultMinOpset,
                forbidOps: Set<String> = [], severities: [String: Severity?] = [:], ignores: [IgnoreRule] = []) {
        self.analysis = analysis
        self.maxPartitions = maxPartitions
        self.minCoverage = minCoverage
        self.maxOverheadMs = maxOverheadMs
        self.maxBoundaryMiB = maxBoundaryMiB
        self.minIRVersion = minIRVersion
        self.minOpset = minOpset
        self.forbidOps = forbidOps
        self.severities = severities
        self.ignores = ignores
    }

    /// The severity a finding of `code` gets: the configured one, else the rule's default; nil when turned off.
    public func severity(of code: String) -> Severity? {
        if let configured = severities[code] { return configured }
        return LintRules.descriptor(code)?.severity
    }
}

/// Findings to drop: every field given must match (`*` and `?` globs; `*` also crosses `/`).
public struct IgnoreRule: Sendable, Hashable {
    public var code: String?
    public var model: String?
    public var node: String?
    public var ep: String?

    public init(code: String? = nil, model: String? = nil, node: String? = nil, ep: String? = nil) {
        self.code = code
        self.model = model
        self.node = node
        self.ep = ep
    }

    public func matches(code c: String, modelKey: String, location: String?, ep e: String?) -> Bool {
        if let code, !Glob.matches(code.uppercased(), c) { return false }
        if let model, !Glob.matches(model, modelKey) { return false }
        if let node, !Glob.matches(node, location ?? "") { return false }
        if let ep, !Glob.matches(ep, e ?? "") { return false }
        return true
    }
}

/// Shell-style globs: `*` any run of characters (including `/`), `?` one character, everything else literal.
public enum Glob {
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.unicodeScalars), t = Array(text.unicodeScalars)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
                pi += 1
                ti += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
