import Cutline
import CutlineCost
import CutlineCoverage
import Foundation
import Yams

/// Reads `.cutline.yml` from YAML nodes so every error names the line and column of the offending key or value.
struct ConfigParser {
    var file: String
    var directory: String

    static let topKeys: Set<String> = Set(["version", "fail-on", "baseline", "overrides"]).union(layerKeys)
    static let layerKeys: Set<String> = ["eps", "options", "thresholds", "forbid-ops", "severities", "ignore", "device"]
    static let optionKeys: Set<String> = ["ort-version", "coreml-version", "static-shapes", "enable-subgraphs",
                                          "optimization", "free-dims"]
    static let thresholdKeys: Set<String> = ["max-partitions", "min-coverage", "max-overhead-ms", "max-boundary-mib",
                                             "min-ir-version", "min-opset"]
    static let ignoreKeys: Set<String> = ["code", "model", "node", "ep"]

    func fail(_ node: Yams.Node?, _ message: String) -> ConfigError {
        ConfigError(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, message: message)
    }

    func parse(_ text: String) throws(ConfigError) -> LintConfig {
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let e as YamlError {
            throw yamlError(e, yaml: text)
        } catch {
            throw ConfigError(file: file, line: 1, column: 1, message: "not valid YAML: \(error)")
        }
        guard let root else { throw ConfigError(file: file, line: 1, column: 1, message: "the file is empty: write at least 'version: 1'") }
        let entries = try mapping(root, "the config", allowed: Self.topKeys)
        guard let versionNode = entries.first(where: { $0.key == "version" }) else {
            throw fail(root, "'version' is required (write 'version: \(LintConfig.version)')")
        }
        let version = try int(versionNode.value, "version")
        guard version == LintConfig.version else {
            throw fail(versionNode.value, "version \(version) is not supported (this build reads version \(LintConfig.version))")
        }
        var config = LintConfig(file: file, directory: directory)
        config.base = try layer(entries, allowed: Self.topKeys)
        for entry in entries {
            let value = entry.value
            switch entry.key {
            case "fail-on":
                let s = try string(value, "fail-on")
                guard let sev = Severity(rawValue: s), sev != .info else { throw fail(value, "fail-on must be 'warning' or 'error', got '\(s)'") }
                config.failOn = sev
            case "baseline":
                let p = try string(value, "baseline")
                config.baseline = p.hasPrefix("/") ? p : URL(fileURLWithPath: directory).appendingPathComponent(p).path
            case "overrides":
                guard case .sequence(let seq) = value else { throw fail(value, "overrides must be a list of {models: [...], ...}") }
                for item in seq {
                    let e = try mapping(item, "an override", allowed: Self.layerKeys.union(["models"]))
                    guard let models = e.first(where: { $0.key == "models" }) else {
                        throw fail(item, "an override needs 'models' (a glob or a list of globs)")
                    }
                    let globs = try stringOrList(models.value, "models")
                    config.overrides.append(.init(models: globs, layer: try layer(e, allowed: Self.layerKeys.union(["models"]))))
                }
            default: break
            }
        }
        return config
    }

    struct Entry {
        var key: String
        var keyNode: Yams.Node
        var value: Yams.Node
    }

