import CutlineIR
@testable import CutlineOptimizer

/// Builds small graphs in code for rule tests.
struct TestGraph {
    var e = GraphEditor()
    var opset: Int64 = 17
    private var counter = 0

    init(opset: Int64 = 17) { self.opset = opset }

    mutating func input(_ name: String, dims: [Dim], _ dt: DataType = .float) -> ValueID {
        let v = e.addValue(name: name)
        e.appendInput(ValueInfo(value: v, type: .tensor(dt, Shape(dims))))
        return v
    }

    mutating func input(_ name: String, _ dims: [Int64], _ dt: DataType = .float) -> ValueID {
        input(name, dims: dims.map { Dim.value($0) }, dt)
    }

    mutating func floats(_ name: String, _ dims: [Int64], _ values: [Double]) -> ValueID {
        e.addInitializer(TensorValue(dataType: .float, dims: dims, reals: values).tensor(named: name))
    }

    mutating func ints(_ name: String, _ dims: [Int64], _ values: [Int64]) -> ValueID {
        e.addInitializer(TensorValue(dataType: .int64, dims: dims, ints: values).tensor(named: name))
    }

    @discardableResult
    mutating func node(_ op: String, _ inputs: [ValueID?], outputs: Int = 1, _ attrs: [Attribute] = [],
                       domain: String = "") -> [ValueID] {
        counter += 1
        let names = (0..<outputs).map { "\(op.lowercased())\(counter)_\($0)" }
        let id = try! e.addNode(Node(name: "\(op)_\(counter)", opType: op, domain: domain, attributes: attrs),
                                inputs: inputs, outputNames: names)
        return e.graph[id].outputs.compactMap { $0 }
    }

    mutating func output(_ v: ValueID, type: ValueType? = nil) {
        e.appendOutput(ValueInfo(value: v, type: type))
    }

    var model: Model { Model(irVersion: 8, opsetImports: [OpsetImport(domain: "", version: opset)], graph: e.graph) }

    /// Runs the basic-level simulation; returns the op histogram ("Op" → count) of the result.
    func optimized(_ options: OptimizerOptions = OptimizerOptions()) throws -> (Model, [String: Int], OptimizationLog) {
        var m = model
        let log = try GraphOptimizer.optimize(&m, options: options)
        try Verifier.verify(m.graph)
        var h: [String: Int] = [:]
        for id in m.graph.liveNodeIDs { h[m.graph[id].opType, default: 0] += 1 }
        return (m, h, log)
    }
}

func attr(_ name: String, _ i: Int64) -> Attribute { Attribute(name: name, value: .int(i)) }
func attr(_ name: String, _ f: Float) -> Attribute { Attribute(name: name, value: .float(f)) }
func attr(_ name: String, ints: [Int64]) -> Attribute { Attribute(name: name, value: .ints(ints)) }
