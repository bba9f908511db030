import CutlineCoverage
import Foundation

/// SARIF 2.1.0 for code-scanning services. Rules come from the registry; every result points at the model file with
/// `region.startLine: 1` (services require a line, a model has none) and names the node as a logical location;
/// `partialFingerprints` carries the finding's stable fingerprint so alerts survive unrelated changes. Model paths
/// inside `sourceRoot` (the working directory: the repository root in CI) are written relative to it with
/// `uriBaseId: %SRCROOT%`, so code scanning finds the file in the checkout; paths outside it stay absolute `file://`
/// URIs.
public enum SARIFRenderer {
    public static let schemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    public static func render(_ r: LintReport, toolVersion: String = CutlineVersion.string, sourceRoot: String? = nil) throws -> String {
        let index = Dictionary(uniqueKeysWithValues: r.rules.enumerated().map { ($1.code, $0) })
        let rules = r.rules.map { d in
            Rule(id: d.code, name: d.name, shortDescription: .init(text: d.summary),
                 fullDescription: .init(text: d.rationale),
                 help: .init(text: "\(d.remedy)\n\nExample: \(d.example)", markdown: "\(d.remedy)\n\n**Example:** \(d.example)"),
                 defaultConfiguration: .init(level: level(d.severity)),
                 properties: .init(category: d.category, pass: d.pass, tags: [d.category]))
        }
        let results = r.findings.map { f in
            var logical: [LogicalLocation] = []
            let model = relative(f.model, root: sourceRoot) ?? f.model
            if let node = f.node {
                logical.append(.init(name: node, fullyQualifiedName: "\(model)/\(node)", kind: "member"))
            } else if let t = f.tensor {
                logical.append(.init(name: t, fullyQualifiedName: "\(model)/\(t)", kind: "variable"))
            }
            let text = f.ep.map { "[\($0)] \(f.message)" } ?? f.message
            return Result(
                ruleId: f.code, ruleIndex: index[f.code], level: level(f.severity),
                message: .init(text: f.help.map { "\(sentence(text)) Help: \($0)" } ?? text),
                locations: [.init(physicalLocation: .init(artifactLocation: location(f.model, root: sourceRoot), region: .init(startLine: 1)),
                                  logicalLocations: logical.isEmpty ? nil : logical)],
                partialFingerprints: ["cutlineFingerprint/v1": f.fingerprint],
                baselineState: r.baseline == nil ? nil : (f.baselined ? "unchanged" : "new"),
                properties: .init(ep: f.ep, opType: f.opType))
        }
        let artifacts = Array(Set(r.findings.map(\.model))).sorted().map { Artifact(location: location($0, root: sourceRoot)) }
        let log = Log(schema: schemaURI, version: "2.1.0", runs: [
            Run(tool: .init(driver: .init(name: "cutline", version: toolVersion, semanticVersion: toolVersion, rules: rules)),
                artifacts: artifacts, results: results, columnKind: "unicodeCodePoints")
        ])
        return try JSONRendering.render(log)
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    struct Log: Encodable {
        var schema: String
        var version: String
        var runs: [Run]
        enum CodingKeys: String, CodingKey { case schema = "$schema", version, runs }
    }
    struct Run: Encodable {
        var tool: Tool
        var artifacts: [Artifact]
        var results: [Result]
        var columnKind: String
    }
    struct Tool: Encodable { var driver: Driver }
    struct Driver: Encodable {
        var name: String
        var version: String
        var semanticVersion: String
        var rules: [Rule]
    }
    struct Text: Encodable {
        var text: String
        var markdown: String?
    }
    struct Rule: Encodable {
        var id: String
        var name: String
        var shortDescription: Text
        var fullDescription: Text
        var help: Text
        var defaultConfiguration: Configuration
        var properties: RuleProperties
    }
    struct Configuration: Encodable { var level: String }
    struct RuleProperties: Encodable {
        var category: String
        var pass: String?
        var tags: [String]
    }
    struct Artifact: Encodable { var location: ArtifactLocation }
    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }

    /// A message followed by "Help:": one full stop between them, whether or not the message ends in one.
    static func sentence(_ text: String) -> String { text.hasSuffix(".") ? text : text + "." }

    /// The model path as a SARIF artifact location: relative to `root` (default: the working directory) under
    /// `%SRCROOT%` when it lies inside it, else an absolute `file://` URI. Percent-encoded as a URI reference.
    static func location(_ path: String, root: String?) -> ArtifactLocation {
        if let rel = relative(path, root: root) { return ArtifactLocation(uri: encode(rel), uriBaseId: "%SRCROOT%") }
        return ArtifactLocation(uri: "file://" + encode(absolute(path, root: root)), uriBaseId: nil)
    }

    /// The path relative to `root` when it lies inside it, else nil.
    static func relative(_ path: String, root: String?) -> String? {
        let base = absolute(".", root: root)
        let prefix = base.hasSuffix("/") ? base : base + "/"
        let abs = absolute(path, root: root)
        return abs.hasPrefix(prefix) ? String(abs.dropFirst(prefix.count)) : nil
    }

    static func absolute(_ path: String, root: String?) -> String {
        let root = root ?? FileManager.default.currentDirectoryPath
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: root).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    static func encode(_ path: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=:@")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
    struct Region: Encodable { var startLine: Int }
    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region
    }
    struct LogicalLocation: Encodable {
        var name: String
        var fullyQualifiedName: String
        var kind: String
    }
    struct Location: Encodable {
        var physicalLocation: PhysicalLocation
        var logicalLocations: [LogicalLocation]?
    }
    struct ResultProperties: Encodable {
        var ep: String?
        var opType: String?
    }
    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int?
        var level: String
        var message: Text
        var locations: [Location]
        var partialFingerprints: [String: String]
        var baselineState: String?
        var properties: ResultProperties
    }
}
