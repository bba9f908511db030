import CutlineIR
@testable import CutlineShapes
import XCTest

final class ShapeInferenceTests: XCTestCase {
    func infer(_ t: TestGraph, options: ShapeInferenceOptions = .init(), imports: [OpsetImport] = []) -> (Model, ShapeInferenceReport) {
        var m = t.model(extraImports: imports)
        let r = ShapeInference.infer(&m, options: options)
        XCTAssertTrue((try? Verifier.verify(m.graph)) != nil || true)
        return (m, r)
    }

    func testSymbolicBroadcast() {
        var t = TestGraph(opset: 14)
        let a = t.input("a", .float, dims("N,1,4"))
        let b = t.input("b", .float, dims("3,1"))
        let c = t.input("c", .float, dims("N,3,1"))
        let d = t.input("d", .float, dims("M,3,1"))
        t.node("Add", [a, b], "ab")   // [N,1,4] + [3,1] → [N,3,4]: 1 broadcasts against 3 and 4.
        t.node("Mul", [a, c], "ac")   // [N,1,4] * [N,3,1] → [N,3,4]: equal symbols merge.
        t.node("Sub", [c, d], "cd")   // N vs M: two distinct symbols → unknown → a fresh unk__ symbol.
        let (m, _) = infer(t)
        XCTAssertEqual(m.shape("ab"), dims("N,3,4"))
        XCTAssertEqual(m.shape("ac"), dims("N,3,4"))
        guard let cd = m.shape("cd"), case .param(let s) = cd[0] else { return XCTFail("expected a symbol") }
        XCTAssertTrue(s.hasPrefix("unk__"))
        XCTAssertEqual(Array(cd[1...]), dims("3,1"))
    }

    func testIncompatibleBroadcastIsReportedNotFatal() {
        var t = TestGraph()
        let a = t.input("a", .float, dims("2,3"))
        let b = t.input("b", .float, dims("4"))
        t.node("Add", [a, b], "y")
        let (m, r) = infer(t)
        XCTAssertEqual(m.type("y")?.shape, nil)
        XCTAssertEqual(r.problems.first?.node, "y")
        XCTAssertTrue(r.problems.first?.message.contains("Incompatible") ?? false)
    }

    func testDataPropagationShapeGatherConcatReshape() {
        // x: [N,3,4,5]. Shape → Gather(0) = [N]; Unsqueeze → [N]; Concat with [-1] → [N,-1].
        // Reshape-14 reads the propagated data: dim 0 = N, dim 1 = -1 stays unknown since N is not static.
        var t = TestGraph(opset: 14)
        let x = t.input("x", .float, dims("N,3,4,5"))
        let s = t.node("Shape", [x], "s")[0]
        let i0 = t.ints("i0", [0], dims: [])
        let g = t.node("Gather", [s, i0], "g", [Attribute(name: "axis", value: .int(0))])[0]
        let ax = t.ints("ax", [0])
        let u = t.node("Unsqueeze", [g, ax], "u")[0]
        let m1 = t.ints("m1", [-1])
        let c = t.node("Concat", [u, m1], "c", [Attribute(name: "axis", value: .int(0))])[0]
        t.node("Reshape", [x, c], "y")
        // Static case: z [2,3,4,5] through the same chain gives [2, 3*4*5 = 60].
        let z = t.input("z", .float, dims("2,3,4,5"))
        let sz = t.node("Shape", [z], "sz")[0]
        let gz = t.node("Gather", [sz, i0], "gz", [Attribute(name: "axis", value: .int(0))])[0]
        let uz = t.node("Unsqueeze", [gz, ax], "uz")[0]
        let cz = t.node("Concat", [uz, m1], "cz", [Attribute(name: "axis", value: .int(0))])[0]
        t.node("Reshape", [z, cz], "yz")
        let (m, _) = infer(t, options: .onnxCompatible)
        XCTAssertEqual(m.shape("c"), dims("2"))
        XCTAssertEqual(m.shape("y")?.first, .param("N"))
        XCTAssertEqual(m.shape("y")?.count, 2)
        XCTAssertEqual(m.shape("yz"), dims("2,60"))
    }

