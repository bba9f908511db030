import Foundation
import Testing

/// The SARIF output validates against the official SARIF 2.1.0 schema (OASIS errata 01, committed under
/// fixtures/sarif/ with its source noted in the README there).
@Suite struct SARIFSchemaTests {
    static let schemaURL = LintCLI.repoRoot.appendingPathComponent("fixtures/sarif/sarif-schema-2.1.0.json")

    func validator() throws -> JSONSchemaValidator {
        try JSONSchemaValidator(schemaData: Data(contentsOf: Self.schemaURL))
    }

    func sarif(_ extra: [String] = []) throws -> String {
        let r = try LintCLI.run(["lint", "fixtures/graphs/coreml-erf-middle-op17.onnx", "fixtures/graphs/coreml-where-middle-op17.onnx",
                                 "fixtures/graphs/coreml-contrib-op-op17.onnx", "--config", "Tests/CutlineLintTests/Configs/snapshot.yml",
                                 "--format", "sarif"] + extra)
        #expect(r.status == 1)
        return r.stdout
    }

    @Test func outputValidates() throws {
        let v = try validator()
        let text = try sarif()
        let errors = try v.validate(Data(text.utf8))
        #expect(errors.isEmpty, "\(errors.prefix(10))")
    }

    @Test func outputWithBaselineStateValidates() throws {
        let dir = try LintCLI.tempDir()
        let base = dir.appendingPathComponent("b.json").path
        _ = try LintCLI.run(["lint", "fixtures/graphs/coreml-erf-middle-op17.onnx", "--config", "Tests/CutlineLintTests/Configs/snapshot.yml",
                             "--write-baseline", base])
        let text = try sarif(["--baseline", base])
        #expect(text.contains("\"baselineState\" : \"unchanged\"") && text.contains("\"baselineState\" : \"new\""))
        #expect(try validator().validate(Data(text.utf8)).isEmpty)
    }

    /// The validator is not vacuous: documents that break the schema are rejected.
    @Test func brokenDocumentsAreRejected() throws {
        let v = try validator()
        let good = try sarif()
        let broken = [
            good.replacingOccurrences(of: "\"version\" : \"2.1.0\"", with: "\"version\" : \"2.0.0\""),
            good.replacingOccurrences(of: "\"level\" : \"warning\"", with: "\"level\" : \"loud\""),
            good.replacingOccurrences(of: "\"startLine\" : 1", with: "\"startLine\" : 0"),
            good.replacingOccurrences(of: "\"ruleId\"", with: "\"ruleID\""),
        ]
        for (i, doc) in broken.enumerated() {
            #expect(doc != good, "mutation \(i) changed nothing")
            #expect(!(try v.validate(Data(doc.utf8))).isEmpty, "mutation \(i) was accepted")
        }
    }

    /// What code scanning needs beyond the schema: a start line, a fingerprint, the rule's metadata, the node path.
    @Test func structure() throws {
        let obj = try JSONSerialization.jsonObject(with: Data(try sarif().utf8)) as? [String: Any]
        let run = (obj?["runs"] as? [[String: Any]])?.first
        let rules = ((run?["tool"] as? [String: Any])?["driver"] as? [String: Any])?["rules"] as? [[String: Any]] ?? []
        let results = run?["results"] as? [[String: Any]] ?? []
        #expect(!rules.isEmpty && !results.isEmpty)
        let ruleIDs = rules.compactMap { $0["id"] as? String }
        #expect(Set(ruleIDs).count == ruleIDs.count)
        for r in results {
            guard let id = r["ruleId"] as? String, let idx = r["ruleIndex"] as? Int else { Issue.record("result without rule"); continue }
            #expect(ruleIDs[idx] == id)
            let loc = (r["locations"] as? [[String: Any]])?.first
            let region = (loc?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any]
            #expect(region?["startLine"] as? Int == 1)
            #expect(((r["partialFingerprints"] as? [String: String])?["cutlineFingerprint/v1"])?.count == 16)
        }
        let logical = results.compactMap { (($0["locations"] as? [[String: Any]])?.first?["logicalLocations"] as? [[String: Any]])?.first }
        #expect(logical.contains { ($0["fullyQualifiedName"] as? String) == "fixtures/graphs/coreml-erf-middle-op17.onnx/Erf#2" })
    }
}
