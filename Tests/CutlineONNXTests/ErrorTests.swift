import CutlineIR
@testable import CutlineONNX
import Foundation
import XCTest

/// Each way a file can be unusable gives one precise line, never a crash.
final class ErrorTests: XCTestCase {
    private func problem(_ bytes: [UInt8], directory: String = NSTemporaryDirectory(),
                         file: StaticString = #filePath, line: UInt = #line) -> String? {
        do {
            _ = try ONNXLoader.load(bytes: bytes, path: "m.onnx", directory: directory)
            XCTFail("loaded", file: file, line: line)
            return nil
        } catch {
            XCTAssertEqual(error.path, "m.onnx", file: file, line: line)
            return error.problem
        }
    }

    /// A graph `x → Relu → y`.
    private func reluGraph() -> ProtoBytes {
        let g = ProtoBytes()
        g.message(1, .node("Relu", ["x"], ["y"], name: "relu"))
        g.string(2, "g")
        g.message(11, .valueInfo("x"))
        g.message(12, .valueInfo("y"))
        return g
    }

    func testMissingFile() {
        let path = NSTemporaryDirectory() + "does-not-exist-\(UUID().uuidString).onnx"
        XCTAssertThrowsError(try ONNXLoader.load(path: path)) { error in
            XCTAssertEqual("\(error)", "\(path): no such file")
        }
    }

    func testDirectoryIsRefused() {
        let dir = TestSupport.tempDir()
        XCTAssertThrowsError(try ONNXLoader.load(path: dir)) { error in
            XCTAssertEqual((error as? ONNXError)?.problem, "is a directory")
        }
    }

