import CutlineIR
@testable import CutlineRewrite
import CutlineShapes
import Foundation
import XCTest

final class DecomposeContribTests: XCTestCase {
    func contribModel(_ op: String, inputs: (inout TestGraph, ValueID) -> [ValueID?], attributes: [Attribute] = [],
                      outputs: Int = 1, shape: [Dim] = [.value(1), .value(2), .value(4), .value(4)]) -> Model {
        var t = TestGraph()
        t.domains = [OpsetImport(domain: "com.microsoft", version: 1)]
        let x = t.input("x", .float, shape)
        let ins = inputs(&t, x)
        t.output(t.node(op, ins, domain: "com.microsoft", attributes: attributes, outputs: outputs, name: "y"))
        return t.model
    }

    func testFusedConvBecomesConvAndActivation() throws {
        var model = contribModel("FusedConv", inputs: { t, x in
            [x, t.constant("w", .doubles([Double](repeating: 0.1, count: 2 * 2 * 3 * 3), dims: [2, 2, 3, 3])),
             t.constant("b", .doubles([0, 1]))]
        }, attributes: [Attribute(name: "activation", value: .string(Array("LeakyRelu".utf8))),
                        Attribute(name: "activation_params", value: .floats([0.2])),
                        Attribute(name: "pads", value: .ints([1, 1, 1, 1]))])
        let record = try RewriteDriver.run(&model, pass: DecomposeContribPass(), context: RewriteContext())
        XCTAssertEqual(record.status, .applied)
        XCTAssertEqual(model.graph.opTypes, ["Conv", "LeakyRelu"])
        let conv = model.graph.nodes("Conv")[0]
        XCTAssertEqual(conv.attribute("pads")?.ints, [1, 1, 1, 1])
        XCTAssertNil(conv.attribute("activation"))
        XCTAssertEqual(model.graph.nodes("LeakyRelu")[0].attribute("alpha")?.float, 0.2)
        XCTAssertEqual(model.graph[model.graph.outputs[0]].producer.map { model.graph[$0].opType }, "LeakyRelu")
    }

    func testTargetThatTakesTheOpKeepsIt() throws {
        var model = contribModel("FusedConv", inputs: { t, x in
            [x, t.constant("w", .doubles([Double](repeating: 0.1, count: 2 * 2), dims: [2, 2, 1, 1]))]
        }, attributes: [Attribute(name: "activation", value: .string(Array("Relu".utf8)))])
        let mlp = RewriteTarget(name: "coreml-mlprogram", opSinceMin: ["FusedConv": 1])
        let record = try RewriteDriver.run(&model, pass: DecomposeContribPass(), context: RewriteContext(target: mlp))
        XCTAssertEqual(record.status, .unchanged)
        XCTAssertEqual(record.report.misses, ["y: coreml-mlprogram takes FusedConv"])
    }

    func testGeluFamilyMatchesTheirDefinitions() throws {
        let xs: [Double] = [-2, -0.5, 0.5, 2]
        let shape: [Dim] = [.value(4)]
        // Gelu is the erf form, exactly.
        var gelu = contribModel("Gelu", inputs: { _, x in [x] }, shape: shape)
        _ = try RewriteDriver.run(&gelu, pass: DecomposeContribPass(), context: RewriteContext())
        XCTAssertEqual(gelu.graph.count("Erf"), 1)
        let g = try TinyInterpreter.run(gelu, inputs: ["x": xs])["y_0_out0"] ?? []
        for (o, x) in zip(g, xs) { XCTAssertEqual(o, geluErf(x), accuracy: 1e-6) }
        // FastGelu is ORT's tanh form: x·(0.5 + 0.5·tanh(x·(0.7978845608 + 0.035677408136·x²))).
        var fast = contribModel("FastGelu", inputs: { _, x in [x] }, shape: shape)
        _ = try RewriteDriver.run(&fast, pass: DecomposeContribPass(), context: RewriteContext())
        let f = try TinyInterpreter.run(fast, inputs: ["x": xs])["y_0_out0"] ?? []
        for (o, x) in zip(f, xs) {
            XCTAssertEqual(o, x * (0.5 + 0.5 * tanh(x * (0.7978845608 + 0.035677408136 * x * x))), accuracy: 1e-6)
        }
        // QuickGelu: x·sigmoid(alpha·x).
        var quick = contribModel("QuickGelu", inputs: { _, x in [x] }, attributes: [Attribute(name: "alpha", value: .float(1.5))], shape: shape)
        _ = try RewriteDriver.run(&quick, pass: DecomposeContribPass(), context: RewriteContext())
        let q = try TinyInterpreter.run(quick, inputs: ["x": xs])["y_0_out0"] ?? []
        for (o, x) in zip(q, xs) { XCTAssertEqual(o, x / (1 + exp(-1.5 * x)), accuracy: 1e-6) }
    }

