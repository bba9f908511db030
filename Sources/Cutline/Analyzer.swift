import CutlineCost
import CutlineCoverage
import CutlineIR
import CutlineOptimizer
import CutlinePartition
import CutlineReport
import CutlineShapes

/// A model made ready for analysis: the graph the EP sees, with inferred types and resolved since-versions.
public struct PreparedModel: Sendable {
    public var path: String
    public var model: Model
    /// The same graph with symbolic input dims fixed (`--free-dim` or the documented defaults) and types
    /// re-inferred: what the cost estimate sizes tensors with. Node IDs match `model`.
    public var specialized: Model
    public var specializationAssumptions: [String]
    public var nodesAsWritten: Int
    public var optimizationLog: OptimizationLog?
    public var shapeReport: ShapeInferenceReport
    public var sinceVersions: [Int64?]
    /// `model.graph.topologicalOrder()` (nil when the graph has a cycle), computed once for every stage and EP.
    public var order: [NodeID]?
    /// The cost model's per-node work on `specialized`, the same for every EP: computed once by `analyze(path:…)`
    /// and shared by the EPs' estimates (nil: each estimate computes it).
    public var costWork: GraphWork?
    /// The graph ORT's ahead-of-time inlining shows the EPs, for a model whose main graph calls local functions.
    public var aheadOfTime: Model?
    /// Main-graph nodes ORT inlines when no EP takes them (function ops without a CPU kernel), and recurrent nodes
    /// (whose CPU kernels can refuse a session), found once for every EP.
    public var inlinableNodes: [NodeID] = []
    public var recurrentNodes: [NodeID] = []
}

/// One EP's analysis, with the graph-level values the reporters do not see (kept for rewrites and costs).
public struct EPAnalysis: Sendable {
    public var ep: String
    public var table: CoverageTable
    public var verdicts: [Verdict]
    public var partitions: PartitionResult
    public var cutMakers: [CutMaker]
    public var report: AnalysisReport.Analysis
}

/// load → optimize (what ORT does before partitioning) → infer types → evaluate coverage → partition → report.
public enum Analyzer {
    public static func prepare(path: String, options: AnalyzeOptions, timings: inout StageTimings) throws(CutlineError) -> PreparedModel {
        var model = try timings.measure("load") { () throws(CutlineError) in try ModelSource.load(path) }
        return try prepare(model: &model, path: path, options: options, timings: &timings)
    }

    public static func prepare(path: String, options: AnalyzeOptions) throws(CutlineError) -> PreparedModel {
        var t = StageTimings()
        return try prepare(path: path, options: options, timings: &t)
    }

    public static func prepare(model: inout Model, path: String, options: AnalyzeOptions) throws(CutlineError) -> PreparedModel {
        var t = StageTimings()
        return try prepare(model: &model, path: path, options: options, timings: &t)
    }

