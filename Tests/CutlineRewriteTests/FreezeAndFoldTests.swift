import CutlineIR
@testable import CutlineRewrite
import CutlineShapes
import XCTest

final class FreezeAndFoldTests: XCTestCase {
    /// x[batch, seq] → Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), Unsqueeze(Gather(Shape(x), 1)), [1]))
    /// plus a Range over the sequence length cast to float: what exporters build for position ids.
    func dynamicModel() -> Model {
        var t = TestGraph()
        let x = t.input("x", .float, [.param("batch"), .param("seq")])
        let shape = t.node("Shape", [x])
        let b = t.node("Gather", [shape, t.constant("i0", .scalar(0))])
        let s = t.node("Gather", [shape, t.constant("i1", .scalar(1))])
        let axes = t.constant("axes0", .ints([0]))
        let target = t.node("Concat", [t.node("Unsqueeze", [b, axes]), t.node("Unsqueeze", [s, axes]),
                                       t.constant("one", .ints([1]))], attributes: [Attribute(name: "axis", value: .int(0))])
        let r = t.node("Reshape", [x, target], name: "reshape")
        let positions = t.node("Range", [t.constant("zero", .scalar(0)), s, t.constant("step", .scalar(1))])
        let pf = t.node("Cast", [positions], attributes: [Attribute(name: "to", value: .int(Int64(DataType.float.code)))])
        t.output(r, .tensor(.float, Shape([.param("batch"), .param("seq"), .value(1)])))
        t.output(t.node("Add", [t.node("Identity", [t.constant("w", .doubles([0.5]))]), pf], name: "pos"))
        return t.model
    }

    func testFreezeFoldsTheShapeChainAndFixesTheInput() throws {
        var model = dynamicModel()
        let ctx = RewriteContext(options: RewriteOptions(dims: ["batch": 2, "seq": 3]))
        let record = try RewriteDriver.run(&model, pass: FreezeShapesPass(), context: ctx)
        XCTAssertEqual(record.status, .applied)
        let g = model.graph
        XCTAssertEqual(g.opTypes, ["Add", "Reshape"], "Shape, Gather, Unsqueeze, Concat, Range, Cast and Identity fold")
        XCTAssertEqual(g.inputInfos[0].type, .tensor(.float, Shape(static: [2, 3])))
        XCTAssertEqual(g.outputInfos[0].type?.shape?.staticDims, [2, 3, 1], "outputs declared with the dims follow")
        let reshape = g.nodes("Reshape")[0]
        let lookup = ConstantLookup(storage: nil, irVersion: model.irVersion)
        XCTAssertEqual(lookup.literal(reshape.input(1), in: g)?.int64s, [2, 3, 1])
        let add = g.nodes("Add")[0]
        XCTAssertEqual(lookup.literal(add.input(1), in: g)?.doubles, [0, 1, 2], "Range(0, seq, 1) cast to float")
        XCTAssertEqual(g[add.input(0)!].name, "w", "Identity on a constant is bypassed, not copied")
        XCTAssertEqual(record.report.rewrites["fold Shape"], 1)
        XCTAssertNil(g.value(named: "i0"), "initializers only the folded nodes read are removed")
        try Verifier.verify(g)
    }

    func testWholeInputShapeBindsItsDims() throws {
        var model = dynamicModel()
        let ctx = RewriteContext(options: RewriteOptions(inputShapes: ["x": [1, 5]]))
        _ = try RewriteDriver.run(&model, pass: FreezeShapesPass(), context: ctx)
        let reshape = model.graph.nodes("Reshape")[0]
        XCTAssertEqual(ConstantLookup(storage: nil, irVersion: 8).literal(reshape.input(1), in: model.graph)?.int64s, [1, 5, 1])
    }

    func testBadInputSpecsAreErrors() {
        var model = dynamicModel()
        let wrongRank = RewriteContext(options: RewriteOptions(inputShapes: ["x": [1, 2, 3]]))
        XCTAssertThrowsError(try RewriteDriver.run(&model, pass: FreezeShapesPass(), context: wrongRank)) { e in
            XCTAssertTrue("\(e)".contains("the input has rank 2, got 3 dims"), "\(e)")
        }
        let conflict = RewriteContext(options: RewriteOptions(dims: ["batch": 2], inputShapes: ["x": [3, 4]]))
        XCTAssertThrowsError(try RewriteDriver.run(&model, pass: FreezeShapesPass(), context: conflict))
    }

    func testNothingToFreezeIsSkippedWithTheReason() throws {
        var model = dynamicModel()
        let record = try RewriteDriver.run(&model, pass: FreezeShapesPass(),
                                           context: RewriteContext(options: RewriteOptions(dims: ["height": 4])))
        XCTAssertEqual(record.status, .skipped)
        XCTAssertEqual(record.reason, "no graph input has a dim named height or is named in --input")
        XCTAssertEqual(FreezeShapesPass().precondition(model, context: RewriteContext())?.reason, "no --dim or --input given")
    }

    func testFoldConstantsComputesAndRespectsTheCap() throws {
        var t = TestGraph()
        let x = t.input("x", .float, [.value(4)])
        let a = t.constant("a", .doubles([1, 2, 3, 4]))
        let b = t.constant("b", .doubles([10, 20, 30, 40]))
        let sum = t.node("Add", [a, b])
        let big = t.node("Tile", [a, t.constant("reps", .ints([8]))])
        t.output(t.node("Mul", [x, sum], name: "y"))
        t.output(t.node("Add", [big, t.scalar("z", 0)], name: "big"))
        var model = t.model
        let capped = RewriteContext(options: RewriteOptions(foldMaxElements: 16))
        let record = try RewriteDriver.run(&model, pass: FoldConstantsPass(), context: capped)
        XCTAssertEqual(record.report.rewrites["fold Add"], 1)
        XCTAssertNil(record.report.rewrites["fold Tile"], "32 elements are over the cap of 16")
        let mul = model.graph.nodes("Mul")[0]
        XCTAssertEqual(ConstantLookup(storage: nil, irVersion: 8).literal(mul.input(1), in: model.graph)?.doubles,
                       zip([1.0, 2, 3, 4], [10.0, 20, 30, 40]).map(+))
        XCTAssertEqual(model.graph.count("Tile"), 1)
        XCTAssertEqual(model.graph[model.graph.outputs[1]].producer.map { model.graph[$0].opType }, "Add",
                       "a node producing a graph output is never folded away")
    }
}
