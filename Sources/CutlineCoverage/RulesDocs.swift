import Foundation

/// Markdown for docs/rules/: one page per code, one page per built-in table, and an index. Pure: the caller writes
/// the files (a test compares them with the committed ones).
public func renderRulesDocs() -> [String: String] {
    var out: [String: String] = [:]
    var index = "# Rules reference\n\nGenerated from `RuleRegistry` and the built-in coverage tables; do not edit by hand.\n"
    index += "Regenerate with `CUTLINE_RECORD_DOCS=1 swift test --filter RulesDocsTests`.\n\n"
    index += "Table format: [TABLE-SCHEMA.md](TABLE-SCHEMA.md).\n\n## Codes\n\n| code | name | severity | summary |\n|---|---|---|---|\n"
    for r in RuleRegistry.all {
        index += "| [\(r.code)](\(r.code).md) | \(r.name) | \(r.severity.rawValue) | \(escape(r.summary)) |\n"
        out["\(r.code).md"] = renderRule(r)
    }
    index += "\n## Tables\n\n| table | EP | format | ops |\n|---|---|---|---|\n"
    for name in CoverageTable.builtInNames {
        guard let t = try? CoverageTable.builtIn(name) else {
            index += "| \(name) | (failed to load) | | |\n"
            continue
        }
        index += "| [\(t.name)](table-\(t.name).md) | \(t.ep) | \(t.format ?? "–") | \(t.opNames.count) |\n"
        out["table-\(t.name).md"] = renderTable(t)
    }
    out["README.md"] = index
    return out
}

