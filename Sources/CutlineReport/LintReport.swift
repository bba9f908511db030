import CutlineCoverage

/// What `cutline lint` found: plain values only, so every lint renderer is a pure function of it.
public struct LintReport: Codable, Hashable, Sendable {
    public var schemaVersion = 1
    /// The Cutline that wrote the report (`cutline --version`).
    public var cutlineVersion = CutlineVersion.string
    /// Findings at or above this severity (and not in the baseline) make the run fail.
    public var failOn: Severity
    public var models: [ModelResult]
    /// Every finding, sorted by model, EP, code, location.
    public var findings: [LintFinding]
    /// Baseline entries that no finding matched any more (the problem was fixed or the node renamed).
    public var staleBaselineEntries: [BaselineEntry]
    /// The descriptors of every rule a finding refers to, in registry order (SARIF lists them).
    public var rules: [RuleDescriptor]
    /// The baseline file compared against, when one was used.
    public var baseline: String?

    public init(failOn: Severity, models: [ModelResult], findings: [LintFinding], staleBaselineEntries: [BaselineEntry],
                rules: [RuleDescriptor], baseline: String?) {
        self.failOn = failOn
        self.models = models
        self.findings = findings
        self.staleBaselineEntries = staleBaselineEntries
        self.rules = rules
        self.baseline = baseline
    }

    /// Findings that make the run fail: at or above the fail level and new with respect to the baseline.
    public var failing: [LintFinding] { findings.filter { $0.severity >= failOn && !$0.baselined } }

    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }

    public struct ModelResult: Codable, Hashable, Sendable {
        public var path: String
        public var analyses: [EPResult]
        public init(path: String, analyses: [EPResult]) {
            self.path = path
            self.analyses = analyses
        }
    }

    /// One EP's numbers for one model, for the summary tables.
    public struct EPResult: Codable, Hashable, Sendable {
        public var ep: String
        public var nodeCount: Int
        public var supportedNodeCount: Int
        public var partitionCount: Int
        public var coverage: Double
        /// The cost estimate's verdict (`ep`, `cpu`, `uncertain`), when an estimate was made.
        public var estimateVerdict: String?
        public init(ep: String, nodeCount: Int, supportedNodeCount: Int, partitionCount: Int, coverage: Double,
                    estimateVerdict: String?) {
            self.ep = ep
            self.nodeCount = nodeCount
            self.supportedNodeCount = supportedNodeCount
            self.partitionCount = partitionCount
            self.coverage = coverage
            self.estimateVerdict = estimateVerdict
        }
    }
}

/// One diagnostic: a stable code at one place of one model, for one EP (or for the model as a whole).
public struct LintFinding: Codable, Hashable, Sendable {
    public var code: String
    public var name: String
    public var severity: Severity
    public var model: String
    /// Nil for findings about the model itself (MD4xx), whatever EP is analysed.
    public var ep: String?
    /// Display name of the node (`graphPath/nodeName`, or `opType#index` when unnamed), when the finding is about one.
    public var node: String?
    /// Name of the tensor (value) the finding is about, when it is about one rather than a node.
    public var tensor: String?
    public var opType: String?
    /// One sentence of facts.
    public var message: String
    /// The fix, and the command that applies it when there is one.
    public var help: String?
    /// Stable identity across runs (code + model path + node or tensor + EP), for baselines and SARIF.
    public var fingerprint: String
    /// True when the baseline already holds this finding: it is reported but does not fail the run.
    public var baselined: Bool

    public init(code: String, name: String, severity: Severity, model: String, ep: String?, node: String?, tensor: String?,
                opType: String?, message: String, help: String?, baselined: Bool = false) {
        self.code = code
        self.name = name
        self.severity = severity
        self.model = model
        self.ep = ep
        self.node = node
        self.tensor = tensor
        self.opType = opType
        self.message = message
        self.help = help
        self.fingerprint = LintFinding.fingerprint(code: code, model: model, location: node ?? tensor, ep: ep)
        self.baselined = baselined
    }

    /// Where in the model: the node path, the tensor, or the model itself.
    public var location: String { node ?? tensor.map { "tensor \($0)" } ?? "(model)" }

    /// 64-bit FNV-1a of the identifying fields, as 16 hex digits: the same on every platform and every run.
    public static func fingerprint(code: String, model: String, location: String?, ep: String?) -> String {
        let key = [code, model, location ?? "", ep ?? ""].joined(separator: "\u{1F}")
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key.utf8 {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Sort order of a report: model, EP (model-level first), code, location.
    public static func ordered(_ a: LintFinding, _ b: LintFinding) -> Bool {
        (a.model, a.ep ?? "", a.code, a.location, a.message) < (b.model, b.ep ?? "", b.code, b.location, b.message)
    }
}

/// One recorded finding of a baseline file.
public struct BaselineEntry: Codable, Hashable, Sendable {
    public var code: String
    public var model: String
    public var ep: String?
    /// Node display name or tensor name.
    public var location: String?
    public var fingerprint: String
    public init(code: String, model: String, ep: String?, location: String?, fingerprint: String) {
        self.code = code
        self.model = model
        self.ep = ep
        self.location = location
        self.fingerprint = fingerprint
    }
}

/// A rule's documentation as the reports carry it (SARIF `reportingDescriptor`, `cutline rules`).
public struct RuleDescriptor: Codable, Hashable, Sendable {
    public var code: String
    public var name: String
    /// `coverage` (EP1xx), `partition` (PT2xx), `rewrite` (RW3xx) or `model` (MD4xx).
    public var category: String
    public var summary: String
    public var rationale: String
    public var example: String
    public var remedy: String
    public var severity: Severity
    /// The rewrite pass that would fix it (RW3xx), reserved for the rewrite stage.
    public var pass: String?
    public init(code: String, name: String, category: String, summary: String, rationale: String, example: String,
                remedy: String, severity: Severity, pass: String? = nil) {
        self.code = code
        self.name = name
        self.category = category
        self.summary = summary
        self.rationale = rationale
        self.example = example
        self.remedy = remedy
        self.severity = severity
        self.pass = pass
    }
}
