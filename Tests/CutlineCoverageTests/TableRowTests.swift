@testable import CutlineCoverage
import CutlineIR
import XCTest

/// Every row of both CoreML tables: a supported example and rejected examples, built in code (RowCases.swift).
final class TableRowTests: XCTestCase {
    func verdict(_ c: RowCase, table: CoverageTable, options: CoverageOptions = CoverageOptions()) throws -> Verdict {
        var b = GraphBuilder()
        c.build(&b)
        try Verifier.verify(b.graph)
        guard let id = b.id("t") else { throw XCTSkip("case \(c.op)/\(c.label) has no node t") }
        let verdicts = CoverageEvaluator(table: table, options: options)
            .evaluate(b.graph, irVersion: 8, sinceVersions: b.sinceVersions, storage: nil)
        return verdicts[id.index]
    }

    func run(_ cases: [(RowCase, [String])], table: CoverageTable) throws -> [String: (ok: Int, rejected: Int)] {
        var seen: [String: (ok: Int, rejected: Int)] = [:]
        for (c, expect) in cases {
            let v = try verdict(c, table: table)
            let codes = Set(v.reasons.map(\.code))
            XCTAssertEqual(codes, Set(expect), "\(table.name) \(c.op) [\(c.label)]: \(v.reasons.map(\.message))")
            XCTAssertEqual(v.supported, expect.isEmpty, "\(table.name) \(c.op) [\(c.label)]")
            for r in v.reasons { XCTAssertFalse(r.message.isEmpty || r.remedy.isEmpty, "\(c.op) \(r.code)") }
            var s = seen[c.op] ?? (0, 0)
            if expect.isEmpty { s.ok += 1 } else { s.rejected += 1 }
            seen[c.op] = s
        }
        return seen
    }

    func testNeuralNetworkRows() throws {
        let t = try CoverageTable.builtIn("coreml-neuralnetwork")
        let cases = RowCases.common.map { ($0, $0.expect) } + RowCases.byFormat.map { ($0.0, $0.0.expect) }
        let seen = try run(cases, table: t)
        for row in t.ops where row.ort.contains(ORTVersion.latest) {
            let s = seen[row.op]
            if row.onlyIn != nil {
                XCTAssertGreaterThan(s?.rejected ?? 0, 0, "no EP101 example for \(row.op)")
            } else {
                XCTAssertGreaterThan(s?.ok ?? 0, 0, "no supported example for NN \(row.op)")
                if !row.conditions.isEmpty || row.dtypes != nil {
                    XCTAssertGreaterThan(s?.rejected ?? 0, 0, "no rejected example for NN \(row.op)")
                }
            }
        }
    }

    func testMLProgramRows() throws {
        let t = try CoverageTable.builtIn("coreml-mlprogram")
        let cases = RowCases.common.map { ($0, $0.expect) } + RowCases.byFormat.map { ($0.0, $0.1) }
        let seen = try run(cases, table: t)
        for row in t.ops where row.ort.contains(ORTVersion.latest) {
            let s = seen[row.op]
            if row.onlyIn != nil {
                XCTAssertGreaterThan(s?.rejected ?? 0, 0, "no EP101 example for \(row.op)")
            } else {
                XCTAssertGreaterThan(s?.ok ?? 0, 0, "no supported example for MLP \(row.op)")
                if !row.conditions.isEmpty {
                    XCTAssertGreaterThan(s?.rejected ?? 0, 0, "no rejected example for MLP \(row.op)")
                }
            }
        }
    }

    func testEveryCustomCheckIsUsedAndDocumented() throws {
        var used = Set<String>()
        for name in ["coreml-neuralnetwork", "coreml-mlprogram"] {
            for row in try CoverageTable.builtIn(name).ops {
                for c in row.conditions { if case .custom(let n) = c.condition { used.insert(n) } }
            }
        }
        XCTAssertEqual(used, CustomChecks.names)
        XCTAssertEqual(Set(CustomChecks.descriptions.keys), CustomChecks.names)
    }

    // MARK: options and versions