    public static func prepare(model: inout Model, path: String, options: AnalyzeOptions,
                               timings: inout StageTimings) throws(CutlineError) -> PreparedModel {
        let asWritten = model.graph.liveNodeCount
        var aheadOfTime: Model?
        if InliningPasses.hasAheadOfTimePass(model) {
            var aot = model
            var o = OptimizerOptions(level: .none)
            o.inlineLocalFunctions = false
            _ = try? GraphOptimizer.optimize(&aot, options: o)
            _ = ShapeInference.infer(&aot, options: .ortSession)
            aheadOfTime = aot
        }
        var log: OptimizationLog?
        let ort = try coreVersion(options.ortVersion)
        do {
            try timings.measure("optimize") {
            log = try GraphOptimizer.optimize(
                &model, options: OptimizerOptions(level: options.optimization == .basic ? .basic : .none,
                                                  freeDimensions: options.freeDims, ortVersion: ort))
            }
        } catch {
            throw CutlineError(path: path, problem: "graph optimization failed: \(error)")
        }
        let report = timings.measure("shapes") { ShapeInference.infer(&model, options: .ortSession) }
        let since = resolveSinceVersions(model: model, graph: model.graph)
        // The estimate sizes tensors with everything inference can tell (onnx's rules and constant evaluation); the
        // EP view above keeps only what ORT itself infers. Where that left values without shape, infer again.
        let allKnown = report.unknowns.isEmpty
        let (specialized, assumptions) = timings.measure("shapes") {
            Specialization.specialize(model, freeDims: options.estimateDims, alreadyInferred: allKnown)
        }
        var prepared = PreparedModel(path: path, model: model, specialized: specialized, specializationAssumptions: assumptions,
                                     nodesAsWritten: asWritten, optimizationLog: log,
                                     shapeReport: report, sinceVersions: since, order: model.graph.topologicalOrder(),
                                     aheadOfTime: aheadOfTime)
        let g = model.graph, opset = model.opsetVersion(for: "") ?? 0
        var kind: [String: UInt8] = [:]  // per op type: 1 inlinable, 2 recurrent, 0 neither
        for i in g.nodes.indices where !g.nodes[i].isRemoved && g.nodes[i].isDefaultDomain {
            let op = g.nodes[i].opType
            let k = kind[op] ?? {
                let v: UInt8 = SessionChecks.batchFirstRefused.contains(op) ? 2
                    : (SchemaFunctionExpansion.isExpandable(g.nodes[i], opset: opset) ? 1 : 0)
                kind[op] = v
                return v
            }()
            if k == 1 { prepared.inlinableNodes.append(NodeID(i)) } else if k == 2 { prepared.recurrentNodes.append(NodeID(i)) }
        }
        return prepared
    }

    public static func loadTable(_ ep: String) throws(CutlineError) -> CoverageTable {
        do {
            if CoverageTable.builtInNames.contains(ep) { return try CoverageTable.builtIn(ep) }
            if ep.hasSuffix(".yml") || ep.hasSuffix(".yaml") || ep.contains("/") { return try CoverageTable.load(path: ep) }
        } catch {
            throw CutlineError(path: ep.contains("/") || ep.hasSuffix(".yml") ? ep : "", problem: "\(error)")
        }
        throw CutlineError(path: "", problem: "unknown EP '\(ep)': use \(CoverageTable.builtInNames.joined(separator: ", ")) or a table file (.yml)")
    }

    public static func coreVersion(_ text: String) throws(CutlineError) -> ORTVersion {
        guard let v = ORTVersion(text), v.components.count >= 2 else {
            throw CutlineError(path: "", problem: "--ort-version expects a version like 1.31 or 1.20.1, got '\(text)'")
        }
        guard v.isModelled else {
            throw CutlineError(path: "", problem: "--ort-version \(text) is outside the modelled range \(ORTVersion.oldest.minorRelease)…\(ORTVersion.latest.minorRelease)")
        }
        return v
    }

    /// Analyses one EP on a prepared model.
    public static func analyze(_ prepared: PreparedModel, ep: String, options: AnalyzeOptions) throws(CutlineError) -> EPAnalysis {
        var t = StageTimings()
        return try analyze(prepared, ep: ep, options: options, timings: &t)
    }

