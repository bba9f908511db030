import Cutline
import CutlineReport
import Foundation

/// Findings accepted as of some day: with `--baseline`, only findings not recorded here fail the run.
public struct Baseline: Codable, Hashable, Sendable {
    public var schemaVersion = 1
    /// Sorted by fingerprint, one entry per fingerprint.
    public var entries: [BaselineEntry]

    public init(findings: [LintFinding]) {
        var seen = Set<String>()
        var out: [BaselineEntry] = []
        for f in findings where seen.insert(f.fingerprint).inserted {
            out.append(BaselineEntry(code: f.code, model: f.model, ep: f.ep, location: f.node ?? f.tensor, fingerprint: f.fingerprint))
        }
        entries = out.sorted { ($0.model, $0.ep ?? "", $0.code, $0.location ?? "", $0.fingerprint) < ($1.model, $1.ep ?? "", $1.code, $1.location ?? "", $1.fingerprint) }
    }

    public static func load(path: String) throws(CutlineError) -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CutlineError(path: path, problem: "cannot read the baseline file (write one with --write-baseline)")
        }
        do {
            let b = try JSONDecoder().decode(Baseline.self, from: data)
            guard b.schemaVersion == 1 else { throw CutlineError(path: path, problem: "baseline schemaVersion \(b.schemaVersion) is not supported") }
            return b
        } catch let e as CutlineError {
            throw e
        } catch {
            throw CutlineError(path: path, problem: "not a cutline baseline: \(error)")
        }
    }

    public func write(to path: String) throws(CutlineError) {
        let text: String
        do { text = try JSONRendering.render(self) } catch { throw CutlineError(path: path, problem: "\(error)") }
        try OutputFile.write(text, to: path)
    }

    /// Marks findings the baseline holds and returns the entries nothing matched.
    public func apply(to findings: inout [LintFinding]) -> [BaselineEntry] {
        let known = Set(entries.map(\.fingerprint))
        var matched = Set<String>()
        for i in findings.indices where known.contains(findings[i].fingerprint) {
            findings[i].baselined = true
            matched.insert(findings[i].fingerprint)
        }
        return entries.filter { !matched.contains($0.fingerprint) }
    }
}
