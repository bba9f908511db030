import Foundation

/// A JSON Schema (draft-04) validator for the keywords the SARIF 2.1.0 schema uses: type, properties, required,
/// additionalProperties, items, minItems, uniqueItems, enum, minimum, maximum, pattern, anyOf, oneOf, allOf, not,
/// $ref to `#/definitions/…`. `format` is an annotation in draft-04 validators by default and is not checked.
/// Any other keyword that appears in a schema is reported, so the validator can never silently skip a rule.
/// A parsed JSON value; booleans and numbers kept apart on every platform.
enum JSON: Decodable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSON]), object([String: JSON])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSON].self)) }
    }

    static func parse(_ data: Data) throws -> JSON { try JSONDecoder().decode(JSON.self, from: data) }

    var object: [String: JSON]? { if case .object(let o) = self { o } else { nil } }
    var string: String? { if case .string(let s) = self { s } else { nil } }
    var number: Double? { if case .number(let d) = self { d } else { nil } }
    var array: [JSON]? { if case .array(let a) = self { a } else { nil } }
}

struct JSONSchemaValidator {
    let root: [String: JSON]
    static let known: Set<String> = ["$schema", "id", "title", "description", "default", "format", "definitions", "type",
                                     "properties", "required", "additionalProperties", "items", "minItems", "uniqueItems",
                                     "enum", "minimum", "maximum", "pattern", "anyOf", "oneOf", "allOf", "not", "$ref"]

    init(schemaData: Data) throws {
        guard let root = try JSON.parse(schemaData).object else { throw NSError(domain: "schema", code: 1) }
        self.root = root
    }

    /// Problems found, each as `path: message`; empty when the document is valid.
    func validate(_ data: Data) throws -> [String] {
        var errors: [String] = []
        check(try JSON.parse(data), root, "$", &errors)
        return errors
    }

    func resolve(_ ref: String) -> [String: JSON]? {
        guard ref.hasPrefix("#/") else { return nil }
        var node = JSON.object(root)
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let next = node.object?[String(part)] else { return nil }
            node = next
        }
        return node.object
    }

    func typeName(_ v: JSON) -> String {
        switch v {
        case .null: "null"
        case .bool: "boolean"
        case .number(let d): d == d.rounded() ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    func check(_ v: JSON, _ schema: [String: JSON], _ path: String, _ errors: inout [String]) {
        for key in schema.keys where !Self.known.contains(key) { errors.append("\(path): schema keyword '\(key)' is not implemented") }
        if let ref = schema["$ref"]?.string {
            guard let target = resolve(ref) else { errors.append("\(path): unresolvable $ref \(ref)"); return }
            check(v, target, path, &errors)
            return
        }
        if let t = schema["type"] {
            let types = t.array?.compactMap(\.string) ?? [t.string ?? ""]
            let actual = typeName(v)
            if !types.contains(where: { $0 == actual || ($0 == "number" && actual == "integer") }) {
                errors.append("\(path): expected \(types.joined(separator: "|")), got \(actual)")
                return
            }
        }
        if let e = schema["enum"]?.array, !e.contains(v) { errors.append("\(path): value is not one of the enum") }
        if let n = v.number {
            if let m = schema["minimum"]?.number, n < m { errors.append("\(path): \(n) < minimum \(m)") }
            if let m = schema["maximum"]?.number, n > m { errors.append("\(path): \(n) > maximum \(m)") }
        }
        if let s = v.string, let p = schema["pattern"]?.string, let re = try? NSRegularExpression(pattern: p),
           re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) == nil {
            errors.append("\(path): '\(s)' does not match \(p)")
        }
        if let a = v.array {
            if let m = schema["minItems"]?.number, Double(a.count) < m { errors.append("\(path): \(a.count) items < minItems \(m)") }
            if schema["uniqueItems"] == .bool(true) {
                for i in a.indices { for j in a.indices where j > i && a[i] == a[j] { errors.append("\(path): items \(i) and \(j) are equal") } }
            }
            if let items = schema["items"]?.object {
                for (i, x) in a.enumerated() { check(x, items, "\(path)[\(i)]", &errors) }
            }
        }
        if let o = v.object {
            let props = schema["properties"]?.object ?? [:]
            for r in schema["required"]?.array?.compactMap(\.string) ?? [] where o[r] == nil { errors.append("\(path): missing required '\(r)'") }
            for (k, x) in o {
                if let ps = props[k]?.object {
                    check(x, ps, "\(path).\(k)", &errors)
                } else if let extra = schema["additionalProperties"] {
                    if extra == .bool(false) { errors.append("\(path): property '\(k)' is not allowed") }
                    if let es = extra.object { check(x, es, "\(path).\(k)", &errors) }
                }
            }
        }
        for (key, exactlyOne) in [("anyOf", false), ("oneOf", true)] {
            guard let subs = schema[key]?.array?.compactMap(\.object) else { continue }
            let passing = subs.filter { sub in var e: [String] = []; check(v, sub, path, &e); return e.isEmpty }.count
            if !exactlyOne && passing == 0 { errors.append("\(path): matches none of anyOf") }
            if exactlyOne && passing != 1 { errors.append("\(path): matches \(passing) of oneOf (needs exactly 1)") }
        }
        for s in schema["allOf"]?.array?.compactMap(\.object) ?? [] { check(v, s, path, &errors) }
        if let not = schema["not"]?.object {
            var e: [String] = []
            check(v, not, path, &e)
            if e.isEmpty { errors.append("\(path): matches a 'not' schema") }
        }
    }
}
