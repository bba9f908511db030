import Foundation
import Testing

/// Every output format of `cutline lint`, `explain`, `rules` and the drawing formats of `analyze`, against
/// committed snapshots.
@Suite(.serialized) struct LintFormatTests {
    static let models = ["fixtures/graphs/coreml-erf-middle-op17.onnx", "fixtures/graphs/coreml-where-middle-op17.onnx",
                         "fixtures/graphs/coreml-contrib-op-op17.onnx"]
    static let config = ["--config", "Tests/CutlineLintTests/Configs/snapshot.yml"]

    @Test(arguments: ["text", "concise", "json", "sarif", "junit", "github", "markdown"])
    func lintFormat(_ format: String) throws {
        let r = try LintCLI.run(["lint"] + Self.models + Self.config + ["--format", format])
        #expect(r.status == 1, "findings at or above warning must exit 1: \(r.stderr)")
        let ext = ["text": "txt", "concise": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "github": "txt", "markdown": "md"][format] ?? "txt"
        try LintCLI.assertSnapshot(r.stdout, "lint-\(format).\(ext)")
    }

    /// Several models are analysed in parallel; the report must not depend on scheduling.
    @Test func parallelRunsAreDeterministic() throws {
        let a = try LintCLI.run(["lint", "fixtures/graphs"] + Self.config + ["--format", "json"])
        let b = try LintCLI.run(["lint", "fixtures/graphs"] + Self.config + ["--format", "json"])
        #expect(a.status == b.status)
        #expect(!a.stdout.isEmpty && a.stdout == b.stdout)
    }

    /// SARIF locations are relative to the working directory (`%SRCROOT%`) whether the path was given relative or
    /// absolute; a model outside it keeps an absolute file URI. One full stop before "Help:".
    @Test func sarifLocationsAreRepositoryRelative() throws {
        let absolute = LintCLI.repoRoot.appendingPathComponent(Self.models[0]).path
        let inside = try LintCLI.run(["lint", absolute] + Self.config + ["--format", "sarif"])
        #expect(inside.stdout.contains("\"uri\" : \"\(Self.models[0])\""), "\(inside.stdout.prefix(600))")
        #expect(inside.stdout.contains("\"uriBaseId\" : \"%SRCROOT%\""))
        #expect(!inside.stdout.contains(LintCLI.repoRoot.path))
        #expect(!inside.stdout.contains(".. Help:"))
        #expect(inside.stdout.contains(". Help:"))
        let dir = try LintCLI.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = ["--config", LintCLI.repoRoot.appendingPathComponent(Self.config[1]).path]
        let outside = try LintCLI.run(["lint", absolute] + config + ["--format", "sarif"], cwd: dir)
        #expect(outside.stdout.contains("\"uri\" : \"file://\(absolute)\""))
        #expect(!outside.stdout.contains("%SRCROOT%"))
    }

    /// Node data for Google's Model Explorer: one EP, every node of the EP's graph, deterministic.
    @Test func analyzeModelExplorer() throws {
        let r = try LintCLI.run(["analyze", Self.models[0], "--format", "model-explorer", "--ep", "coreml-mlprogram"])
        #expect(r.status == 0, "\(r.stderr)")
        try LintCLI.assertSnapshot(r.stdout, "analyze-erf-middle.model-explorer.json")
        let two = try LintCLI.run(["analyze", Self.models[0], "--format", "model-explorer", "--ep", "coreml-mlprogram",
                                   "--ep", "coreml-neuralnetwork"])
        #expect(two.status == 2)
        #expect(two.stderr.contains("one EP"))
    }

    @Test func textIsColouredOnlyWhenAsked() throws {
        let r = try LintCLI.run(["lint"] + Self.models + Self.config)
        #expect(!r.stdout.contains("\u{1B}["), "not a terminal: no ANSI codes")
    }

    @Test func explainAndRules() throws {
        for code in ["EP111", "PT203", "RW301", "MD406"] {
            let r = try LintCLI.run(["explain", code.lowercased()])
            #expect(r.status == 0)
            try LintCLI.assertSnapshot(r.stdout, "explain-\(code).txt")
        }
        let unknown = try LintCLI.run(["explain", "XX999"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown code 'XX999'"))
        let text = try LintCLI.run(["rules"])
        try LintCLI.assertSnapshot(text.stdout, "rules.txt")
        let json = try LintCLI.run(["rules", "--format", "json"])
        try LintCLI.assertSnapshot(json.stdout, "rules.json")
    }

    @Test func analyzeHTMLAndDOT() throws {
        let html = try LintCLI.run(["analyze", Self.models[0], "--format", "html"])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(!html.stdout.contains("http://") || html.stdout.components(separatedBy: "http://").count == 2,
                "the only URL is the SVG namespace: nothing is fetched")
        #expect(!html.stdout.contains("https://"))
        try LintCLI.assertSnapshot(html.stdout, "analyze-erf-middle.html")
        let again = try LintCLI.run(["analyze", Self.models[0], "--format", "html"])
        #expect(html.stdout == again.stdout)

        let compare = try LintCLI.run(["analyze", Self.models[0], "--compare", Self.models[1], "--format", "html"])
        #expect(compare.status == 0)
        #expect(compare.stdout.contains("Before / after"))
        try LintCLI.assertSnapshot(compare.stdout, "analyze-compare.html")

        let dot = try LintCLI.run(["analyze", Self.models[1], "--format", "dot"])
        #expect(dot.status == 0)
        try LintCLI.assertSnapshot(dot.stdout, "analyze-where-middle.dot")

        let bad = try LintCLI.run(["analyze", Self.models[0], "--compare", Self.models[1]])
        #expect(bad.status == 2, "--compare needs --format html")
    }
}