    func testSkipLayerNormalizationKeepsItsSumOutput() throws {
        var t = TestGraph()
        t.domains = [OpsetImport(domain: "com.microsoft", version: 1)]
        let x = t.input("x", .float, [.value(1), .value(2), .value(4)])
        let skip = t.input("skip", .float, [.value(1), .value(2), .value(4)])
        let n = Node(name: "sln", opType: "SkipLayerNormalization", domain: "com.microsoft",
                     attributes: [Attribute(name: "epsilon", value: .float(1e-5))])
        let gamma = t.constant("gamma", .doubles([1, 2, 3, 4]))
        let beta = t.constant("beta", .doubles([0, 0, 1, 1]))
        let id = try t.editor.addNode(n, inputs: [x, skip, gamma, beta], outputNames: ["y", nil, nil, "sum"])
        t.output(t.editor.graph[id].outputs[0]!)
        t.output(t.editor.graph[id].outputs[3]!)
        var model = t.model
        let record = try RewriteDriver.run(&model, pass: DecomposeContribPass(), context: RewriteContext())
        XCTAssertEqual(record.status, .applied)
        XCTAssertEqual(model.graph.count("SkipLayerNormalization"), 0)
        XCTAssertEqual(model.graph.count("ReduceMean"), 2, "opset 14: mean and variance in primitives")
        XCTAssertEqual(model.graph[model.graph.outputs[1]].producer.map { model.graph[$0].opType }, "Add")
        XCTAssertEqual(model.graph.outputs.map { model.graph[$0].name }, ["y", "sum"])
        try Verifier.verify(model.graph)
    }
}

final class FP16ToFP32Tests: XCTestCase {
    func halfModel() -> Model {
        var t = TestGraph()
        let x = t.input("x", .float16, [.value(2)])
        let w = t.constant("w", TensorLiteral(dataType: .float16, dims: [2], values: .doubles([0.5, -1.25])))
        let y = t.node("Mul", [x, w])
        let c = t.node("Cast", [y], attributes: [Attribute(name: "to", value: .int(Int64(DataType.float16.code)))], name: "y")
        t.output(c, .tensor(.float16, Shape(static: [2])))
        return t.model
    }

    func testEverythingBecomesFloat() throws {
        var model = halfModel()
        let record = try RewriteDriver.run(&model, pass: FP16ToFP32Pass(), context: RewriteContext())
        XCTAssertEqual(record.status, .applied)
        let g = model.graph
        XCTAssertEqual(g.inputInfos[0].type, .tensor(.float, Shape(static: [2])))
        XCTAssertEqual(g.outputInfos[0].type, .tensor(.float, Shape(static: [2])))
        XCTAssertEqual(g[g.value(named: "w")!].initializer?.dataType, .float)
        XCTAssertEqual(ConstantLookup(storage: nil, irVersion: 8).literal(g.value(named: "w"), in: g)?.doubles, [0.5, -1.25])
        XCTAssertEqual(g.nodes("Cast")[0].attribute("to")?.int, Int64(DataType.float.code))
    }

