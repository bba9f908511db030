import CutlineCoverage
import Foundation

/// Markdown for a pull-request comment: the verdict, a summary table (model × EP), then per model the findings in a
/// collapsible `<details>` block so the comment stays short.
public enum LintMarkdownRenderer {
    public static func render(_ r: LintReport) -> String {
        var out: [String] = []
        let failing = r.failing.count
        out.append(failing == 0
            ? "### cutline lint: passed"
            : "### cutline lint: \(failing) finding\(failing == 1 ? "" : "s") at or above \(r.failOn.rawValue)")
        out.append("")
        out.append(LintTextRenderer.summary(r))
        out.append("")
        out.append("| Model | EP | Partitions | Supported | Coverage | Estimate | Errors | Warnings | Info |")
        out.append("|---|---|---:|---:|---:|---|---:|---:|---:|")
        for m in r.models {
            for a in m.analyses {
                let f = r.findings.filter { $0.model == m.path && ($0.ep == a.ep || $0.ep == nil) }
                let counts = [Severity.error, .warning, .info].map { s in String(f.filter { $0.severity == s }.count) }
                out.append("| \(cell(m.path)) | \(cell(a.ep)) | \(a.partitionCount) | \(a.supportedNodeCount)/\(a.nodeCount) | "
                    + String(format: "%.1f%%", a.coverage * 100) + " | \(a.estimateVerdict ?? "–") | " + counts.joined(separator: " | ") + " |")
            }
        }
        out.append("")
        out.append("Model-level findings (MD4xx) are counted in every row of their model.")
        for m in r.models {
            let mine = r.findings.filter { $0.model == m.path }
            guard !mine.isEmpty else { continue }
            out.append("")
            out.append("<details><summary>\(html(m.path)): \(mine.count) finding\(mine.count == 1 ? "" : "s")</summary>")
            out.append("")
            out.append("| Severity | Code | EP | Location | Message |")
            out.append("|---|---|---|---|---|")
            for f in mine {
                let sev = f.baselined ? "\(f.severity.rawValue) (baseline)" : f.severity.rawValue
                out.append("| \(sev) | `\(f.code)` \(cell(f.name)) | \(cell(f.ep ?? "–")) | \(cell(f.location)) | \(cell(f.message)) |")
            }
            out.append("")
            out.append("</details>")
        }
        if !r.staleBaselineEntries.isEmpty {
            out.append("")
            out.append("Stale baseline entries (fixed or renamed): " + r.staleBaselineEntries.map { "`\($0.code)` \(cell($0.location ?? $0.model))" }.joined(separator: ", "))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A table cell: pipes escaped, newlines flattened, HTML-significant characters escaped.
    static func cell(_ s: String) -> String {
        html(s).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func html(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