    func testEmptyFile() throws {
        let path = TestSupport.tempDir() + "/empty.onnx"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data()))
        XCTAssertThrowsError(try ONNXLoader.load(path: path)) { error in
            XCTAssertEqual("\(error)", "\(path): empty file (0 bytes)")
        }
    }

    func testNotONNX() {
        XCTAssertEqual(problem(Array("this is a text file, not a model\n".utf8)),
                       "not an ONNX model: byte 0 does not start a ModelProto field")
        XCTAssertEqual(problem([0, 0, 0, 0]), "not an ONNX model: byte 0 does not start a ModelProto field")
        // A PNG signature.
        XCTAssertEqual(problem([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
                       "not an ONNX model: byte 0 does not start a ModelProto field")
    }

    func testTruncated() {
        let full = ProtoBytes.model(reluGraph()).bytes
        // The graph field follows ir_version (tag + one-byte varint).
        let graphOffset = ProtoBytes().int(1, 8).bytes.count
        let cut = Array(full[0..<(full.count / 2)])
        XCTAssertEqual(problem(cut),
                       "truncated: field ModelProto.graph at byte \(graphOffset) runs past the end of the file (\(cut.count) bytes)")
    }

    func testNoGraph() {
        let m = ProtoBytes()
        m.int(1, 8)
        m.message(8, .opset(17))
        XCTAssertEqual(problem(m.bytes), "the model has no graph")
    }

    func testUndefinedInput() {
        let g = ProtoBytes()
        g.message(1, .node("Add", ["x", "ghost"], ["y"], name: "add"))
        g.message(11, .valueInfo("x"))
        g.message(12, .valueInfo("y"))
        XCTAssertEqual(problem(ProtoBytes.model(g).bytes), "node add reads 'ghost', which nothing defines")
    }

    func testUndefinedOutput() {
        let g = reluGraph()
        g.message(12, .valueInfo("nowhere"))
        XCTAssertEqual(problem(ProtoBytes.model(g).bytes), "graph output 'nowhere' is not defined")
    }

    func testTwoProducers() {
        let g = ProtoBytes()
        g.message(1, .node("Relu", ["x"], ["y"], name: "first"))
        g.message(1, .node("Neg", ["x"], ["y"], name: "second"))
        g.message(11, .valueInfo("x"))
        g.message(12, .valueInfo("y"))
        XCTAssertEqual(problem(ProtoBytes.model(g).bytes), "value 'y' has two producers: first and second")
    }

    func testCycle() {
        let g = ProtoBytes()
        g.message(1, .node("Add", ["x", "b"], ["a"], name: "n1"))
        g.message(1, .node("Relu", ["a"], ["b"], name: "n2"))
        g.message(11, .valueInfo("x"))
        g.message(12, .valueInfo("b"))
        XCTAssertEqual(problem(ProtoBytes.model(g).bytes), "the graph has a cycle")
    }

    func testNegativeAndOverflowingDims() {
        let g = reluGraph()
        g.message(5, .floatTensor("w", dims: [2, -3], raw: []))
        XCTAssertEqual(problem(ProtoBytes.model(g).bytes), "tensor 'w' has a negative dimension (-3) in dims [2, -3]")

        let h = reluGraph()
        let huge: Int64 = 1 << 40
        h.message(5, .floatTensor("w", dims: [huge, huge], raw: []))
        XCTAssertEqual(problem(ProtoBytes.model(h).bytes),
                       "tensor 'w' has dims [\(huge), \(huge)] whose element count overflows 64 bits")
        // A count that fits but whose size in bits does not.
        let k = ProtoBytes()
        let n = Int64.max / 2
        k.int(1, n).int(2, 26).string(8, "w")
        let j = reluGraph()
        j.message(5, k)
        XCTAssertEqual(problem(ProtoBytes.model(j).bytes), "tensor 'w' has dims [\(n)] whose element count overflows 64 bits")
    }

    func testRawDataSizeMismatch() {
        let g = reluGraph()
        g.message(5, .floatTensor("w", dims: [1 << 30], raw: [0, 0, 0, 0]))
        XCTAssertEqual(problem(ProtoBytes.model(g).bytes),
                       "tensor 'w' holds 4 bytes of raw_data but dims [\(1 << 30)] of float need \(4 << 30)")
    }

    private func externalTensor(location: String, offset: Int64 = 0, length: Int64? = nil) -> ProtoBytes {
        let t = ProtoBytes()
        t.int(1, 4)
        t.int(2, 1)
        t.string(8, "w")
        var entries = [("location", location), ("offset", String(offset))]
        if let length { entries.append(("length", String(length))) }
        for (k, v) in entries { t.message(13, ProtoBytes().string(1, k).string(2, v)) }
        t.int(14, 1)
        return t
    }

    private func modelWithExternal(_ t: ProtoBytes) -> [UInt8] {
        let g = reluGraph()
        g.message(5, t)
        return ProtoBytes.model(g).bytes
    }

    func testMissingExternalData() {
        let dir = TestSupport.tempDir()
        XCTAssertEqual(problem(modelWithExternal(externalTensor(location: "weights.bin")), directory: dir),
                       "tensor 'w': external data file 'weights.bin' not found")
    }

    func testEscapingExternalData() throws {
        let root = TestSupport.tempDir()
        let dir = root + "/model"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(count: 64).write(to: URL(fileURLWithPath: root + "/outside.bin"))
        XCTAssertEqual(problem(modelWithExternal(externalTensor(location: "../outside.bin")), directory: dir),
                       "tensor 'w': external data location '../outside.bin' escapes the model's folder")
        XCTAssertEqual(problem(modelWithExternal(externalTensor(location: root + "/outside.bin")), directory: dir),
                       "tensor 'w': external data location '\(root)/outside.bin' is an absolute path")
        // A symbolic link inside the folder that points outside it.
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.bin", withDestinationPath: root + "/outside.bin")
        XCTAssertEqual(problem(modelWithExternal(externalTensor(location: "link.bin")), directory: dir),
                       "tensor 'w': external data location 'link.bin' escapes the model's folder")
    }

    func testExternalRangeOutsideFile() throws {
        let dir = TestSupport.tempDir()
        try Data(count: 20).write(to: URL(fileURLWithPath: dir + "/w.bin"))
        XCTAssertEqual(problem(modelWithExternal(externalTensor(location: "w.bin", offset: 8, length: 16)), directory: dir),
                       "tensor 'w': external data 'w.bin' range 8+16 exceeds its file (20 bytes)")
        // Without a length the tensor's own size (4 floats = 16 bytes) must fit.
        XCTAssertEqual(problem(modelWithExternal(externalTensor(location: "w.bin", offset: 8)), directory: dir),
                       "tensor 'w': external data 'w.bin' range 8+16 exceeds its file (20 bytes)")
        // It loads when it fits.
        XCTAssertNoThrow(try ONNXLoader.load(bytes: modelWithExternal(externalTensor(location: "w.bin", offset: 4)),
                                             path: "m.onnx", directory: dir))
    }

    /// An If whose then-branch holds another If, `levels` deep; the innermost branch reads `x` from the top.
    private func nestedIf(levels: Int) -> [UInt8] {
        var inner = ProtoBytes()
        inner.message(1, .node("Identity", ["x"], ["out"], name: "leaf"))
        inner.message(12, .valueInfo("out"))
        for level in 0..<levels {
            let ifNode = ProtoBytes.node("If", ["cond"], ["out"], name: "if\(level)")
            let attr = ProtoBytes()
            attr.string(1, "then_branch")
            attr.message(6, inner)
            attr.int(20, 5)
            ifNode.message(5, attr)
            let wrapper = ProtoBytes()
            wrapper.message(1, ifNode)
            wrapper.message(12, .valueInfo("out"))
            inner = wrapper
        }
        let main = inner
        main.message(11, .valueInfo("x"))
        main.message(11, .valueInfo("cond", elem: 9, dims: []))
        return ProtoBytes.model(main).bytes
    }

    func testSubgraphDepthLimit() throws {
        let ok = try ONNXLoader.load(bytes: nestedIf(levels: ONNXLoader.maxSubgraphDepth), path: "m.onnx", directory: ".")
        XCTAssertEqual(ok.graph.subgraphNodeCount, ONNXLoader.maxSubgraphDepth)
        let p = problem(nestedIf(levels: ONNXLoader.maxSubgraphDepth + 1)) ?? ""
        XCTAssertTrue(p.hasPrefix("subgraphs nest deeper than 64 levels (at main/if\(ONNXLoader.maxSubgraphDepth):then_branch/"), p)
        // Far deeper input is refused the same way, without exhausting the stack.
        XCTAssertTrue((problem(nestedIf(levels: 5000)) ?? "").hasPrefix("subgraphs nest deeper than 64 levels"))
    }

    func testLongChainLoads() throws {
        let g = ProtoBytes()
        let n = 10_000
        for i in 0..<n { g.message(1, .node("Relu", [i == 0 ? "x" : "v\(i - 1)"], ["v\(i)"])) }
        g.message(11, .valueInfo("x"))
        g.message(12, .valueInfo("v\(n - 1)"))
        let m = try ONNXLoader.load(bytes: ProtoBytes.model(g).bytes, path: "chain.onnx", directory: ".")
        XCTAssertEqual(m.graph.liveNodeCount, n)
        XCTAssertTrue(try ONNXWriter.serialize(m) == ProtoBytes.model(g).bytes, "the chain is not written back as read")
    }

    /// Every prefix and thousands of single-byte corruptions of a real model load or fail cleanly.
    func testCorruptInputsNeverCrash() throws {
        let path = TestSupport.repoRoot + "/fixtures/roundtrip/subgraphs.onnx"
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var failures = 0
        for n in 0..<original.count {
            do { _ = try ONNXLoader.load(bytes: Array(original[0..<n]), path: "p", directory: ".") } catch { failures += 1 }
        }
        XCTAssertGreaterThan(failures, 0)
        var rng = SplitMix(seed: 42)
        for _ in 0..<3000 {
            var b = original
            let i = Int(rng.next() % UInt64(b.count))
            b[i] = UInt8(truncatingIfNeeded: rng.next())
            if let m = try? ONNXLoader.load(bytes: b, path: "p", directory: ".") {
                // Whatever loads also writes.
                _ = try? ONNXWriter.serialize(m)
            }
        }
    }
}

/// A small deterministic generator for the corruption test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
