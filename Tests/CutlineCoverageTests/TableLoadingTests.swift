import CutlineCoverage
import CutlineIR
import XCTest

final class TableLoadingTests: XCTestCase {
    func testBuiltInTablesLoad() throws {
        for name in CoverageTable.builtInNames {
            let t = try CoverageTable.builtIn(name)
            XCTAssertEqual(t.name, name)
            XCTAssertEqual(t.schema, 1)
            XCTAssertFalse(t.ops.isEmpty)
        }
        let mlp = try CoverageTable.builtIn("coreml-mlprogram")
        XCTAssertTrue(mlp.dropsTrivialGroups(ortVersion: ORTVersion([1, 27])))
        XCTAssertFalse(mlp.dropsTrivialGroups(ortVersion: ORTVersion([1, 26, 2])))
        XCTAssertEqual(mlp.sinceMax(ortVersion: ORTVersion([1, 22])), 21)
        XCTAssertEqual(mlp.sinceMax(ortVersion: .latest), 27)
        // Aliased condition lists (YAML anchors) resolve to the same conditions.
        XCTAssertEqual(mlp.rule(for: "MaxPool", ortVersion: .latest)?.conditions.map(\.condition),
                       mlp.rule(for: "AveragePool", ortVersion: .latest)?.conditions.map(\.condition))
    }

    func testVersionRanges() throws {
        let r = try XCTUnwrap(VersionRange(">=1.21 <1.27"))
        XCTAssertTrue(r.contains(ORTVersion([1, 21])))
        XCTAssertTrue(r.contains(ORTVersion([1, 26, 9])))
        XCTAssertFalse(r.contains(ORTVersion([1, 27, 0])))
        XCTAssertFalse(r.contains(ORTVersion([1, 20, 3])))
        XCTAssertNil(VersionRange(">=one"))
        XCTAssertEqual(ORTVersion("1.32.0"), .latest)
        XCTAssertEqual(ORTVersion("1.32"), .latest)
        XCTAssertTrue(ORTVersion("1.19.2")!.isModelled)
        XCTAssertFalse(ORTVersion("1.18.9")!.isModelled)
        XCTAssertFalse(ORTVersion("1.33")!.isModelled)
        XCTAssertEqual(ORTVersion.releases.count, 14)
    }

    func testErrorsCarryFileAndLine() {
        let bad = """
        schema: 1
        name: mine
        ep: MyEP
        general:
          max_rank: 4
        ops:
          - op: Relu
            when:
              - rank: {input: 0, max: 4}
              - attribute: {name: alpha, between: 3}
        """
        XCTAssertThrowsError(try CoverageTable.parse(bad, origin: "mine.yml")) { error in
            let e = error as? TableError
            XCTAssertEqual(e?.file, "mine.yml")
            XCTAssertEqual(e?.line, 10)
            XCTAssertTrue(e?.message.contains("unknown key 'between'") ?? false, "\(error)")
        }
        let unknownCustom = """
        schema: 1
        name: mine
        ep: MyEP
        general: {}
        ops:
          - op: Relu
            when:
              - custom: NoSuchCheck
        """
        XCTAssertThrowsError(try CoverageTable.parse(unknownCustom, origin: "u.yml")) { error in
            XCTAssertEqual((error as? TableError)?.line, 8)
        }
        let wrongSchema = "schema: 2\nname: x\nep: y\ngeneral: {}\nops: []\n"
        XCTAssertThrowsError(try CoverageTable.parse(wrongSchema, origin: "s.yml")) { error in
            XCTAssertEqual((error as? TableError)?.line, 1)
        }
        let overlap = """
        schema: 1
        name: mine
        ep: MyEP
        general: {}
        ops:
          - {op: Relu, ort: ">=1.20"}
          - {op: Relu, ort: ">=1.25"}
        """
        XCTAssertThrowsError(try CoverageTable.parse(overlap, origin: "o.yml")) { error in
            XCTAssertEqual((error as? TableError)?.line, 7)
        }
        XCTAssertThrowsError(try CoverageTable.parse("schema: 1\nname: [\n", origin: "y.yml")) { error in
            XCTAssertEqual((error as? TableError)?.file, "y.yml")
        }
    }

    func testUserTableFromFile() throws {
        let text = """
        schema: 1
        name: my-npu
        ep: MyNPUExecutionProvider
        short_name: MyNPU
        general:
          static_shapes: always
          max_rank: 4
          default_dtypes: [float, float16]
        ops:
          - {op: Relu, since: ">=6"}
          - op: Conv
            when:
              - rank: {input: 0, in: [4]}
              - input_constant: {input: 1, required: true}
        """
        let path = NSTemporaryDirectory() + "cutline-user-table-\(getpid()).yml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let t = try CoverageTable.load(path: path)
        XCTAssertEqual(t.shortName, "MyNPU")
        XCTAssertEqual(t.general.staticShapes, .always)
        XCTAssertEqual(t.opNames, ["Conv", "Relu"])
        var b = GraphBuilder()
        let x = b.input("x", GraphBuilder.t(.float, [.param("n"), .value(8)]))
        _ = b.op("Relu", [x], GraphBuilder.t(.float, [.param("n"), .value(8)]), since: 14)
        let v = CoverageEvaluator(table: t).evaluate(b.graph, irVersion: 8, sinceVersions: b.sinceVersions, storage: nil)
        XCTAssertEqual(v[0].reasons.map(\.code), ["EP104"])
    }
}
