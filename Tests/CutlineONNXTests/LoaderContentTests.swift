import CutlineIR
@testable import CutlineONNX
import Foundation
import XCTest

/// What the loader makes of each part of the format (models from scripts/roundtrip/make_test_models.py).
final class LoaderContentTests: XCTestCase {
    private func resource(_ name: String) throws -> Model {
        try ONNXLoader.load(path: TestSupport.repoRoot + "/fixtures/roundtrip/" + name)
    }

    func testEveryAttributeKind() throws {
        let m = try resource("attributes.onnx")
        let node = m.graph[m.graph.liveNodeIDs[0]]
        XCTAssertEqual(node.domain, "test.attrs")
        var kinds = Set<AttributeType>()
        for a in node.attributes { kinds.insert(a.type); XCTAssertEqual(a.value?.type, a.type, a.name) }
        XCTAssertEqual(kinds, [.float, .int, .string, .tensor, .graph, .sparseTensor, .typeProto, .floats, .ints,
                               .strings, .tensors, .graphs, .sparseTensors, .typeProtos])
        XCTAssertEqual(node.attribute("f")?.float, 0.25)
        XCTAssertEqual(node.attribute("i")?.int, -7)
        XCTAssertEqual(node.attribute("s")?.string, "text")
        XCTAssertEqual(node.attribute("floats")?.floats, [1.0, -2.5])
        XCTAssertEqual(node.attribute("ints")?.ints, [3, -4, 5])
        XCTAssertEqual(node.attribute("strings")?.strings, ["a", "bc"])
        let t = try XCTUnwrap(node.attribute("t")?.tensor)
        XCTAssertEqual(t.dims, [2, 3])
        XCTAssertEqual(try TensorData.doubles(of: t, storage: m.storage), [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(node.subgraphs.count, 3)
        guard case .typeProto(let tp)? = node.attribute("tp")?.value else { return XCTFail("tp") }
        XCTAssertEqual(try SmallMessages.valueType(tp.bytes), .tensor(.int64, Shape([.param("N"), .value(3)])))
        guard case .sparseTensor(let sp)? = node.attribute("sparse")?.value else { return XCTFail("sparse") }
        XCTAssertEqual(sp.dims, [6])
        XCTAssertEqual(try TensorData.int64s(of: sp.indices, storage: m.storage), [1, 4])
    }

    func testSubgraphsReadOuterScope() throws {
        let m = try resource("subgraphs.onnx")
        let g = m.graph
        let ifID = try XCTUnwrap(g.liveNodeIDs.first { g[$0].opType == "If" })
        // The branches read x and bias, the nested Loop reads bias two levels down, trip one level down.
        XCTAssertEqual(Set(g.implicitInputs(of: ifID).map { g[$0].name }), ["x", "bias", "trip"])
        let then = try XCTUnwrap(g[ifID].attribute("then_branch")?.graph)
        for name in ["x", "bias", "trip"] {
            let v = try XCTUnwrap(then.value(named: name).map { then[$0] }, name)
            XCTAssertTrue(v.isOuterScope, name)
        }
        let loopID = try XCTUnwrap(then.liveNodeIDs.first)
        let body = try XCTUnwrap(then[loopID].attribute("body")?.graph)
        XCTAssertEqual(body.value(named: "bias").map { body[$0].isOuterScope }, true)
        XCTAssertEqual(body.value(named: "acc_in").map { body[$0].isGraphInput }, true)
        XCTAssertEqual(g.subgraphNodeCount, 4)
        let bias = try XCTUnwrap(g.value(named: "bias"))
        XCTAssertEqual(g[bias].implicitUses, [ifID])
        // The If comes after what it reads.
        let order = try XCTUnwrap(g.topologicalOrder())
        XCTAssertEqual(order.last, ifID)
    }

    func testFunctions() throws {
        let m = try resource("functions.onnx")
        XCTAssertEqual(m.functions.count, 1)
        let f = try XCTUnwrap(m.function(domain: "local.fn", name: "ScaleAdd"))
        XCTAssertEqual(f.attributeNames, ["scale"])
        XCTAssertEqual(f.docString, "a*scale + b")
        XCTAssertEqual(f.opsetImports.map(\.version), [17])
        XCTAssertEqual(f.body.inputs.map { f.body[$0].name }, ["a", "b"])
        XCTAssertEqual(f.body.outputs.map { f.body[$0].name }, ["out"])
        XCTAssertEqual(f.body.liveNodeCount, 3)
        let constant = f.body[f.body.liveNodeIDs[0]]
        XCTAssertEqual(constant.attribute("value_float")?.refAttrName, "scale")
        XCTAssertEqual(constant.attribute("value_float")?.type, .float)
        XCTAssertNil(constant.attribute("value_float")?.value)
        XCTAssertEqual(m.opsetVersion(for: "local.fn"), 1)
    }

    func testSparseInitializer() throws {
        let m = try resource("sparse.onnx")
        let w = try XCTUnwrap(m.graph.value(named: "w"))
        let s = try XCTUnwrap(m.graph[w].sparseInitializer)
        XCTAssertEqual(s.dims, [3, 4])
        XCTAssertEqual(try TensorData.doubles(of: s.values, storage: m.storage), [1, 2, 3])
        XCTAssertEqual(try TensorData.int64s(of: s.indices, storage: m.storage), [0, 5, 11])
        XCTAssertEqual(m.graph.sparseInitializerOrder, [w])
        XCTAssertEqual(m.graph[w].type, .tensor(.float, Shape(static: [3, 4])))
    }

    func testMetadataDocStringsAndDenotations() throws {
        let m = try resource("metadata.onnx")
        XCTAssertEqual(m.producerName, "cutline-tests")
        XCTAssertEqual(m.producerVersion, "1.0")
        XCTAssertEqual(m.modelVersion, 7)
        XCTAssertEqual(m.domain, "test.meta")
        XCTAssertEqual(m.docString, "model doc")
        XCTAssertEqual(m.graph.docString, "graph doc")
        XCTAssertEqual(m.metadataProps, [StringPair("author", "tests"), StringPair("license", "MIT")])
        let x = m.graph.inputInfos[0]
        XCTAssertEqual(x.docString, "the input")
        XCTAssertEqual(x.type, .tensor(.float, Shape([.param("batch"), .value(4)])))
        // The denotations are not modelled, so the exact TypeProto bytes are kept and written back.
        let typeBytes = try XCTUnwrap(x.typeBytes)
        XCTAssertTrue(String(decoding: typeBytes.bytes, as: UTF8.self).contains("DATA_BATCH"))
        let relu = m.graph[m.graph.liveNodeIDs[0]]
        XCTAssertEqual(relu.docString, "clamps")
        XCTAssertEqual(m.graph.valueInfos.count, 1)
    }

    func testWeightsAreReferencedNotCopied() throws {
        for path in TestSupport.onnxFiles(in: ["models"]) {
            let m = try ONNXLoader.load(path: path)
            var fileBytes = 0
            for id in m.graph.initializerOrder {
                let t = try XCTUnwrap(m.graph[id].initializer)
                if case .field(_, .file(let offset, let count)) = t.payload {
                    // The range is the tensor's bytes inside the mapping.
                    XCTAssertEqual(Int64(count), t.byteCount, t.name)
                    XCTAssertLessThanOrEqual(offset + count, m.storage?.count ?? 0)
                    fileBytes += count
                } else if case .field(_, .memory(let b)) = t.payload {
                    XCTFail("initializer '\(t.name)' was copied (\(b.count) bytes)")
                }
            }
            XCTAssertGreaterThan(fileBytes, 100_000, path)
        }
    }

    func testExternalDataIsReferenced() throws {
        let m = try resource("external/external.onnx")
        let w = try XCTUnwrap(m.graph.value(named: "w").flatMap { m.graph[$0].initializer })
        guard case .external(let ext) = w.payload else { return XCTFail("w is not external") }
        XCTAssertEqual(ext.location, "external.weights")
        XCTAssertEqual(try TensorData.rawBytes(of: w, storage: m.storage).count, 64 * 32 * 4)
    }

    func testUnpackedRepeatedValuesArePacked() throws {
        // float_data written as three separate fixed32 fields, int64_data as separate varints.
        let floats = ProtoBytes()
        floats.int(1, 3).int(2, 1).string(8, "f")
        for v: Float in [1.5, -2, 4] { floats.fixed32(4, v.bitPattern) }
        let ints = ProtoBytes()
        ints.int(1, 2).int(2, 7).string(8, "i")
        for v: Int64 in [-5, 300] { ints.int(7, v) }
        let g = ProtoBytes()
        g.message(1, .node("Relu", ["x"], ["y"], name: "relu"))
        g.message(5, floats).message(5, ints)
        g.message(11, .valueInfo("x")).message(12, .valueInfo("y"))
        let m = try ONNXLoader.load(bytes: ProtoBytes.model(g).bytes, path: "m.onnx", directory: ".")
        let f = try XCTUnwrap(m.graph.value(named: "f").flatMap { m.graph[$0].initializer })
        let i = try XCTUnwrap(m.graph.value(named: "i").flatMap { m.graph[$0].initializer })
        guard case .field(.floatData, .memory) = f.payload, case .field(.int64Data, .memory) = i.payload else {
            return XCTFail("expected re-packed payloads")
        }
        XCTAssertEqual(try TensorData.doubles(of: f, storage: m.storage), [1.5, -2, 4])
        XCTAssertEqual(try TensorData.int64s(of: i, storage: m.storage), [-5, 300])
        let again = try ONNXLoader.load(bytes: try ONNXWriter.serialize(m), path: "m2.onnx", directory: ".")
        XCTAssertEqual(try ONNXRoundTrip.payloadsInMemory(again), try ONNXRoundTrip.payloadsInMemory(m))
    }

    func testUnknownFieldsSurvive() throws {
        let unknown = ProtoBytes().string(99, "keep me").bytes
        let tensor = ProtoBytes.floatTensor("w", dims: [1], raw: [0, 0, 128, 63])
        tensor.bytes += unknown
        let node = ProtoBytes.node("Add", ["x", "w"], ["y"], name: "add")
        node.bytes += unknown
        let g = ProtoBytes()
        g.message(1, node).message(5, tensor)
        g.message(11, .valueInfo("x")).message(12, .valueInfo("y"))
        g.bytes += unknown
        let model = ProtoBytes.model(g)
        model.bytes += unknown
        let m = try ONNXLoader.load(bytes: model.bytes, path: "m.onnx", directory: ".")
        XCTAssertEqual(m.extraFields.bytes, unknown)
        XCTAssertEqual(m.graph.extraFields.bytes, unknown)
        XCTAssertEqual(m.graph[m.graph.liveNodeIDs[0]].extraFields.bytes, unknown)
        XCTAssertEqual(m.graph.value(named: "w").flatMap { m.graph[$0].initializer }?.extraFields.bytes, unknown)
        // Written back in place: the output is the input, byte for byte.
        XCTAssertTrue(try ONNXWriter.serialize(m) == model.bytes, "not written back byte for byte")
    }
}