    func testKeepIOTypesCastsAtTheBoundary() throws {
        var model = halfModel()
        let outputName = model.graph[model.graph.outputs[0]].name
        let ctx = RewriteContext(options: RewriteOptions(keepIOTypes: true))
        _ = try RewriteDriver.run(&model, pass: FP16ToFP32Pass(), context: ctx)
        let g = model.graph
        XCTAssertEqual(g.inputInfos[0].type?.elementType, .float16)
        XCTAssertEqual(g.outputInfos[0].type?.elementType, .float16)
        XCTAssertEqual(g[g.outputs[0]].name, outputName)
        let casts = g.nodes("Cast").compactMap { $0.attribute("to")?.int }.sorted()
        XCTAssertEqual(casts, [Int64(DataType.float.code), Int64(DataType.float.code), Int64(DataType.float16.code)],
                       "one Cast in, the model's own Cast widened, one Cast out")
        let mul = g.nodes("Mul")[0]
        XCTAssertEqual(mul.input(0).flatMap { g[$0].producer }.map { g[$0].opType }, "Cast")
        try Verifier.verify(g)
    }

    func testFloatModelIsSkipped() {
        var t = TestGraph()
        t.output(t.node("Relu", [t.input("x", .float, [.value(2)])]))
        XCTAssertNotNil(FP16ToFP32Pass().precondition(t.model, context: RewriteContext()))
    }
}

final class GatherAndMaskTests: XCTestCase {
    func testScalarGatherBecomesGatherAndSqueeze() throws {
        var t = TestGraph()
        let x = t.input("x", .float, [.param("b"), .value(5), .value(3)])
        t.output(t.node("Gather", [x, t.constant("i", .scalar(-1))], attributes: [Attribute(name: "axis", value: .int(1))], name: "g"))
        var model = t.model
        let record = try RewriteDriver.run(&model, pass: GatherScalarPass(), context: RewriteContext())
        XCTAssertEqual(record.report.rewrites["scalar-gather"], 1)
        let g = model.graph
        XCTAssertEqual(g.opTypes, ["Gather", "Squeeze"])
        let lookup = ConstantLookup(storage: nil, irVersion: 8)
        let gather = g.nodes("Gather")[0]
        XCTAssertEqual(lookup.literal(gather.input(1), in: g)?.dims, [1])
        XCTAssertEqual(lookup.literal(gather.input(1), in: g)?.int64s, [-1])
        XCTAssertEqual(gather.attribute("axis")?.int, 1)
        XCTAssertEqual(lookup.literal(g.nodes("Squeeze")[0].input(1), in: g)?.int64s, [1])
        XCTAssertEqual(g[g.outputs[0]].name, "g_0_out0")
    }

    func testVectorIndexIsNotScalar() throws {
        var t = TestGraph()
        let x = t.input("x", .float, [.value(5)])
        t.output(t.node("Gather", [x, t.constant("i", .ints([1, 2]))]))
        let m = t.model
        XCTAssertEqual(GatherScalarPass().precondition(m, context: RewriteContext())?.reason, "no Gather has a constant scalar index")
        let id = m.graph.liveNodeIDs[0]
        XCTAssertEqual(ScalarGatherPattern().match(id, in: m.graph, facts: ModelFacts(model: m), context: RewriteContext()).failure?.reason,
                       "the indices have rank 1, not 0")
    }

    func testMaskNoOpsAreBypassed() throws {
        var t = TestGraph()
        let m = t.input("mask", .bool, [.value(1), .value(4)])
        let same = t.node("Cast", [m], attributes: [Attribute(name: "to", value: .int(Int64(DataType.bool.code)))])
        let flat = t.node("Flatten", [same], attributes: [Attribute(name: "axis", value: .int(0))])
        let squeezed = t.node("Reshape", [flat, t.constant("s4", .ints([4]))])
        let gathered = t.node("Gather", [squeezed, t.constant("iota", .ints([0, 1, 2, 3], dims: [2, 2]))])
        let anded = t.node("And", [t.constant("true", TensorLiteral(dataType: .bool, dims: [1, 1], values: .ints([1]))), gathered])
        let expanded = t.node("Expand", [anded, t.constant("shape", .ints([2, 2]))])
        let broadcast = t.node("Expand", [expanded, t.constant("shape3", .ints([3, 2, 2]))], name: "keep")
        t.output(broadcast)
        var model = t.model
        let record = try RewriteDriver.run(&model, pass: WhereMaskPass(), context: RewriteContext())
        XCTAssertEqual(record.report.rewrites["mask-no-op"], 4)
        XCTAssertEqual(model.graph.opTypes, ["Expand", "Flatten", "Reshape", "Reshape"],
                       "Cast to bool, And with true and Expand to the same shape go; the identity Gather is a Reshape")
        XCTAssertEqual(model.graph.nodes("Expand")[0].name, "keep", "a broadcasting Expand stays")
        try Verifier.verify(model.graph)
    }
}

