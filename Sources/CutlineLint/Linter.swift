import Cutline
import CutlineCoverage
import CutlineIR
import CutlineReport
import Dispatch
import Foundation

/// What `cutline lint` was asked to do.
public struct LintRequest: Sendable {
    /// Model files and directories (searched recursively for `*.onnx`).
    public var inputs: [String]
    public var config: LintConfig
    /// Command-line settings, applied over every model's config settings.
    public var overrides: ConfigLayer
    public var failOn: Severity?
    /// Overrides the config's `baseline`.
    public var baseline: String?

    public init(inputs: [String], config: LintConfig, overrides: ConfigLayer = ConfigLayer(), failOn: Severity? = nil,
                baseline: String? = nil) {
        self.inputs = inputs
        self.config = config
        self.overrides = overrides
        self.failOn = failOn
        self.baseline = baseline
    }
}

/// Lints models: analyses each (in parallel, one model per core), turns the analyses into findings, applies the
/// configured severities, ignores and baseline, and returns one deterministic report.
public enum Linter {
    public static func run(_ request: LintRequest) throws(CutlineError) -> LintReport {
        let paths = try modelPaths(request.inputs)
        let jobs = paths.map { path -> (path: String, key: String, settings: LintSettings) in
            let key = request.config.modelKey(path)
            var s = request.config.settings(forModelKey: key)
            request.overrides.apply(to: &s)
            return (path, key, s)
        }
        let results = ResultSlots<Result<LintedModel, CutlineError>>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            let job = jobs[i]
            do throws(CutlineError) {
                results.set(i, .success(try lintModel(path: job.path, key: job.key, settings: job.settings)))
            } catch {
                results.set(i, .failure(error))
            }
        }
        var models: [LintReport.ModelResult] = []
        var findings: [LintFinding] = []
        for (i, job) in jobs.enumerated() {
            switch results.get(i) {
            case .success(let m):
                models.append(LintReport.ModelResult(path: job.key, analyses: m.analyses))
                findings += finalize(m.drafts, model: job.key, settings: job.settings)
            case .failure(let e): throw e
            case nil: throw CutlineError(path: job.path, problem: "the model was not analysed")
            }
        }
        findings.sort(by: LintFinding.ordered)
        var stale: [BaselineEntry] = []
        let baselinePath = request.baseline ?? request.config.baseline
        if let baselinePath {
            let baseline = try Baseline.load(path: baselinePath)
            let linted = Set(models.map(\.path))
            stale = baseline.apply(to: &findings).filter { linted.contains($0.model) }
        }
        let used = Set(findings.map(\.code))
        return LintReport(failOn: request.failOn ?? request.config.failOn ?? .warning, models: models, findings: findings,
                          staleBaselineEntries: stale, rules: LintRules.all.filter { used.contains($0.code) },
                          baseline: baselinePath.map { request.config.modelKey($0) })
    }

    /// Files as given; directories searched recursively for `*.onnx`, sorted. Missing paths are usage errors.
    public static func modelPaths(_ inputs: [String]) throws(CutlineError) -> [String] {
        guard !inputs.isEmpty else { throw CutlineError(path: "", problem: "no model given: pass .onnx files or directories") }
        var out: [String] = []
        for input in inputs {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDir) else {
                throw CutlineError(path: input, problem: "no such file or directory")
            }
            if !isDir.boolValue { out.append(input); continue }
            guard let walker = FileManager.default.enumerator(atPath: input) else {
                throw CutlineError(path: input, problem: "cannot list the directory")
            }
            var found: [String] = []
            while let rel = walker.nextObject() as? String {
                if rel.hasSuffix(".onnx") { found.append(rel) }
            }
            guard !found.isEmpty else { throw CutlineError(path: input, problem: "no .onnx files in the directory") }
            let base = input.hasSuffix("/") ? String(input.dropLast()) : input
            out += found.sorted().map { "\(base)/\($0)" }
        }
        var seen = Set<String>()
        return out.filter { seen.insert(PathText.absolute($0)).inserted }
    }

    struct LintedModel: Sendable {
        var analyses: [LintReport.EPResult]
        var drafts: [Draft]
    }

    static func lintModel(path: String, key: String, settings: LintSettings) throws(CutlineError) -> LintedModel {
        var model = try ModelSource.load(path)
        let original = model
        var options = settings.analysis
        options.rules = .full
        let prepared = try Analyzer.prepare(model: &model, path: path, options: options)
        var drafts = HygieneChecks.run(original: original, prepared: prepared, settings: settings)
        var results: [LintReport.EPResult] = []
        for ep in options.effectiveEPs {
            let a = try Analyzer.analyze(prepared, ep: ep, options: options)
            let estimate = a.report.estimate
            drafts += HygieneChecks.float16(original: original, ep: ep)
            drafts += HygieneChecks.sessionProblems(a.report.sessionProblems ?? [], ep: ep)
            drafts += CoverageChecks.run(prepared, a)
            drafts += PartitionChecks.run(prepared, a, estimate: estimate, settings: settings)
            drafts += RewriteChecks.run(prepared, a, settings: settings)
            let r = a.report
            results.append(.init(ep: ep, nodeCount: r.nodeCount, supportedNodeCount: r.supportedNodeCount,
                                 partitionCount: r.partitionCount, coverage: r.coverage,
                                 estimateVerdict: estimate?.verdict.rawValue))
        }
        return LintedModel(analyses: results, drafts: drafts)
    }

    /// Severities, ignores and de-duplication (one finding per fingerprint: the first in report order).
    static func finalize(_ drafts: [Draft], model: String, settings: LintSettings) -> [LintFinding] {
        var out: [LintFinding] = []
        var seen = Set<String>()
        for d in drafts {
            guard let severity = settings.severity(of: d.code), let rule = LintRules.descriptor(d.code) else { continue }
            if settings.ignores.contains(where: { $0.matches(code: d.code, modelKey: model, location: d.node ?? d.tensor, ep: d.ep) }) {
                continue
            }
            let f = LintFinding(code: d.code, name: rule.name, severity: severity, model: model, ep: d.ep, node: d.node,
                                tensor: d.tensor, opType: d.opType, message: d.message, help: d.help ?? rule.remedy)
            if seen.insert(f.fingerprint).inserted { out.append(f) }
        }
        return out
    }
}

/// Fixed slots written once each from `concurrentPerform` workers.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) { lock.lock(); slots[i] = value; lock.unlock() }
    func get(_ i: Int) -> T? { lock.lock(); defer { lock.unlock() }; return slots[i] }
}
