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

    func run() throws {
        let report = try Analyzer.analyze(path: model, options: try analysis.options())
        switch format {
        case .text: try output.emit(AnalysisTextRenderer.render(report, remedies: Remedies.all))
        case .json: try output.emit(JSONRendering.render(report))
        }
    }
}
