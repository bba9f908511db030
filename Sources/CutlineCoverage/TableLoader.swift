import CutlineIR
import Foundation
import Yams

/// A table that could not be read, with the place in the file.
public struct TableError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

extension CoverageTable {
    /// The schema version this build reads.
    public static let schemaVersion = 1

    /// Loads and validates a table file (a user's `--ep PATH.yml`).
    public static func load(path: String) throws -> CoverageTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TableError(file: path, line: 0, column: 0, message: "cannot read the file")
        }
        return try parse(String(decoding: data, as: UTF8.self), origin: path)
    }

    /// Parses table text; `origin` names it in errors.
    public static func parse(_ text: String, origin: String) throws -> CoverageTable {
        let root: Yams.Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let e as YamlError {
            throw TableError(file: origin, line: e.line ?? 0, column: e.column ?? 0, message: "not valid YAML: \(e)")
        } catch {
            throw TableError(file: origin, line: 0, column: 0, message: "not valid YAML: \(error)")
        }
        guard let root else { throw TableError(file: origin, line: 1, column: 1, message: "the file is empty") }
        var r = TableReader(origin: origin)
        return try r.table(root)
    }

    /// The tables shipped with this build, by name (`coreml-neuralnetwork`, `coreml-mlprogram`, `nnapi`).
    public static func builtIn(_ name: String) throws -> CoverageTable {
        guard let url = Bundle.module.url(forResource: name, withExtension: "yml", subdirectory: "Tables") else {
            throw TableError(file: "Tables/\(name).yml", line: 0, column: 0, message: "no built-in table named '\(name)'")
        }
        guard let data = try? Data(contentsOf: url) else {
            throw TableError(file: url.path, line: 0, column: 0, message: "cannot read the built-in table")
        }
        return try parse(String(decoding: data, as: UTF8.self), origin: "Tables/\(name).yml")
    }

    public static let builtInNames = ["coreml-mlprogram", "coreml-neuralnetwork", "nnapi"]
}

extension YamlError {
    var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }
    var column: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.column
        default: nil
        }
    }
}

/// Walks the YAML node tree; every error carries the node's line and column.
struct TableReader {
    let origin: String

    func fail(_ node: Yams.Node?, _ message: String) -> TableError {
        TableError(file: origin, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0, message: message)
    }

    func mapping(_ node: Yams.Node, _ what: String, allowed: Set<String>) throws -> [(String, Yams.Node)] {
        guard case .mapping(let m) = node else { throw fail(node, "\(what) must be a mapping") }
        var out: [(String, Yams.Node)] = []
        var seen = Set<String>()
        for (k, v) in m {
            guard let key = k.string else { throw fail(k, "\(what): keys must be strings") }
            guard allowed.contains(key) else {
                throw fail(k, "\(what): unknown key '\(key)' (expected one of \(allowed.sorted().joined(separator: ", ")))")
            }
            guard seen.insert(key).inserted else { throw fail(k, "\(what): duplicate key '\(key)'") }
            out.append((key, v))
        }
        return out
    }

    func string(_ node: Yams.Node, _ what: String) throws -> String {
        guard case .scalar(let s) = node else { throw fail(node, "\(what) must be a string") }
        return s.string
    }

    func int(_ node: Yams.Node, _ what: String) throws -> Int {
        guard let v = node.int else { throw fail(node, "\(what) must be an integer") }
        return v
    }

    func bool(_ node: Yams.Node, _ what: String) throws -> Bool {
        guard let v = node.bool else { throw fail(node, "\(what) must be true or false") }
        return v
    }

    func ints(_ node: Yams.Node, _ what: String) throws -> [Int] {
        if node.int != nil { return [try int(node, what)] }
        guard case .sequence(let s) = node else { throw fail(node, "\(what) must be a list of integers") }
        return try s.map { try int($0, what) }
    }

    func strings(_ node: Yams.Node, _ what: String) throws -> [String] {
        guard case .sequence(let s) = node else { throw fail(node, "\(what) must be a list of strings") }
        return try s.map { try string($0, what) }
    }

