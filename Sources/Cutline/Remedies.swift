import CutlineCoverage

/// Remedy text per diagnostic code, for the text report's `help:` lines.
public enum Remedies {
    public static var all: [String: String] {
        var out: [String: String] = [:]
        for r in RuleRegistry.all where !r.remedy.isEmpty { out[r.code] = r.remedy }
        return out
    }
}
