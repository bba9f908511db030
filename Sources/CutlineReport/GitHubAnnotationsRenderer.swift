import CutlineCoverage

/// GitHub Actions workflow commands (`::error file=…,line=1,title=…::message`), one per finding; findings in the
/// baseline are downgraded to notices so they show without failing the review.
public enum GitHubAnnotationsRenderer {
    public static func render(_ r: LintReport) -> String {
        var out = r.findings.map { f -> String in
            let kind: String
            if f.baselined { kind = "notice" } else {
                switch f.severity {
                case .error: kind = "error"
                case .warning: kind = "warning"
                case .info: kind = "notice"
                }
            }
            let title = "\(f.code) \(f.name)\(f.ep.map { " [\($0)]" } ?? "")"
            var msg = (f.node ?? f.tensor).map { "\($0): \(f.message)" } ?? f.message
            if let help = f.help { msg += "\nhelp: \(help)" }
            if f.baselined { msg += "\n(in baseline)" }
            return "::\(kind) file=\(property(f.model)),line=1,title=\(property(title))::\(data(msg))"
        }
        out.append(LintTextRenderer.summary(r))
        return out.joined(separator: "\n") + "\n"
    }

    /// Message escaping of workflow commands.
    static func data(_ s: String) -> String {
        s.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Property escaping: also `:` and `,`, which delimit properties.
    static func property(_ s: String) -> String {
        data(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