    func range(_ node: Yams.Node, _ what: String) throws -> VersionRange {
        let text: String
        if let i = node.int { text = "==\(i)" } else { text = try string(node, what) }
        guard let r = VersionRange(text) else {
            throw fail(node, "\(what): '\(text)' is not a version range (write e.g. \">=1.27\", \">=7 <13\" or \"any\")")
        }
        return r
    }

    func value(_ node: Yams.Node, _ what: String) throws -> TableValue {
        switch node {
        case .sequence(let s): return .list(try s.map { try value($0, what) })
        case .scalar(let s):
            if s.style == .plain {
                if let i = Int64(s.string) { return .int(i) }
                if let d = Double(s.string) { return .double(d) }
            }
            return .string(s.string)
        default: throw fail(node, "\(what) must be a scalar or a list")
        }
    }

    func dataType(_ node: Yams.Node, _ what: String) throws -> DataType {
        let name = try string(node, what)
        guard let t = DataType(name: name), name.lowercased() != "undefined" else {
            throw fail(node, "\(what): '\(name)' is not an ONNX element type name (float, float16, int64, …)")
        }
        return t
    }

    func dtypeSpecs(_ node: Yams.Node, _ what: String) throws -> [DTypeSpec] {
        guard case .sequence(let s) = node else { throw fail(node, "\(what) must be a list of element types") }
        return try s.map { item in
            if case .mapping = item {
                var t: DataType?
                var cv: Int?
                for (k, v) in try mapping(item, what, allowed: ["type", "coreml"]) {
                    if k == "type" { t = try dataType(v, what) } else { cv = try int(v, "\(what).coreml") }
                }
                guard let t else { throw fail(item, "\(what): an entry needs 'type'") }
                return DTypeSpec(t, minCoreMLVersion: cv)
            }
            return DTypeSpec(try dataType(item, what))
        }
    }

    mutating func table(_ root: Yams.Node) throws -> CoverageTable {
        let keys: Set = ["schema", "name", "ep", "short_name", "format", "description", "source", "ort", "general", "ops"]
        let fields = try mapping(root, "table", allowed: keys)
        var dict: [String: Yams.Node] = [:]
        for (k, v) in fields { dict[k] = v }
        guard let schemaNode = dict["schema"] else { throw fail(root, "table: 'schema' is required (write 'schema: 1')") }
        let schema = try int(schemaNode, "schema")
        guard schema == CoverageTable.schemaVersion else {
            throw fail(schemaNode, "schema \(schema) is not supported (this build reads schema \(CoverageTable.schemaVersion))")
        }
        for required in ["name", "ep", "general", "ops"] where dict[required] == nil {
            throw fail(root, "table: '\(required)' is required")
        }
        guard let nameNode = dict["name"], let epNode = dict["ep"], let generalNode = dict["general"],
              let opsNode = dict["ops"] else { throw fail(root, "table: missing required keys") }
        let ep = try string(epNode, "ep")
        let general = try self.general(generalNode)
        guard case .sequence(let opSeq) = opsNode else { throw fail(opsNode, "ops must be a list of rows") }
        var ops: [OpRule] = []
        for item in opSeq { ops.append(try opRule(item, general: general)) }
        try checkOverlaps(ops, opsNode)
        return CoverageTable(
            schema: schema, name: try string(nameNode, "name"), ep: ep,
            shortName: try dict["short_name"].map { try string($0, "short_name") } ?? ep,
            format: try dict["format"].map { try string($0, "format") },
            description: try dict["description"].map { try string($0, "description") } ?? "",
            source: try dict["source"].map { try string($0, "source") } ?? "",
            ort: try dict["ort"].map { try range($0, "ort") } ?? .any,
            general: general, ops: ops, origin: origin)
    }

    func versioned<T>(_ node: Yams.Node, _ what: String, _ read: (Yams.Node) throws -> T) throws -> [Versioned<T>] {
        if case .sequence(let s) = node, let first = s.first, case .mapping(let m) = first,
           m.contains(where: { $0.key.string == "value" }) {
            return try s.map { item in
                var ort = VersionRange.any
                var v: T?
                for (k, n) in try mapping(item, what, allowed: ["ort", "value"]) {
                    if k == "ort" { ort = try range(n, "\(what).ort") } else { v = try read(n) }
                }
                guard let v else { throw fail(item, "\(what): an entry needs 'value'") }
                return Versioned(ort: ort, value: v)
            }
        }
        return [Versioned(ort: .any, value: try read(node))]
    }

