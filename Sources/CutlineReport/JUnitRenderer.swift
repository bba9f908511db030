/// JUnit XML for CI test tabs: one test suite per model, one test case per EP (plus one for the model-level
/// findings); a case fails when it holds a finding at or above the fail level that the baseline does not.
public enum JUnitRenderer {
    public static func render(_ r: LintReport) -> String {
        var suites: [String] = []
        var totalTests = 0, totalFailures = 0
        for m in r.models {
            let mine = r.findings.filter { $0.model == m.path }
            var cases: [(name: String, findings: [LintFinding])] = [("model", mine.filter { $0.ep == nil })]
            for a in m.analyses { cases.append((a.ep, mine.filter { $0.ep == a.ep })) }
            var body: [String] = []
            var failures = 0
            for c in cases {
                let failing = c.findings.filter { $0.severity >= r.failOn && !$0.baselined }
                var lines = ["    <testcase classname=\"\(xml(m.path))\" name=\"\(xml(c.name))\">"]
                if !failing.isEmpty {
                    failures += 1
                    let msg = "\(failing.count) finding\(failing.count == 1 ? "" : "s") at or above \(r.failOn.rawValue)"
                    lines.append("      <failure message=\"\(xml(msg))\" type=\"lint\">\(xml(failing.map(line).joined(separator: "\n")))</failure>")
                }
                let rest = c.findings.filter { f in !failing.contains(f) }
                if !rest.isEmpty {
                    lines.append("      <system-out>\(xml(rest.map(line).joined(separator: "\n")))</system-out>")
                }
                lines.append("    </testcase>")
                body += lines
            }
            totalTests += cases.count
            totalFailures += failures
            suites.append("  <testsuite name=\"\(xml(m.path))\" tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">")
            suites += body
            suites.append("  </testsuite>")
        }
        return (["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                 "<testsuites name=\"cutline lint\" tests=\"\(totalTests)\" failures=\"\(totalFailures)\" errors=\"0\">"]
                + suites + ["</testsuites>"]).joined(separator: "\n") + "\n"
    }

    static func line(_ f: LintFinding) -> String {
        "\(f.severity.rawValue) \(f.code) \(f.name) \(f.location): \(f.message)\(f.baselined ? " (baseline)" : "")"
    }

    /// Escapes text for XML attributes and content; drops control characters XML 1.0 cannot carry.
    static func xml(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n", "\t", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
