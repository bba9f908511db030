import ArgumentParser
import CutlineReport

struct CutlineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cutline",
        abstract: "Predict how ONNX Runtime splits an ONNX model between an accelerator execution provider and the CPU.",
        discussion: "Exit codes: 0 success, 1 lint findings at or above the fail level, 2 bad input or usage.",
        version: CutlineVersion.string,
        subcommands: [InspectCommand.self, AnalyzeCommand.self, CompareLogCommand.self, CalibrateCommand.self, RoundTripCommand.self, RewriteCommand.self, LintCommand.self, ExplainCommand.self, RulesCommand.self]
    )
}