    func general(_ node: Yams.Node) throws -> GeneralRules {
        let keys: Set = ["require_shape", "static_shapes", "reject_zero_dims", "max_rank", "max_dim", "since_max",
                         "default_dtypes", "drop_trivial_groups", "subgraphs", "drop_single_node_ops",
                         "drop_constant_inputs_only", "stop_ops"]
        var g = GeneralRules(requireShape: true, staticShapes: .option, rejectZeroDims: true, maxRank: nil, maxDim: [],
                             sinceMax: [], defaultDTypes: [], dropTrivialGroups: nil, subgraphs: .option,
                             dropSingleNodeOps: [], dropConstantInputsOnly: false, stopOps: [])
        for (k, v) in try mapping(node, "general", allowed: keys) {
            switch k {
            case "require_shape": g.requireShape = try bool(v, k)
            case "static_shapes":
                guard let s = GeneralRules.StaticShapes(rawValue: try string(v, k)) else {
                    throw fail(v, "static_shapes must be 'option' or 'always'")
                }
                g.staticShapes = s
            case "reject_zero_dims": g.rejectZeroDims = try bool(v, k)
            case "max_rank": g.maxRank = try int(v, k)
            case "max_dim": g.maxDim = try versioned(v, k) { Int64(try int($0, k)) }
            case "since_max": g.sinceMax = try versioned(v, k) { Int64(try int($0, k)) }
            case "default_dtypes":
                g.defaultDTypes = try versioned(v, k) { n in
                    if case .sequence = n {
                        return DefaultDTypes(types: try dtypeSpecs(n, k).map(\.type), extraTypes: [], extraOps: [])
                    }
                    var d = DefaultDTypes(types: [], extraTypes: [], extraOps: [])
                    for (kk, vv) in try mapping(n, k, allowed: ["types", "extra_types", "extra_ops"]) {
                        switch kk {
                        case "types": d.types = try dtypeSpecs(vv, kk).map(\.type)
                        case "extra_types": d.extraTypes = try dtypeSpecs(vv, kk).map(\.type)
                        default: d.extraOps = try strings(vv, kk)
                        }
                    }
                    return d
                }
            case "drop_trivial_groups":
                if let b = v.bool, case .scalar(let s) = v, s.style == .plain, ["true", "false"].contains(s.string) {
                    g.dropTrivialGroups = b ? .any : nil
                } else {
                    g.dropTrivialGroups = try range(v, k)
                }
            case "subgraphs":
                guard let s = GeneralRules.Subgraphs(rawValue: try string(v, k)) else {
                    throw fail(v, "subgraphs must be 'option' or 'never'")
                }
                g.subgraphs = s
            case "drop_single_node_ops": g.dropSingleNodeOps = try strings(v, k)
            case "drop_constant_inputs_only": g.dropConstantInputsOnly = try bool(v, k)
            default: g.stopOps = try strings(v, k)
            }
        }
        return g
    }

    func opRule(_ node: Yams.Node, general: GeneralRules) throws -> OpRule {
        let keys: Set = ["op", "ort", "since", "trivial", "dtypes", "allow_empty_inputs", "only_in", "when", "notes"]
        var rule = OpRule(op: "", ort: .any, sinceMin: 1, sinceMax: nil, trivial: false, dtypes: nil,
                          allowEmptyInputs: false, onlyIn: nil, conditions: [], notes: nil, line: node.mark?.line ?? 0)
        for (k, v) in try mapping(node, "op row", allowed: keys) {
            switch k {
            case "op": rule.op = try string(v, k)
            case "ort": rule.ort = try range(v, k)
            case "since":
                let r = try range(v, k)
                for b in r.bounds {
                    let n = Int64(b.version.components.first ?? 0)
                    switch b.op {
                    case .ge: rule.sinceMin = n
                    case .gt: rule.sinceMin = n + 1
                    case .le: rule.sinceMax = n
                    case .lt: rule.sinceMax = n - 1
                    case .eq: rule.sinceMin = n; rule.sinceMax = n
                    }
                }
            case "trivial": rule.trivial = try bool(v, k)
            case "dtypes":
                guard case .mapping(let m) = v else { throw fail(v, "dtypes must map input indexes to type lists") }
                var d: [Int: [DTypeSpec]] = [:]
                for (ik, iv) in m { d[try int(ik, "dtypes key")] = try dtypeSpecs(iv, "dtypes") }
                rule.dtypes = d
            case "allow_empty_inputs": rule.allowEmptyInputs = try bool(v, k)
            case "only_in": rule.onlyIn = try string(v, k)
            case "when":
                guard case .sequence(let s) = v else { throw fail(v, "when must be a list of conditions") }
                rule.conditions = try s.map(condition)
            default: rule.notes = try string(v, k)
            }
        }
        if rule.op.isEmpty { throw fail(node, "op row: 'op' is required") }
        return rule
    }

