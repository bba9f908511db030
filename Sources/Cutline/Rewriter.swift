import CutlineCost
import CutlineCoverage
import CutlineIR
import CutlineONNX
import CutlineRewrite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `cutline rewrite` was asked to do.
public struct RewriteRequest: Sendable {
    public var input: String
    /// Where to write; nil only with `dryRun`.
    public var output: String?
    /// Pass ids in the order given. With `auto`, the candidates (empty = every pass that applies).
    public var passes: [String]
    public var auto: Bool
    public var analysis: AnalyzeOptions
    public var rewrite: RewriteOptions
    public var dryRun: Bool

    public init(input: String, output: String?, passes: [String], auto: Bool, analysis: AnalyzeOptions,
                rewrite: RewriteOptions, dryRun: Bool) {
        self.input = input
        self.output = output
        self.passes = passes
        self.auto = auto
        self.analysis = analysis
        self.rewrite = rewrite
        self.dryRun = dryRun
    }
}

/// One EP's view of a model: what `analyze` would say, in four numbers.
public struct EPSummary: Hashable, Sendable {
    public var nodes: Int
    public var supported: Int
    public var partitions: Int
    /// Estimated run time with the EP (CutlineCost, default device profile); nil when the estimator failed.
    public var estimatedMs: Double?
    /// Of which dispatch and boundary copies: what partitioning costs.
    public var overheadMs: Double?
}

public struct EPComparison: Hashable, Sendable {
    public var ep: String
    public var before: EPSummary
    public var after: EPSummary
}

/// An `--auto` verdict on one pass.
public struct AutoDecision: Hashable, Sendable {
    public var pass: String
    public var kept: Bool
    public var reason: String
}

public struct RewriteOutcome: Sendable {
    /// "Why not" lines printed per pass; the change log keeps them all.
    public static let missesShown = 5
    public var input: String
    public var output: String?
    public var target: String
    public var log: [PassRecord]
    public var decisions: [AutoDecision]
    public var comparisons: [EPComparison]
    public var profile: String
}

/// `cutline rewrite`: load, apply passes to the model as loaded, compare the analyses, write.
public enum Rewriter {
    public static func run(_ request: RewriteRequest) throws(CutlineError) -> RewriteOutcome {
        if !request.dryRun {
            guard let out = request.output else { throw CutlineError(path: "", problem: "-o OUT is required (or --dry-run)") }
            if samePath(out, request.input) {
                throw CutlineError(path: out, problem: "refusing to overwrite the input model; write to another path")
            }
        }
        let passes = try resolve(request.passes, auto: request.auto)
        let original = try ModelSource.load(request.input)
        let eps = request.analysis.effectiveEPs
        let target = try Self.target(ep: eps[0], options: request.analysis)
        let context = RewriteContext(target: target, options: request.rewrite)

        var model = original
        var log: [PassRecord] = []
        var decisions: [AutoDecision] = []
        do {
            if request.auto {
                var current = try summarize(model, path: request.input, ep: eps[0], options: request.analysis)
                for pass in passes {
                    var trial = model
                    var record = try RewriteDriver.run(&trial, pass: pass, context: context)
                    guard record.status == .applied else {
                        log.append(record)
                        continue
                    }
                    let after = try summarize(trial, path: request.input, ep: eps[0], options: request.analysis)
                    let (keep, why) = helps(before: current, after: after)
                    decisions.append(AutoDecision(pass: pass.id, kept: keep, reason: why))
                    if keep {
                        model = trial
                        current = after
                    } else {
                        record.status = .reverted
                        record.reason = why
                    }
                    log.append(record)
                }
            } else {
                log = try RewriteDriver.run(&model, passes: passes, context: context)
            }
        } catch {
            throw CutlineError(path: request.input, problem: "rewrite failed: \(error)")
        }

        var comparisons: [EPComparison] = []
        let changed = log.contains { $0.status == .applied }
        for ep in eps {
            let before = try summarize(original, path: request.input, ep: ep, options: request.analysis)
            let after = changed ? try summarize(model, path: request.output ?? request.input, ep: ep, options: request.analysis) : before
            comparisons.append(EPComparison(ep: ep, before: before, after: after))
        }
        if !request.dryRun, let out = request.output {
            do {
                try ONNXWriter.write(model, to: out, externalData: .keep)
            } catch {
                throw CutlineError(path: error.path, problem: error.problem)
            }
        }
        return RewriteOutcome(input: request.input, output: request.dryRun ? nil : request.output, target: target.name,
                              log: log, decisions: decisions, comparisons: comparisons, profile: DeviceProfiles.defaultName)
    }

    /// Pass ids → passes; `--auto` without ids means every pass in `PassRegistry.autoOrder`.
    static func resolve(_ ids: [String], auto: Bool) throws(CutlineError) -> [any RewritePass] {
        if ids.isEmpty {
            guard auto else { throw CutlineError(path: "", problem: "give at least one --pass (\(PassRegistry.ids.joined(separator: ", "))) or --auto") }
            return PassRegistry.autoOrder.compactMap(PassRegistry.pass)
        }
        var out: [any RewritePass] = []
        for id in ids {
            guard let p = PassRegistry.pass(id) else {
                throw CutlineError(path: "", problem: "unknown pass '\(id)': use \(PassRegistry.ids.joined(separator: ", "))")
            }
            out.append(p)
        }
        return out
    }

