import ArgumentParser
import Cutline
import CutlineRewrite

struct RewriteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rewrite",
        abstract: "Rewrite a model so the EP takes more of it, and compare the analyses before and after.",
        discussion: "Passes: \(PassRegistry.ids.joined(separator: ", ")). See docs/REWRITES.md."
    )

    @Argument(help: "The .onnx model.")
    var model: String?

    @Flag(help: "List the passes (id, tolerance, summary) and exit.")
    var listPasses = false

    @Option(name: .shortAndLong, help: "Where to write the rewritten model (never the input; external data is copied beside it).")
    var output: String?

    @Option(name: .customLong("pass"), help: ArgumentHelp("A pass to apply, in order. Repeatable.", valueName: "ID"))
    var passes: [String] = []

    @Flag(help: "Try the passes (the given ones, or all) and keep only those that cut partitions or estimated time on the first --ep.")
    var auto = false

    @Option(name: .customLong("dim"), help: ArgumentHelp("freeze-shapes: fix a symbolic dim. Repeatable.", valueName: "NAME=VALUE"))
    var dims: [String] = []

    @Option(name: .customLong("input"), help: ArgumentHelp("freeze-shapes: fix a whole input shape, e.g. input_ids=1x128. Repeatable.", valueName: "NAME=SHAPE"))
    var inputs: [String] = []

    @Option(help: "fold-constants: largest tensor (elements) folding may create.")
    var foldCap: Int = RewriteOptions.defaultFoldMaxElements

    @Flag(help: "fp16-to-fp32: keep float16 graph inputs and outputs (Casts at the boundary).")
    var keepIoTypes = false

    @Flag(help: "Rewrite and report, but write nothing.")
    var dryRun = false

    @OptionGroup var analysis: AnalysisArguments

    func validate() throws {
        if listPasses { return }
        if model == nil { throw ValidationError("give the model to rewrite") }
        if output == nil && !dryRun { throw ValidationError("give -o OUT or --dry-run") }
        if passes.isEmpty && !auto { throw ValidationError("give at least one --pass or --auto") }
        guard foldCap > 0 else { throw ValidationError("--fold-cap must be positive") }
    }

    func run() throws {
        if listPasses {
            FileHandleOutput.stdout(PassRegistry.all.map { "\($0.id)\t\($0.tolerance)\t\($0.summary)" }.joined(separator: "\n") + "\n")
            return
        }
        guard let model else { throw ValidationError("give the model to rewrite") }
        let dimValues = try AnalyzeOptions.parseFreeDims(dims)
        var shapes: [String: [Int64]] = [:]
        for item in inputs {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            let dims = parts.count == 2 ? parts[1].split(whereSeparator: { $0 == "x" || $0 == "," }).map { Int64($0) } : []
            guard parts.count == 2, !parts[0].isEmpty, !dims.isEmpty, dims.allSatisfy({ ($0 ?? 0) > 0 }) else {
                throw CutlineError(path: "", problem: "--input expects NAME=SHAPE like input_ids=1x128, got '\(item)'")
            }
            shapes[parts[0]] = dims.compactMap { $0 }
        }
        let request = RewriteRequest(
            input: model, output: output, passes: passes, auto: auto, analysis: try analysis.options(),
            rewrite: RewriteOptions(dims: dimValues, inputShapes: shapes, foldMaxElements: foldCap, keepIOTypes: keepIoTypes),
            dryRun: dryRun)
        let outcome = try Rewriter.run(request)
        FileHandleOutput.stdout(outcome.text)
    }
}
