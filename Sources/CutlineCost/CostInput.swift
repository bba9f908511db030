import CutlineIR

/// What the estimator needs: a graph with inferred types and, per node, the EP partition it runs in.
public struct CostInput: Sendable {
    public var graph: Graph
    /// Indexed by `NodeID.index`: the partition index, or nil for the CPU. Entries of removed nodes are ignored;
    /// missing trailing entries mean CPU.
    public var assignment: [Int?]
    /// IR version of the model, for ORT's constant-initializer rule (constant weights are embedded in the CoreML
    /// model and never cross a boundary).
    public var irVersion: Int64
    /// Assumptions made before estimating (e.g. `Specialization`'s input dims), listed with the estimate's own.
    public var assumptions: [String]

    public init(graph: Graph, assignment: [Int?], irVersion: Int64 = 10, assumptions: [String] = []) {
        self.graph = graph
        self.assignment = assignment
        self.irVersion = irVersion
        self.assumptions = assumptions
    }

    /// Every node on the CPU.
    public static func cpuOnly(_ graph: Graph, irVersion: Int64 = 10) -> CostInput {
        CostInput(graph: graph, assignment: Array(repeating: nil, count: graph.nodes.count), irVersion: irVersion)
    }

    public func partition(of node: NodeID) -> Int? {
        node.index < assignment.count ? assignment[node.index] : nil
    }

    /// Partition indices in use, sorted.
    public var partitions: [Int] {
        Array(Set(graph.liveNodeIDs.compactMap { partition(of: $0) })).sorted()
    }
}

/// Where a value is computed or consumed: the CPU, or one EP partition.
public enum Placement: Hashable, Sendable, Comparable, CustomStringConvertible {
    case cpu
    case partition(Int)

    public var description: String {
        switch self {
        case .cpu: "CPU"
        case .partition(let p): "partition \(p)"
        }
    }
}

/// A value copied or wrapped at a CPU/EP boundary, as ORT's fused CoreML kernel handles it.
public struct BoundaryTensor: Hashable, Sendable, Codable {
    public enum Direction: String, Hashable, Sendable, Codable {
        /// Enters a partition (ORT wraps float/float16/int32 zero-copy; converts int64 and bool).
        case input
        /// Leaves a partition (ORT always copies, widening int32 back to int64).
        case output
    }
    public var value: String
    public var partition: Int
    public var direction: Direction
    public var dataType: String
    /// Bytes of the tensor in ORT's layout.
    public var bytes: Int64
    /// Bytes actually copied for this crossing (0 for a zero-copy wrap).
    public var copiedBytes: Int64
    /// False when the value's shape was unknown and bytes were not counted.
    public var isSized: Bool
}

public enum Boundaries {
    /// Every boundary crossing of `input`'s assignment: a value read by a partition and defined outside it (a CPU
    /// node, another partition or a graph input; constant initializers excluded), and a value produced by a
    /// partition that is read outside it or is a graph output.
    public static func compute(_ input: CostInput, dims: inout FreeDims) -> [BoundaryTensor] {
        let g = input.graph
        var out: [BoundaryTensor] = []
        // One crossing per value, partition and direction. A graph's value names are unique, so the value ID stands
        // for the name: hashing names for every boundary read dominated this loop.
        struct Key: Hashable {
            var value: ValueID
            var partition: Int
            var direction: BoundaryTensor.Direction
        }
        var seen = Set<Key>()
        func add(_ v: ValueID, partition: Int, direction: BoundaryTensor.Direction) {
            guard seen.insert(Key(value: v, partition: partition, direction: direction)).inserted else { return }
            // Fields are read one by one: binding the whole value would retain every field.
            let name = g.values[v.index].name
            let type = g.values[v.index].type
            let desc = dims.describe(type)
            let dt = desc?.dataType ?? type?.elementType?.name ?? "unknown"
            let bytes = desc?.byteCount ?? 0
            out.append(BoundaryTensor(value: name, partition: partition, direction: direction, dataType: dt,
                                      bytes: bytes, copiedBytes: copied(dataType: dt, bytes: bytes, direction: direction),
                                      isSized: desc != nil))
        }
        // Constant initializers marked once from the initializer list (which names exactly the values holding one, as
        // the verifier checks) instead of testing every partition input, which copied its tensor out of the value.
        var constant = [Bool](repeating: false, count: g.values.count)
        for id in g.initializerOrder where g.isConstantInitializer(id, irVersion: input.irVersion) { constant[id.index] = true }
        for i in g.nodes.indices where !g.nodes[i].isRemoved {
            let id = NodeID(i)
            guard let p = input.partition(of: id) else { continue }
            for case let v? in g.nodes[id.index].inputs {
                if constant[v.index] { continue }
                if let producer = g.values[v.index].producer, input.partition(of: producer) == p { continue }
                add(v, partition: p, direction: .input)
            }
            for case let v? in g.nodes[id.index].outputs {
                let leaves = g.values[v.index].isGraphOutput
                    || g.values[v.index].uses.contains { input.partition(of: $0.node) != p }
                    || g.values[v.index].implicitUses.contains { input.partition(of: $0) != p }
                if leaves { add(v, partition: p, direction: .output) }
            }
        }
        return out.sorted { a, b in
            if a.partition != b.partition { return a.partition < b.partition }
            // Raw-value order ("input" before "output") without comparing the strings on every step.
            if a.direction != b.direction { return a.direction == .input }
            return a.value < b.value
        }
    }

    /// ORT's CoreML kernel: inputs of float, float16 and int32 are wrapped without a copy; int64 inputs are
    /// narrowed into an int32 buffer and bool widened into int32; outputs are always copied (int32 widened back to
    /// int64). A copy is counted by its larger side: the int64 bytes read, the int32 bytes written for bool, the
    /// ORT-layout bytes of an output.
    static func copied(dataType: String, bytes: Int64, direction: BoundaryTensor.Direction) -> Int64 {
        switch direction {
        case .input:
            switch dataType {
            case "int64": return bytes
            case "bool": return bytes.multipliedReportingOverflow(by: 4).overflow ? .max : bytes * 4
            default: return 0
            }
        case .output:
            return bytes
        }
    }
}
