import CutlineIR
@testable import CutlineRewrite
import CutlineShapes
import Foundation
import XCTest

final class GeluTanhPassTests: XCTestCase {
    /// Builds x → GELU → y in one of the exporters' spellings.
    enum Form: CaseIterable { case torchDiv, torchMulHalfFirst, kerasHalfX, sqrtNode, constantNodes }

    func geluModel(_ form: Form) -> (Model, ValueID) {
        var t = TestGraph()
        let x = t.input("x", .float, [.value(8)])
        var scaled: ValueID
        switch form {
        case .torchDiv, .kerasHalfX:
            scaled = t.node("Div", [x, t.scalar("sqrt2", 2.0.squareRoot())])
        case .torchMulHalfFirst:
            scaled = t.node("Mul", [t.scalar("inv_sqrt2", 1 / 2.0.squareRoot()), x])
        case .sqrtNode:
            scaled = t.node("Div", [x, t.node("Sqrt", [t.scalar("two", 2)])])
        case .constantNodes:
            scaled = t.node("Div", [x, t.constantNode("c_sqrt2", .doubles([Double(2).squareRoot()], dims: []))])
        }
        let e = t.node("Erf", [scaled])
        let one = form == .constantNodes ? t.constantNode("c_one", .doubles([1], dims: [])) : t.scalar("one", 1)
        let a = t.node("Add", [one, e])
        let half = t.scalar("half", 0.5)
        let y: ValueID
        switch form {
        case .torchDiv, .sqrtNode, .constantNodes: y = t.node("Mul", [t.node("Mul", [x, a]), half], name: "y")
        case .torchMulHalfFirst: y = t.node("Mul", [t.node("Mul", [a, half]), x], name: "y")
        case .kerasHalfX: y = t.node("Mul", [t.node("Mul", [half, x]), a], name: "y")
        }
        t.output(y)
        return (t.model, y)
    }

    func testEveryExporterFormBecomesTanhAndStaysWithinTheApproximationError() throws {
        for form in Form.allCases {
            var (model, y) = geluModel(form)
            let name = model.graph[y].name
            let record = try RewriteDriver.run(&model, pass: GeluTanhPass(), context: RewriteContext())
            XCTAssertEqual(record.status, .applied, "\(form)")
            XCTAssertEqual(record.report.rewrites["erf-gelu"], 1, "\(form)")
            XCTAssertEqual(model.graph.count("Erf"), 0, "\(form)")
            XCTAssertEqual(model.graph.count("Tanh"), 1, "\(form)")
            XCTAssertEqual(model.graph.count("Div") + model.graph.count("Sqrt"), 0, "\(form): the scaling is gone")
            XCTAssertEqual(model.graph[model.graph.outputs[0]].name, name, "the output keeps its name")
            try Verifier.verify(model.graph)
            // The tanh form against the exact erf form, computed here on a grid.
            var worst = 0.0
            for x in geluPoints {
                let out = try TinyInterpreter.run(model, inputs: ["x": [x]])[name]?.first ?? .nan
                worst = max(worst, abs(out - geluErf(x)))
            }
            XCTAssertLessThan(worst, 5e-4, "\(form): the tanh approximation error is bounded")
            XCTAssertGreaterThan(worst, 1e-5, "\(form): it is the approximation, not the erf form")
        }
    }

    func testOriginalGraphComputesExactGelu() throws {
        let (model, y) = geluModel(.torchDiv)
        let name = model.graph[y].name
        for x in [-3.0, -0.5, 0, 0.7, 2.5] {
            let out = try TinyInterpreter.run(model, inputs: ["x": [x]])[name]?.first ?? .nan
            // The constants are stored as float32 (√2 rounded), so agreement is to float32 precision.
            XCTAssertEqual(out, geluErf(x), accuracy: 1e-6)
        }
    }