    func testORTVersionGates() throws {
        let mlp = try CoverageTable.builtIn("coreml-mlprogram")
        let whereCase = RowCase(op: "Where", label: "", expect: []) { b in
            let c = b.x([4], .bool, name: "c"); let x = b.x([4]); let y = b.weight("y", [4]); b.t("Where", [c, x, y], GB.f(4)) }
        XCTAssertTrue(try verdict(whereCase, table: mlp).supported)
        let old = try verdict(whereCase, table: mlp, options: CoverageOptions(ortVersion: ORTVersion([1, 27, 0])))
        XCTAssertEqual(old.reasons.map(\.code), ["EP118"])
        XCTAssertTrue(old.reasons[0].message.contains("1.28"), old.reasons[0].message)

        let hardSigmoid = RowCase(op: "HardSigmoid", label: "", expect: []) { b in let x = b.x([4]); b.t("HardSigmoid", [x], GB.f(4), since: 6) }
        XCTAssertEqual(try verdict(hardSigmoid, table: mlp, options: CoverageOptions(ortVersion: ORTVersion([1, 25]))).reasons.map(\.code), ["EP118"])
        XCTAssertTrue(try verdict(hardSigmoid, table: mlp, options: CoverageOptions(ortVersion: ORTVersion([1, 26]))).supported)

        let scalarGather = RowCase(op: "Gather", label: "", expect: []) { b in let x = b.x([10, 4]); let i = b.ints("i", [1], dims: []); b.t("Gather", [x, i], GB.f(4)) }
        XCTAssertEqual(try verdict(scalarGather, table: mlp, options: CoverageOptions(ortVersion: ORTVersion([1, 26]))).reasons.map(\.code), ["EP117"])
        // Gather had no MLProgram builder before 1.22.
        XCTAssertEqual(try verdict(scalarGather, table: mlp, options: CoverageOptions(ortVersion: ORTVersion([1, 21]))).reasons.map(\.code), ["EP101"])

        // Before 1.23 every input dim above 16384 rejected; from 1.23 only Conv/ConvTranspose check it.
        let wide = RowCase(op: "Relu", label: "", expect: []) { b in let x = b.x([1, 20000]); b.t("Relu", [x], GB.f(1, 20000)) }
        XCTAssertTrue(try verdict(wide, table: mlp).supported)
        XCTAssertEqual(try verdict(wide, table: mlp, options: CoverageOptions(ortVersion: ORTVersion([1, 22]))).reasons.map(\.code), ["EP112"])

        // int64 joined the MLProgram default types in 1.23; opset 22+ schemas need 1.23 (max since 21 before).
        let int64Add = RowCase(op: "Add", label: "", expect: []) { b in let x = b.x([4], .int64); let y = b.ints("y", [1, 2, 3, 4]); b.t("Add", [x, y], GB.t(.int64, [4])) }
        XCTAssertEqual(try verdict(int64Add, table: mlp, options: CoverageOptions(ortVersion: ORTVersion([1, 22]))).reasons.map(\.code), ["EP107"])
        let relu22 = RowCase(op: "Relu", label: "", expect: []) { b in let x = b.x([4]); b.t("Relu", [x], GB.f(4), since: 24) }
        XCTAssertEqual(try verdict(relu22, table: mlp, options: CoverageOptions(ortVersion: ORTVersion([1, 22]))).reasons.map(\.code), ["EP102"])
        XCTAssertTrue(try verdict(relu22, table: mlp).supported)

        XCTAssertTrue(CoverageEvaluator(table: mlp, options: CoverageOptions(ortVersion: ORTVersion([1, 27]))).dropsTrivialGroups)
        XCTAssertFalse(CoverageEvaluator(table: mlp, options: CoverageOptions(ortVersion: ORTVersion([1, 26, 1]))).dropsTrivialGroups)
    }

    func testCoreMLVersionGates() throws {
        let mlp = try CoverageTable.builtIn("coreml-mlprogram")
        let fp16Slice = RowCase(op: "Slice", label: "", expect: []) { b in let x = b.x([4, 6], .float16); let s = b.ints("s", [1]); let e = b.ints("e", [3]); b.t("Slice", [x, s, e], GB.t(.float16, [2, 6])) }
        XCTAssertTrue(try verdict(fp16Slice, table: mlp).supported)
        XCTAssertEqual(try verdict(fp16Slice, table: mlp, options: CoverageOptions(coremlVersion: 5)).reasons.map(\.code), ["EP113"])
        let sameLower = RowCase(op: "Conv", label: "", expect: []) { b in let x = b.x([1, 3, 8, 8]); let w = b.weight("w", [4, 3, 3, 3]); b.t("Conv", [x, w], GB.f(1, 4, 8, 8), attrs: [.s("auto_pad", "SAME_LOWER")], since: 11) }
        XCTAssertTrue(try verdict(sameLower, table: mlp).supported)
        XCTAssertEqual(try verdict(sameLower, table: mlp, options: CoverageOptions(coremlVersion: 5)).reasons.map(\.code), ["EP113"])
        let d2s = RowCase(op: "DepthToSpace", label: "", expect: []) { b in let x = b.x([1, 8, 2, 2], .float16); b.t("DepthToSpace", [x], GB.t(.float16, [1, 2, 4, 4]), attrs: [.i("blocksize", 2)]) }
        XCTAssertTrue(try verdict(d2s, table: mlp).supported)
        XCTAssertEqual(try verdict(d2s, table: mlp, options: CoverageOptions(coremlVersion: 6)).reasons.map(\.code), ["EP113"])
    }

    func testRequireStaticInputShapes() throws {
        let nn = try CoverageTable.builtIn("coreml-neuralnetwork")
        let dyn = RowCase(op: "Relu", label: "", expect: []) { b in let x = b.xd([.param("n"), .value(4)]); b.t("Relu", [x], nil) }
        XCTAssertTrue(try verdict(dyn, table: nn).supported)
        XCTAssertEqual(try verdict(dyn, table: nn, options: CoverageOptions(requireStaticInputShapes: true)).reasons.map(\.code), ["EP104"])
    }

