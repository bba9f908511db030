import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
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

    @Option(help: "Output format: text, json, html (one self-contained page), dot (Graphviz) or model-explorer (node data for Google's Model Explorer).")
    var format: AnalyzeFormat = .text

    @Option(help: ArgumentHelp("Estimate latency and throughput at each value of one dim, e.g. batch=1,2,4,8,16 (for the estimate only, like --cost-dim).", valueName: "NAME=V1,V2,…"))
    var sweep: String?

    @Option(help: "A second model (e.g. the rewritten one) shown before/after in the HTML report.")
    var compare: String?

    @OptionGroup var output: OutputOptions

    @Flag(help: "Print the time each pipeline stage took to standard error.")
    var timings = false

    /// The analysing options plus `--sweep` (analyze only).
    func analyzeOptions() throws -> AnalyzeOptions {
        var o = try analysis.options()
        o.sweep = try AnalyzeOptions.parseSweep(sweep)
        return o
    }

    func run() throws {
        if try runGraphic() { return }
        var t = StageTimings()
        let (report, prepared) = try Analyzer.analyzeKeepingModel(path: model, options: try analyzeOptions(), timings: &t)
        let text = try t.measure("report") { () throws -> String in
            switch format {
            case .text: return AnalysisTextRenderer.render(report, remedies: Remedies.all)
            case .json: return try JSONRendering.render(report)
            case .html, .dot, .modelExplorer: return ""  // handled by runGraphic()
            }
        }
        try output.emit(text, inputs: [model])
        if timings { FileHandleOutput.stderr(t.text) }
        // Everything is written: leave without tearing down the graph (on 100k nodes that takes longer than the
        // report stage); the process's memory goes back to the system in one piece. Sanitizer builds
        // (`make asan`/`tsan` define CUTLINE_SANITIZED) tear down normally instead: LeakSanitizer cannot follow
        // Swift's tagged enum payload pointers in a live graph and would report them, and the full teardown is
        // what its leak check should see.
        #if !CUTLINE_SANITIZED
        parkedModel = prepared
        exitNow(0)
        #else
        _ = prepared
        #endif
    }
}

/// The analyzed model, kept for the rest of the process by `AnalyzeCommand` just before it exits.
nonisolated(unsafe) var parkedModel: PreparedModel?

/// Ends the process at once (the C library's `exit`: stdio is flushed, Swift values are not torn down).
func exitNow(_ code: Int32) -> Never {
    #if canImport(Glibc)
    Glibc.exit(code)
    #else
    Darwin.exit(code)
    #endif
}