    func attributeRule(_ node: Yams.Node, _ what: String) throws -> AttributeRule {
        let keys: Set = ["name", "default", "required", "equals", "in", "not", "not_in", "absent", "length", "all_equal"]
        var name: String?
        var def: TableValue?
        var required = false
        var test: AttributeRule.Test?
        for (k, v) in try mapping(node, what, allowed: keys) {
            switch k {
            case "name": name = try string(v, k)
            case "default": def = try value(v, k)
            case "required": required = try bool(v, k)
            default:
                if test != nil { throw fail(v, "\(what): give one test (equals, in, not, not_in, absent, length, all_equal)") }
                switch k {
                case "equals": test = .equals(try value(v, k))
                case "in": test = .oneOf(try listValue(v, k))
                case "not": test = .notEquals(try value(v, k))
                case "not_in": test = .notOneOf(try listValue(v, k))
                case "absent": test = .absent
                case "length": test = .length(try int(v, k))
                default: test = .allEqual(try value(v, k))
                }
            }
        }
        guard let name else { throw fail(node, "\(what): 'name' is required") }
        guard let test else { throw fail(node, "\(what): a test is required (equals, in, not, not_in, absent, length, all_equal)") }
        return AttributeRule(name: name, defaultValue: def, required: required, test: test)
    }

    func listValue(_ node: Yams.Node, _ what: String) throws -> [TableValue] {
        guard case .list(let l) = try value(node, what) else { throw fail(node, "\(what) must be a list") }
        return l
    }

    static let conditionKinds: Set = ["input_constant", "input_count", "output_count", "rank", "static_shape", "static_dims",
                                      "shape_known", "attribute", "max_dim", "coreml_version", "same_dtype", "dtype", "custom"]
    static let guardKeys: Set = ["since", "ort", "coreml", "if_input", "if_no_input", "if_attribute", "note"]