    public static func analyze(_ prepared: PreparedModel, ep: String, options: AnalyzeOptions,
                               timings: inout StageTimings) throws(CutlineError) -> EPAnalysis {
        let table = try loadTable(ep)
        let ortVersion = try coreVersion(options.ortVersion)
        let evaluator = CoverageEvaluator(table: table, options: CoverageOptions(
            coremlVersion: options.coremlVersion, requireStaticInputShapes: options.staticShapes,
            enableSubgraphs: options.enableSubgraphs, ortVersion: ortVersion))
        let graph = prepared.model.graph
        let irVersion = prepared.model.irVersion
        let verdicts = timings.measure("coverage") {
            evaluator.evaluate(graph, order: prepared.order, irVersion: irVersion, sinceVersions: prepared.sinceVersions,
                               storage: prepared.model.storage)
        }
        let supported = verdicts.map(\.supported)
        let trivial = verdicts.map(\.trivial)
        let filter = GroupFilter(dropTrivialOnly: evaluator.dropsTrivialGroups, dropSingleNodeOps: evaluator.dropSingleNodeOps,
                                 dropConstantInputsOnly: evaluator.dropsConstantInputsOnlyGroups)
        let isConst = { (v: ValueID) -> Bool in graph.isConstantInitializer(v, irVersion: irVersion) }
        let (result, cuts) = timings.measure("partition") {
            Partitioner.partitionAndRank(graph, order: prepared.order, supported: supported, trivial: trivial, filter: filter,
                                         isConstantInitializer: isConst)
        }
        var report = AnalysisReportBuilder.analysis(
            ep: ep, graph: graph, order: prepared.order, verdicts: verdicts, result: result, cutMakers: cuts,
            options: reportOptions(options), notes: notes(for: ep, options: options))
        report.estimate = try timings.measure("cost") { () throws(CutlineError) in
            try estimate(prepared, result: result, options: options, ep: ep)
        }
        if let spec = options.sweep {
            report.sweep = try timings.measure("cost") { () throws(CutlineError) in
                try sweep(prepared, result: result, options: options, ep: ep, spec: spec)
            }
        }
        if evaluator.partitionsSubgraphs {
            report.subgraphs = timings.measure("partition") { subgraphAnalyses(prepared, evaluator: evaluator, filter: filter) }
        }
        let later = timings.measure("partition") {
            InliningPasses.after(first: result, prepared: prepared, evaluator: evaluator, filter: filter)
        }
        // Only recurrent nodes can refuse a session from the CPU (SessionChecks; none is a function op ORT inlines):
        // those no partition took.
        var cpuRecurrent: [NodeID] = []
        if !prepared.recurrentNodes.isEmpty {
            var onEP = Set<NodeID>()
            for p in result.partitions { onEP.formUnion(p.nodes) }
            cpuRecurrent = prepared.recurrentNodes.filter { !onEP.contains($0) }
        }
        let aot = prepared.aheadOfTime.map { InliningPasses.aheadOfTime($0, evaluator: evaluator, filter: filter) }
        if !later.isEmpty || aot != nil {
            let main = AnalysisReport.Pass(kind: "partition", nodeCount: result.nodeCount,
                                           supportedNodeCount: result.supportedNodeCount,
                                           partitionCount: result.partitionCount, inlined: [],
                                           partitions: report.partitions, unsupportedNodes: report.unsupportedNodes)
            report.passes = (aot.map { [$0] } ?? []) + [main] + later
            report.finalPartitionCount = ([main] + later).reduce(0) { $0 + $1.partitionCount }
            report.finalSupportedNodeCount = ([main] + later).reduce(0) { $0 + $1.supportedNodeCount }
        }
        let problems = SessionChecks.problems(model: prepared.model, ortVersion: ortVersion, cpuNodes: cpuRecurrent)
        if !problems.isEmpty { report.sessionProblems = problems }
        return EPAnalysis(ep: ep, table: table, verdicts: verdicts, partitions: result, cutMakers: cuts, report: report)
    }

    /// The whole `cutline analyze` report.
    public static func analyze(path: String, options: AnalyzeOptions) throws(CutlineError) -> AnalysisReport {
        var t = StageTimings()
        return try analyze(path: path, options: options, timings: &t)
    }

    public static func analyze(path: String, options: AnalyzeOptions, timings: inout StageTimings) throws(CutlineError) -> AnalysisReport {
        try analyzeKeepingModel(path: path, options: options, timings: &timings).report
    }

