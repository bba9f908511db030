import ArgumentParser
import Cutline
import Foundation

struct CompareLogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare-log",
        abstract: "Compare a real ONNX Runtime session's verbose log with Cutline's prediction, node by node.",
        discussion: """
        LOG is the output of a session created with the CoreML EP at verbose logging (Python: \
        so.log_severity_level = 0). Pass the same options the session used (--ep for ModelFormat, --static-shapes, \
        --ort-version, --coreml-version). Exit code 0 when they agree, 1 when they differ, 2 on bad input.
        """
    )

    @Argument(help: "The verbose log of the real session.")
    var log: String

    @Option(help: "The .onnx model the session loaded.")
    var model: String

    @OptionGroup var analysis: AnalysisArguments

    func run() throws {
        guard let data = FileManager.default.contents(atPath: log), let text = String(data: data, encoding: .utf8)
            ?? String(data: data, encoding: .isoLatin1) else {
            throw CutlineError(path: log, problem: "cannot read the log")
        }
        let passes = try LogComparison.parse(text, path: log)
        var options = try analysis.options()
        if options.eps.count > 1 { throw ValidationError("compare-log compares one EP: pass one --ep") }
        // ORT's default CoreML format is NeuralNetwork.
        if options.eps.isEmpty { options.eps = ["coreml-neuralnetwork"] }
        let report = try Analyzer.analyze(path: model, options: options)
        guard let a = report.analyses.first else { return }
        let c = LogComparison.compare(log: passes, analysis: a)
        FileHandle.standardOutput.write(Data(c.text(log: log, model: model).utf8))
        if !c.agrees { throw ExitCode(1) }
    }
}