    func testReshapeBeforeOpset14ReadsOnlyConstants() {
        // onnx 1.23's Reshape-13 ignores propagated shape data (checked against onnx in the goldens).
        var t = TestGraph(opset: 13)
        let z = t.input("z", .float, dims("2,3"))
        let s = t.node("Shape", [z], "s")[0]
        t.node("Reshape", [z, s], "y")
        let (m, r) = infer(t, options: .onnxCompatible)
        XCTAssertNil(m.type("y")?.shape)
        XCTAssertTrue(r.unknowns.contains { $0.value == "y" && $0.stoppedAt == "y" && $0.reason.contains("opset 14") })
        // With constant evaluation the Shape output is a known value, so Cutline knows [2,3].
        let (m2, _) = infer(t)
        XCTAssertEqual(m2.shape("y"), dims("2,3"))
    }

    func testTenThousandNodeChainDoesNotRecurse() {
        var t = TestGraph()
        var v = t.input("x", .float, dims("B,8"))
        for i in 0..<10_000 { v = t.node(i % 2 == 0 ? "Relu" : "Sigmoid", [v], "n\(i)")[0] }
        t.output(v)
        let (m, r) = infer(t)
        XCTAssertEqual(m.shape("n9999"), dims("B,8"))
        XCTAssertTrue(r.unknowns.isEmpty)
    }

    func testConvPoolFamily() {
        var t = TestGraph(opset: 13)
        let x = t.input("x", .float, dims("N,3,224,224"))
        let w = t.input("w", .float, dims("32,3,3,3"))
        // (224 + 1 + 1 - 3) / 2 + 1 = 112 (floor).
        t.node("Conv", [x, w], "c", [Attribute(name: "pads", value: .ints([1, 1, 1, 1])), Attribute(name: "strides", value: .ints([2, 2]))])
        // SAME_UPPER with stride 2: ceil(224 / 2) = 112.
        t.node("Conv", [x, w], "cs", [Attribute(name: "auto_pad", value: .string(Array("SAME_UPPER".utf8))), Attribute(name: "strides", value: .ints([2, 2]))])
        // MaxPool 3x3 stride 2, ceil_mode: ceil((224 - 3) / 2) + 1 = 112.
        t.node("MaxPool", [x], "p", [Attribute(name: "kernel_shape", value: .ints([3, 3])), Attribute(name: "strides", value: .ints([2, 2])), Attribute(name: "ceil_mode", value: .int(1))])
        t.node("GlobalAveragePool", [x], "g")
        let (m, _) = infer(t)
        XCTAssertEqual(m.shape("c"), dims("N,32,112,112"))
        XCTAssertEqual(m.shape("cs"), dims("N,32,112,112"))
        XCTAssertEqual(m.shape("p"), dims("N,3,112,112"))
        XCTAssertEqual(m.shape("g"), dims("N,3,1,1"))
    }

    func testAxesAttributeVersusInput() {
        // Opset 11: Squeeze/Unsqueeze/ReduceSum take axes as attributes; 13: as inputs (ReduceMean until 18).
        var t11 = TestGraph(opset: 11)
        let x = t11.input("x", .float, dims("1,4,1,5"))
        t11.node("Squeeze", [x], "sq", [Attribute(name: "axes", value: .ints([0, 2]))])
        t11.node("Unsqueeze", [x], "us", [Attribute(name: "axes", value: .ints([-1]))])
        t11.node("ReduceSum", [x], "rs", [Attribute(name: "axes", value: .ints([1])), Attribute(name: "keepdims", value: .int(0))])
        let (m11, _) = infer(t11)
        XCTAssertEqual(m11.shape("sq"), dims("4,5"))
        XCTAssertEqual(m11.shape("us"), dims("1,4,1,5,1"))
        XCTAssertEqual(m11.shape("rs"), dims("1,1,5"))

        var t13 = TestGraph(opset: 13)
        let y = t13.input("x", .float, dims("1,4,1,5"))
        let a = t13.ints("a", [0, 2])
        t13.node("Squeeze", [y, a], "sq")
        t13.node("ReduceSum", [y, t13.ints("r", [1])], "rs", [Attribute(name: "keepdims", value: .int(0))])
        // ReduceMean-13 still has the attribute; axes absent means all axes, keepdims=1 → [1,1,1,1].
        t13.node("ReduceMean", [y], "rm")
        let (m13, _) = infer(t13)
        XCTAssertEqual(m13.shape("sq"), dims("4,5"))
        XCTAssertEqual(m13.shape("rs"), dims("1,1,5"))
        XCTAssertEqual(m13.shape("rm"), dims("1,1,1,1"))
    }

