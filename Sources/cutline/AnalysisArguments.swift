import ArgumentParser
import Cutline
import CutlineCost

extension ComputeUnits: ExpressibleByArgument {}

extension AnalyzeOptions.Optimization: ExpressibleByArgument {}
extension AnalyzeOptions.Rules: ExpressibleByArgument {}

/// The options every analysing command takes.
struct AnalysisArguments: ParsableArguments {
    @Option(name: .customLong("ep"), help: ArgumentHelp(
        "EP to analyse: coreml-neuralnetwork, coreml-mlprogram, nnapi, or a table file (.yml). Repeatable. Default: both CoreML formats.",
        valueName: "NAME|PATH"))
    var eps: [String] = []

    @Option(help: "ONNX Runtime version whose optimizer and rules apply (1.19 … 1.32, patch versions accepted).")
    var ortVersion: String = AnalyzeOptions.defaultORTVersion

    @Option(help: "CoreML version of the target OS: 5 (macOS 12/iOS 15) … 8 (macOS 15+/iOS 18+).")
    var coremlVersion: Int = 8

    @Flag(help: "Simulate RequireStaticInputShapes=1: every node input must have a fully static shape.")
    var staticShapes = false

    @Flag(help: "Simulate EnableOnSubgraphs=1: partition If/Loop/Scan bodies too.")
    var enableSubgraphs = false

    @Option(name: .customLong("free-dim"), help: ArgumentHelp("Fix a symbolic dimension, as ORT's free-dimension override does. Repeatable.", valueName: "NAME=VALUE"))
    var freeDims: [String] = []

    @Option(help: "Graph optimizations ORT applies before partitioning: none or basic (what a default session does).")
    var optimization: AnalyzeOptions.Optimization = .basic

    @Option(help: "full (the C++ EP's per-op conditions) or ort-checker (the --ort-version release's Python usability checker, exactly).")
    var rules: AnalyzeOptions.Rules = .full

    @Flag(help: "With --rules ort-checker: the checker's second pass, which ignores shapes.")
    var ignoreShapes = false

    @Option(help: "Device profile for the estimate: m1, m2, m3-max, m4-pro or generic-cpu.")
    var device: String = "m3-max"

    @Option(help: "A device profile file (JSON, e.g. from `cutline calibrate`), instead of --device.")
    var deviceProfile: String?

    @Option(name: .customLong("cost-dim"), help: ArgumentHelp("Size a symbolic dimension for the estimate only; the EP still sees it symbolic (unlike --free-dim). '?=N' sizes dims with neither value nor name. Repeatable.", valueName: "NAME=VALUE"))
    var costDims: [String] = []

    @Option(help: "The EP's MLComputeUnits, which the estimate follows: all, cpu-and-neural-engine, cpu-and-gpu or cpu-only.")
    var computeUnits: ComputeUnits = .all

    func validate() throws {
        guard (5...8).contains(coremlVersion) else { throw ValidationError("--coreml-version must be 5, 6, 7 or 8") }
        if ignoreShapes && rules != .ortChecker { throw ValidationError("--ignore-shapes goes with --rules ort-checker") }
    }

    func options() throws -> AnalyzeOptions {
        var o = AnalyzeOptions(eps: eps, ortVersion: ortVersion, coremlVersion: coremlVersion, staticShapes: staticShapes,
                               enableSubgraphs: enableSubgraphs, freeDims: try AnalyzeOptions.parseFreeDims(freeDims),
                               optimization: optimization, rules: rules, ignoreShapes: ignoreShapes, device: device,
                               deviceProfilePath: deviceProfile)
        o.costDims = try AnalyzeOptions.parseFreeDims(costDims, option: "--cost-dim")
        o.computeUnits = computeUnits
        return o
    }
}
