import CutlineIR
import CutlineONNX
import Foundation
import Testing

/// Inputs the fuzzers found (fuzz/regressions/<target>/) and the minimized corpora (fuzz/corpus/<target>/).
/// Regressions go through the CLI (exit 0 or 2, never a crash); the corpora are replayed in-process through
/// the loader, verifier and writer, the same steps as the loader fuzz target.
@Suite("Fuzz regressions") struct FuzzRegressionTests {
    static let root = CLIRunner.repoRoot.appendingPathComponent("fuzz")

    static func files(_ folder: String) -> [String] {
        let dir = root.appendingPathComponent(folder)
        let targets = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        var out: [String] = []
        for t in targets.sorted() {
            let sub = dir.appendingPathComponent(t)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: sub.path)) ?? []
            out += names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { "\(t)/\($0)" }
        }
        return out
    }

    static let regressions = files("regressions")

    /// Regressions whose fix belongs to a module outside the loader, with where the failure is. Each is
    /// expected to fail until fixed; `withKnownIssue` then reports the fix so the entry can be removed.
    static let open: [String: String] = [:]

    @Test("each regression input gets a clean answer from every command", arguments: regressions)
    func regression(_ name: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let bytes = try [UInt8](Data(contentsOf: Self.root.appendingPathComponent("regressions/\(name)")))
        // Copied so external data paths resolve in an empty folder, as in the fuzz targets.
        let path = try scratch.write("input.onnx", bytes)
        if let issue = Self.open[name] {
            try withKnownIssue(Comment(rawValue: issue)) {
                try expectCleanOutcome(path, scratch, commands: Command.allCases)
            }
        } else {
            try expectCleanOutcome(path, scratch, commands: Command.allCases)
        }
    }

    @Test("the loader corpus and regressions replay through load, verify, write and reload") func loaderCorpus() throws {
        let corpus = Self.files("corpus").filter { $0.hasPrefix("loader/") }.map { "corpus/\($0)" }
        #expect(corpus.count > 50, "the committed loader corpus is missing")
        let inputs = corpus + Self.regressions.map { "regressions/\($0)" }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("cutline-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        var loaded = 0
        for name in inputs {
            let bytes = try [UInt8](Data(contentsOf: Self.root.appendingPathComponent(name)))
            guard let model = try? ONNXLoader.load(bytes: bytes, path: name, directory: empty.path) else { continue }
            loaded += 1
            #expect(Verifier.failures(model.graph).isEmpty, "\(name)")
            guard let written = try? ONNXWriter.serialize(model) else { continue }
            do {
                let again = try ONNXLoader.load(bytes: written, path: name, directory: empty.path)
                #expect(again.graph.liveNodeIDs.count == model.graph.liveNodeIDs.count, "\(name) changed in a round trip")
            } catch {
                Issue.record("\(name): the rewritten bytes do not load: \(error)")
            }
        }
        #expect(loaded > 0)
    }
}
