import CutlineIR
import CutlineShapes

/// Simulates what an ONNX Runtime session does to a model before any execution provider sees it
/// (`InferenceSession::TransformGraph` up to partitioning), following ORT 1.31.1's sources, with what changed between 1.19 and 1.32 gated on
/// `OptimizerOptions.behaviour`. See docs/OPTIMIZER.md and docs/ORT-VERSIONS.md.
public enum GraphOptimizer {
    /// Rewrites `model` into the graph ORT hands to the EPs and returns what each pass did.
    /// When it throws, `model` is left as far as the optimization got.
    public static func optimize(_ model: inout Model, options: OptimizerOptions = OptimizerOptions()) throws -> OptimizationLog {
        var run = Run(model: model, options: options)
        // The run holds the only reference to the graph, so its first edit does not copy the node and value arrays.
        model.graph = Graph()
        defer { model = run.model }
        try run.execute()
        return run.log
    }
}

/// One optimization run: the model, the log, and the pass sequence.
struct Run {
    var model: Model
    let options: OptimizerOptions
    var log = OptimizationLog()
    var step = 0
    /// The declared types as they were when the graph's types were last brought up to date (nil before the first
    /// inference), and the edits made since: a refresh re-infers only what those reach.
    var typed: DeclaredInfos?
    var pendingEdits = EditLog()
    var typedImports: [OpsetImport] = []
    /// The main graph's topological order, kept from pass to pass while no pass changes an edge (nil = unknown).
    var knownOrder: [NodeID]?
    /// The main graph's live node names as the last pass's editor left them (nil = unknown), so the next editor
    /// does not build the set again; only kept when `OptEditor.exactNodeNames` vouches for it.
    var nodeNames: Set<String>?
    /// Op types of the main graph and its subgraphs (nil = to be counted again after a change), so passes that
    /// match nothing without a certain op are not run over the whole graph.
    var presentOps: Set<String>?
    /// Off: every refresh re-infers the whole graph and every transformer runs (the reference the tests compare
    /// the fast paths with).
    let fastPaths: Bool

    init(model: Model, options: OptimizerOptions, fastPaths: Bool = true) {
        self.model = model
        self.options = options
        self.fastPaths = fastPaths
    }

    var opsets: [String: Int64] {
        var out: [String: Int64] = [:]
        for o in model.opsetImports { out[o.domain == "ai.onnx" ? "" : o.domain] = o.version }
        return out
    }

    /// Shape inference the way ORT's Graph::Resolve runs it: ONNX rules plus ORT's contrib ops, reading constant
    /// initializers, no value propagation through shape computations (see ResolveInference for ORT's quirks).
    static let inferenceOptions = ShapeInferenceOptions(dataPropagation: false, evaluateConstants: false,
                                                        reportUnknowns: false)

    mutating func execute() throws {
        log.nodesBefore = model.graph.liveNodeCount
        ResolveInference.resetToDeclaredTypes(&model.graph)
        typed = nil
        apply(ConstantNodes.passName) { og in ConstantNodes.run(&og) }
        if options.inlineLocalFunctions { try FunctionInlining.run(&model, log: &log) }
        knownOrder = nil
        nodeNames = nil
        // Inlining edits the model outside an OptGraph, so nothing noted what it touched: infer everything again.
        if !model.functions.isEmpty { typed = nil }
        presentOps = nil
        refreshTypes()
        if options.level == .basic {
            if !options.freeDimensions.isEmpty {
                apply(FreeDimensionOverride.passName) { [options] og in FreeDimensionOverride.run(&og, options.freeDimensions) }
            }
            runLevel1()
        }
        if options.expandFunctionsWithoutCPUKernel {
            // The partitioner repeats inlining until nothing changes; the bodies above contain no expandable op.
            apply(SchemaFunctionExpansion.passName) { og in SchemaFunctionExpansion.expandAll(&og) }
        }
        log.nodesAfter = model.graph.liveNodeCount
    }

    mutating func refreshTypes() {
        let dirty = fastPaths && model.opsetImports == typedImports
            ? typed.map { pendingEdits.dirtyNodes(in: model.graph, declared: $0) } : nil
        pendingEdits = EditLog()
        ResolveInference.refresh(&model, dirty: dirty, options: Run.inferenceOptions, order: knownOrder)
        typed = DeclaredInfos(model.graph)
        typedImports = model.opsetImports
    }

    /// Whether the graph (or a subgraph) has a node of op type `op`.
    mutating func has(_ op: String) -> Bool {
        guard fastPaths else { return true }
        if let presentOps { return presentOps.contains(op) }
        var ops = Set<String>()
        Run.collectOps(model.graph, into: &ops)
        presentOps = ops
        return ops.contains(op)
    }

    static func collectOps(_ graph: Graph, into ops: inout Set<String>) {
        // Stored fields only: calling a member of Node (another module) copies the node.
        for i in graph.nodes.indices where !graph.nodes[i].isRemoved {
            ops.insert(graph.nodes[i].opType)
            if graph.nodes[i].hasSubgraphs {
                for (_, _, g) in graph[NodeID(i)].subgraphs { collectOps(g, into: &ops) }
            }
        }
    }