    func layer(_ entries: [Entry], allowed: Set<String>) throws(ConfigError) -> ConfigLayer {
        var l = ConfigLayer()
        for e in entries {
            switch e.key {
            case "eps":
                let eps = try stringOrList(e.value, "eps")
                for (i, ep) in eps.enumerated() where !CoverageTable.builtInNames.contains(ep) {
                    guard ep.hasSuffix(".yml") || ep.hasSuffix(".yaml") else {
                        throw fail(itemNode(e.value, i), "unknown EP '\(ep)': use \(CoverageTable.builtInNames.joined(separator: ", ")) or a table file (.yml)")
                    }
                }
                l.eps = eps.map { CoverageTable.builtInNames.contains($0) || $0.hasPrefix("/") ? $0 : URL(fileURLWithPath: directory).appendingPathComponent($0).path }
            case "options":
                for o in try mapping(e.value, "options", allowed: Self.optionKeys) {
                    switch o.key {
                    case "ort-version":
                        let v = try string(o.value, "ort-version")
                        do { _ = try Analyzer.coreVersion(v) } catch { throw fail(o.value, error.problem) }
                        l.ortVersion = v
                    case "coreml-version":
                        let v = try int(o.value, "coreml-version")
                        guard (5...8).contains(v) else { throw fail(o.value, "coreml-version must be 5, 6, 7 or 8, got \(v)") }
                        l.coremlVersion = v
                    case "static-shapes": l.staticShapes = try bool(o.value, "static-shapes")
                    case "enable-subgraphs": l.enableSubgraphs = try bool(o.value, "enable-subgraphs")
                    case "optimization":
                        let v = try string(o.value, "optimization")
                        guard let opt = AnalyzeOptions.Optimization(rawValue: v) else { throw fail(o.value, "optimization must be 'none' or 'basic', got '\(v)'") }
                        l.optimization = opt
                    case "free-dims":
                        var dims: [String: Int64] = [:]
                        for d in try mapping(o.value, "free-dims", allowed: nil) {
                            let v = try int(d.value, "free-dims.\(d.key)")
                            guard v > 0 else { throw fail(d.value, "free-dims.\(d.key) must be a positive integer") }
                            dims[d.key] = Int64(v)
                        }
                        l.freeDims = dims
                    default: break
                    }
                }
            case "thresholds":
                for t in try mapping(e.value, "thresholds", allowed: Self.thresholdKeys) {
                    switch t.key {
                    case "max-partitions": l.maxPartitions = try int(t.value, t.key, min: 0)
                    case "min-coverage":
                        let v = try number(t.value, t.key)
                        guard (0...100).contains(v) else { throw fail(t.value, "min-coverage is a percentage (0 to 100), got \(v)") }
                        l.minCoverage = v
                    case "max-overhead-ms": l.maxOverheadMs = try number(t.value, t.key, min: 0)
                    case "max-boundary-mib": l.maxBoundaryMiB = try number(t.value, t.key, min: 0)
                    case "min-ir-version": l.minIRVersion = Int64(try int(t.value, t.key, min: 1))
                    case "min-opset": l.minOpset = Int64(try int(t.value, t.key, min: 1))
                    default: break
                    }
                }
            case "forbid-ops": l.forbidOps = try stringOrList(e.value, "forbid-ops")
            case "device":
                let d = try string(e.value, "device")
                if d.hasSuffix(".json") {
                    l.device = d.hasPrefix("/") ? d : URL(fileURLWithPath: directory).appendingPathComponent(d).path
                } else {
                    guard DeviceProfiles.bundledNames.contains(d) else {
                        throw fail(e.value, "unknown device '\(d)': use \(DeviceProfiles.bundledNames.joined(separator: ", ")) or a profile file (.json)")
                    }
                    l.device = d
                }
            case "severities":
                // A key is a code or a glob over codes (`EP1*`); later keys win over earlier ones.
                for s in try mapping(e.value, "severities", allowed: nil) {
                    let codes = LintRules.all.map(\.code).filter { Glob.matches(s.key.uppercased(), $0) }
                    guard !codes.isEmpty else { throw fail(s.keyNode, "unknown code '\(s.key)' (see `cutline rules`)") }
                    let v = try string(s.value, "severities.\(s.key)")
                    let sev: Severity?
                    if v == "off" {
                        sev = nil
                    } else if let parsed = Severity(rawValue: v) {
                        sev = parsed
                    } else {
                        throw fail(s.value, "severity must be 'info', 'warning', 'error' or 'off', got '\(v)'")
                    }
                    for code in codes { l.severities[code] = .some(sev) }
                }
            case "ignore":
                guard case .sequence(let seq) = e.value else { throw fail(e.value, "ignore must be a list of codes or {code, model, node, ep} entries") }
                for item in seq {
                    if case .scalar(let s) = item {
                        guard LintRules.descriptor(s.string) != nil else { throw fail(item, "unknown code '\(s.string)' (see `cutline rules`)") }
                        l.ignores.append(IgnoreRule(code: s.string.uppercased()))
                        continue
                    }
                    var rule = IgnoreRule()
                    let fields = try mapping(item, "an ignore entry", allowed: Self.ignoreKeys)
                    if fields.isEmpty { throw fail(item, "an ignore entry needs at least one of code, model, node, ep") }
                    for f in fields {
                        let v = try string(f.value, "ignore.\(f.key)")
                        switch f.key {
                        case "code":
                            if !v.contains("*") && !v.contains("?") && LintRules.descriptor(v) == nil {
                                throw fail(f.value, "unknown code '\(v)' (see `cutline rules`)")
                            }
                            rule.code = v
                        case "model": rule.model = v
                        case "node": rule.node = v
                        case "ep": rule.ep = v
                        default: break
                        }
                    }
                    l.ignores.append(rule)
                }
            default: break
            }
        }
        return l
    }