final class InfrastructureTests: XCTestCase {
    func testRegistryIsSortedUniqueAndDocumented() {
        let ids = PassRegistry.ids
        XCTAssertEqual(ids, ids.sorted())
        XCTAssertEqual(Set(ids).count, ids.count)
        XCTAssertEqual(Set(PassRegistry.autoOrder), Set(ids), "--auto knows every pass")
        for p in PassRegistry.all {
            XCTAssertFalse(p.summary.isEmpty)
            XCTAssertGreaterThanOrEqual(p.tolerance, 0)
        }
    }

    /// Relu → Relu forever: the driver stops at its bound and says it did not converge.
    struct Restless: RewritePattern {
        let name = "restless"
        let anchorOps: Set<String> = ["Relu"]
        func match(_ node: NodeID, in graph: Graph, facts: ModelFacts, context: RewriteContext) -> MatchResult<NodeID> { .matched(node) }
        func rewrite(_ m: NodeID, editor: inout GraphEditor, facts: ModelFacts, context: RewriteContext) throws {
            let n = editor.graph[m]
            guard let x = n.input(0), let y = n.output(0) else { return }
            editor.removeChain([m], keeping: y)
            try editor.emit("Relu", [x], name: "relu", output: y)
        }
    }

    func testDriverStopsAtItsBound() throws {
        var t = TestGraph()
        t.output(t.node("Relu", [t.input("x", .float, [.value(2)])]))
        var g = t.model.graph
        let ctx = RewriteContext(options: RewriteOptions(maxIterations: 3))
        let stats = try PatternDriver.run([Restless()], on: &g, facts: ModelFacts(opset: 14), context: ctx)
        XCTAssertFalse(stats.converged)
        XCTAssertEqual(stats.sweeps, 3)
        XCTAssertEqual(stats.rewrites["restless"], 3)
        XCTAssertEqual(PassReport(stats).notes, ["stopped after 3 sweeps without reaching a fixed point"])
    }

    func testChangeLogCountsNodesByOp() throws {
        var t = TestGraph()
        let x = t.input("x", .float, [.value(4)])
        let e = t.node("Erf", [t.node("Div", [x, t.scalar("sqrt2", 2.0.squareRoot())])])
        let a = t.node("Add", [e, t.scalar("one", 1)])
        t.output(t.node("Mul", [t.node("Mul", [x, a]), t.scalar("half", 0.5)]))
        var model = t.model
        let log = try RewriteDriver.run(&model, passes: [GeluTanhPass(), FreezeShapesPass()], context: RewriteContext())
        XCTAssertEqual(log.map(\.status), [.applied, .skipped])
        XCTAssertEqual(log[0].removed, ["ai.onnx:Div": 1, "ai.onnx:Erf": 1, "ai.onnx:Add": 1, "ai.onnx:Mul": 2])
        XCTAssertEqual(log[0].added, ["ai.onnx:Mul": 5, "ai.onnx:Add": 2, "ai.onnx:Tanh": 1])
        XCTAssertEqual(log[0].nodesBefore, 5)
        XCTAssertEqual(log[0].nodesAfter, 8)
        XCTAssertEqual(log[0].diffSummary, "-1 Add, -1 Div, -1 Erf, -2 Mul, +2 Add, +5 Mul, +1 Tanh")
    }
}