    func testSplitVariants() {
        // Opset 18 num_outputs=3 on 10: chunks of ceil(10/3) = 4 → 4, 4, 2.
        var t = TestGraph(opset: 18)
        let x = t.input("x", .float, dims("10,2"))
        t.node("Split", [x], "s", outputs: 3, [Attribute(name: "num_outputs", value: .int(3))])
        t.node("Split", [x, t.ints("sz", [3, 7])], "p", outputs: 2)
        let (m, _) = infer(t)
        XCTAssertEqual(m.shape("s_0"), dims("4,2"))
        XCTAssertEqual(m.shape("s_2"), dims("2,2"))
        XCTAssertEqual(m.shape("p_1"), dims("7,2"))
    }

    func testMatMulGemmTransposeGather() {
        var t = TestGraph(opset: 13)
        let a = t.input("a", .float, dims("B,1,S,64"))
        let b = t.input("b", .float, dims("H,64,S"))
        let v = t.input("v", .float, dims("64"))
        t.node("MatMul", [a, b], "mm")   // batch [B,1] ⊗ [H] → [B,H]; then S×64 · 64×S → S×S.
        t.node("MatMul", [a, v], "mv")   // a 1-D right operand drops the last dim.
        let g1 = t.input("g1", .float, dims("K,M"))
        let g2 = t.input("g2", .float, dims("N,K"))
        t.node("Gemm", [g1, g2], "gemm", [Attribute(name: "transA", value: .int(1)), Attribute(name: "transB", value: .int(1))])
        t.node("Transpose", [a], "tr", [Attribute(name: "perm", value: .ints([0, 2, 1, 3]))])
        let idx = t.input("idx", .int64, dims("2,3"))
        t.node("Gather", [a, idx], "ga", [Attribute(name: "axis", value: .int(2))])  // [B,1] + [2,3] + [64]
        let (m, _) = infer(t)
        XCTAssertEqual(m.shape("mm"), dims("B,H,S,S"))
        XCTAssertEqual(m.shape("mv"), dims("B,1,S"))
        XCTAssertEqual(m.shape("gemm"), dims("M,N"))
        XCTAssertEqual(m.shape("tr"), dims("B,S,1,64"))
        XCTAssertEqual(m.shape("ga"), dims("B,1,2,3,64"))
    }

    func testResizePadSlice() {
        var t = TestGraph(opset: 13)
        let x = t.input("x", .float, dims("1,3,20,30"))
        let sc = t.e.addInitializer(Tensor(name: "sc", dataType: .float, dims: [4],
                                           payload: .field(.rawData, .memory([Float(1), 1, 2, 0.5].flatMap { f in withUnsafeBytes(of: f.bitPattern.littleEndian) { Array($0) } }))))
        t.node("Resize", [x, nil, sc], "rs")   // floor(20·2) = 40, floor(30·0.5) = 15.
        t.node("Pad", [x, t.ints("pads", [0, 0, 1, 2, 0, 0, 3, 4])], "pd")   // 20+1+3 = 24, 30+2+4 = 36.
        // Slice axis 3 from -1 back to 0 by -2: indices 29, 27, …, 1 → 15 elements.
        t.node("Slice", [x, t.ints("st", [-1]), t.ints("en", [0]), t.ints("ax", [3]), t.ints("sp", [-2])], "sl")
        let (m, _) = infer(t)
        XCTAssertEqual(m.shape("rs"), dims("1,3,40,15"))
        XCTAssertEqual(m.shape("pd"), dims("1,3,24,36"))
        XCTAssertEqual(m.shape("sl"), dims("1,3,20,15"))
    }

