import Cutline
import CutlineReport
import Foundation
import XCTest

/// `analyze --rules full --coreml-version 7 --ort-version 1.30` against what ONNX Runtime's real CoreML EP decided
/// (fixtures/oracle/goldens.json, copied from shared/oracle; its `oracle` field says which ORT was built and run).
/// Every run of every model here — models/, every fixture graph, the third-party models present (committed ones
/// always; .cache/thirdparty/models after `scripts/thirdparty/fetch.sh`, named in fixtures/oracle/thirdparty.json) — must give the EP's
/// first GetCapability line (partitions, nodes, supported), its final counts over every pass, the same set of
/// rejected nodes, the same session outcome and, with EnableOnSubgraphs, the same control-flow bodies. ORT logs an empty name for an unnamed node: those are matched by op
/// type and ORT's node index, which Cutline shows as `Op#index` (the node's position in the file, Constant nodes
/// included). scripts/oracle/compare.py does the same through the CLI and prints the differences.
final class OracleParityTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Golden: Decodable {
        struct Node: Decodable { var name: String; var op: String; var index: Int }
        struct Body: Decodable { var nodes: Int; var supported: Int; var partitions: Int }
        struct Run: Decodable {
            var partitions: Int?
            var nodes: Int?
            var supported: Int?
            var finalPartitions: Int?
            var finalSupported: Int?
            var unsupportedNodes: [Node]?
            var sessionCreated: Bool?
            var subgraphRuns: [Body]?
            var error: String?
        }
        struct Model: Decodable { var runs: [String: Run]; var sha256: String? }
        var models: [String: Model]
    }

    /// Oracle key → path of the third-party model here: committed in fixtures/thirdparty, or fetched into
    /// .cache/thirdparty/models (fixtures/oracle/thirdparty.json names each key's short name).
    static func thirdPartyPaths() throws -> [String: String] {
        let data = try Data(contentsOf: root.appendingPathComponent("fixtures/oracle/thirdparty.json"))
        let names = try JSONDecoder().decode([String: String].self, from: data)
        var out: [String: String] = [:]
        for (key, short) in names {
            for dir in ["fixtures/thirdparty", ".cache/thirdparty/models"] {
                let p = root.appendingPathComponent(dir).appendingPathComponent(short + ".onnx").path
                if FileManager.default.fileExists(atPath: p) { out[key] = p; break }
            }
        }
        return out
    }

    func testEveryGoldenRunMatchesTheRealEP() throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("fixtures/oracle/goldens.json"))
        let goldens = try JSONDecoder().decode(Golden.self, from: data)
        let thirdParty = try Self.thirdPartyPaths()
        var compared = 0, exact = 0, failures: [String] = []
        for key in goldens.models.keys.sorted() {
            let entry = goldens.models[key]!
            let path: String
            if key.hasPrefix("thirdparty/") {
                guard let p = thirdParty[key] else { continue }
                path = p
            } else {
                path = Self.root.appendingPathComponent(key).path
            }
            var cache: [String: AnalysisReport] = [:]
            for runKey in entry.runs.keys.sorted() {
                let golden = entry.runs[runKey]!
                if (golden.error ?? "").hasPrefix("oracle gave no result") { continue }
                let parts = runKey.split(separator: "|").map(String.init)
                let variant = parts.dropFirst().joined(separator: "|")
                if cache[variant] == nil {
                    var o = AnalyzeOptions(eps: ["coreml-neuralnetwork", "coreml-mlprogram"], ortVersion: "1.30", coremlVersion: 7)
                    o.staticShapes = parts[1] == "static"
                    o.enableSubgraphs = parts.count > 2
                    cache[variant] = try Analyzer.analyze(path: path, options: o)
                }
                let ep = parts[0] == "MLProgram" ? "coreml-mlprogram" : "coreml-neuralnetwork"
                let a = try XCTUnwrap(cache[variant]?.analyses.first { $0.ep == ep })
                compared += 1
                let diffs = Self.differences(golden, a)
                if diffs.isEmpty { exact += 1 } else { failures.append("\(key) [\(runKey)]: " + diffs.joined(separator: "; ")) }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 1280, "the goldens of models/ and fixtures/ alone hold more runs than this")
        XCTAssertEqual(exact, compared, "runs that differ from the real EP:\n" + failures.prefix(20).joined(separator: "\n"))
    }

    static func differences(_ g: Golden.Run, _ a: AnalysisReport.Analysis) -> [String] {
        var out: [String] = []
        let predictsFailure = !(a.sessionProblems ?? []).isEmpty
        let created = g.sessionCreated ?? true
        if !created && g.nodes == nil {
            return predictsFailure ? [] : ["ORT refused the model (\((g.error ?? "").prefix(80))), Cutline predicts no failure"]
        }
        if created == predictsFailure { out.append("session created: EP \(created), Cutline \(!predictsFailure)") }
        let first = a.passes?.first
        let counts = (first?.partitionCount ?? a.partitionCount, first?.nodeCount ?? a.nodeCount,
                      first?.supportedNodeCount ?? a.supportedNodeCount)
        let expected = (g.partitions ?? 0, g.nodes ?? 0, g.supported ?? 0)
        if counts != expected { out.append("counts EP \(expected), Cutline \(counts)") }
        let final = (a.finalPartitionCount ?? a.partitionCount, a.finalSupportedNodeCount ?? a.supportedNodeCount)
        if g.nodes != nil, final != (g.finalPartitions ?? 0, g.finalSupported ?? 0) {
            out.append("final EP \(g.finalPartitions ?? 0)/\(g.finalSupported ?? 0), Cutline \(final.0)/\(final.1)")
        }
        if let bodies = g.subgraphRuns, !bodies.isEmpty {
            // Each control-flow body as (nodes, supported, partitions); ORT labels bodies only then/else/body.
            let key = { (n: Int, s: Int, p: Int) in "\(n)/\(s)/\(p)" }
            let theirs = bodies.map { key($0.nodes, $0.supported, $0.partitions) }.sorted()
            let ours = (a.subgraphs ?? []).map { key($0.nodeCount, $0.supportedNodeCount, $0.partitionCount) }.sorted()
            if theirs != ours { out.append("control-flow bodies EP \(theirs), Cutline \(ours)") }
        }
        let theirs = Set((g.unsupportedNodes ?? []).map { $0.name.isEmpty ? "\($0.op)#\($0.index)" : $0.name })
        let ours = Set((first?.unsupportedNodes ?? a.unsupportedNodes).map(\.node))
        if theirs != ours {
            out.append("rejected: EP only \(theirs.subtracting(ours).sorted()), Cutline only \(ours.subtracting(theirs).sorted())")
        }
        return out
    }

    /// SessionChecks' IR limits are the measured ones (fixtures/ort-limits/max-ir-version.json, one entry per release).
    func testIRVersionLimitsAreTheMeasuredOnes() throws {
        struct Limits: Decodable { var maxIRVersion: [String: Int64] }
        let data = try Data(contentsOf: Self.root.appendingPathComponent("fixtures/ort-limits/max-ir-version.json"))
        let measured = try JSONDecoder().decode(Limits.self, from: data).maxIRVersion
        var byMinor: [Int: Int64] = [:]
        for (release, ir) in measured {
            let parts = release.split(separator: ".").compactMap { Int($0) }
            byMinor[parts[1]] = ir
        }
        XCTAssertEqual(byMinor.count, 14)
        XCTAssertEqual(SessionChecks.maxIRVersion, byMinor)
    }
}
