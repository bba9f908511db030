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

    func run() throws {
        let m = try ModelSource.load(model)
        let report = Inspector.report(for: m, path: model)
        switch format {
        case .text: try output.emit(InspectRenderer.text(report))
        case .json: try output.emit(InspectRenderer.json(report))
        }
    }
}
