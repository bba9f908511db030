/// `cutline explain` and `cutline rules` output.
public enum RulesText {
    public struct Document: Codable, Hashable, Sendable {
        public var schemaVersion = 1
        /// The Cutline that wrote the report (`cutline --version`).
        public var cutlineVersion = CutlineVersion.string
        public var rules: [RuleDescriptor]
        public init(rules: [RuleDescriptor]) { self.rules = rules }
    }

    public static func explain(_ r: RuleDescriptor) -> String {
        var out = ["\(r.code) \(r.name) (\(r.category), default severity: \(r.severity.rawValue))", "", r.summary, "",
                   "Why: \(r.rationale)", "", "Example: \(r.example)", "", "Fix: \(r.remedy)"]
        if let pass = r.pass { out += ["", "Rewrite pass id: \(pass)"] }
        return out.joined(separator: "\n") + "\n"
    }

    public static func table(_ rules: [RuleDescriptor]) -> String {
        let w = max(4, rules.map(\.name.count).max() ?? 0)
        var out = ["CODE   " + "NAME".padding(toLength: w, withPad: " ", startingAt: 0) + "  SEVERITY  SUMMARY"]
        for r in rules {
            out.append("\(r.code)  " + r.name.padding(toLength: w, withPad: " ", startingAt: 0) + "  "
                + r.severity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0) + "  \(r.summary)")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
