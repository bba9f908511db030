/// A named value of a graph: a graph input, an initializer, a node output, or a name from an enclosing graph.
public struct Value: Hashable, Sendable {
    public internal(set) var name: String
    /// Current knowledge of the type: declared in the file, or inferred.
    public var type: ValueType?
    public internal(set) var producer: NodeID?
    /// Explicit uses (node input slots), kept sorted by the editor.
    public internal(set) var uses: [Use]
    /// Nodes whose subgraphs read this value from the enclosing scope.
    public internal(set) var implicitUses: [NodeID]
    public internal(set) var initializer: Tensor?
    public internal(set) var sparseInitializer: SparseTensor?
    public internal(set) var isGraphInput: Bool
    public internal(set) var isGraphOutput: Bool
    /// Defined by an enclosing graph (only in subgraphs and function bodies).
    public internal(set) var isOuterScope: Bool
    public internal(set) var isRemoved: Bool

    init(name: String, type: ValueType? = nil) {
        self.name = name
        self.type = type
        self.producer = nil
        self.uses = []
        self.implicitUses = []
        self.initializer = nil
        self.sparseInitializer = nil
        self.isGraphInput = false
        self.isGraphOutput = false
        self.isOuterScope = false
        self.isRemoved = false
    }

    // Pattern matches rather than `!= nil`, which can copy the whole tensor out of an array element first.
    @inlinable public var hasDenseInitializer: Bool { if case .some = initializer { true } else { false } }
    @inlinable public var isInitializer: Bool {
        if case .some = initializer { return true }
        if case .some = sparseInitializer { return true }
        return false
    }
    @inlinable public var hasUses: Bool { !uses.isEmpty || !implicitUses.isEmpty }
    /// Has a definition in this graph: a producer, an input, an initializer, or the outer scope.
    @inlinable public var isDefined: Bool { producer != nil || isGraphInput || isInitializer || isOuterScope }
}

/// A `ValueInfoProto` entry as listed in graph.input, graph.output or graph.value_info.
public struct ValueInfo: Hashable, Sendable {
    public var value: ValueID
    /// The declared type as read (nil when the entry has no type).
    public var type: ValueType?
    /// The TypeProto exactly as read; the writer uses it while `type` is unchanged (keeps denotations etc.).
    public var typeBytes: WireBytes?
    public var docString: String
    public var extraFields: WireBytes

    public init(value: ValueID, type: ValueType?, typeBytes: WireBytes? = nil, docString: String = "",
                extraFields: WireBytes = .empty) {
        self.value = value
        self.type = type
        self.typeBytes = typeBytes
        self.docString = docString
        self.extraFields = extraFields
    }
}
