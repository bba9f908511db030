import CutlineIR
import CutlineRewrite
import CutlineShapes
import Foundation

/// Builds small graphs in code for the pass tests.
struct TestGraph {
    var editor = GraphEditor()
    var opset: Int64 = 14
    var domains: [OpsetImport] = []

    @discardableResult
    mutating func input(_ name: String, _ type: DataType = .float, _ dims: [Dim]) -> ValueID {
        let v = editor.addValue(name: name, type: .tensor(type, Shape(dims)))
        editor.appendInput(ValueInfo(value: v, type: .tensor(type, Shape(dims))))
        return v
    }

    @discardableResult
    mutating func constant(_ name: String, _ lit: TensorLiteral) -> ValueID {
        guard let t = lit.tensor(named: name) else { return editor.addValue(name: name) }
        return editor.addInitializer(t)
    }

    mutating func scalar(_ name: String, _ v: Double, _ type: DataType = .float) -> ValueID {
        constant(name, TensorLiteral(dataType: type, dims: [], values: .doubles([v])))
    }

    /// A Constant node (exporters' other way of writing constants).
    mutating func constantNode(_ name: String, _ lit: TensorLiteral) -> ValueID {
        let t = lit.tensor(named: name)!
        let n = Node(name: name, opType: "Constant", attributes: [Attribute(name: "value", value: .tensor(t))])
        let id = try! editor.addNode(n, inputs: [], outputNames: [name + "_out"])
        return editor.graph[id].outputs[0]!
    }

    @discardableResult
    mutating func node(_ op: String, _ inputs: [ValueID?], domain: String = "", attributes: [Attribute] = [],
                       outputs: Int = 1, name: String? = nil) -> ValueID {
        let n = Node(name: name ?? "\(op)_\(editor.graph.nodes.count)", opType: op, domain: domain, attributes: attributes)
        let names = (0..<outputs).map { "\(name ?? op)_\(editor.graph.nodes.count)_out\($0)" }
        let id = try! editor.addNode(n, inputs: inputs, outputNames: names)
        return editor.graph[id].outputs[0]!
    }

    mutating func output(_ v: ValueID, _ type: ValueType? = nil) {
        editor.appendOutput(ValueInfo(value: v, type: type ?? editor.graph[v].type))
    }

    var model: Model {
        Model(irVersion: 8, opsetImports: [OpsetImport(domain: "", version: opset)] + domains, graph: editor.graph)
    }
}

extension Graph {
    /// Live op types, sorted, for compact assertions.
    var opTypes: [String] { liveNodeIDs.map { self[$0].opType }.sorted() }
    func count(_ op: String) -> Int { liveNodeIDs.filter { self[$0].opType == op }.count }
    func nodes(_ op: String) -> [Node] { liveNodeIDs.map { self[$0] }.filter { $0.opType == op } }
}

/// A tiny interpreter for the element-wise ops the GELU rewrites emit, so a test can compare the rewritten graph
/// with the formula it replaces. Scalars broadcast; everything else is element-wise on equal shapes.
enum TinyInterpreter {
    static func run(_ model: Model, inputs: [String: [Double]]) throws -> [String: [Double]] {
        let g = model.graph
        var env: [ValueID: [Double]] = [:]
        for id in g.inputs { env[id] = inputs[g[id].name] ?? [] }
        let lookup = ConstantLookup(storage: nil, irVersion: model.irVersion)
        func value(_ v: ValueID?) throws -> [Double] {
            guard let v else { throw IRError.invalid("omitted input") }
            if let x = env[v] { return x }
            if let lit = lookup.literal(v, in: g), let d = lit.doubles { return d }
            throw IRError.invalid("no value for \(g[v].name)")
        }
        func zip2(_ a: [Double], _ b: [Double], _ f: (Double, Double) -> Double) -> [Double] {
            if a.count == 1 { return b.map { f(a[0], $0) } }
            if b.count == 1 { return a.map { f($0, b[0]) } }
            return zip(a, b).map(f)
        }
        for id in g.topologicalOrder() ?? [] {
            let n = g[id]
            let ins = try n.inputs.map { try value($0) }
            let out: [Double]
            switch n.opType {
            case "Add": out = zip2(ins[0], ins[1], +)
            case "Sub": out = zip2(ins[0], ins[1], -)
            case "Mul": out = zip2(ins[0], ins[1], *)
            case "Div": out = zip2(ins[0], ins[1], /)
            case "Pow": out = zip2(ins[0], ins[1], pow)
            case "Tanh": out = ins[0].map(tanh)
            case "Erf": out = ins[0].map(erf)
            case "Sqrt": out = ins[0].map { $0.squareRoot() }
            case "Sigmoid": out = ins[0].map { 1 / (1 + exp(-$0)) }
            case "Constant": continue
            default: throw IRError.invalid("the test interpreter has no \(n.opType)")
            }
            if let o = n.output(0) { env[o] = out }
        }
        var result: [String: [Double]] = [:]
        for o in g.outputs { result[g[o].name] = env[o] }
        return result
    }
}

/// The exact GELU, for comparing rewrites against.
func geluErf(_ x: Double) -> Double { 0.5 * x * (1 + erf(x / 2.0.squareRoot())) }

/// Evenly spaced test points over the range where GELU's two forms differ most.
let geluPoints: [Double] = stride(from: -6.0, through: 6.0, by: 0.05).map { $0 }
