import CutlineIR
import CutlineONNX
@testable import CutlineShapes
import Foundation
import XCTest

/// Cutline's inference against `onnx.shape_inference.infer_shapes(strict_mode=True, data_prop=True)` goldens
/// (fixtures/shapes/, made by scripts/goldens/shapes.py).
final class ShapeGoldenTests: XCTestCase {
    static func goldens() -> [URL] {
        let dir = GoldenComparison.repoRoot.appendingPathComponent("fixtures/shapes")
        var out: [URL] = []
        for sub in ["", "thirdparty", "graphs"] {
            let d = sub.isEmpty ? dir : dir.appendingPathComponent(sub)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: d.path)) ?? []
            out += names.filter { $0.hasSuffix(".json") }.sorted().map { d.appendingPathComponent($0) }
        }
        return out
    }

    /// Values where onnx-compatible Cutline reports more than the golden, each with its reason (docs/SHAPES.md).
    static let knowsMoreAllowList: [String: String] = [
        // A graph output declared [1, seqlen] whose producer (Reshape-12 with a computed shape) infers nothing;
        // onnx keeps the declaration too, but the golden script reads the value_info entry onnx adds first.
        "ddddocr-common-old.json main:387": "declared graph-output type kept",
    ]

    /// In onnx-compatible mode every value must agree with onnx.
    func testAgreesWithONNXOnEveryGolden() throws {
        let goldens = Self.goldens()
        XCTAssertFalse(goldens.isEmpty, "no goldens under fixtures/shapes")
        var lines: [String] = []
        var compared = 0, values = 0, agreed = 0
        var seenMore = Set<String>()
        for url in goldens {
            guard let f = try GoldenComparison.compare(goldenURL: url) else {
                lines.append("\(url.lastPathComponent): model file not present, skipped")
                continue
            }
            if let err = f.loadError {
                // The loader's verdict, not inference's; listed so the figures show what was not compared.
                lines.append("\(url.lastPathComponent): not compared, the loader refused the model: \(err)")
                continue
            }
            compared += 1
            values += f.values
            agreed += f.agree
            lines.append("\(url.lastPathComponent): \(f.agree)/\(f.values) agree"
                + (f.negativeDims > 0 ? " (\(f.negativeDims) negative onnx dims read as unknown)" : ""))
            for d in f.disagreements.prefix(10) { XCTFail("\(url.lastPathComponent) \(d)") }
            if f.disagreements.count > 10 { XCTFail("\(url.lastPathComponent): \(f.disagreements.count - 10) more disagreements") }
            for m in f.cutlineKnowsMore {
                let key = "\(url.lastPathComponent) \(m.split(separator: ":").prefix(2).joined(separator: ":"))"
                seenMore.insert(key)
                XCTAssertNotNil(Self.knowsMoreAllowList[key], "not in the allow-list: \(url.lastPathComponent) \(m)")
            }
        }
        print(lines.joined(separator: "\n"))
        print("shape goldens: \(compared) models, \(agreed)/\(values) values agree")
        XCTAssertGreaterThan(compared, 100)
        for key in Self.knowsMoreAllowList.keys where !seenMore.contains(key) {
            // A stale entry means the allow-list no longer describes what the test sees.
            if goldens.contains(where: { key.hasPrefix($0.lastPathComponent) }) {
                let model = key.split(separator: " ").first.map(String.init) ?? ""
                if let url = goldens.first(where: { $0.lastPathComponent == model }),
                   (try? GoldenComparison.compare(goldenURL: url)) != nil {
                    XCTFail("allow-list entry no longer observed: \(key)")
                }
            }
        }
    }

    /// With constant evaluation on (the default), Cutline may know more than onnx but never contradicts it.
    func testDefaultOptionsNeverContradictONNX() throws {
        var more = 0
        for url in Self.goldens() {
            guard let f = try GoldenComparison.compare(goldenURL: url, options: ShapeInferenceOptions()) else { continue }
            more += f.cutlineKnowsMore.count + f.symbolMerges
            for d in f.disagreements.prefix(5) { XCTFail("\(url.lastPathComponent) \(d)") }
        }
        print("default options: \(more) values where Cutline knows more than onnx")
    }
}
