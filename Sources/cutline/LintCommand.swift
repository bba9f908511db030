import ArgumentParser
import Cutline
import CutlineCoverage
import CutlineLint
import CutlineReport
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum LintFormat: String, ExpressibleByArgument, CaseIterable {
    case text, concise, json, sarif, junit, github, markdown
}

extension Severity: ExpressibleByArgument {}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check models against partition and coverage thresholds; exit 1 when findings reach the fail level.",
        discussion: """
            Settings come from .cutline.yml (found by walking up from the working directory, or --config); flags given \
            here override it. Exit codes: 0 nothing at or above the fail level, 1 findings, 2 usage, config or model error.
            """
    )

    @Argument(help: "Model files, or directories searched recursively for *.onnx.")
    var inputs: [String]

    @Option(help: "Config file (default: the nearest .cutline.yml above the working directory).")
    var config: String?

    @OptionGroup var analysis: AnalysisArguments

    @Option(help: "PT201 fires above this many partitions.")
    var maxPartitions: Int?

    @Option(help: "PT202 fires below this coverage (percent of nodes supported).")
    var minCoverage: Double?

    @Option(help: "PT206 fires when the estimated dispatch + copy overhead per run exceeds this (ms).")
    var maxOverheadMs: Double?

    @Option(name: .customLong("forbid-op"), help: ArgumentHelp("MD407 fires for every node of this op type. Repeatable.", valueName: "OP"))
    var forbidOps: [String] = []

    @Option(help: "warning or error: the lowest severity that fails the run (default: warning).")
    var failOn: Severity?

    @Option(help: "Only findings not recorded in this baseline fail the run.")
    var baseline: String?

    @Option(help: "Record today's findings in this baseline file; the run then exits 0.")
    var writeBaseline: String?

    @Option(help: "text, concise, json, sarif, junit, github or markdown.")
    var format: LintFormat = .text

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if failOn == .info { throw ValidationError("--fail-on must be warning or error") }
        if analysis.rules == .ortChecker { throw ValidationError("lint uses the full rules; --rules ort-checker applies to analyze only") }
        if let m = minCoverage, !(0...100).contains(m) { throw ValidationError("--min-coverage is a percentage (0 to 100)") }
        if let m = maxPartitions, m < 0 { throw ValidationError("--max-partitions must be at least 0") }
        if let m = maxOverheadMs, m < 0 { throw ValidationError("--max-overhead-ms must be at least 0") }
    }

    func run() throws {
        let cwd = FileManager.default.currentDirectoryPath
        let configPath = config ?? LintConfig.discover(from: cwd)
        var cfg = LintConfig(directory: cwd)
        if let configPath {
            do { cfg = try LintConfig.load(path: configPath) } catch { throw error.cutlineError }
        }
        let report = try Linter.run(LintRequest(inputs: inputs, config: cfg, overrides: try overrides(), failOn: failOn,
                                                baseline: baseline))
        if let writeBaseline {
            try Baseline(findings: report.findings).write(to: writeBaseline)
            FileHandleOutput.stderr("cutline: wrote \(report.findings.count) finding\(report.findings.count == 1 ? "" : "s") to \(writeBaseline)\n")
        }
        let text: String
        switch format {
        case .text: text = LintTextRenderer.render(report, color: output.output == nil && Terminal.wantsColor)
        case .concise: text = LintConciseRenderer.render(report)
        case .json: text = try JSONRendering.render(report)
        case .sarif: text = try SARIFRenderer.render(report, sourceRoot: cwd)
        case .junit: text = JUnitRenderer.render(report)
        case .github: text = GitHubAnnotationsRenderer.render(report)
        case .markdown: text = LintMarkdownRenderer.render(report)
        }
        try output.emit(text, inputs: inputs + report.models.map(\.path))
        if writeBaseline == nil && !report.failing.isEmpty { throw ExitCode(1) }
    }

    /// Flags that override the config: analysis flags only when they differ from their defaults.
    func overrides() throws -> ConfigLayer {
        var l = ConfigLayer()
        let o = try analysis.options()
        let d = AnalyzeOptions()
        if !o.eps.isEmpty { l.eps = o.eps }
        if o.ortVersion != d.ortVersion { l.ortVersion = o.ortVersion }
        if o.coremlVersion != d.coremlVersion { l.coremlVersion = o.coremlVersion }
        if o.staticShapes { l.staticShapes = true }
        if o.enableSubgraphs { l.enableSubgraphs = true }
        if o.optimization != d.optimization { l.optimization = o.optimization }
        if !o.freeDims.isEmpty { l.freeDims = o.freeDims }
        l.maxPartitions = maxPartitions
        l.minCoverage = minCoverage
        l.maxOverheadMs = maxOverheadMs
        l.forbidOps = forbidOps
        if let p = o.deviceProfilePath { l.device = p } else if o.device != d.device { l.device = o.device }
        return l
    }
}

enum Terminal {
    /// Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org).
    static var wantsColor: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
    }
}
