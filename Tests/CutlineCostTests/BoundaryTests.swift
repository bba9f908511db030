import CutlineIR
import Testing
@testable import CutlineCost

@Suite struct BoundaryTests {
    /// ids(int64) → Gather[emb] (P0) → Relu (CPU) → MatMul (P1) → out; plus a bool mask into P1 via Where.
    func chain() throws -> (Graph, [Int?]) {
        var b = GraphBuilder()
        let ids = b.input("ids", GraphBuilder.tensor([1, 16], .int64))
        let mask = b.input("mask", GraphBuilder.tensor([1, 16, 8], .bool))
        let emb = b.weight("emb", [100, 8])
        let g = try b.node("Gather", [emb, ids], GraphBuilder.tensor([1, 16, 8]), name: "gather")
        let r = try b.node("Relu", [g], GraphBuilder.tensor([1, 16, 8]), name: "relu")
        let wh = try b.node("Where", [mask, r, g], GraphBuilder.tensor([1, 16, 8]), name: "where")
        let m = try b.node("MatMul", [wh, b.weight("w", [8, 4])], GraphBuilder.tensor([1, 16, 4]), name: "mm")
        b.output(m)
        // node order: gather 0, relu 1, where 2, mm 3
        return (b.graph, [0, nil, 1, 1])
    }

    @Test func crossingsFollowORTsCoreMLKernel() throws {
        let (g, a) = try chain()
        var dims = FreeDims()
        let bs = Boundaries.compute(CostInput(graph: g, assignment: a), dims: &dims)
        let byKey = Dictionary(uniqueKeysWithValues: bs.map { ("\($0.partition):\($0.direction.rawValue):\($0.value)", $0) })
        // P0 reads the int64 graph input (copied into int32: the 16·8 int64 bytes read), not the constant table.
        #expect(byKey["0:input:ids"]?.copiedBytes == Int64(16 * 8))
        #expect(byKey["0:input:emb"] == nil)
        // P0's output leaves to the CPU (Relu) and to P1: one output copy of 16·8 floats.
        #expect(byKey["0:output:gather_out"]?.copiedBytes == Int64(16 * 8 * 4))
        // P1 reads P0's output and the CPU's output: float, wrapped without a copy.
        #expect(byKey["1:input:gather_out"]?.copiedBytes == Int64(0))
        #expect(byKey["1:input:relu_out"]?.copiedBytes == Int64(0))
        // bool input is widened to int32: 128 elements × 4 bytes written.
        #expect(byKey["1:input:mask"]?.copiedBytes == Int64(128 * 4))
        // The graph output leaves P1 and is always copied.
        #expect(byKey["1:output:mm_out"]?.copiedBytes == Int64(16 * 4 * 4))
        #expect(bs.count == 6)
    }

    @Test func cpuOnlyHasNoBoundaries() throws {
        let (g, _) = try chain()
        var dims = FreeDims()
        #expect(Boundaries.compute(.cpuOnly(g), dims: &dims).isEmpty)
    }
}