func escape(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|") }

func renderRule(_ r: RuleInfo) -> String {
    """
    # \(r.code) \(r.name)

    \(r.summary)

    - Default severity: \(r.severity.rawValue)

    ## Why

    \(r.rationale)

    ## Example

    \(r.example)

    ## Remedy

    \(r.remedy)

    """
}

func renderCondition(_ tc: TableCondition) -> String {
    var s: String
    switch tc.condition {
    case .inputConstant(let i, let required, let weak):
        s = "input \(i) is \(weak ? "an initializer of this graph" : "a constant initializer")\(required ? "" : " when present") (EP108)"
    case .inputCount(let lo, let hi):
        s = "input count" + (lo.map { " ≥ \($0)" } ?? "") + (hi.map { " ≤ \($0)" } ?? "") + " (EP114)"
    case .outputCount(let lo, let hi):
        s = "output count" + (lo.map { " ≥ \($0)" } ?? "") + (hi.map { " ≤ \($0)" } ?? "") + " (EP114)"
    case .rank(let i, let lo, let hi, let allowed):
        var parts: [String] = []
        if let allowed { parts.append("in \(allowed)") }
        if let lo { parts.append("≥ \(lo)") }
        if let hi { parts.append("≤ \(hi)") }
        s = "rank of input \(i) \(parts.joined(separator: ", ")) (EP110)"
    case .staticShape(let i): s = "input \(i) fully static (EP111)"
    case .staticDims(let i, let dims): s = "dims \(dims) of input \(i) known (EP111)"
    case .shapeKnown(let i): s = "input \(i) has a known shape (EP103)"
    case .attribute(let a): s = "attribute " + describeRule(a) + " (EP109)"
    case .maxDim(let ins, let outs, let v): s = "known dims of inputs \(ins)" + (outs.isEmpty ? "" : " and outputs \(outs)") + " ≤ \(v) (EP112)"
    case .coremlVersion(let v): s = "CoreML ≥ \(v) (EP113)"
    case .sameDType(let ins): s = "inputs \(ins) share one element type (EP115)"
    case .dtype(let i, let output, let types):
        s = "\(output ? "output" : "input") \(i) is one of \(types.map(\.description).joined(separator: ", ")) (EP107)"
    case .custom(let name): s = "`\(name)`: " + (CustomChecks.descriptions[name] ?? "custom check")
    }
    var guards: [String] = []
    let g = tc.guardClause
    if let v = g.since { guards.append("since-version \(v)") }
    if let v = g.ort { guards.append("ORT \(v)") }
    if let v = g.coreml { guards.append("CoreML \(v)") }
    if let i = g.inputPresent { guards.append("input \(i) present") }
    if let i = g.inputAbsent { guards.append("input \(i) absent") }
    if let a = g.attribute { guards.append(describeRule(a)) }
    if !guards.isEmpty { s += " — when " + guards.joined(separator: ", ") }
    if let n = tc.note { s += " — \(n)" }
    return s
}

func describeRule(_ a: AttributeRule) -> String {
    let def = a.defaultValue.map { " (default \($0))" } ?? ""
    switch a.test {
    case .equals(let x): return "`\(a.name)` = \(x)\(def)"
    case .oneOf(let xs): return "`\(a.name)` in \(TableValue.list(xs))\(def)"
    case .notEquals(let x): return "`\(a.name)` ≠ \(x)\(def)"
    case .notOneOf(let xs): return "`\(a.name)` not in \(TableValue.list(xs))\(def)"
    case .absent: return "`\(a.name)` not set"
    case .length(let n): return "`\(a.name)` has \(n) entries"
    case .allEqual(let x): return "every `\(a.name)` entry = \(x)\(def)"
    }
}

func renderTable(_ t: CoverageTable) -> String {
    var s = "# \(t.name)\n\n\(t.description)\n\n- EP: `\(t.ep)`" + (t.format.map { ", format \($0)" } ?? "") + "\n"
    s += "- Source: \(t.source)\n- ORT versions: \(t.ort)\n- Schema: \(t.schema)\n\n## General rules\n\n"
    let g = t.general
    s += "- Inputs need a known shape: \(g.requireShape ? "yes (EP103)" : "no")\n"
    s += "- Static shapes: \(g.staticShapes == .always ? "always required (EP104)" : "required only with RequireStaticInputShapes (EP104)")\n"
    s += "- 0-sized dims rejected: \(g.rejectZeroDims ? "yes, except ops marked allow_empty_inputs (EP105)" : "no")\n"
    if let r = g.maxRank { s += "- Maximum input rank: \(r) (EP106)\n" }
    for v in g.maxDim { s += "- Maximum dim on every input: \(v.value) for ORT \(v.ort) (EP112)\n" }
    for v in g.sinceMax { s += "- Maximum since-version: \(v.value) for ORT \(v.ort) (EP102)\n" }
    for v in g.defaultDTypes {
        s += "- Default input-0 types for ORT \(v.ort): \(v.value.types.map(\.name).joined(separator: ", "))"
        if !v.value.extraTypes.isEmpty {
            s += "; plus \(v.value.extraTypes.map(\.name).joined(separator: ", ")) for \(v.value.extraOps.joined(separator: ", "))"
        }
        s += " (EP107)\n"
    }
    s += "- Trivial-only groups dropped: \(g.dropTrivialGroups.map { "ORT \($0)" } ?? "never")\n"
    s += "- Subgraphs: \(g.subgraphs == .option ? "only with EnableOnSubgraphs" : "never") (EP119)\n"
    if !g.dropSingleNodeOps.isEmpty { s += "- Single-node groups dropped: \(g.dropSingleNodeOps.joined(separator: ", "))\n" }
    if g.dropConstantInputsOnly { s += "- Groups whose inputs are all constant initializers are dropped\n" }
    if !g.stopOps.isEmpty { s += "- Stop ops: \(g.stopOps.joined(separator: ", ")) (EP121)\n" }
    s += "\n## Ops\n\n| op | ORT | since | trivial | input types | conditions |\n|---|---|---|---|---|---|\n"
    for r in t.ops.sorted(by: { ($0.op, $0.line) < ($1.op, $1.line) }) {
        let since = r.onlyIn != nil ? "–" : "\(r.sinceMin)…" + (r.sinceMax.map(String.init) ?? "max")
        var types = "default"
        if let d = r.dtypes {
            types = d.isEmpty ? "checked by custom rule" : d.keys.sorted().map { i in
                "\(i): " + (d[i] ?? []).map(\.description).joined(separator: ", ")
            }.joined(separator: "; ")
        }
        var conds = r.conditions.map(renderCondition)
        if let other = r.onlyIn { conds = ["only in \(other) (EP101)"]; types = "–" }
        if r.allowEmptyInputs { conds.insert("0-sized dims allowed", at: 0) }
        if let n = r.notes { conds.append(n) }
        s += "| \(r.op) | \(r.ort) | \(since) | \(r.trivial ? "yes" : "") | \(escape(types)) | "
            + escape(conds.isEmpty ? "none" : conds.joined(separator: "<br>")) + " |\n"
    }
    return s
}