    // MARK: typed readers

    func mapping(_ node: Yams.Node, _ what: String, allowed: Set<String>?) throws(ConfigError) -> [Entry] {
        guard case .mapping(let m) = node else { throw fail(node, "\(what) must be a mapping") }
        var out: [Entry] = []
        var seen = Set<String>()
        for (k, v) in m {
            guard case .scalar(let key) = k else { throw fail(k, "keys of \(what) must be strings") }
            if let allowed, !allowed.contains(key.string) {
                throw fail(k, "unknown key '\(key.string)' in \(what) (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
            guard seen.insert(key.string).inserted else { throw fail(k, "duplicate key '\(key.string)' in \(what)") }
            out.append(Entry(key: key.string, keyNode: k, value: v))
        }
        return out
    }

    func string(_ node: Yams.Node, _ what: String) throws(ConfigError) -> String {
        guard case .scalar(let s) = node, !s.string.isEmpty else { throw fail(node, "\(what) must be a non-empty string") }
        return s.string
    }

    func int(_ node: Yams.Node, _ what: String, min: Int? = nil) throws(ConfigError) -> Int {
        guard case .scalar(let s) = node, let v = Int(s.string) else { throw fail(node, "\(what) must be an integer") }
        if let min, v < min { throw fail(node, "\(what) must be at least \(min), got \(v)") }
        return v
    }

    func number(_ node: Yams.Node, _ what: String, min: Double? = nil) throws(ConfigError) -> Double {
        guard case .scalar(let s) = node, let v = Double(s.string), v.isFinite else { throw fail(node, "\(what) must be a number") }
        if let min, v < min { throw fail(node, "\(what) must be at least \(min), got \(v)") }
        return v
    }

    func bool(_ node: Yams.Node, _ what: String) throws(ConfigError) -> Bool {
        guard case .scalar(let s) = node else { throw fail(node, "\(what) must be true or false") }
        switch s.string {
        case "true": return true
        case "false": return false
        default: throw fail(node, "\(what) must be true or false, got '\(s.string)'")
        }
    }

    func stringOrList(_ node: Yams.Node, _ what: String) throws(ConfigError) -> [String] {
        switch node {
        case .scalar: return [try string(node, what)]
        case .sequence(let seq):
            var out: [String] = []
            for item in seq { out.append(try string(item, "each entry of \(what)")) }
            return out
        default: throw fail(node, "\(what) must be a string or a list of strings")
        }
    }

    func itemNode(_ node: Yams.Node, _ i: Int) -> Yams.Node {
        if case .sequence(let seq) = node, i < seq.count { return seq[i] }
        return node
    }

    /// Line and column of the second line that starts with `key:` (after indentation or a list dash).
    func secondOccurrence(of key: String, in text: String) -> (Int, Int)? {
        var seen = 0
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let body = line.drop { $0 == " " || $0 == "-" }
            guard body.hasPrefix(key), body.dropFirst(key.count).drop(while: { $0 == " " }).first == ":" else { continue }
            seen += 1
            if seen == 2 { return (i + 1, line.count - body.count + 1) }
        }
        return nil
    }

    func yamlError(_ e: YamlError, yaml: String) -> ConfigError {
        switch e {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigError(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams marks the enclosing mapping; the key's second occurrence is the more useful place.
            let place = duplicates.first.flatMap { secondOccurrence(of: $0, in: yaml) } ?? (context.mark.line, context.mark.column)
            return ConfigError(file: file, line: place.0, column: place.1,
                               message: "duplicate key\(duplicates.count == 1 ? "" : "s") \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in a mapping")
        default:
            return ConfigError(file: file, line: 1, column: 1, message: "not valid YAML: \(e)")
        }
    }
}
