import CutlineIR
@testable import CutlineOptimizer
import XCTest

/// Schema function ops ORT's partitioner expands when no EP claims them (scripts/goldens-optimizer/
/// probe_function_ops.py lists what onnxruntime 1.31.1 expands with only its CPU EP).
final class FunctionExpansionTests: XCTestCase {
    let cpuOnly = OptimizerOptions(expandFunctionsWithoutCPUKernel: true)

    func testCastLikeBecomesCastToTheTargetType() throws {
        var g = TestGraph(opset: 15)
        let x = g.input("x", [2]), t = g.input("t", [2], .int32)
        g.output(g.node("CastLike", [x, t])[0])
        let (m, h, _) = try g.optimized(cpuOnly)
        XCTAssertEqual(h, ["Cast": 1])
        let cast = try XCTUnwrap(m.graph.liveNodeIDs.map { m.graph[$0] }.first)
        XCTAssertEqual(cast.attribute("to")?.int, Int64(DataType.int32.code))
    }

    func testMishExpandsToSoftplusTanhMul() throws {
        var g = TestGraph(opset: 18)
        let x = g.input("x", [2, 3])
        let y = g.node("Mish", [x])[0]
        g.output(y)
        let (m, h, log) = try g.optimized(cpuOnly)
        XCTAssertEqual(h, ["Softplus": 1, "Tanh": 1, "Mul": 1])
        XCTAssertEqual(log.totals[SchemaFunctionExpansion.passName]?.added, 3)
        let mul = try XCTUnwrap(m.graph[y].producer)
        XCTAssertEqual(m.graph[mul].input(0), x, "Mul(X, Tanh(Softplus(X)))")
    }

    func testFunctionOpsStayWithoutTheCPUOnlyOption() throws {
        var g = TestGraph(opset: 18)
        g.output(g.node("HardSwish", [g.input("x", [2])])[0])
        XCTAssertEqual(try g.optimized().1, ["HardSwish": 1])
    }

    func testExpandingChosenNodes() throws {
        var g = TestGraph(opset: 18)
        let x = g.input("x", [2])
        let a = g.node("HardSwish", [x])[0], b = g.node("HardSwish", [x])[0]
        g.output(a)
        g.output(b)
        var m = g.model
        let first = try XCTUnwrap(m.graph[a].producer)
        let added = SchemaFunctionExpansion.expand(&m, nodes: [first])
        XCTAssertEqual(added.count, 2)
        try Verifier.verify(m.graph)
        XCTAssertEqual(m.graph.liveNodeIDs.map { m.graph[$0].opType }.sorted(), ["HardSigmoid", "HardSwish", "Mul"])
    }
}