    /// Moves the main graph into an OptGraph, so the pass edits the only copy in place.
    mutating func optGraph() -> OptGraph {
        // Moved out, so the editor holds the only reference to the set and its first insert does not copy it.
        var names: Set<String>?
        swap(&names, &nodeNames)
        let editor = GraphEditor(model.graph, nodeNames: names)
        model.graph = Graph()
        var og = OptGraph(editor: editor, irVersion: model.irVersion, opsets: opsets, storage: model.storage,
                          options: options)
        og.editor = OptEditor(og.editor.takeBase(), order: knownOrder)
        return og
    }

    /// Takes the graph back from `og`, keeping its edits for the next refresh.
    mutating func finish(_ og: inout OptGraph) {
        pendingEdits.merge(og.editor.takeEdits())
        knownOrder = og.editor.knownOrder
        nodeNames = og.editor.exactNodeNames()
        model.graph = og.editor.takeBase().graph
    }

    /// Runs one transformer over the main graph, logging it and re-inferring types when it changed something.
    /// `anchor`: an op type the transformer cannot match without (it is skipped when the graph has none).
    @discardableResult
    mutating func apply(_ name: String, anchor: String? = nil, _ body: (inout OptGraph) -> Bool) -> Bool {
        if let anchor, !has(anchor) { return false }
        var og = optGraph()
        let changed = body(&og)
        let changes = og.takeLog()
        log.record(name, step: step, removed: changes.removed, added: changes.added)
        finish(&og)
        if changed {
            presentOps = nil
            refreshTypes()
        }
        return changed
    }

    /// ORT's transformer manager for Level 1: every transformer in order, repeated until a step changes nothing
    /// or the step limit is reached.
    mutating func runLevel1() {
        let rules = RuleBasedTransformer.level1Rules(options)
        let behaviour = options.behaviour
        let ruleTargets = Set(rules.flatMap(\.targets))
        for s in 1...max(1, options.maxSteps) {
            step = s
            log.steps = s
            var changed = false
            var ruleLog: [(String, [String], [String])] = []
            if ruleTargets.contains(where: { has($0) }) {
                var og = optGraph()
                let ruleChanged = RuleBasedTransformer.run(&og, rules: rules) { name, removed, added in
                    ruleLog.append((name, removed, added))
                }
                for (name, r, a) in ruleLog { log.record(name, step: s, removed: r, added: a) }
                finish(&og)
                if ruleChanged {
                    presentOps = nil
                    refreshTypes()
                    changed = true
                }
            }

            // ConstantSharing declares ShouldOnlyApplyOnce: the manager runs it in the first step only, so
            // initializers created later (folded values, fusion shapes) are never shared.
            if s == 1, apply(ConstantSharing.passName, { ConstantSharing.run(&$0) }) { changed = true }
            if apply(CommonSubexpressionElimination.passName, { CommonSubexpressionElimination.run(&$0) }) { changed = true }
            if foldConstants() { changed = true }
            if apply(MatMulAddFusion.passName, anchor: "MatMul", { MatMulAddFusion.run(&$0) }) { changed = true }
            if apply(ReshapeFusion.passName, anchor: "Reshape", { ReshapeFusion.run(&$0) }) { changed = true }
            if !options.freeDimensions.isEmpty {
                let dims = options.freeDimensions
                if apply(FreeDimensionOverride.passName, { FreeDimensionOverride.run(&$0, dims) }) { changed = true }
            }
            if behaviour.spaceToDepthFusion,
               apply(SliceConcatToSpaceToDepthFusion.passName, anchor: "Concat", { SliceConcatToSpaceToDepthFusion.run(&$0) }) {
                changed = true
            }
            if behaviour.onnxDomainGeluLayerNormFusion {
                if apply(GeluFusion.passName, anchor: "Erf", { GeluFusion.run(&$0) }) { changed = true }
                if apply(LayerNormFusion.passName, anchor: "ReduceMean", { LayerNormFusion.run(&$0) }) { changed = true }
            }
            if applyTransposeOptimizer() { changed = true }
            if !changed { break }
        }
    }

    /// ConstantFolding, which has types refreshed after every fold (as ORT re-infers the nodes after a folded one);
    /// each refresh starts from the graph the previous one left.
    mutating func foldConstants() -> Bool {
        var og = optGraph()
        var declared = fastPaths ? typed : nil
        var carried = pendingEdits
        pendingEdits = EditLog()
        let inference = Run.inferenceOptions
        let changed = ConstantFolding.run(&og) { g in
            guard !g.isSubgraph else { return }
            carried.merge(g.editor.takeEdits())
            // Re-inference sets types only; the edges, and so the order, stay as they are.
            let order = g.editor.knownOrder
            var m = Model(irVersion: g.irVersion, opsetImports: [], graph: g.editor.takeBase().graph, storage: g.storage)
            m.opsetImports = g.opsets.map { OpsetImport(domain: $0.key, version: $0.value) }
            let dirty = declared.map { carried.dirtyNodes(in: m.graph, declared: $0) }
            carried = EditLog()
            ResolveInference.refresh(&m, dirty: dirty, options: inference, order: order)
            if declared != nil { declared = DeclaredInfos(m.graph) }
            g.editor = OptEditor(GraphEditor(m.graph), order: order)
        }
        let changes = og.takeLog()
        log.record(ConstantFolding.passName, step: step, removed: changes.removed, added: changes.added)
        pendingEdits = carried
        finish(&og)
        typed = declared
        if changed {
            presentOps = nil
            refreshTypes()
        }
        return changed
    }
}
