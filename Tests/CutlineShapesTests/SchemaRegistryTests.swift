import CutlineIR
@testable import CutlineShapes
import XCTest

final class SchemaRegistryTests: XCTestCase {
    func testBundledTableLoads() {
        XCTAssertNil(SchemaRegistry.standard.loadError)
        XCTAssertFalse(SchemaRegistry.standard.onnxVersion.isEmpty)
    }

    // Version histories below are onnx's (docs/Changelog.md): Split changed at 2, 11, 13, 18; Resize at 10, 11,
    // 13, 18, 19; Unsqueeze moved axes to an input at 13.
    func testSinceVersionPicksNewestNotAfterImport() {
        let r = SchemaRegistry.standard
        XCTAssertEqual(r.sinceVersion(domain: "", opType: "Split", opsetVersion: 12), 11)
        XCTAssertEqual(r.sinceVersion(domain: "", opType: "Split", opsetVersion: 13), 13)
        XCTAssertEqual(r.sinceVersion(domain: "ai.onnx", opType: "Split", opsetVersion: 17), 13)
        XCTAssertEqual(r.sinceVersion(domain: "", opType: "Split", opsetVersion: 18), 18)
        XCTAssertEqual(r.sinceVersion(domain: "", opType: "Resize", opsetVersion: 9), nil)
        XCTAssertEqual(r.sinceVersion(domain: "", opType: "Resize", opsetVersion: 12), 11)
        XCTAssertEqual(r.sinceVersion(domain: "", opType: "Unsqueeze", opsetVersion: 12), 11)
        XCTAssertEqual(r.sinceVersion(domain: "", opType: "Unsqueeze", opsetVersion: 13), 13)
        XCTAssertEqual(r.sinceVersion(domain: "", opType: "NoSuchOp", opsetVersion: 13), nil)
        XCTAssertFalse(r.isKnown(domain: "", opType: "NoSuchOp"))
        XCTAssertTrue(r.isKnown(domain: "ai.onnx", opType: "Conv"))
    }

    func testONNXRuntimeContribSchemas() {
        let r = SchemaRegistry.standard
        XCTAssertEqual(r.sinceVersion(domain: "com.microsoft", opType: "FusedConv", opsetVersion: 1), 1)
        XCTAssertEqual(r.sinceVersion(domain: "com.microsoft", opType: "SkipLayerNormalization", opsetVersion: 1), 1)
        // ORT registers its own default-domain LayerNormalization at version 1; onnx's arrives at 17.
        XCTAssertEqual(r.sinceVersion(domain: "", opType: "LayerNormalization", opsetVersion: 13), 1)
        XCTAssertEqual(r.sinceVersion(domain: "", opType: "LayerNormalization", opsetVersion: 17), 17)
        XCTAssertEqual(SchemaRegistry.onnxOnly.sinceVersion(domain: "", opType: "LayerNormalization", opsetVersion: 13), nil)
        XCTAssertFalse(SchemaRegistry.onnxOnly.isKnown(domain: "com.microsoft", opType: "FusedConv"))
    }

    func testResolveSinceVersionsUsesImports() throws {
        var e = GraphEditor()
        let x = e.addValue(name: "x")
        try e.addNode(Node(name: "sq", opType: "Squeeze"), inputs: [x], outputNames: ["y"])
        try e.addNode(Node(name: "g", opType: "Gelu", domain: "com.microsoft"), inputs: [x], outputNames: ["z"])
        try e.addNode(Node(name: "u", opType: "Unknown"), inputs: [x], outputNames: ["w"])
        let model = Model(opsetImports: [OpsetImport(domain: "", version: 12), OpsetImport(domain: "com.microsoft", version: 1)],
                          graph: e.graph)
        XCTAssertEqual(resolveSinceVersions(model: model, graph: model.graph), [11, 1, nil])
        let noMS = Model(opsetImports: [OpsetImport(domain: "ai.onnx", version: 21)], graph: e.graph)
        XCTAssertEqual(resolveSinceVersions(model: noMS, graph: noMS.graph), [21, nil, nil])
    }
}
