import CutlineCoverage
import CutlineIR
import CutlineONNX
import Foundation
import XCTest

/// `--rules ort-checker` against ONNX Runtime 1.31.1's own usability checker. Goldens: fixtures/ort-checker/
/// (scripts/goldens/ort_checker.py). Inputs: the graphs the checker analysed, saved by
/// scripts/coverage/save_ort_optimized.py (ORT_ENABLE_BASIC + onnx strict shape inference), so these tests depend
/// on neither the optimizer simulation nor Cutline's shape inference.
final class CheckerParityTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    struct Golden: Decodable {
        struct Pass: Decodable {
            var partitions: Int?
            var supportedNodes: Int?
            var totalNodes: Int?
            var unsupportedOps: [String]?
            var nodesUnsupportedDueToOp: Int?
            var nodesUnsupportedDueToDynamicInput: Int?
            var nodesUnsupportedDueToRank: Int?
            var partitionSizes: [Int]?
            var subgraphCount: Int?
            var nodesInSubgraphs: Int?
            var caveats: [String]?
            var suitability: String?
            var error: String?
        }
        struct EP: Decodable {
            var fixedShapesRequired: Pass
            var ifShapesWereFixed: Pass
        }
        var model: String
        var error: String?
        var eps: [String: EP]?
    }

    /// (golden path, optimized model path) for every golden whose optimized model exists here.
    static func cases() -> [(URL, URL)] {
        let fm = FileManager.default
        var out: [(URL, URL)] = []
        for sub in ["", "graphs", "thirdparty"] {
            let dir = root.appendingPathComponent("fixtures/ort-checker").appendingPathComponent(sub)
            guard let files = try? fm.contentsOfDirectory(atPath: dir.path) else { continue }
            for f in files.sorted() where f.hasSuffix(".json") {
                let stem = String(f.dropLast(5))
                let candidates = [
                    root.appendingPathComponent("fixtures/ort-optimized").appendingPathComponent(sub).appendingPathComponent(stem + ".onnx"),
                    root.appendingPathComponent(".cache/ort-optimized").appendingPathComponent(sub).appendingPathComponent(stem + ".onnx"),
                ]
                if let m = candidates.first(where: { fm.fileExists(atPath: $0.path) }) {
                    out.append((dir.appendingPathComponent(f), m))
                }
            }
        }
        return out
    }

    func testParityWithORTChecker() throws {
        let cases = Self.cases()
        guard !cases.isEmpty else { throw XCTSkip("no optimized models; run scripts/coverage/save_ort_optimized.py") }
        var compared = 0
        var summary: [String] = []
        for (goldenURL, modelURL) in cases {
            let golden = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: goldenURL))
            guard golden.error == nil, let eps = golden.eps else { continue }
            let model = try ONNXLoader.load(path: modelURL.path)
            for ep in ORTCheckerRules.EP.allCases {
                guard let g = eps[ep.rawValue] else { continue }
                for (fixed, pass) in [(true, g.fixedShapesRequired), (false, g.ifShapesWereFixed)] {
                    let label = "\(golden.model) \(ep.rawValue) \(fixed ? "fixedShapesRequired" : "ifShapesWereFixed")"
                    if let err = pass.error {
                        XCTAssertThrowsError(try ORTCheckerRules.check(model.graph, ep: ep, requireFixedInputSizes: fixed),
                                             "\(label): checker raised \(err)")
                        continue
                    }
                    let r = try ORTCheckerRules.check(model.graph, ep: ep, requireFixedInputSizes: fixed)
                    Self.assertEqual(r, pass, label)
                    compared += 1
                }
            }
            if let mlp = eps["coremlMLProgram"]?.ifShapesWereFixed, let nn = eps["coremlNeuralNetwork"]?.ifShapesWereFixed,
               let nnapi = eps["nnapi"]?.ifShapesWereFixed {
                summary.append("\(golden.model): nnapi \(nnapi.partitions ?? -1)p/\(nnapi.supportedNodes ?? -1), nn \(nn.partitions ?? -1)p/\(nn.supportedNodes ?? -1), mlp \(mlp.partitions ?? -1)p/\(mlp.supportedNodes ?? -1) of \(mlp.totalNodes ?? -1)")
            }
        }
        print("checker parity: \(compared) passes compared on \(cases.count) models\n" + summary.joined(separator: "\n"))
        XCTAssertGreaterThan(compared, 0)
    }

    /// Every number and list of one checker pass against the golden (shared by CheckerVersionParityTests).
    static func assertEqual(_ r: ORTCheckerRules.PassResult, _ pass: Golden.Pass, _ label: String,
                            file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.partitions, pass.partitions, "\(label) partitions", file: file, line: line)
        XCTAssertEqual(r.supportedNodes, pass.supportedNodes, "\(label) supported", file: file, line: line)
        XCTAssertEqual(r.totalNodes, pass.totalNodes, "\(label) nodes", file: file, line: line)
        XCTAssertEqual(r.unsupportedOps, pass.unsupportedOps, "\(label) unsupported ops", file: file, line: line)
        XCTAssertEqual(r.nodesUnsupportedDueToOp, pass.nodesUnsupportedDueToOp, "\(label) due to op", file: file, line: line)
        XCTAssertEqual(r.nodesUnsupportedDueToDynamicInput, pass.nodesUnsupportedDueToDynamicInput, "\(label) due to shape",
                       file: file, line: line)
        XCTAssertEqual(r.nodesUnsupportedDueToRank, pass.nodesUnsupportedDueToRank, "\(label) due to rank", file: file, line: line)
        XCTAssertEqual(r.partitionSizes, pass.partitionSizes, "\(label) sizes", file: file, line: line)
        XCTAssertEqual(r.subgraphCount, pass.subgraphCount, "\(label) subgraphs", file: file, line: line)
        XCTAssertEqual(r.nodesInSubgraphs, pass.nodesInSubgraphs, "\(label) subgraph nodes", file: file, line: line)
        XCTAssertEqual(r.caveats, pass.caveats, "\(label) caveats", file: file, line: line)
        XCTAssertEqual(r.suitability?.rawValue, pass.suitability, "\(label) suitability", file: file, line: line)
    }
}
