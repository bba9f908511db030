import CutlineIR
@testable import CutlineShapes

/// Builds small models in code for unit tests.
struct TestGraph {
    var e = GraphEditor()
    var opset: Int64

    init(opset: Int64 = 17) { self.opset = opset }

    mutating func input(_ name: String, _ t: DataType, _ dims: [Dim]?) -> ValueID {
        let v = e.addValue(name: name)
        e.appendInput(ValueInfo(value: v, type: .tensor(t, dims.map { Shape($0) })))
        return v
    }

    mutating func ints(_ name: String, _ values: [Int64], dims: [Int64]? = nil) -> ValueID {
        var bytes: [UInt8] = []
        for v in values { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
        return e.addInitializer(Tensor(name: name, dataType: .int64, dims: dims ?? [Int64(values.count)],
                                       payload: .field(.rawData, .memory(bytes))))
    }

    @discardableResult
    mutating func node(_ op: String, _ inputs: [ValueID?], _ out: String, outputs: Int = 1, domain: String = "",
                       _ attrs: [Attribute] = []) -> [ValueID] {
        let names = outputs == 1 ? [out] : (0..<outputs).map { "\(out)_\($0)" }
        let id = try? e.addNode(Node(name: out, opType: op, domain: domain, attributes: attrs), inputs: inputs,
                                outputNames: names)
        return id.map { e.graph[$0].outputs.compactMap { $0 } } ?? []
    }

    mutating func output(_ v: ValueID) { e.appendOutput(ValueInfo(value: v, type: nil)) }

    func model(extraImports: [OpsetImport] = []) -> Model {
        Model(opsetImports: [OpsetImport(domain: "", version: opset)] + extraImports, graph: e.graph)
    }
}

func dims(_ s: String) -> [Dim] {
    s.split(separator: ",").map { p in Int64(p).map { .value($0) } ?? (p == "?" ? .unknown : .param(String(p))) }
}

extension Model {
    func type(_ name: String) -> ValueType? { graph.value(named: name).flatMap { graph[$0].type } }
    func shape(_ name: String) -> [Dim]? { type(name)?.shape?.dims }
}