    /// `analyze(path:…)` that also returns the prepared model, for a caller that wants to decide when its memory
    /// is released (the CLI exits without tearing down a large graph it no longer needs).
    public static func analyzeKeepingModel(path: String, options: AnalyzeOptions, timings: inout StageTimings)
        throws(CutlineError) -> (report: AnalysisReport, prepared: PreparedModel) {
        var prepared = try prepare(path: path, options: options, timings: &timings)
        if options.rules != .ortChecker && options.effectiveEPs.count > 1 {
            let estimator = Estimator(profile: try deviceProfile(options), freeDims: options.estimateDims)
            prepared.costWork = timings.measure("cost") { estimator.graphWork(prepared.specialized.graph) }
        }
        var analyses: [AnalysisReport.Analysis] = []
        for ep in options.effectiveEPs {
            if options.rules == .ortChecker {
                analyses.append(try timings.measure("coverage") { () throws(CutlineError) in
                    try CheckerMode.analysis(prepared, ep: ep, options: options)
                })
            } else {
                analyses.append(try analyze(prepared, ep: ep, options: options, timings: &timings).report)
            }
        }
        let report = AnalysisReport(
            model: path,
            graph: .init(nodesAsWritten: prepared.nodesAsWritten, nodesSeenByEP: prepared.model.graph.liveNodeCount,
                         optimization: options.optimization.rawValue,
                         valuesWithoutShape: prepared.shapeReport.unknowns.filter { $0.graphPath == "main" }.count,
                         ortVersion: options.ortVersion),
            analyses: try compareWithLatest(analyses, path: path, options: options))
        return (report, prepared)
    }

    /// With a release other than the latest selected, each EP's answer with the latest release, kept where it
    /// differs (users decide on upgrades from it).
    static func compareWithLatest(_ analyses: [AnalysisReport.Analysis], path: String,
                                  options: AnalyzeOptions) throws(CutlineError) -> [AnalysisReport.Analysis] {
        let latest = ORTVersion.latest.minorRelease
        let selected = try coreVersion(options.ortVersion).minorRelease
        guard selected != latest else { return analyses }
        // Each EP's (nodes, supported, partitions) per release after the selected one, newest first, until the
        // answer stops being the latest's: the release after that is the one to upgrade to.
        struct Answer: Equatable { var nodes: Int, supported: Int, partitions: Int }
        func answers(_ release: ORTVersion) throws(CutlineError) -> [Answer] {
            var o = options
            o.ortVersion = release.description
            let prepared = try prepare(path: path, options: o)
            return try analyses.map { a throws(CutlineError) -> Answer in
                let r = o.rules == .ortChecker ? try CheckerMode.analysis(prepared, ep: a.ep, options: o)
                    : try analyze(prepared, ep: a.ep, options: o).report
                return Answer(nodes: r.nodeCount, supported: r.supportedNodeCount, partitions: r.partitionCount)
            }
        }
        let newest = try answers(latest)
        let ours = analyses.map { Answer(nodes: $0.nodeCount, supported: $0.supportedNodeCount, partitions: $0.partitionCount) }
        let differs = newest.indices.filter { newest[$0] != ours[$0] }
        guard !differs.isEmpty else { return analyses }
        var since = [ORTVersion](repeating: latest, count: analyses.count)
        var open = Set(differs)
        for release in ORTVersion.releases.map(\.minorRelease).reversed() where release < latest && release > selected {
            guard !open.isEmpty else { break }
            let here = try answers(release)
            for i in open {
                if here[i] == newest[i] { since[i] = release } else { open.remove(i) }
            }
        }
        var out = analyses
        for i in differs {
            out[i].latestORT = .init(ortVersion: latest.description, nodeCount: newest[i].nodes,
                                     supportedNodeCount: newest[i].supported, partitionCount: newest[i].partitions,
                                     sinceVersion: since[i].description)
        }
        return out
    }

