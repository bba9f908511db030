import ArgumentParser
import Cutline
import CutlineReport

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Predict which nodes the EP takes, why not the others, and how the graph splits into partitions."
    )

    @Argument(help: "The .onnx model.")
    var model: String

    @OptionGroup var analysis: AnalysisArguments

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    @OptionGroup var output: OutputOptions

    @Flag(help: "Print the time each pipeline stage took to standard error.")
    var timings = false

    func run() throws {
        var t = StageTimings()
        let report = try Analyzer.analyze(path: model, options: try analysis.options(), timings: &t)
        let text = try t.measure("report") { () throws -> String in
            switch format {
            case .text: return AnalysisTextRenderer.render(report, remedies: Remedies.all)
            case .json: return try JSONRendering.render(report)
            }
        }
        try output.emit(text)
        if timings { FileHandleOutput.stderr(t.text) }
    }
}
