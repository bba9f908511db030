import Cutline
@testable import CutlineCoverage
import CutlineIR
import CutlineONNX
import Foundation
import XCTest

/// Every coverage row's supported and rejected examples (RowCases.swift) as ONNX files in fixtures/graphs-rows/,
/// so that the real CoreML EP can be run on them and its answers added to the oracle goldens. A file is kept only
/// when Cutline, reading it back from disk through the whole pipeline (no optimizations, ORT 1.30, CoreML 7), gives
/// the node under test (`t`) the codes its case expects in that format; the cases that cannot be expressed as a
/// file that way are listed in fixtures/graphs-rows/README.md. Re-record with CUTLINE_RECORD=1.
final class RowCaseFixtureTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let dir = root.appendingPathComponent("fixtures/graphs-rows")

    struct Example {
        var file: String
        var model: Model
        var expect: [String: [String]]  // EP name → expected codes
    }

    static func slug(_ s: String) -> String {
        String(s.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }).split(separator: "-").joined(separator: "-")
    }

    static func examples() -> [Example] {
        var byName: [String: Example] = [:]
        func add(_ c: RowCase, nn: [String]?, mlp: [String]?) {
            var b = GraphBuilder()
            c.build(&b)
            guard let t = b.id("t"), let since = b.sinceVersions[t.index] else { return }
            let domain = b.graph[t].domain
            var imports = [OpsetImport(domain: "", version: domain.isEmpty ? since : 17)]
            if !domain.isEmpty { imports.append(OpsetImport(domain: domain, version: since)) }
            var graph = b.graph
            graph.name = "row_" + slug(c.op).replacingOccurrences(of: "-", with: "_")
            let model = Model(irVersion: 8, opsetImports: imports, producerName: "cutline RowCaseFixtureTests", graph: graph)
            let file = "\(slug(c.op))-\(slug(c.label))-since\(since).onnx"
            var ex = byName[file] ?? Example(file: file, model: model, expect: [:])
            if let nn { ex.expect["coreml-neuralnetwork"] = nn }
            if let mlp { ex.expect["coreml-mlprogram"] = mlp }
            byName[file] = ex
        }
        for c in RowCases.common { add(c, nn: c.expect, mlp: c.expect) }
        for (c, mlp) in RowCases.byFormat { add(c, nn: c.expect, mlp: mlp) }
        return byName.values.sorted { $0.file < $1.file }
    }

    func testRowExamplesAsFiles() throws {
        let record = ProcessInfo.processInfo.environment["CUTLINE_RECORD"] == "1"
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("cutline-rows-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        var kept: [String] = [], dropped: [String] = []
        for ex in Self.examples() {
            let path = tmp.appendingPathComponent(ex.file).path
            try ONNXWriter.write(ex.model, to: path)
            var o = AnalyzeOptions(eps: ex.expect.keys.sorted(), ortVersion: "1.30", coremlVersion: 7)
            o.optimization = .none
            guard let report = try? Analyzer.analyze(path: path, options: o) else { dropped.append("\(ex.file): does not load"); continue }
            var agree = true
            for a in report.analyses {
                let codes = Set(a.unsupportedNodes.first { $0.node == "t" }?.reasons.map(\.code) ?? [])
                if codes != Set(ex.expect[a.ep] ?? []) { agree = false; dropped.append("\(ex.file) [\(a.ep)]: file gives \(codes.sorted()), case expects \(ex.expect[a.ep] ?? [])") }
            }
            guard agree else { continue }
            kept.append(ex.file)
            let committed = Self.dir.appendingPathComponent(ex.file)
            if record {
                try FileManager.default.createDirectory(at: Self.dir, withIntermediateDirectories: true)
                try Data(contentsOf: URL(fileURLWithPath: path)).write(to: committed)
            } else {
                let want = try? Data(contentsOf: committed)
                XCTAssertEqual(want, try Data(contentsOf: URL(fileURLWithPath: path)), "\(ex.file) differs from its case (CUTLINE_RECORD=1)")
            }
        }
        let listing = try? FileManager.default.contentsOfDirectory(atPath: Self.dir.path).filter { $0.hasSuffix(".onnx") }.sorted()
        if record {
            var readme = ["# fixtures/graphs-rows — every coverage row's examples as files", "",
                          "Written by `CUTLINE_RECORD=1 swift test --filter RowCaseFixtureTests` from the examples in",
                          "`Tests/CutlineCoverageTests/RowCases.swift` (a graph whose node `t` is the node under test). A file is kept",
                          "only when Cutline, reading it from disk (no optimizations, ORT 1.30, CoreML 7), gives `t` the codes the case",
                          "expects. They have no oracle answer yet: the real EP's goldens for them are asked for.", "",
                          "\(kept.count) files. Examples not kept (a file cannot express them as the in-memory case does):", ""]
            readme += dropped.map { "- \($0)" }
            try (readme.joined(separator: "\n") + "\n").write(to: Self.dir.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        } else {
            XCTAssertEqual(listing ?? [], kept, "fixtures/graphs-rows holds exactly the examples that agree (CUTLINE_RECORD=1)")
        }
        XCTAssertGreaterThan(kept.count, 100)
    }
}