    /// Each If/Loop/Scan body partitioned on its own with the same rules; outer-scope constants count as constant.
    static func subgraphAnalyses(_ prepared: PreparedModel, evaluator: CoverageEvaluator,
                                 filter: GroupFilter) -> [AnalysisReport.SubgraphAnalysis] {
        let irVersion = prepared.model.irVersion
        return NestedGraphs.all(in: prepared.model.graph).map { nested in
            let g = nested.graph
            let since = resolveSinceVersions(model: prepared.model, graph: g)
            let verdicts = evaluator.evaluate(g, irVersion: irVersion, sinceVersions: since, storage: prepared.model.storage,
                                              ancestors: nested.ancestors)
            let scope = ConstantScope(graph: g, ancestors: nested.ancestors, irVersion: irVersion)
            let result = Partitioner.partition(g, supported: verdicts.map(\.supported), trivial: verdicts.map(\.trivial),
                                               filter: filter, isConstantInitializer: { scope.isConstant($0) })
            let parts = AnalysisReportBuilder.partitions(g, result)
            return AnalysisReport.SubgraphAnalysis(path: nested.path, nodeCount: result.nodeCount,
                                                   supportedNodeCount: result.supportedNodeCount,
                                                   partitionCount: result.partitionCount, partitions: parts)
        }
    }

    public static func deviceProfile(_ options: AnalyzeOptions) throws(CutlineError) -> DeviceProfile {
        do {
            if let path = options.deviceProfilePath { return try DeviceProfiles.load(path: path) }
            return try DeviceProfiles.bundled(options.device)
        } catch {
            throw CutlineError(path: options.deviceProfilePath ?? "", problem: "\(error)")
        }
    }

    /// The estimate for one partitioning: nodes in a partition run on the EP, the rest on the CPU. When it rests on
    /// guessed dims, the verdict stands only if it holds at both ends of the range the guess could take (batch-like
    /// dims 1…64, other dims 1…1024); otherwise it becomes `uncertain`.
    static func estimate(_ prepared: PreparedModel, result: PartitionResult, options: AnalyzeOptions, ep: String) throws(CutlineError) -> Estimate {
        var e = try estimate(model: prepared.specialized, prepared: prepared, assumptions: prepared.specializationAssumptions,
                             dims: options.estimateDims, work: prepared.costWork, result: result, options: options, ep: ep)
        // The graph inputs' dims that no --free-dim or --cost-dim sized: the specialization guessed them.
        let guessed = guessedInputDims(prepared.model.graph, given: options.estimateDims)
        let named = guessed.sorted().map { n in
            n == "?" ? "unnamed dims=\(FreeDims.otherDefault)" : "\(n)=\(FreeDims.isBatchLike(n) ? FreeDims.batchDefault : FreeDims.otherDefault)"
        }
        e.guessedDims = Array(Set(e.guessedDims + named)).sorted()
        guard !guessed.isEmpty, e.verdict != .uncertain else { return e }
        var verdicts: [Estimate.Verdict] = []
        for low in [true, false] {
            var overrides = options.estimateDims
            for n in guessed { overrides[n] = low ? 1 : (n != "?" && FreeDims.isBatchLike(n) ? 64 : 1024) }
            let (m, notes) = Specialization.specialize(prepared.model, freeDims: overrides, alreadyInferred: true)
            let bound = try estimate(model: m, prepared: prepared, assumptions: notes, dims: overrides, work: nil,
                                     result: result, options: options, ep: ep)
            verdicts.append(bound.verdict)
        }
        let names = guessed.sorted().map { $0 == "?" ? "unnamed dims" : $0 }.joined(separator: ", ")
        if verdicts.allSatisfy({ $0 == e.verdict }) {
            e.assumptions.append("the verdict holds with the guessed dims (\(names)) at both ends of their range (1 and 64 for batch-like dims, 1 and 1024 for others)")
        } else {
            e.assumptions.append("the verdict changes over the guessed dims' range (\(names): 1 to 64 for batch-like dims, 1 to 1024 for others), so it is uncertain; size them with --cost-dim")
            e.verdict = .uncertain
        }
        e.assumptions.sort()
        return e
    }

