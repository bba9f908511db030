import CutlineIR
import Testing
@testable import CutlineCost

/// FLOP counts of single nodes against hand derivations written next to each expectation. Formula sources: the usual
/// convention that a multiply-add is 2 FLOPs (MatMul 2·M·N·K; Conv 2·Cout·Hout·Wout·(Cin/group)·kh·kw per image), the
/// ONNX operator specs for shapes, and docs/COST.md for the per-element constants of Softmax and normalizations.
@Suite struct FlopCountTests {
    func work(of graph: Graph, freeDims: [String: Int64] = [:]) -> [String: OpWork] {
        var dims = FreeDims(overrides: freeDims)
        let w = Estimator(profile: Fixtures.profile, freeDims: freeDims).nodeWork(graph, dims: &dims)
        var out: [String: OpWork] = [:]
        for id in graph.liveNodeIDs { out[graph[id].name] = w[id.index] }
        return out
    }

    @Test func matMulIsTwoMNKPerBatch() throws {
        var b = GraphBuilder()
        let a = b.input("a", GraphBuilder.tensor([2, 3, 4]))
        let w = b.weight("w", [4, 5])
        b.output(try b.node("MatMul", [a, w], GraphBuilder.tensor([2, 3, 5]), name: "mm"))
        let r = try #require(work(of: b.graph)["mm"])
        // batch 2, M 3, N 5, K 4: 2·(2·3·5)·4 = 240 FLOPs.
        #expect(r.flops == 2 * (2 * 3 * 5) * 4)
        // bytes: a 24 floats + w 20 floats + y 30 floats, 4 bytes each.
        #expect(r.bytes == Double((24 + 20 + 30) * 4))
    }

    @Test func gemmAddsMNForTheBias() throws {
        var b = GraphBuilder()
        let a = b.input("a", GraphBuilder.tensor([8, 16]))
        let w = b.weight("w", [32, 16])
        let c = b.weight("c", [32])
        b.output(try b.node("Gemm", [a, w, c], GraphBuilder.tensor([8, 32]), name: "gemm",
                            attributes: [Attribute(name: "transB", value: .int(1))]))
        let r = try #require(work(of: b.graph)["gemm"])
        // M 8, N 32, K 16: 2·8·32·16 + 8·32 (bias) = 8448.
        #expect(r.flops == 2 * 8 * 32 * 16 + 8 * 32)
    }

    @Test func groupedConvCountsCinOverGroup() throws {
        var b = GraphBuilder()
        let x = b.input("x", GraphBuilder.tensor([1, 8, 10, 10]))
        let w = b.weight("w", [16, 4, 3, 3])  // group 2: Cin/group = 4
        let bias = b.weight("b", [16])
        b.output(try b.node("Conv", [x, w, bias], GraphBuilder.tensor([1, 16, 8, 8]), name: "conv",
                            attributes: [Attribute(name: "group", value: .int(2))]))
        let r = try #require(work(of: b.graph)["conv"])
        // 2·Cout·Hout·Wout·(Cin/group)·kh·kw + Cout·Hout·Wout = 2·16·8·8·4·3·3 + 16·8·8 = 74752.
        #expect(r.flops == 2 * 16 * 8 * 8 * 4 * 3 * 3 + 16 * 8 * 8)
    }

    @Test func convTransposeScattersEachInput() throws {
        var b = GraphBuilder()
        let x = b.input("x", GraphBuilder.tensor([1, 4, 5, 5]))
        let w = b.weight("w", [4, 6, 2, 2])  // [Cin, Cout/group, kh, kw]
        b.output(try b.node("ConvTranspose", [x, w], GraphBuilder.tensor([1, 6, 10, 10]), name: "ct",
                            attributes: [Attribute(name: "strides", value: .ints([2, 2]))]))
        let r = try #require(work(of: b.graph)["ct"])
        // Each of the 1·4·5·5 inputs meets Cout·kh·kw = 6·2·2 weights: 2·100·24 = 4800.
        #expect(r.flops == 2 * 100 * 24)
    }

    @Test func einsumContractionIsTwiceTheIndexProduct() throws {
        var b = GraphBuilder()
        let x = b.input("x", GraphBuilder.tensor([3, 4, 5]))
        let y = b.input("y", GraphBuilder.tensor([3, 5, 6]))
        b.output(try b.node("Einsum", [x, y], GraphBuilder.tensor([3, 4, 6]), name: "es",
                            attributes: [Attribute(name: "equation", value: .string(Array("bij,bjk->bik".utf8)))]))
        let r = try #require(work(of: b.graph)["es"])
        // indices b=3, i=4, j=5, k=6; j is summed: 2·3·4·5·6 = 720, the same as the batched MatMul.
        #expect(r.flops == 2 * 3 * 4 * 5 * 6)
    }

