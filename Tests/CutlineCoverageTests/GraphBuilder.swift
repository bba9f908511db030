import CutlineIR

/// Builds small graphs in code for coverage and partition tests.
struct GraphBuilder {
    var e = GraphEditor()
    var sinceVersions: [Int64?] = []

    var graph: Graph { e.graph }

    static func f(_ dims: Int64...) -> ValueType { .tensor(.float, Shape(static: dims)) }
    static func t(_ dt: DataType, _ dims: [Dim]?) -> ValueType { .tensor(dt, dims.map { Shape($0) }) }
    static func t(_ dt: DataType, _ dims: [Int64]) -> ValueType { .tensor(dt, Shape(static: dims)) }

    @discardableResult
    mutating func input(_ name: String, _ type: ValueType?) -> ValueID {
        let v = e.addValue(name: name, type: type)
        e.appendInput(ValueInfo(value: v, type: type))
        return v
    }

    mutating func output(_ v: ValueID) {
        e.appendOutput(ValueInfo(value: v, type: e.graph[v].type))
    }

    @discardableResult
    mutating func ints(_ name: String, _ values: [Int64], dims: [Int64]? = nil, type: DataType = .int64) -> ValueID {
        var bytes: [UInt8] = []
        for v in values {
            switch type {
            case .int32: withUnsafeBytes(of: Int32(v).littleEndian) { bytes += $0 }
            default: withUnsafeBytes(of: v.littleEndian) { bytes += $0 }
            }
        }
        let t = Tensor(name: name, dataType: type, dims: dims ?? [Int64(values.count)],
                       payload: .field(.rawData, .memory(bytes)))
        return e.addInitializer(t)
    }

    @discardableResult
    mutating func floats(_ name: String, _ values: [Float], dims: [Int64]? = nil) -> ValueID {
        var bytes: [UInt8] = []
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        let t = Tensor(name: name, dataType: .float, dims: dims ?? [Int64(values.count)],
                       payload: .field(.rawData, .memory(bytes)))
        return e.addInitializer(t)
    }

    /// A float initializer of the given shape filled with ones.
    @discardableResult
    mutating func weight(_ name: String, _ dims: [Int64], type: DataType = .float) -> ValueID {
        let n = Int(dims.reduce(1, *))
        let width = type.bitWidth.map { max(1, $0 / 8) } ?? 4
        let t = Tensor(name: name, dataType: type, dims: dims,
                       payload: .field(.rawData, .memory([UInt8](repeating: 0, count: n * width))))
        return e.addInitializer(t)
    }

    @discardableResult
    mutating func node(_ op: String, _ inputs: [ValueID?], _ outputs: [ValueType?], name: String? = nil,
                       attrs: [Attribute] = [], domain: String = "", since: Int64? = 13) -> [ValueID] {
        let n = e.graph.nodes.count
        let node = Node(name: name ?? "\(op)_\(n)", opType: op, domain: domain, attributes: attrs)
        let names: [String?] = outputs.indices.map { "\(name ?? "\(op)_\(n)")_out\($0)" }
        // Test graphs are built acyclic by construction; a failure here is a bug in the test itself.
        guard let id = try? e.addNode(node, inputs: inputs, outputNames: names, outputTypes: outputs) else { return [] }
        while sinceVersions.count <= id.index { sinceVersions.append(nil) }
        sinceVersions[id.index] = since
        return e.graph[id].outputs.compactMap { $0 }
    }

    /// One-output convenience.
    mutating func op(_ op: String, _ inputs: [ValueID?], _ out: ValueType?, name: String? = nil,
                     attrs: [Attribute] = [], domain: String = "", since: Int64? = 13) -> ValueID {
        let outs = node(op, inputs, [out], name: name, attrs: attrs, domain: domain, since: since)
        return outs.first ?? ValueID(0)
    }

    func id(_ name: String) -> NodeID? {
        graph.liveNodeIDs.first { graph[$0].name == name }
    }
}

extension Attribute {
    static func i(_ name: String, _ v: Int64) -> Attribute { Attribute(name: name, value: .int(v)) }
    static func f(_ name: String, _ v: Float) -> Attribute { Attribute(name: name, value: .float(v)) }
    static func s(_ name: String, _ v: String) -> Attribute { Attribute(name: name, value: .string(Array(v.utf8))) }
    static func ints(_ name: String, _ v: [Int64]) -> Attribute { Attribute(name: name, value: .ints(v)) }
    static func floats(_ name: String, _ v: [Float]) -> Attribute { Attribute(name: name, value: .floats(v)) }
}
