import CutlineIR
import Foundation

/// One version of an operator schema: the opset version it appeared in and its signature arity.
public struct OpSchemaVersion: Hashable, Sendable {
    public var sinceVersion: Int64
    /// Arity bounds; nil when the source table does not record them (ONNX Runtime contrib schemas).
    public var minInputs: Int?
    public var maxInputs: Int?
    public var minOutputs: Int?
    public var maxOutputs: Int?
    /// The schema has a function body (plain or context-dependent).
    public var hasFunction: Bool
    public var deprecated: Bool
    /// Registered by ONNX Runtime rather than onnx.
    public var fromONNXRuntime: Bool
    /// The schema has a type-and-shape inference function. onnx infers a schema without one through its function
    /// body; ONNX Runtime does not, so such a node's outputs get a type but no shape there (GreaterOrEqual-12).
    public var hasInferenceFunction: Bool

    public init(sinceVersion: Int64, minInputs: Int? = nil, maxInputs: Int? = nil, minOutputs: Int? = nil,
                maxOutputs: Int? = nil, hasFunction: Bool = false, deprecated: Bool = false,
                fromONNXRuntime: Bool = false, hasInferenceFunction: Bool = true) {
        self.hasInferenceFunction = hasInferenceFunction
        self.sinceVersion = sinceVersion
        self.minInputs = minInputs
        self.maxInputs = maxInputs
        self.minOutputs = minOutputs
        self.maxOutputs = maxOutputs
        self.hasFunction = hasFunction
        self.deprecated = deprecated
        self.fromONNXRuntime = fromONNXRuntime
    }
}

/// Operator schema histories per domain, generated from onnx and ONNX Runtime's contrib registrations by
/// scripts/schemas/generate.py. Resolves which schema version a node binds to under a given opset import.
public struct SchemaRegistry: Sendable {
    /// domain ("" for ai.onnx) → op type → versions ascending.
    public let domains: [String: [String: [OpSchemaVersion]]]
    /// The onnx version the table was generated with ("" when built in code or the resource failed to load).
    public let onnxVersion: String
    /// Why the bundled table could not be read, if it could not.
    public let loadError: String?

    /// onnx's schemas plus the ones ONNX Runtime registers itself: what ORT resolves nodes against.
    public static let standard: SchemaRegistry = SchemaRegistry.loadBundled(includeONNXRuntime: true)
    /// onnx's schemas only: what `onnx.shape_inference` resolves nodes against.
    public static let onnxOnly: SchemaRegistry = SchemaRegistry.loadBundled(includeONNXRuntime: false)

    public init(domains: [String: [String: [OpSchemaVersion]]], onnxVersion: String = "", loadError: String? = nil) {
        var normalized: [String: [String: [OpSchemaVersion]]] = [:]
        for (d, ops) in domains {
            var m = normalized[Self.normalize(d)] ?? [:]
            for (op, vs) in ops { m[op, default: []].append(contentsOf: vs) }
            normalized[Self.normalize(d)] = m.mapValues { $0.sorted { $0.sinceVersion < $1.sinceVersion } }
        }
        self.domains = normalized
        self.onnxVersion = onnxVersion
        self.loadError = loadError
    }

    /// "" and "ai.onnx" name the same domain.
    public static func normalize(_ domain: String) -> String { domain == "ai.onnx" ? "" : domain }

    public func versions(domain: String, opType: String) -> [OpSchemaVersion] {
        domains[Self.normalize(domain)]?[opType] ?? []
    }

    public func isKnown(domain: String, opType: String) -> Bool {
        !versions(domain: domain, opType: opType).isEmpty
    }

    /// The schema a node binds to when its domain is imported at `opsetVersion`: the newest version not newer
    /// than the import, as onnx's schema registry picks it.
    public func schema(domain: String, opType: String, opsetVersion: Int64) -> OpSchemaVersion? {
        versions(domain: domain, opType: opType).last { $0.sinceVersion <= opsetVersion }
    }

    public func sinceVersion(domain: String, opType: String, opsetVersion: Int64) -> Int64? {
        schema(domain: domain, opType: opType, opsetVersion: opsetVersion)?.sinceVersion
    }

    // MARK: loading

    static func loadBundled(includeONNXRuntime: Bool) -> SchemaRegistry {
        guard let url = Bundle.module.url(forResource: "schemas", withExtension: "json", subdirectory: "Data")
            ?? Bundle.module.url(forResource: "schemas", withExtension: "json") else {
            return SchemaRegistry(domains: [:], loadError: "schemas.json is missing from the CutlineShapes resources")
        }
        do {
            let data = try Data(contentsOf: url)
            return try parse(data, includeONNXRuntime: includeONNXRuntime)
        } catch {
            return SchemaRegistry(domains: [:], loadError: "schemas.json could not be read: \(error)")
        }
    }

    /// Parses the generated table (format documented in scripts/schemas/generate.py).
    public static func parse(_ data: Data, includeONNXRuntime: Bool = true) throws -> SchemaRegistry {
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let domains = root["domains"] as? [String: Any] else {
            throw IRError.invalid("schema table has no 'domains' object")
        }
        var out: [String: [String: [OpSchemaVersion]]] = [:]
        for (domain, opsAny) in domains {
            guard let ops = opsAny as? [String: Any] else { continue }
            var table: [String: [OpSchemaVersion]] = [:]
            for (op, versionsAny) in ops {
                guard let versions = versionsAny as? [[Any]] else { continue }
                var list: [OpSchemaVersion] = []
                for entry in versions where entry.count >= 6 {
                    guard let since = (entry[0] as? NSNumber)?.int64Value else { continue }
                    let flags = entry[5] as? String ?? ""
                    if flags.contains("o") && !includeONNXRuntime { continue }
                    func count(_ i: Int) -> Int? { (entry[i] as? NSNumber)?.intValue }
                    list.append(OpSchemaVersion(sinceVersion: since, minInputs: count(1), maxInputs: count(2),
                                                minOutputs: count(3), maxOutputs: count(4),
                                                hasFunction: flags.contains("f"), deprecated: flags.contains("d"),
                                                fromONNXRuntime: flags.contains("o"),
                                                hasInferenceFunction: !flags.contains("n")))
                }
                if !list.isEmpty { table[op] = list }
            }
            out[domain] = table
        }
        return SchemaRegistry(domains: out, onnxVersion: root["onnxVersion"] as? String ?? "")
    }
}
