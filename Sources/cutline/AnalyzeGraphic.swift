import ArgumentParser
import Cutline
import CutlineLint
import CutlineReport

enum AnalyzeFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, html, dot
    case modelExplorer = "model-explorer"
}

extension AnalyzeCommand {
    /// `--format html|dot` and `--compare`: reports that draw the graph. Returns false for the text and JSON formats.
    func runGraphic() throws -> Bool {
        guard format == .html || format == .dot || format == .modelExplorer else {
            if compare != nil { throw ValidationError("--compare goes with --format html") }
            return false
        }
        let options = try analyzeOptions()
        if options.rules == .ortChecker { throw ValidationError("--format \(format.rawValue) uses the full rules; drop --rules ort-checker") }
        let first = try GraphReportBuilder.build(path: model, options: options)
        switch format {
        case .modelExplorer:
            if compare != nil { throw ValidationError("--compare goes with --format html") }
            if options.eps.count > 1 { throw ValidationError("--format model-explorer colours one EP: give --ep once") }
            try output.emit(ModelExplorerRenderer.render(first), inputs: [model])
        case .dot:
            if compare != nil { throw ValidationError("--compare goes with --format html") }
            try output.emit(DOTRenderer.render(first), inputs: [model] + (compare.map { [$0] } ?? []))
        default:
            var reports = [first]
            if let compare { reports.append(try GraphReportBuilder.build(path: compare, options: options)) }
            try output.emit(HTMLRenderer.render(reports), inputs: [model] + (compare.map { [$0] } ?? []))
        }
        return true
    }
}
