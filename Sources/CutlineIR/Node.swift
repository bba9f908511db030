/// An operator application. Inputs and outputs are value IDs of the graph that owns the node; an omitted
/// optional input or output (empty name in ONNX) is nil.
public struct Node: Hashable, Sendable {
    public var name: String
    public var opType: String
    /// "" is the default ONNX domain (ai.onnx).
    public var domain: String
    public var overload: String
    public internal(set) var inputs: [ValueID?]
    public internal(set) var outputs: [ValueID?]
    public internal(set) var attributes: [Attribute]
    public var docString: String
    /// Unmodelled fields (metadata_props, device_configurations, unknown), written back verbatim.
    public var extraFields: WireBytes
    public internal(set) var isRemoved: Bool

    public init(name: String, opType: String, domain: String = "", overload: String = "",
                attributes: [Attribute] = [], docString: String = "", extraFields: WireBytes = .empty) {
        self.name = name
        self.opType = opType
        self.domain = domain
        self.overload = overload
        self.inputs = []
        self.outputs = []
        self.attributes = attributes
        self.docString = docString
        self.extraFields = extraFields
        self.isRemoved = false
    }

    @inlinable public func attribute(_ name: String) -> Attribute? { attributes.first { $0.name == name } }

    /// The input at `index`, nil when absent or omitted.
    @inlinable public func input(_ index: Int) -> ValueID? { index < inputs.count ? inputs[index] : nil }
    @inlinable public func output(_ index: Int) -> ValueID? { index < outputs.count ? outputs[index] : nil }

    /// `domain:opType` with the default domain spelled `ai.onnx`.
    public var qualifiedOpType: String { "\(domain.isEmpty || domain == "ai.onnx" ? "ai.onnx" : domain):\(opType)" }
    @inlinable public var isDefaultDomain: Bool { domain.isEmpty || domain == "ai.onnx" }

    /// The subgraphs held in this node's attributes, in attribute order.
    public var subgraphs: [(attribute: String, index: Int, graph: Graph)] {
        var out: [(String, Int, Graph)] = []
        for a in attributes {
            switch a.value {
            case .graph(let g): out.append((a.name, 0, g))
            case .graphs(let gs): for (i, g) in gs.enumerated() { out.append((a.name, i, g)) }
            default: break
            }
        }
        return out
    }
    @inlinable public var hasSubgraphs: Bool {
        attributes.contains { if case .graph = $0.value { true } else if case .graphs = $0.value { true } else { false } }
    }
}
