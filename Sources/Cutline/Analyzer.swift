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
    public var nodesAsWritten: Int
    public var optimizationLog: OptimizationLog?
    public var shapeReport: ShapeInferenceReport
    public var sinceVersions: [Int64?]
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
    public static func prepare(path: String, options: AnalyzeOptions) throws(CutlineError) -> PreparedModel {
        var model = try ModelSource.load(path)
        return try prepare(model: &model, path: path, options: options)
    }

    public static func prepare(model: inout Model, path: String, options: AnalyzeOptions) throws(CutlineError) -> PreparedModel {
        let asWritten = model.graph.liveNodeCount
        var log: OptimizationLog?
        do {
            let parts = options.ortVersion.split(separator: ".").compactMap { Int($0) }
            let ort = CutlineOptimizer.ORTVersion(parts.count > 0 ? parts[0] : 1, parts.count > 1 ? parts[1] : 31)
            log = try GraphOptimizer.optimize(
                &model, options: OptimizerOptions(level: options.optimization == .basic ? .basic : .none,
                                                  freeDimensions: options.freeDims, ortVersion: ort))
        } catch {
            throw CutlineError(path: path, problem: "graph optimization failed: \(error)")
        }
        let report = ShapeInference.infer(&model)
        let since = resolveSinceVersions(model: model, graph: model.graph)
        return PreparedModel(path: path, model: model, nodesAsWritten: asWritten, optimizationLog: log,
                             shapeReport: report, sinceVersions: since)
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

    public static func coreVersion(_ text: String) throws(CutlineError) -> CutlineCoverage.ORTVersion {
        guard let v = CutlineCoverage.ORTVersion(text) else {
            throw CutlineError(path: "", problem: "--ort-version expects a version like 1.31 or 1.20.1, got '\(text)'")
        }
        guard v >= .oldest, v <= CutlineCoverage.ORTVersion([1, 31, 99]) else {
            throw CutlineError(path: "", problem: "--ort-version \(text) is outside the modelled range \(CutlineCoverage.ORTVersion.oldest)…1.31")
        }
        return v
    }

    /// Analyses one EP on a prepared model.
    public static func analyze(_ prepared: PreparedModel, ep: String, options: AnalyzeOptions) throws(CutlineError) -> EPAnalysis {
        let table = try loadTable(ep)
        let ortVersion = try coreVersion(options.ortVersion)
        let evaluator = CoverageEvaluator(table: table, options: CoverageOptions(
            coremlVersion: options.coremlVersion, requireStaticInputShapes: options.staticShapes,
            enableSubgraphs: options.enableSubgraphs, ortVersion: ortVersion))
        let graph = prepared.model.graph
        let irVersion = prepared.model.irVersion
        let verdicts = evaluator.evaluate(graph, irVersion: irVersion, sinceVersions: prepared.sinceVersions,
                                          storage: prepared.model.storage)
        let supported = verdicts.map(\.supported)
        let trivial = verdicts.map(\.trivial)
        let filter = GroupFilter(dropTrivialOnly: evaluator.dropsTrivialGroups, dropSingleNodeOps: evaluator.dropSingleNodeOps,
                                 dropConstantInputsOnly: evaluator.dropsConstantInputsOnlyGroups)
        let isConst = { (v: ValueID) -> Bool in graph.isConstantInitializer(v, irVersion: irVersion) }
        let result = Partitioner.partition(graph, supported: supported, trivial: trivial, filter: filter,
                                           isConstantInitializer: isConst)
        let cuts = Partitioner.cutMakers(graph, supported: supported, trivial: trivial, filter: filter,
                                         isConstantInitializer: isConst)
        let report = AnalysisReportBuilder.analysis(
            ep: table.name == ep ? ep : ep, graph: graph, verdicts: verdicts, result: result, cutMakers: cuts,
            options: reportOptions(options), notes: notes(for: ep, options: options))
        return EPAnalysis(ep: ep, table: table, verdicts: verdicts, partitions: result, cutMakers: cuts, report: report)
    }

    /// The whole `cutline analyze` report.
    public static func analyze(path: String, options: AnalyzeOptions) throws(CutlineError) -> AnalysisReport {
        let prepared = try prepare(path: path, options: options)
        var analyses: [AnalysisReport.Analysis] = []
        for ep in options.effectiveEPs {
            if options.rules == .ortChecker {
                analyses.append(try CheckerMode.analysis(prepared, ep: ep, options: options))
            } else {
                analyses.append(try analyze(prepared, ep: ep, options: options).report)
            }
        }
        return AnalysisReport(
            model: path,
            graph: .init(nodesAsWritten: prepared.nodesAsWritten, nodesSeenByEP: prepared.model.graph.liveNodeCount,
                         optimization: options.optimization.rawValue,
                         valuesWithoutShape: prepared.shapeReport.unknowns.filter { $0.graphPath == "main" }.count),
            analyses: analyses)
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
