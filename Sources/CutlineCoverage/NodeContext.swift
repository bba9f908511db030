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
    // Values are read field by field through `graph.values`, here and below: binding a value would copy all of it, use
    // lists included, and `graph[id]` (a coroutine not inlined across modules) copies it too, on a path taken for every
    // input of every node.
    public func constant(_ id: ValueID) -> Tensor? {
        if let t = graph.values[id.index].initializer { return (irVersion < 4 || !graph.values[id.index].isGraphInput) ? t : nil }
        guard graph.values[id.index].isOuterScope else { return nil }
        for g in ancestors.reversed() {
            guard let outer = g.value(named: graph.values[id.index].name) else { continue }
            if let t = g.values[outer.index].initializer { return (irVersion < 4 || !g.values[outer.index].isGraphInput) ? t : nil }
            if g.values[outer.index].isOuterScope { continue }
            return nil
        }
        return nil
    }

    /// `constant(id) != nil` without copying the tensor out.
    public func isConstant(_ id: ValueID) -> Bool {
        if graph.values[id.index].initializer != nil { return irVersion < 4 || !graph.values[id.index].isGraphInput }
        guard graph.values[id.index].isOuterScope else { return false }
        return constant(id) != nil
    }

    /// The type of `id`; for a value read from an enclosing graph without a local type, the defining graph's.
    public func type(_ id: ValueID) -> ValueType? {
        if let t = graph.values[id.index].type { return t }
        if let t = graph.values[id.index].initializer { return .tensor(t.dataType, t.shape) }
        guard graph.values[id.index].isOuterScope else { return nil }
        for g in ancestors.reversed() {
            guard let outer = g.value(named: graph.values[id.index].name) else { continue }
            if let t = g.values[outer.index].type { return t }
            if let t = g.values[outer.index].initializer { return .tensor(t.dataType, t.shape) }
            if g.values[outer.index].isOuterScope { continue }
            return nil
        }
        return nil
    }

    /// ORT's weaker test (`GetAllInitializedTensors`): any initializer of this graph, overridable ones included.
    public func isLocalInitializer(_ id: ValueID) -> Bool { graph.values[id.index].initializer != nil }
}

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

/// What one `evaluate` call shares between its nodes, held once by reference: a context copying the graph, the
/// table and the scope for every node cost dozens of reference-count operations per node. Also holds what depends
/// only on the table and options, worked out once instead of per node.
final class EvaluationEnv {
    let graph: Graph
    let options: CoverageOptions
    let table: CoverageTable
    let scope: ConstantScope
    let storage: ModelStorage?
    let earlier: VerdictMemo
    let requireShape: Bool
    let staticRequired: Bool
    let rejectZeroDims: Bool
    let maxRank: Int?
    let maxDim: Int64?
    let sinceMax: Int64
    /// The default input-0 dtype specs, and the same with the extra types for `extraOps`.
    let defaultSpecs: [DTypeSpec]?
    let extendedSpecs: [DTypeSpec]?
    let extraOps: Set<String>
    /// Op type → index of its row in force in `table.ops`, filled on first use (nil entry = no row).
    private var rowIndex: [String: Int?] = [:]

    init(graph: Graph, options: CoverageOptions, table: CoverageTable, scope: ConstantScope, storage: ModelStorage?) {
        self.graph = graph
        self.options = options
        self.table = table
        self.scope = scope
        self.storage = storage
        earlier = VerdictMemo(count: graph.nodes.count)
        let g = table.general
        requireShape = g.requireShape
        staticRequired = g.staticShapes == .always || options.requireStaticInputShapes
        rejectZeroDims = g.rejectZeroDims
        maxRank = g.maxRank
        maxDim = table.maxDim(ortVersion: options.ortVersion)
        sinceMax = table.sinceMax(ortVersion: options.ortVersion)
        if let d = table.defaultDTypes(ortVersion: options.ortVersion) {
            defaultSpecs = d.types.map { DTypeSpec($0) }
            extendedSpecs = (d.types + d.extraTypes).map { DTypeSpec($0) }
            extraOps = Set(d.extraOps)
        } else {
            defaultSpecs = nil
            extendedSpecs = nil
            extraOps = []
        }
    }

    /// `table.rule(for: op, ortVersion:)`, as an index into `table.ops`.
    func rowIndex(for op: String) -> Int? {
        if let known = rowIndex[op] { return known }
        let i = table.ops.firstIndex { $0.op == op && $0.ort.contains(options.ortVersion) }
        rowIndex[op] = .some(i)
        return i
    }
}

/// What a check sees of one node.
struct NodeContext {
    let env: EvaluationEnv
    let id: NodeID
    let since: Int64?
    /// Copied once: checks read the node many times, and each read through `env.graph` copied it again.
    let node: Node

    init(env: EvaluationEnv, id: NodeID, since: Int64?) {
        self.env = env
        self.id = id
        self.since = since
        node = env.graph.nodes[id.index]
    }

    var graph: Graph { _read { yield env.graph } }
    var options: CoverageOptions { _read { yield env.options } }
    var table: CoverageTable { _read { yield env.table } }
    var scope: ConstantScope { _read { yield env.scope } }
    var storage: ModelStorage? { env.storage }
    /// Verdicts of nodes evaluated earlier (topological order), for rules that look at producers.
    var earlier: VerdictMemo { env.earlier }

    var isMLProgram: Bool { table.format == "MLProgram" }
    var name: String { graph.displayName(of: id) }

    func input(_ i: Int) -> ValueID? { node.input(i) }
    func isPresent(_ i: Int) -> Bool { node.input(i) != nil }
    /// Number of input slots, omitted optional ones included (ORT's `InputDefs().size()`).
    var inputSlots: Int { node.inputs.count }
    func valueName(_ i: Int) -> String { node.input(i).map { graph.values[$0.index].name } ?? "<absent>" }
    func shape(_ i: Int) -> Shape? { node.input(i).flatMap { shapeOf($0) } }
    func dtype(_ i: Int) -> DataType? { node.input(i).flatMap { scope.type($0)?.elementType } }
    func outputShape(_ i: Int) -> Shape? { node.output(i).flatMap { shapeOf($0) } }
    func outputDType(_ i: Int) -> DataType? { node.output(i).flatMap { graph.values[$0.index].type?.elementType } }

    func shapeOf(_ v: ValueID) -> Shape? {
        if let t = graph.values[v.index].initializer { return t.shape }
        if case .tensor(_, let s)? = graph.values[v.index].type { return s }
        if graph.values[v.index].type != nil { return nil }
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