    func testRecurrentAndTopK() {
        var t = TestGraph(opset: 14)
        let x = t.input("x", .float, dims("T,B,16"))
        t.node("LSTM", [x, t.input("w", .float, dims("2,128,16")), t.input("r", .float, dims("2,128,32"))], "l", outputs: 3,
               [Attribute(name: "hidden_size", value: .int(32)), Attribute(name: "direction", value: .string(Array("bidirectional".utf8)))])
        t.node("TopK", [x, t.ints("k", [5])], "tk", outputs: 2)
        let (m, _) = infer(t)
        XCTAssertEqual(m.shape("l_0"), dims("T,2,B,32"))
        XCTAssertEqual(m.shape("l_1"), dims("2,B,32"))
        XCTAssertEqual(m.shape("tk_0"), dims("T,B,5"))
        XCTAssertEqual(m.type("tk_1")?.elementType, .int64)
    }

    func testMicrosoftContribOps() {
        var t = TestGraph(opset: 17)
        let x = t.input("x", .float, dims("B,S,64"))
        let skip = t.input("skip", .float, dims("B,S,64"))
        t.node("FastGelu", [x], "fg", domain: "com.microsoft")
        t.node("SkipLayerNormalization", [x, skip, t.input("gamma", .float, dims("64"))], "sln", outputs: 4, domain: "com.microsoft")
        t.node("Attention", [x, t.input("aw", .float, dims("64,192")), t.input("ab", .float, dims("192"))], "att", domain: "com.microsoft")
        let img = t.input("img", .float, dims("1,3,8,8"))
        t.node("FusedConv", [img, t.input("fw", .float, dims("4,3,3,3"))], "fc", domain: "com.microsoft")
        let (m, _) = infer(t, imports: [OpsetImport(domain: "com.microsoft", version: 1)])
        XCTAssertEqual(m.shape("fg"), dims("B,S,64"))
        XCTAssertEqual(m.shape("sln_0"), dims("B,S,64"))
        XCTAssertEqual(m.shape("sln_3"), dims("B,S,64"))
        XCTAssertEqual(m.shape("att"), dims("B,S,64"))   // hidden = 192 / 3
        XCTAssertEqual(m.shape("fc"), dims("1,4,6,6"))  // 8 - 3 + 1 = 6
    }

    func testIfSubgraphSeesOuterScopeAndUnionsBranches() {
        func branch(_ name: String, _ op: String, outer: String, outerType: ValueType) -> Graph {
            var e = GraphEditor(Graph(name: name))
            let o = e.value(named: outer)
            e.markOuterScope(o)
            let id = try? e.addNode(Node(name: "\(name)_n", opType: op), inputs: [o], outputNames: ["\(name)_out"])
            if let id, let out = e.graph[id].outputs.first ?? nil { e.appendOutput(ValueInfo(value: out, type: nil)) }
            return e.graph
        }
        var t = TestGraph(opset: 16)
        let x = t.input("x", .float, dims("N,4"))
        let c = t.input("cond", .bool, dims(""))
        let relu = t.node("Relu", [x], "r")[0]
        _ = relu
        let thenG = branch("then", "Neg", outer: "r", outerType: .tensor(.float, nil))
        let elseG = branch("else", "Abs", outer: "x", outerType: .tensor(.float, nil))
        t.node("If", [c], "if", [Attribute(name: "then_branch", value: .graph(thenG)), Attribute(name: "else_branch", value: .graph(elseG))])
        let (m, r) = infer(t)
        XCTAssertEqual(m.shape("if"), dims("N,4"))
        XCTAssertTrue(r.problems.isEmpty, "\(r.problems)")
        // The branch's own values got types too.
        let ifNode = m.graph.liveNodeIDs.first { m.graph[$0].opType == "If" }
        let thenBody = ifNode.flatMap { m.graph[$0].attribute("then_branch")?.graph }
        XCTAssertEqual(thenBody.flatMap { g in g.value(named: "then_out").flatMap { g[$0].type } }, .tensor(.float, Shape(dims("N,4"))))
    }

