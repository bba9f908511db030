import CutlineCoverage
import Foundation
import XCTest

/// docs/rules/ is generated from the registry and the tables. Set CUTLINE_RECORD_DOCS=1 to rewrite it.
final class RulesDocsTests: XCTestCase {
    static let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/rules")

    func testRegistryIsSortedUniqueAndDocumented() {
        let codes = RuleRegistry.all.map(\.code)
        XCTAssertEqual(codes, codes.sorted())
        XCTAssertEqual(Set(codes).count, codes.count)
        XCTAssertEqual(Set(RuleRegistry.all.map(\.name)).count, codes.count)
        for r in RuleRegistry.all {
            XCTAssertTrue(r.code.hasPrefix("EP1"), r.code)
            XCTAssertFalse(r.summary.isEmpty || r.rationale.isEmpty || r.example.isEmpty || r.remedy.isEmpty, r.code)
        }
        XCTAssertEqual(RuleRegistry.info("ep104")?.name, "DynamicShapeNotSupported")
    }

    func testCommittedDocsAreCurrent() throws {
        let rendered = renderRulesDocs()
        XCTAssertNotNil(rendered["README.md"])
        XCTAssertEqual(rendered.keys.filter { $0.hasPrefix("EP") }.count, RuleRegistry.all.count)
        if ProcessInfo.processInfo.environment["CUTLINE_RECORD_DOCS"] == "1" {
            try FileManager.default.createDirectory(at: Self.docs, withIntermediateDirectories: true)
            for (name, text) in rendered {
                try text.write(to: Self.docs.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        }
        for (name, text) in rendered.sorted(by: { $0.key < $1.key }) {
            let url = Self.docs.appendingPathComponent(name)
            let committed = try? String(contentsOf: url, encoding: .utf8)
            XCTAssertEqual(committed, text, "docs/rules/\(name) is stale; rerun with CUTLINE_RECORD_DOCS=1")
        }
        // No generated page left behind for a code or table that no longer exists.
        let files = (try? FileManager.default.contentsOfDirectory(atPath: Self.docs.path)) ?? []
        for f in files where f.hasSuffix(".md") && f != "TABLE-SCHEMA.md" {
            XCTAssertNotNil(rendered[f], "docs/rules/\(f) is not generated any more")
        }
    }
}