    /// Fewer partitions wins; at equal partitions, a lower time estimate.
    static func helps(before: EPSummary, after: EPSummary) -> (Bool, String) {
        if after.partitions < before.partitions { return (true, "partitions \(before.partitions) → \(after.partitions)") }
        if after.partitions > before.partitions { return (false, "partitions \(before.partitions) → \(after.partitions)") }
        if let a = before.estimatedMs, let b = after.estimatedMs, b < a * 0.999 {
            return (true, "partitions unchanged; estimated \(ms(a)) → \(ms(b)) ms")
        }
        return (false, "partitions unchanged (\(after.partitions))\(before.estimatedMs == nil ? "" : " and no lower time estimate")")
    }

    /// What a pass needs to know about the EP: the ops its table takes at this ORT version.
    public static func target(ep: String, options: AnalyzeOptions) throws(CutlineError) -> RewriteTarget {
        let table = try Analyzer.loadTable(ep)
        let version = try Analyzer.coreVersion(options.ortVersion)
        var since: [String: Int64] = [:]
        for op in Set(table.ops.map(\.op)) {
            // A row marked for the other CoreML format documents an op this format does not take.
            if let rule = table.rule(for: op, ortVersion: version), rule.onlyIn == nil || rule.onlyIn == table.format {
                since[op] = rule.sinceMin
            }
        }
        return RewriteTarget(name: ep, opSinceMin: since)
    }

    /// Analyses a model held in memory the way a freshly loaded file is analysed (ORT optimizes it again).
    public static func summarize(_ model: Model, path: String, ep: String,
                                 options: AnalyzeOptions) throws(CutlineError) -> EPSummary {
        var copy = model
        let prepared = try Analyzer.prepare(model: &copy, path: path, options: options)
        let a = try Analyzer.analyze(prepared, ep: ep, options: options)
        var summary = EPSummary(nodes: a.report.nodeCount, supported: a.report.supportedNodeCount,
                                partitions: a.report.partitionCount, estimatedMs: nil, overheadMs: nil)
        // The same estimate `cutline analyze` prints (dims specialized from --free-dim or the defaults).
        if let e = a.report.estimate {
            summary.estimatedMs = e.withEpMs
            summary.overheadMs = e.dispatchOverheadMs + e.transferMs
        }
        return summary
    }

    static func samePath(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        guard let ra = realPath(a), let rb = realPath(b) else { return false }
        return ra == rb
    }

    static func realPath(_ p: String) -> String? {
        guard let r = realpath(p, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }

    static func ms(_ v: Double) -> String {
        let r = (v * 1000).rounded() / 1000
        return String(r)
    }
}

extension RewriteOutcome {
    /// The change log and the before/after table, as `cutline rewrite` prints them.
    public var text: String {
        var lines: [String] = []
        lines.append("Passes (target \(target)):")
        let idWidth = max(16, log.map(\.pass.count).max() ?? 0)
        for r in log {
            var head = "  \(r.pass.padding(toLength: idWidth, withPad: " ", startingAt: 0)) \(r.status.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0))"
            switch r.status {
            case .skipped:
                head += " \(r.reason ?? "")"
            case .applied, .unchanged, .reverted:
                head += " nodes \(r.nodesBefore) → \(r.nodesAfter)"
                if !r.diffSummary.isEmpty { head += "  (\(r.diffSummary))" }
            }
            lines.append(head)
            if r.status == .reverted, let why = r.reason { lines.append("      --auto: \(why)") }
            for k in r.report.rewrites.keys.sorted() { lines.append("      \(k): \(r.report.rewrites[k] ?? 0)") }
            for n in r.report.notes { lines.append("      \(n)") }
            let shown = r.report.misses.prefix(RewriteOutcome.missesShown)
            for m in shown { lines.append("      not rewritten: \(m)") }
            if r.report.misses.count > shown.count { lines.append("      … and \(r.report.misses.count - shown.count) more not rewritten") }
        }
        lines.append("")
        lines.append("Before → after (each model optimized as ORT would, then analysed; times: CutlineCost, \(profile)):")
        let header = ["EP", "nodes", "supported", "partitions", "est. ms", "overhead ms"]
        var rows: [[String]] = [header]
        func fmt(_ v: Double?) -> String { v.map { String(format1000($0)) } ?? "n/a" }
        for c in comparisons {
            rows.append([c.ep, "\(c.before.nodes) → \(c.after.nodes)", "\(c.before.supported) → \(c.after.supported)",
                         "\(c.before.partitions) → \(c.after.partitions)",
                         "\(fmt(c.before.estimatedMs)) → \(fmt(c.after.estimatedMs))",
                         "\(fmt(c.before.overheadMs)) → \(fmt(c.after.overheadMs))"])
        }
        var widths = [Int](repeating: 0, count: header.count)
        for r in rows { for (i, cell) in r.enumerated() { widths[i] = max(widths[i], cell.count) } }
        for (k, r) in rows.enumerated() {
            lines.append("  " + r.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingTrailingSpaces())
            if k == 0 { lines.append("  " + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        lines.append("")
        if let output { lines.append("wrote \(output)") } else { lines.append("dry run: nothing written") }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Three decimals, no locale.
private func format1000(_ v: Double) -> String {
    let scaled = Int((v * 1000).rounded())
    let sign = scaled < 0 ? "-" : ""
    let a = abs(scaled)
    let frac = String(a % 1000)
    return "\(sign)\(a / 1000).\(String(repeating: "0", count: 3 - frac.count))\(frac)"
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
