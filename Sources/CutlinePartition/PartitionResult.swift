import CutlineIR

/// A tensor crossing a partition boundary. `bytes` is known only for fully static shapes of sized types.
public struct BoundaryTensor: Hashable, Sendable {
    public var value: ValueID
    public var name: String
    public var dataType: DataType?
    public var shape: Shape?
    public var bytes: Int64?

    public init(value: ValueID, name: String, dataType: DataType?, shape: Shape?, bytes: Int64?) {
        self.value = value
        self.name = name
        self.dataType = dataType
        self.shape = shape
        self.bytes = bytes
    }

    init(_ graph: Graph, _ id: ValueID) {
        // Fields are read one by one: binding the whole value would retain every field.
        let type = graph.values[id.index].type
        let dt = type?.elementType
        let shape = type?.shape
        var bytes: Int64?
        if let dt, let n = shape?.elementCount { bytes = dt.byteCount(elements: n) }
        self.init(value: id, name: graph.values[id.index].name, dataType: dt, shape: shape, bytes: bytes)
    }
}

/// One group of supported nodes that ORT fuses into a single EP node (one compiled model).
public struct Partition: Hashable, Sendable {
    /// Position among the kept partitions, 0-based, in ORT's order (increasing wave).
    public var index: Int
    /// The wave number shared by every node of the group (reference §5b).
    public var wave: Int
    /// Nodes in topological order.
    public var nodes: [NodeID]
    /// Op type → number of nodes.
    public var opTypes: [String: Int]
    /// Runtime inputs: explicit inputs not produced inside the group, then implicit subgraph inputs,
    /// first-appearance order, constant initializers removed.
    public var inputs: [BoundaryTensor]
    /// Values produced inside the group that are graph outputs or read by a node outside it.
    public var outputs: [BoundaryTensor]

    public var nodeCount: Int { nodes.count }
}

/// A supported group that the EP discards after closing it (its nodes fall back to the CPU).
public struct DroppedGroup: Hashable, Sendable {
    public enum Cause: String, Hashable, Sendable {
        /// Every node is a trivial op (CoreML, ORT ≥ 1.27).
        case trivialOnly
        /// A single Reshape/Flatten/Identity-like node (NNAPI).
        case singleNode
        /// Every input is a constant initializer (NNAPI).
        case constantInputsOnly
    }
    public var wave: Int
    public var nodes: [NodeID]
    public var cause: Cause
}

/// The outcome of partitioning one graph.
public struct PartitionResult: Hashable, Sendable {
    /// Live nodes of the graph (subgraph nodes not included), ORT's "number of nodes in the graph".
    public var nodeCount: Int
    /// Nodes the EP reported as supported before any group was dropped.
    public var supportedBeforeDrop: Int
    public var partitions: [Partition]
    public var dropped: [DroppedGroup]
    /// Wave number per node index (-1 for removed nodes).
    public var waves: [Int]
    /// True when the graph has a cycle; then no partition is formed.
    public var hasCycle: Bool

    /// Nodes assigned to the EP after dropping groups (ORT's "number of nodes supported").
    public var supportedNodeCount: Int { partitions.reduce(0) { $0 + $1.nodes.count } }
    public var partitionCount: Int { partitions.count }

    /// ORT's summary log line for this graph.
    public func logLine(epName: String, shortName: String) -> String {
        "\(epName)::GetCapability, number of partitions supported by \(shortName): \(partitionCount)"
            + " number of nodes in the graph: \(nodeCount) number of nodes supported by \(shortName): \(supportedNodeCount)"
    }
}

/// Which closed groups the EP throws away.
public struct GroupFilter: Hashable, Sendable {
    /// Drop groups whose nodes are all trivial (CoreML's minimum-partition rule).
    public var dropTrivialOnly: Bool
    /// Drop single-node groups of these op types (NNAPI: Reshape, Flatten, Identity… per its table).
    public var dropSingleNodeOps: Set<String>
    /// Drop groups whose inputs are all constant initializers (NNAPI).
    public var dropConstantInputsOnly: Bool

    public init(dropTrivialOnly: Bool = false, dropSingleNodeOps: Set<String> = [], dropConstantInputsOnly: Bool = false) {
        self.dropTrivialOnly = dropTrivialOnly
        self.dropSingleNodeOps = dropSingleNodeOps
        self.dropConstantInputsOnly = dropConstantInputsOnly
    }

    public static let none = GroupFilter()
}