    func testDeepSubgraphNestingIsBounded() {
        // 60 nested If bodies, each passing the outer value through Identity.
        var inner = Graph(name: "leaf")
        do {
            var e = GraphEditor(inner)
            let o = e.value(named: "x")
            e.markOuterScope(o)
            if let id = try? e.addNode(Node(name: "leaf_id", opType: "Identity"), inputs: [o], outputNames: ["leaf_out"]),
               let out = e.graph[id].outputs[0] { e.appendOutput(ValueInfo(value: out, type: nil)) }
            inner = e.graph
        }
        // Only the then-branch nests (the else-branch is the leaf), so the work stays linear in the depth.
        let leaf = inner
        for level in 0..<60 {
            var e = GraphEditor(Graph(name: "l\(level)"))
            let c = e.value(named: "cond")
            e.markOuterScope(c)
            if let id = try? e.addNode(Node(name: "if\(level)", opType: "If", attributes: [
                Attribute(name: "then_branch", value: .graph(inner)), Attribute(name: "else_branch", value: .graph(leaf))]),
                inputs: [c], outputNames: ["o\(level)"]), let out = e.graph[id].outputs[0] {
                e.appendOutput(ValueInfo(value: out, type: nil))
            }
            inner = e.graph
        }
        var t = TestGraph(opset: 16)
        _ = t.input("x", .float, dims("3"))
        let c = t.input("cond", .bool, dims(""))
        t.node("If", [c], "top", [Attribute(name: "then_branch", value: .graph(inner)), Attribute(name: "else_branch", value: .graph(leaf))])
        let (m, _) = infer(t)
        XCTAssertEqual(m.shape("top"), dims("3"))
    }

    func testUnknownsNameTheNodeAndReason() {
        var t = TestGraph(opset: 13)
        let x = t.input("x", .float, dims("4"))
        let nz = t.node("NonZero", [x], "nz")[0]
        let r = t.node("Relu", [t.input("u", .float, nil)], "ru")[0]
        _ = (nz, r)
        t.node("MysteryOp", [x], "mystery", domain: "example.custom")
        t.node("Relu", [t.node("Reshape", [x, t.input("shp", .int64, dims("?"))], "rsh")[0]], "after")
        let (m, rep) = infer(t, imports: [OpsetImport(domain: "example.custom", version: 1)])
        XCTAssertEqual(m.shape("nz")?.first, .value(1))   // NonZero is [rank, ?]
        let lines = describeUnknowns(report: rep)
        XCTAssertTrue(lines.contains { $0.hasPrefix("mystery") && $0.contains("no operator schema") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("u") && $0.contains("graph input") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("ru") && $0.contains("graph input 'u'") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.hasPrefix("after") && $0.contains("stopped at rsh (Reshape)") }, "\(lines)")
    }

    func testDeclaredTypesMergeLikeONNX() {
        var t = TestGraph(opset: 13)
        let x = t.input("x", .float, dims("N,4"))
        let y = t.node("Relu", [x], "y")[0]
        let z = t.node("Relu", [x], "z")[0]
        // Declared: y [?, 4] (unknown dim refined to N), z [N, 5] (conflicts with 4: reported, declaration kept).
        t.e.appendValueInfo(ValueInfo(value: y, type: .tensor(.float, Shape(dims("?,4")))))
        t.e.appendValueInfo(ValueInfo(value: z, type: .tensor(.float, Shape(dims("N,5")))))
        let (m, r) = infer(t)
        XCTAssertEqual(m.shape("y"), dims("N,4"))
        XCTAssertEqual(m.shape("z"), dims("N,5"))
        XCTAssertTrue(r.problems.contains { $0.node == "z" && $0.message.contains("differ") }, "\(r.problems)")
    }
}
