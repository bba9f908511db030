import CutlineReport

/// A finding before severities, ignores and the baseline are applied.
struct Draft: Sendable, Hashable {
    var code: String
    var ep: String?
    var node: String?
    var tensor: String?
    var opType: String?
    var message: String
    /// Nil: the rule's remedy.
    var help: String?

    init(_ code: String, ep: String?, node: String? = nil, tensor: String? = nil, opType: String? = nil,
         message: String, help: String? = nil) {
        self.code = code
        self.ep = ep
        self.node = node
        self.tensor = tensor
        self.opType = opType
        self.message = message
        self.help = help
    }
}

/// "3 nodes", "1 node".
func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

/// "Erf×3, Where×1", most frequent first.
func opCounts(_ ops: [String]) -> String {
    var c: [String: Int] = [:]
    for o in ops { c[o, default: 0] += 1 }
    return c.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { "\($0.key)×\($0.value)" }
        .joined(separator: ", ")
}

/// The first few names, then how many more.
func examples(_ names: [String], limit: Int = 3) -> String {
    let shown = names.prefix(limit).joined(separator: ", ")
    return names.count > limit ? "\(shown), … (\(names.count) in all)" : shown
}
