@testable import Cutline
import CutlineCoverage
import CutlineIR
import CutlineOptimizer
import Foundation
import XCTest

/// `--rules ort-checker --ort-version V` end to end (Cutline's optimizer at V, onnx-style shape inference, V's
/// checker tables) against what each onnxruntime release's own usability checker computed on models/ and the
/// third-party models: fixtures/ort-versions/checker/ (scripts/goldens-versions/run.sh). Each model is prepared once
/// per distinct `ORTBehaviour` and checked against every release that shares it.
final class CheckerVersionParityTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Golden: Decodable {
        struct Group: Decodable {
            var ortVersions: [String]
            var result: Result
        }
        struct Result: Decodable {
            var error: String?
            var eps: [String: CheckerParityTests.Golden.EP]?
        }
        var model: String
        var results: [Group]
    }

    func testEveryReleaseMatchesItsChecker() throws {
        let base = Self.root.appendingPathComponent("fixtures/ort-versions/checker")
        let files = (FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
            .filter { $0.pathExtension == "json" }.sorted { $0.path < $1.path }
        XCTAssertGreaterThanOrEqual(files.count, 6, "fixtures/ort-versions/checker is missing goldens")
        var compared = 0, models = 0
        var releases = Set<String>()
        for file in files {
            let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: file))
            let path = Self.root.appendingPathComponent(golden.model).path
            guard FileManager.default.fileExists(atPath: path) else {
                // Third-party models outside fixtures/ are downloaded by scripts/thirdparty/fetch.sh.
                if !golden.model.hasPrefix(".cache/") { XCTFail("\(golden.model) is missing") }
                continue
            }
            models += 1
            var byBehaviour: [ORTBehaviour: [(String, Golden.Result)]] = [:]
            for g in golden.results {
                for v in g.ortVersions {
                    releases.insert(v)
                    byBehaviour[ORTBehaviour(ORTVersion(v)!), default: []].append((v, g.result))
                }
            }
            for (_, group) in byBehaviour.sorted(by: { $0.value[0].0 < $1.value[0].0 }) {
                let options = AnalyzeOptions(ortVersion: group[0].0, rules: .ortChecker)
                let prepared = try Analyzer.prepare(path: path, options: options)
                let graph = CheckerMode.checkerView(prepared.model).graph
                for (v, result) in group {
                    guard result.error == nil, let eps = result.eps else { continue }
                    for ep in ORTCheckerRules.EP.allCases {
                        guard let g = eps[ep.rawValue] else { continue }
                        for (fixed, pass) in [(true, g.fixedShapesRequired), (false, g.ifShapesWereFixed)] {
                            let label = "\(golden.model) @\(v) \(ep.rawValue) \(fixed ? "fixedShapesRequired" : "ifShapesWereFixed")"
                            let version = ORTVersion(v)!
                            if let err = pass.error {
                                XCTAssertThrowsError(try ORTCheckerRules.check(graph, ep: ep, requireFixedInputSizes: fixed, ortVersion: version,
                                                               order: .asORTSavesIt),
                                                     "\(label): checker raised \(err)")
                                continue
                            }
                            let r = try ORTCheckerRules.check(graph, ep: ep, requireFixedInputSizes: fixed, ortVersion: version,
                                                               order: .asORTSavesIt)
                            CheckerParityTests.assertEqual(r, pass, label)
                            compared += 1
                        }
                    }
                }
            }
        }
        XCTAssertEqual(releases, Set(ORTVersion.releases.map(\.description)), "a modelled release has no checker goldens")
        print("checker version parity: \(compared) passes compared on \(models) models × \(releases.count) releases")
        XCTAssertGreaterThan(compared, 0)
    }
}