    /// Names of the symbolic dims of `graph`'s inputs (initializers excluded) that `given` does not size; "?" stands
    /// for dims with neither value nor name.
    static func guessedInputDims(_ graph: Graph, given: [String: Int64]) -> Set<String> {
        var guessed = Set<String>()
        for info in graph.inputInfos {
            let v = graph[info.value]
            guard v.initializer == nil, let shape = (v.type ?? info.type)?.shape else { continue }
            for d in shape.dims {
                switch d {
                case .param(let n) where given[n] == nil: guessed.insert(n)
                case .unknown: guessed.insert("?")
                default: break
                }
            }
        }
        return guessed
    }

    static func estimate(model: Model, prepared: PreparedModel, assumptions: [String], dims: [String: Int64], work: GraphWork?,
                         result: PartitionResult, options: AnalyzeOptions, ep: String) throws(CutlineError) -> Estimate {
        let graph = model.graph
        var assignment = [Int?](repeating: nil, count: graph.nodes.count)
        for p in result.partitions { for n in p.nodes where n.index < assignment.count { assignment[n.index] = p.index } }
        let input = CostInput(graph: graph, assignment: assignment, irVersion: prepared.model.irVersion, assumptions: assumptions)
        do {
            return try Estimator(profile: try deviceProfile(options), freeDims: dims, computeUnits: options.computeUnits,
                                 mlProgram: ep != "coreml-neuralnetwork").estimate(input, work: work)
        } catch let e as CutlineError {
            throw e
        } catch {
            throw CutlineError(path: prepared.path, problem: "cost estimate failed: \(error)")
        }
    }

    /// `--sweep NAME=V1,…`: the same partitioning estimated with the dim at each value (for the estimate only, as
    /// `--cost-dim` does).
    static func sweep(_ prepared: PreparedModel, result: PartitionResult, options: AnalyzeOptions, ep: String,
                      spec: AnalyzeOptions.SweepSpec) throws(CutlineError) -> AnalysisReport.Sweep {
        let symbolic = guessedInputDims(prepared.model.graph, given: [:])
        guard symbolic.contains(spec.dim) else {
            let names = symbolic.filter { $0 != "?" }.sorted()
            throw CutlineError(path: prepared.path, problem: "--sweep \(spec.dim): no graph input has a symbolic dim of that name"
                + (names.isEmpty ? " (every input dim is fixed)" : " (symbolic dims: \(names.joined(separator: ", ")))"))
        }
        var points: [AnalysisReport.Sweep.Point] = []
        for v in spec.values {
            var dims = options.estimateDims
            dims[spec.dim] = v
            let (m, notes) = Specialization.specialize(prepared.model, freeDims: dims, alreadyInferred: true)
            let e = try estimate(model: m, prepared: prepared, assumptions: notes, dims: dims, work: nil, result: result,
                                 options: options, ep: ep)
            let per = { (ms: Double) -> Double in ms > 0 ? (Double(v) * 1000 / ms * 10).rounded() / 10 : 0 }
            points.append(.init(value: v, cpuOnlyMs: e.cpuOnlyMs, withEpMs: e.withEpMs, withEpLowMs: e.withEpLowMs,
                                withEpHighMs: e.withEpHighMs, cpuPerSecond: per(e.cpuOnlyMs), epPerSecond: per(e.withEpMs),
                                verdict: e.verdict.rawValue))
        }
        return AnalysisReport.Sweep(dim: spec.dim, points: points)
    }

    static func reportOptions(_ o: AnalyzeOptions) -> AnalysisReport.Options {
        AnalysisReport.Options(ortVersion: o.ortVersion, coremlVersion: o.coremlVersion, staticShapes: o.staticShapes,
                               enableSubgraphs: o.enableSubgraphs, rules: o.rules.rawValue, freeDims: o.freeDims)
    }

    static func notes(for ep: String, options: AnalyzeOptions) -> [String] {
        var out: [String] = []
        if ep == "coreml-neuralnetwork" { out.append("NeuralNetwork is ORT's default CoreML format (ModelFormat=NeuralNetwork)") }
        if ep == "coreml-mlprogram" { out.append("MLProgram needs ModelFormat=MLProgram in the CoreML provider options") }
        return out
    }
}
