import CutlineIR

/// Constant-initializer lookup as ORT's `GetConstantInitializer(name, check_outer_scope=true)`: an initializer of
/// this graph, or of the nearest enclosing graph that defines the name, not overridable (IR ≥ 4: not in graph.input).
public struct ConstantScope: Sendable {
    public var graph: Graph
    /// Enclosing graphs, outermost first.
    public var ancestors: [Graph]
    public var irVersion: Int64

    public init(graph: Graph, ancestors: [Graph] = [], irVersion: Int64) {
        self.graph = graph
        self.ancestors = ancestors
        self.irVersion = irVersion
    }

    /// The constant tensor behind `id`, or nil when `id` is not a constant initializer.
    public func constant(_ id: ValueID) -> Tensor? {
        let v = graph[id]
        if let t = v.initializer { return (irVersion < 4 || !v.isGraphInput) ? t : nil }
        guard v.isOuterScope else { return nil }
        for g in ancestors.reversed() {
            guard let outer = g.value(named: v.name) else { continue }
            let ov = g[outer]
            if let t = ov.initializer { return (irVersion < 4 || !ov.isGraphInput) ? t : nil }
            if ov.isOuterScope { continue }
            return nil
        }
        return nil
    }

    public func isConstant(_ id: ValueID) -> Bool { constant(id) != nil }

    /// The type of `id`; for a value read from an enclosing graph without a local type, the defining graph's.
    public func type(_ id: ValueID) -> ValueType? {
        let v = graph[id]
        if let t = v.type { return t }
        if let t = v.initializer { return .tensor(t.dataType, t.shape) }
        guard v.isOuterScope else { return nil }
        for g in ancestors.reversed() {
            guard let outer = g.value(named: v.name) else { continue }
            let ov = g[outer]
            if let t = ov.type { return t }
            if let t = ov.initializer { return .tensor(t.dataType, t.shape) }
            if ov.isOuterScope { continue }
            return nil
        }
        return nil
    }

    /// ORT's weaker test (`GetAllInitializedTensors`): any initializer of this graph, overridable ones included.
    public func isLocalInitializer(_ id: ValueID) -> Bool { graph[id].initializer != nil }
}

/// What a check sees of one node.
/// Verdicts of the nodes evaluated so far, shared by reference: a dictionary copied into every context would make
/// evaluation quadratic in the node count.
final class VerdictMemo {
    private var verdicts: [Verdict?]
    init(count: Int) { verdicts = [Verdict?](repeating: nil, count: count) }
    subscript(id: NodeID) -> Verdict? {
        get { id.index < verdicts.count ? verdicts[id.index] : nil }
        set { if id.index < verdicts.count { verdicts[id.index] = newValue } }
    }
}

struct NodeContext {
    let graph: Graph
    let id: NodeID
    let node: Node
    let since: Int64?
    let options: CoverageOptions
    let table: CoverageTable
    let scope: ConstantScope
    let storage: ModelStorage?
    /// Verdicts of nodes evaluated earlier (topological order), for rules that look at producers.
    let earlier: VerdictMemo

    var isMLProgram: Bool { table.format == "MLProgram" }
    var name: String { graph.displayName(of: id) }

    func input(_ i: Int) -> ValueID? { node.input(i) }
    func isPresent(_ i: Int) -> Bool { node.input(i) != nil }
    /// Number of input slots, omitted optional ones included (ORT's `InputDefs().size()`).
    var inputSlots: Int { node.inputs.count }
    func valueName(_ i: Int) -> String { node.input(i).map { graph[$0].name } ?? "<absent>" }
    func shape(_ i: Int) -> Shape? { node.input(i).flatMap { shapeOf($0) } }
    func dtype(_ i: Int) -> DataType? { node.input(i).flatMap { scope.type($0)?.elementType } }
    func outputShape(_ i: Int) -> Shape? { node.output(i).flatMap { shapeOf($0) } }
    func outputDType(_ i: Int) -> DataType? { node.output(i).flatMap { graph[$0].type?.elementType } }

    func shapeOf(_ v: ValueID) -> Shape? {
        if let t = graph[v].initializer { return t.shape }
        if case .tensor(_, let s)? = scope.type(v) { return s }
        return nil
    }

    func constant(_ i: Int) -> Tensor? { node.input(i).flatMap { scope.constant($0) } }
    func int64s(_ i: Int) -> [Int64]? { constant(i).flatMap { try? TensorData.int64s(of: $0, storage: storage) } }
    func doubles(_ i: Int) -> [Double]? { constant(i).flatMap { try? TensorData.doubles(of: $0, storage: storage) } }

    func attrInt(_ name: String, _ def: Int64) -> Int64 { node.attribute(name)?.int ?? def }
    func attrInts(_ name: String) -> [Int64]? { node.attribute(name)?.ints }
    func attrString(_ name: String, _ def: String) -> String { node.attribute(name)?.string ?? def }
    func attrFloat(_ name: String, _ def: Float) -> Float { node.attribute(name)?.float ?? def }

    /// Output edges (consumer nodes, one per edge).
    var consumers: [NodeID] { graph.outputEdges(of: id) }
}