    @Test func elementwiseReductionSoftmaxNormAndPools() throws {
        var b = GraphBuilder()
        let x = b.input("x", GraphBuilder.tensor([2, 4, 6, 6]))
        let add = try b.node("Add", [x, x], GraphBuilder.tensor([2, 4, 6, 6]), name: "add")
        let red = try b.node("ReduceMean", [add], GraphBuilder.tensor([2, 4, 1, 1]), name: "red")
        let sm = try b.node("Softmax", [add], GraphBuilder.tensor([2, 4, 6, 6]), name: "sm")
        let scale = b.weight("s", [6])
        let ln = try b.node("LayerNormalization", [sm, scale], GraphBuilder.tensor([2, 4, 6, 6]), name: "ln")
        let mp = try b.node("MaxPool", [ln], GraphBuilder.tensor([2, 4, 3, 3]), name: "mp",
                            attributes: [Attribute(name: "kernel_shape", value: .ints([2, 2])),
                                         Attribute(name: "strides", value: .ints([2, 2]))])
        let gap = try b.node("GlobalAveragePool", [mp], GraphBuilder.tensor([2, 4, 1, 1]), name: "gap")
        let rs = try b.node("Resize", [ln], GraphBuilder.tensor([2, 4, 12, 12]), name: "rs",
                            attributes: [Attribute(name: "mode", value: .string(Array("linear".utf8)))])
        let g = try b.node("Gather", [rs, b.weight("idx", [3], .int64)], GraphBuilder.tensor([3, 4, 12, 12]), name: "gather")
        for v in [red, gap, g] { b.output(v) }
        let w = work(of: b.graph)
        let n = 2 * 4 * 6 * 6  // 288 elements
        #expect(w["add"]?.flops == Double(n))                       // one per output element
        #expect(w["red"]?.flops == Double(n))                       // one per input element
        #expect(w["sm"]?.flops == Double(4 * n))                    // max, exp, sum, divide
        #expect(w["ln"]?.flops == Double(8 * n))                    // mean, var (3), normalize (2), scale, shift
        #expect(w["mp"]?.flops == Double(2 * 4 * 3 * 3 * 4))        // 72 outputs × 2·2 taps
        #expect(w["gap"]?.flops == Double(2 * 4 * 3 * 3))           // one per input element
        #expect(w["rs"]?.flops == Double(2 * 4 * 12 * 12 * 8))      // linear over 2 resized axes: 2^(2+1) per output
        #expect(w["gather"]?.flops == 0)
        #expect(w["gather"]?.bytes == Double((2 * 4 * 12 * 12) * 4 + 3 * 8 + (3 * 4 * 12 * 12) * 4))
    }

    @Test func symbolicDimsUseDefaultsOrOverridesAndAreListed() throws {
        var b = GraphBuilder()
        let x = b.input("x", .tensor(.float, Shape([.param("batch"), .param("seq"), .value(64)])))
        let w = b.weight("w", [64, 32])
        b.output(try b.node("MatMul", [x, w], .tensor(.float, Shape([.param("batch"), .param("seq"), .value(32)])), name: "mm"))
        // Defaults: batch-like 1, other 128 → 2·1·128·32·64.
        #expect(work(of: b.graph)["mm"]?.flops == Double(2 * 1 * 128 * 32 * 64))
        // Overrides win: batch 4, seq 10 → 2·4·10·32·64.
        #expect(work(of: b.graph, freeDims: ["batch": 4, "seq": 10])["mm"]?.flops == Double(2 * 4 * 10 * 32 * 64))
        let e = try Estimator(profile: Fixtures.profile).estimate(.cpuOnly(b.graph))
        #expect(e.assumptions.contains { $0.contains("'batch' was taken as 1") })
        #expect(e.assumptions.contains { $0.contains("'seq' was taken as 128") && $0.contains("--cost-dim seq=N") })
        // The estimate names what it guessed; sized, nothing is guessed.
        #expect(e.guessedDims == ["batch=1", "seq=128"])
        #expect(try Estimator(profile: Fixtures.profile, freeDims: ["batch": 4, "seq": 10]).estimate(.cpuOnly(b.graph)).guessedDims == [])
    }

    /// `--cost-dim '?=N'` sizes dims with neither value nor name; without it they are guessed and listed.
    @Test func unnamedDimsCanBeSized() {
        var guessed = FreeDims()
        #expect(guessed.resolve(.unknown) == FreeDims.otherDefault)
        #expect(guessed.defaultsUsed == ["?": FreeDims.otherDefault])
        var sized = FreeDims(overrides: ["?": 48])
        #expect(sized.resolve(.unknown) == 48)
        #expect(sized.defaultsUsed.isEmpty)
    }

    @Test func freeDimArguments() throws {
        #expect(try FreeDims.parse(["batch=4", "seq=77", "batch=2"]) == ["batch": 2, "seq": 77])
        #expect(throws: CostError.invalidFreeDim("seq")) { try FreeDims.parse(["seq"]) }
        #expect(throws: CostError.invalidFreeDim("seq=0")) { try FreeDims.parse(["seq=0"]) }
    }

    @Test func unknownShapesAreFlaggedNotGuessed() throws {
        var b = GraphBuilder()
        let x = b.input("x", .tensor(.float, nil))
        b.output(try b.node("Relu", [x], .tensor(.float, nil), name: "relu"))
        let r = try #require(work(of: b.graph)["relu"])
        #expect(!r.isCounted && r.flops == 0)
        let e = try Estimator(profile: Fixtures.profile).estimate(.cpuOnly(b.graph))
        #expect(e.assumptions.contains { $0.contains("1 of 1 nodes have an input or output without inferred shape") })
    }
}
