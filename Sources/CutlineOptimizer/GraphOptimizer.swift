import CutlineIR
import CutlineShapes

/// Simulates what an ONNX Runtime session does to a model before any execution provider sees it
/// (`InferenceSession::TransformGraph` up to partitioning), following ORT 1.31.1. See docs/OPTIMIZER.md.
public enum GraphOptimizer {
    /// Rewrites `model` into the graph ORT hands to the EPs and returns what each pass did.
    public static func optimize(_ model: inout Model, options: OptimizerOptions = OptimizerOptions()) throws -> OptimizationLog {
        var run = Run(model: model, options: options)
        try run.execute()
        model = run.model
        return run.log
    }
}

/// One optimization run: the model, the log, and the pass sequence.
struct Run {
    var model: Model
    let options: OptimizerOptions
    var log = OptimizationLog()
    var step = 0

    init(model: Model, options: OptimizerOptions) {
        self.model = model
        self.options = options
    }

    var opsets: [String: Int64] {
        var out: [String: Int64] = [:]
        for o in model.opsetImports { out[o.domain == "ai.onnx" ? "" : o.domain] = o.version }
        return out
    }

    /// Shape inference the way ORT's Graph::Resolve runs it: ONNX rules plus ORT's contrib ops, reading constant
    /// initializers, no value propagation through shape computations (see ResolveInference for ORT's quirks).
    static let inferenceOptions = ShapeInferenceOptions(dataPropagation: false, evaluateConstants: false)

    mutating func execute() throws {
        log.nodesBefore = model.graph.liveNodeCount
        ResolveInference.resetToDeclaredTypes(&model.graph)
        apply(ConstantNodes.passName) { og in ConstantNodes.run(&og) }
        try FunctionInlining.run(&model, log: &log)
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
        ResolveInference.infer(&model, options: Run.inferenceOptions)
    }

    func optGraph() -> OptGraph {
        OptGraph(editor: GraphEditor(model.graph), irVersion: model.irVersion, opsets: opsets, storage: model.storage,
                 options: options)
    }

    /// Runs one transformer over the main graph, logging it and re-inferring types when it changed something.
    @discardableResult
    mutating func apply(_ name: String, _ body: (inout OptGraph) -> Bool) -> Bool {
        var og = optGraph()
        let changed = body(&og)
        let changes = og.takeLog()
        log.record(name, step: step, removed: changes.removed, added: changes.added)
        model.graph = og.editor.graph
        if changed { refreshTypes() }
        return changed
    }

    /// ORT's transformer manager for Level 1: every transformer in order, repeated until a step changes nothing
    /// or the step limit is reached.
    mutating func runLevel1() {
        let rules = RuleBasedTransformer.level1Rules(options)
        for s in 1...max(1, options.maxSteps) {
            step = s
            log.steps = s
            var changed = false
            var ruleLog: [(String, [String], [String])] = []
            var og = optGraph()
            let ruleChanged = RuleBasedTransformer.run(&og, rules: rules) { name, removed, added in
                ruleLog.append((name, removed, added))
            }
            for (name, r, a) in ruleLog { log.record(name, step: s, removed: r, added: a) }
            model.graph = og.editor.graph
            if ruleChanged { refreshTypes(); changed = true }

            // ConstantSharing declares ShouldOnlyApplyOnce: the manager runs it in the first step only, so
            // initializers created later (folded values, fusion shapes) are never shared.
            if s == 1, apply(ConstantSharing.passName, { ConstantSharing.run(&$0) }) { changed = true }
            if apply(CommonSubexpressionElimination.passName, { CommonSubexpressionElimination.run(&$0) }) { changed = true }
            let inference = Run.inferenceOptions
            let fold = apply(ConstantFolding.passName) { og in
                ConstantFolding.run(&og) { g in
                    guard !g.isSubgraph else { return }
                    var m = Model(irVersion: g.irVersion, opsetImports: [], graph: g.editor.graph, storage: g.storage)
                    m.opsetImports = g.opsets.map { OpsetImport(domain: $0.key, version: $0.value) }
                    ResolveInference.infer(&m, options: inference)
                    g.editor = GraphEditor(m.graph)
                }
            }
            if fold { changed = true }
            if apply(MatMulAddFusion.passName, { MatMulAddFusion.run(&$0) }) { changed = true }
            if apply(ReshapeFusion.passName, { ReshapeFusion.run(&$0) }) { changed = true }
            if !options.freeDimensions.isEmpty {
                let dims = options.freeDimensions
                if apply(FreeDimensionOverride.passName, { FreeDimensionOverride.run(&$0, dims) }) { changed = true }
            }
            if apply(SliceConcatToSpaceToDepthFusion.passName, { SliceConcatToSpaceToDepthFusion.run(&$0) }) { changed = true }
            if apply(GeluFusion.passName, { GeluFusion.run(&$0) }) { changed = true }
            if apply(LayerNormFusion.passName, { LayerNormFusion.run(&$0) }) { changed = true }
            if !changed { break }
        }
    }
}
