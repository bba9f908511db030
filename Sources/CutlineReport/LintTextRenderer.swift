import CutlineCoverage
import Foundation

/// `cutline lint` for people: per model the EP summary, then the findings grouped by EP and code (the help line
/// once per group), then one summary line. ANSI colour only when the caller says the output is a terminal.
public enum LintTextRenderer {
    public static func render(_ r: LintReport, color: Bool = false) -> String {
        let paint = Paint(enabled: color)
        var out: [String] = []
        for m in r.models {
            out.append(paint.bold(m.path))
            for a in m.analyses {
                let est = a.estimateVerdict.map { ", estimate: \($0)" } ?? ""
                out.append("  \(a.ep): \(plural(a.partitionCount, "partition")), \(a.supportedNodeCount)/\(a.nodeCount) nodes supported (\(String(format: "%.1f%%", a.coverage * 100)))\(est)")
            }
            let mine = r.findings.filter { $0.model == m.path }
            var groups: [(key: String, items: [LintFinding])] = []
            for f in mine {
                let key = "\(f.ep ?? "")|\(f.code)"
                if let i = groups.firstIndex(where: { $0.key == key }) { groups[i].items.append(f) } else { groups.append((key, [f])) }
            }
            for g in groups {
                guard let first = g.items.first else { continue }
                let scope = first.ep.map { " [\($0)]" } ?? ""
                out.append("  \(paint.severity(first.severity)) \(paint.bold(first.code)) \(first.name)\(scope)")
                for f in g.items {
                    let mark = f.baselined ? paint.dim(" (baseline)") : ""
                    let loc = f.node ?? f.tensor.map { "tensor \($0)" }
                    out.append("      " + (loc.map { "\($0): " } ?? "") + f.message + mark)
                }
                if let help = first.help { out.append(paint.dim("      help: \(help)")) }
            }
            out.append("")
        }
        for s in r.staleBaselineEntries {
            out.append("stale baseline entry: \(s.code) \(s.model)\(s.ep.map { " [\($0)]" } ?? "")\(s.location.map { " \($0)" } ?? "") no longer occurs")
        }
        out.append(summary(r))
        return out.joined(separator: "\n") + "\n"
    }

    /// `3 models: 1 error, 4 warnings, 12 info (2 in baseline); failing at warning: 5`
    public static func summary(_ r: LintReport) -> String {
        let inBaseline = r.findings.filter(\.baselined).count
        let base = inBaseline > 0 ? " (\(inBaseline) in baseline)" : ""
        let failing = r.failing.count
        let verdict = failing == 0 ? "no findings at or above \(r.failOn.rawValue)" : "\(failing) finding\(failing == 1 ? "" : "s") at or above \(r.failOn.rawValue)"
        let stale = r.staleBaselineEntries.isEmpty ? "" : "; \(plural(r.staleBaselineEntries.count, "stale baseline entry", "stale baseline entries"))"
        return "\(plural(r.models.count, "model")): \(plural(r.count(.error), "error")), \(plural(r.count(.warning), "warning")), \(r.count(.info)) info\(base)\(stale); \(verdict)"
    }

    static func plural(_ n: Int, _ one: String, _ many: String? = nil) -> String {
        "\(n) \(n == 1 ? one : (many ?? one + "s"))"
    }
}

/// ANSI styling that collapses to plain text when disabled.
struct Paint {
    var enabled: Bool
    func wrap(_ s: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func bold(_ s: String) -> String { wrap(s, "1") }
    func dim(_ s: String) -> String { wrap(s, "2") }
    func severity(_ s: Severity) -> String {
        let label = s.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)
        switch s {
        case .error: return wrap(label, "1;31")
        case .warning: return wrap(label, "1;33")
        case .info: return wrap(label, "36")
        }
    }
}

/// One line per finding: `model: severity CODE [ep] location: message`, then the summary.
public enum LintConciseRenderer {
    public static func render(_ r: LintReport) -> String {
        var out = r.findings.map { f in
            "\(f.model): \(f.severity.rawValue) \(f.code)\(f.ep.map { " [\($0)]" } ?? "") \(f.location): \(f.message)\(f.baselined ? " (baseline)" : "")"
        }
        out.append(LintTextRenderer.summary(r))
        return out.joined(separator: "\n") + "\n"
    }
}