    func testDivisionByTwoIsNotGelu() throws {
        var t = TestGraph()
        let x = t.input("x", .float, [.value(4)])
        let e = t.node("Erf", [t.node("Div", [x, t.scalar("two", 2)])])
        let a = t.node("Add", [e, t.scalar("one", 1)])
        let y = t.node("Mul", [t.node("Mul", [x, a]), t.scalar("half", 0.5)])
        t.output(y)
        var model = t.model
        _ = ShapeInference.infer(&model)
        let erfID = model.graph.liveNodeIDs.first { model.graph[$0].opType == "Erf" }!
        let result = ErfGeluPattern().match(erfID, in: model.graph, facts: ModelFacts(model: model), context: RewriteContext())
        XCTAssertEqual(result.failure?.reason, "the Erf input is a Div, but not by √2")
        let record = try RewriteDriver.run(&model, pass: GeluTanhPass(), context: RewriteContext())
        XCTAssertEqual(record.status, .unchanged)
        XCTAssertEqual(record.report.misses.count, 1)
    }

    func testErfWithAnotherConsumerIsLeftAlone() throws {
        var t = TestGraph()
        let x = t.input("x", .float, [.value(4)])
        let e = t.node("Erf", [t.node("Div", [x, t.scalar("sqrt2", 2.0.squareRoot())])])
        let a = t.node("Add", [e, t.scalar("one", 1)])
        t.output(t.node("Mul", [t.node("Mul", [x, a]), t.scalar("half", 0.5)]))
        t.output(e)
        var model = t.model
        let record = try RewriteDriver.run(&model, pass: GeluTanhPass(), context: RewriteContext())
        XCTAssertEqual(record.status, .unchanged)
        XCTAssertEqual(record.report.misses, ["Erf_1: erf-gelu: erf(x/√2) has other consumers"])
    }

    func testContribGeluAndBiasGelu() throws {
        var t = TestGraph()
        t.domains = [OpsetImport(domain: "com.microsoft", version: 1)]
        let x = t.input("x", .float, [.value(4)])
        let g = t.node("Gelu", [x], domain: "com.microsoft", name: "g")
        let b = t.node("BiasGelu", [g, t.constant("bias", .doubles([0.1, 0.2, 0.3, 0.4]))], domain: "com.microsoft", name: "bg")
        t.output(b)
        var model = t.model
        let record = try RewriteDriver.run(&model, pass: GeluTanhPass(), context: RewriteContext())
        XCTAssertEqual(record.report.rewrites["fused-erf-gelu"], 2)
        XCTAssertEqual(model.graph.count("Tanh"), 2)
        XCTAssertEqual(model.graph.liveNodeIDs.filter { !model.graph[$0].isDefaultDomain }.count, 0)
        let out = try TinyInterpreter.run(model, inputs: ["x": [-1, 0, 1, 2]])[model.graph[b].name] ?? []
        let expected = zip([-1.0, 0, 1, 2], [0.1, 0.2, 0.3, 0.4]).map { geluErf(geluErf($0) + $1) }
        for (o, e) in zip(out, expected) { XCTAssertEqual(o, e, accuracy: 1e-3) }
    }

    func testOpset20TargetThatTakesGeluGetsOnnxGelu() throws {
        var (model, _) = geluModel(.torchDiv)
        model.opsetImports = [OpsetImport(domain: "", version: 20)]
        let target = RewriteTarget(name: "mlp", opSinceMin: ["Gelu": 6])
        _ = try RewriteDriver.run(&model, pass: GeluTanhPass(), context: RewriteContext(target: target))
        let gelus = model.graph.nodes("Gelu")
        XCTAssertEqual(gelus.count, 1)
        XCTAssertEqual(gelus.first?.attribute("approximate")?.string, "tanh")
        XCTAssertEqual(model.graph.count("Tanh"), 0)
        // The same model for a target without Gelu gets the Mul/Add/Tanh chain.
        var (again, _) = geluModel(.torchDiv)
        again.opsetImports = [OpsetImport(domain: "", version: 20)]
        _ = try RewriteDriver.run(&again, pass: GeluTanhPass(), context: RewriteContext())
        XCTAssertEqual(again.graph.count("Gelu"), 0)
        XCTAssertEqual(again.graph.count("Tanh"), 1)
    }

    func testPreconditionNamesWhatIsMissing() {
        var t = TestGraph()
        t.output(t.node("Relu", [t.input("x", .float, [.value(2)])]))
        XCTAssertEqual(GeluTanhPass().precondition(t.model, context: RewriteContext())?.reason, "the model has no Erf or Gelu node")
    }
}
