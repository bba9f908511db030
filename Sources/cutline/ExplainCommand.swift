import ArgumentParser
import Cutline
import CutlineLint
import CutlineReport

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a diagnostic code (EP1xx, PT2xx, RW3xx, MD4xx): what it means, why, an example and the fix."
    )

    @Argument(help: "The code, e.g. EP111 or PT203.")
    var code: String

    @OptionGroup var output: OutputOptions

    func run() throws {
        guard let r = LintRules.descriptor(code) else {
            throw CutlineError(path: "", problem: "unknown code '\(code)' (`cutline rules` lists them)")
        }
        try output.emit(RulesText.explain(r))
    }
}

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List every diagnostic code with its name, default severity and summary."
    )

    @Option(help: "Output format: text or json.")
    var format: ReportFormat = .text

    @OptionGroup var output: OutputOptions

    func run() throws {
        switch format {
        case .text: try output.emit(RulesText.table(LintRules.all))
        case .json: try output.emit(JSONRendering.render(RulesText.Document(rules: LintRules.all)))
        }
    }
}