    func condition(_ node: Yams.Node) throws -> TableCondition {
        let fields = try mapping(node, "condition", allowed: TableReader.conditionKinds.union(TableReader.guardKeys))
        var kind: (String, Yams.Node)?
        var g = ConditionGuard()
        var note: String?
        for (k, v) in fields {
            switch k {
            case "since": g.since = try range(v, k)
            case "ort": g.ort = try range(v, k)
            case "coreml": g.coreml = try range(v, k)
            case "if_input": g.inputPresent = try int(v, k)
            case "if_no_input": g.inputAbsent = try int(v, k)
            case "if_attribute": g.attribute = try attributeRule(v, k)
            case "note": note = try string(v, k)
            default:
                if kind != nil { throw fail(v, "a condition has exactly one kind; found '\(kind?.0 ?? "")' and '\(k)'") }
                kind = (k, v)
            }
        }
        guard let (k, v) = kind else {
            throw fail(node, "condition: no kind given (one of \(TableReader.conditionKinds.sorted().joined(separator: ", ")))")
        }
        let c: Condition
        switch k {
        case "input_constant":
            if v.int != nil {
                c = .inputConstant(input: try int(v, k), required: false, weak: false)
            } else {
                var input: Int?
                var required = false
                var weak = false
                for (kk, vv) in try mapping(v, k, allowed: ["input", "required", "weak"]) {
                    switch kk {
                    case "input": input = try int(vv, kk)
                    case "required": required = try bool(vv, kk)
                    default: weak = try bool(vv, kk)
                    }
                }
                guard let input else { throw fail(v, "input_constant needs 'input'") }
                c = .inputConstant(input: input, required: required, weak: weak)
            }
        case "input_count", "output_count":
            var lo: Int?
            var hi: Int?
            for (kk, vv) in try mapping(v, k, allowed: ["min", "max"]) {
                if kk == "min" { lo = try int(vv, kk) } else { hi = try int(vv, kk) }
            }
            c = k == "input_count" ? .inputCount(min: lo, max: hi) : .outputCount(min: lo, max: hi)
        case "rank":
            var input = 0
            var lo: Int?
            var hi: Int?
            var allowed: [Int]?
            for (kk, vv) in try mapping(v, k, allowed: ["input", "min", "max", "in"]) {
                switch kk {
                case "input": input = try int(vv, kk)
                case "min": lo = try int(vv, kk)
                case "max": hi = try int(vv, kk)
                default: allowed = try ints(vv, kk)
                }
            }
            c = .rank(input: input, min: lo, max: hi, allowed: allowed)
        case "static_shape": c = .staticShape(input: try int(v, k))
        case "shape_known": c = .shapeKnown(input: try int(v, k))
        case "static_dims":
            var input = 0
            var dims: [Int] = []
            for (kk, vv) in try mapping(v, k, allowed: ["input", "dims"]) {
                if kk == "input" { input = try int(vv, kk) } else { dims = try ints(vv, kk) }
            }
            c = .staticDims(input: input, dims: dims)
        case "attribute": c = .attribute(try attributeRule(v, k))
        case "max_dim":
            var inputs: [Int] = []
            var outputs: [Int] = []
            var value: Int64?
            for (kk, vv) in try mapping(v, k, allowed: ["inputs", "outputs", "value"]) {
                switch kk {
                case "inputs": inputs = try ints(vv, kk)
                case "outputs": outputs = try ints(vv, kk)
                default: value = Int64(try int(vv, kk))
                }
            }
            guard let value else { throw fail(v, "max_dim needs 'value'") }
            c = .maxDim(inputs: inputs, outputs: outputs, value: value)
        case "coreml_version": c = .coremlVersion(min: try int(v, k))
        case "same_dtype": c = .sameDType(inputs: try ints(v, k))
        case "dtype":
            var index: Int?
            var output = false
            var types: [DTypeSpec] = []
            for (kk, vv) in try mapping(v, k, allowed: ["input", "output", "types"]) {
                switch kk {
                case "input": index = try int(vv, kk)
                case "output": index = try int(vv, kk); output = true
                default: types = try dtypeSpecs(vv, kk)
                }
            }
            guard let index else { throw fail(v, "dtype needs 'input' or 'output'") }
            c = .dtype(index: index, output: output, types: types)
        default:
            let name = try string(v, k)
            guard CustomChecks.names.contains(name) else {
                throw fail(v, "custom check '\(name)' does not exist (known: \(CustomChecks.names.sorted().joined(separator: ", ")))")
            }
            c = .custom(name)
        }
        return TableCondition(condition: c, guardClause: g, note: note, line: node.mark?.line ?? 0)
    }

    /// Two rows for one op must not both apply at some ORT version: lookup would be ambiguous.
    func checkOverlaps(_ ops: [OpRule], _ node: Yams.Node) throws {
        var probes: [ORTVersion] = []
        for r in ops { for b in r.ort.bounds { probes.append(b.version) } }
        for minor in 19...40 { probes.append(ORTVersion([1, minor, 0])) }
        var byOp: [String: [OpRule]] = [:]
        for r in ops { byOp[r.op, default: []].append(r) }
        for (op, rows) in byOp where rows.count > 1 {
            for v in probes {
                let hits = rows.filter { $0.ort.contains(v) }
                if hits.count > 1 {
                    throw TableError(file: origin, line: hits[1].line, column: 1,
                                     message: "rows for '\(op)' at lines \(hits[0].line) and \(hits[1].line) both apply to ORT \(v)")
                }
            }
        }
    }
}