    func testSubgraphNodesNeedEnableOnSubgraphs() throws {
        var body = GraphBuilder()
        let inner = body.x([4], name: "inner_in")
        let r = body.op("Relu", [inner], GB.f(4), name: "inner_relu")
        body.output(r)
        let nn = try CoverageTable.builtIn("coreml-neuralnetwork")
        let outer = Graph()
        let off = CoverageEvaluator(table: nn).evaluate(body.graph, irVersion: 8, sinceVersions: body.sinceVersions, storage: nil, ancestors: [outer])
        XCTAssertEqual(off[0].reasons.map(\.code), ["EP119"])
        let on = CoverageEvaluator(table: nn, options: CoverageOptions(enableSubgraphs: true))
            .evaluate(body.graph, irVersion: 8, sinceVersions: body.sinceVersions, storage: nil, ancestors: [outer])
        XCTAssertTrue(on[0].supported)
    }

    func testOuterScopeConstantsAndOverridableInitializers() throws {
        // Gemm's B read from the enclosing graph, where it is an initializer: constant (outer scope allowed).
        var main = GraphBuilder()
        let w = main.weight("w", [4, 3])
        var body = GraphBuilder()
        let ow = body.e.value(named: "w")
        body.e.markOuterScope(ow)
        let a = body.x([2, 4], name: "a")
        body.t("Gemm", [a, ow], GB.f(2, 3))
        let nn = try CoverageTable.builtIn("coreml-neuralnetwork")
        let ev = CoverageEvaluator(table: nn, options: CoverageOptions(enableSubgraphs: true))
        var v = ev.evaluate(body.graph, irVersion: 8, sinceVersions: body.sinceVersions, storage: nil, ancestors: [main.graph])
        XCTAssertTrue(v[0].supported, "\(v[0].reasons)")
        // The same initializer listed in graph.input is overridable (IR ≥ 4): not constant …
        main.e.appendInput(ValueInfo(value: w, type: GB.f(4, 3)))
        v = ev.evaluate(body.graph, irVersion: 8, sinceVersions: body.sinceVersions, storage: nil, ancestors: [main.graph])
        XCTAssertEqual(v[0].reasons.map(\.code), ["EP108"])
        // … except for IR version 3, where every initializer is constant.
        v = ev.evaluate(body.graph, irVersion: 3, sinceVersions: body.sinceVersions, storage: nil, ancestors: [main.graph])
        XCTAssertTrue(v[0].supported)
    }

    func testDomainIsIgnoredAtLookup() throws {
        let mlp = try CoverageTable.builtIn("coreml-mlprogram")
        let custom = RowCase(op: "Relu", label: "", expect: []) { b in let x = b.x([4]); b.t("Relu", [x], GB.f(4), since: 14, domain: "my.domain") }
        XCTAssertTrue(try verdict(custom, table: mlp).supported)
        let unknown = RowCase(op: "NonZero", label: "", expect: []) { b in let x = b.x([4]); b.t("NonZero", [x], GB.t(.int64, [1, 4])) }
        XCTAssertEqual(try verdict(unknown, table: mlp).reasons.map(\.code), ["EP100"])
    }

    func testNNAPIRules() throws {
        let t = try CoverageTable.builtIn("nnapi")
        let dyn = RowCase(op: "Relu", label: "", expect: []) { b in let x = b.xd([.param("n"), .value(4)]); b.t("Relu", [x], nil) }
        XCTAssertEqual(try verdict(dyn, table: t).reasons.map(\.code), ["EP104"])
        let ok = RowCase(op: "Relu", label: "", expect: []) { b in let x = b.x([1, 4]); b.t("Relu", [x], GB.f(1, 4)) }
        XCTAssertTrue(try verdict(ok, table: t).supported)
        let q = RowCase(op: "QLinearConv", label: "", expect: []) { b in let x = b.x([1, 3, 8, 8], .uint8); b.t("QLinearConv", [x], nil, since: 10) }
        XCTAssertTrue(try verdict(q, table: t).supported)
        // NonMaxSuppression and what follows it stay on the CPU.
        var b = GraphBuilder()
        let boxes = b.x([1, 4, 4], name: "boxes")
        let scores = b.x([1, 1, 4], name: "scores")
        let nms = b.op("NonMaxSuppression", [boxes, scores], GB.t(.int64, [2, 3]), name: "nms", since: 11)
        let cast = b.op("Cast", [nms], GB.f(2, 3), name: "after", attrs: [.i("to", 1)])
        b.output(cast)
        let v = CoverageEvaluator(table: t).evaluate(b.graph, irVersion: 8, sinceVersions: b.sinceVersions, storage: nil)
        XCTAssertEqual(v.map { $0.reasons.map(\.code) }, [["EP121"], ["EP121"]])
    }
}
