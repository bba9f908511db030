import ArgumentParser
import Cutline
import CutlineReport

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarize a model: IR and opsets, node counts, operators, inputs and outputs, initializers."
    )

    @Argument(help: "The .onnx model.")
    var model: String

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    @OptionGroup var output: OutputOptions

    @Flag(help: "List every value's inferred dtype and shape; for values left unknown, where inference stopped and why. With --optimized, also those of the graph the EP sees.")
    var shapes = false

    @Flag(help: "Also summarize the graph the EP sees, after the optimizations ORT applies before partitioning.")
    var optimized = false

    @Option(help: "With --optimized: none or basic.")
    var optimization: AnalyzeOptions.Optimization = .basic

    @Option(name: .customLong("free-dim"), help: ArgumentHelp("With --optimized: fix a symbolic dimension. Repeatable.", valueName: "NAME=VALUE"))
    var freeDims: [String] = []

    @Option(help: "With --optimized: the ONNX Runtime release whose optimizer to simulate (1.19 … 1.32, patch versions accepted).")
    var ortVersion: String = AnalyzeOptions.defaultORTVersion

    func run() throws {
        let m = try ModelSource.load(model)
        var report = Inspector.report(for: m, path: model)
        if optimized {
            let options = AnalyzeOptions(ortVersion: ortVersion, freeDims: try AnalyzeOptions.parseFreeDims(freeDims),
                                         optimization: optimization)
            report.optimized = try Inspector.optimizedSummary(of: m, path: model, options: options, withShapes: shapes)
        }
        if shapes { report.shapes = Inspector.shapes(of: m) }
        switch format {
        case .text: try output.emit(InspectRenderer.text(report), inputs: [model])
        case .json: try output.emit(InspectRenderer.json(report), inputs: [model])
        }
    }
}
