import Foundation
import Testing

/// Byte-level damage: truncation, noise, emptiness, and lengths that promise more than the file holds.
/// Every case must be refused with one line naming the file, and must leave the output folder empty.
@Suite("Damaged bytes") struct DamagedBytesTests {
    static let mobilenet = CLIRunner.repoRoot.appendingPathComponent("models/mobilenetv2.onnx")

    /// mobilenetv2.onnx cut at k/64 of its length for k = 0…63 (k = 0 is the empty file).
    @Test("real model truncated at every 1/64 of its length", arguments: Array(0..<64))
    func truncated(k: Int) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.mobilenet))
        let scratch = try Scratch()
        defer { scratch.remove() }
        let cut = bytes.count * k / 64
        let path = try scratch.write("mobilenetv2-cut-\(k)-of-64.onnx", Array(bytes[0..<cut]))
        let problem = try expectRefused(path, scratch, commands: k % 8 == 0 ? Command.allCases : [.inspect, .analyze])
        if k == 0 {
            #expect(problem == "empty file (0 bytes)")
        } else {
            #expect(problem.hasPrefix("truncated: ") || problem.hasPrefix("malformed: "), "\(problem)")
        }
    }

    @Test("empty file") func empty() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("empty.onnx", [])
        try expectRefused(path, scratch, commands: Command.allCases, problem: ["empty file (0 bytes)"])
    }

    /// Seeded noise. Some inputs start with a valid ModelProto tag so the decoder gets past the first byte.
    @Test("random bytes", arguments: Array(UInt64(1)...24))
    func randomBytes(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let count = [1, 2, 7, 64, 1000, 65_536][Int(seed % 6)]
        var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        if seed % 3 == 0 { bytes[0] = 0x3a }  // field 7 (graph), length-delimited
        if seed % 3 == 1 && bytes.count > 1 { bytes[0] = 0x08; bytes[1] &= 0x7f }  // ir_version varint
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("random-\(seed).onnx", bytes)
        try expectRefused(path, scratch)
    }

    @Test("not a model: text") func text() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("readme.onnx", Array("# This is not an ONNX file\n".utf8))
        try expectRefused(path, scratch, problem: ["not an ONNX model"])
    }

    /// The graph field declares 2^62 bytes; the file holds 12.
    @Test("graph with a huge declared length") func hugeGraphLength() throws {
        var w = ProtoWriter()
        w.varintField(1, 8)
        w.lyingField(7, declared: 1 << 62, payload: Array(repeating: 0x0a, count: 12))
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("huge-graph-length.onnx", w.bytes)
        try expectRefused(path, scratch, problem: ["runs past the end of the file"])
    }

    /// A length varint of ten 0xff bytes (more than 64 bits).
    @Test("length varint longer than 64 bits") func overlongVarint() throws {
        var bytes: [UInt8] = [0x08, 0x08, 0x3a]
        bytes += Array(repeating: 0xff, count: 10) + [0x01]
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("overlong-varint.onnx", bytes)
        try expectRefused(path, scratch)
    }

    /// Inside a well-formed graph, one node declares 0xFFFFFFFF bytes: the lie is caught by the enclosing
    /// message's bound, not by the end of the file.
    @Test("node with a huge declared length inside a graph") func hugeNodeLength() throws {
        var graph = ProtoWriter()
        graph.lyingField(1, declared: 0xFFFF_FFFF, payload: ONNXBytes.node("Relu", inputs: ["x"], outputs: ["y"]))
        graph.stringField(2, "g")
        let bytes = ONNXBytes.model(graph: graph.bytes)
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("huge-node-length.onnx", bytes)
        try expectRefused(path, scratch, problem: ["runs past the end of"])
    }

    /// An initializer whose packed dims field claims 2^40 bytes, and a raw_data claiming 2^31.
    @Test("tensor fields with huge declared lengths", arguments: [7, 9])
    func hugeTensorField(field: Int) throws {
        var tensor = ProtoWriter()
        tensor.stringField(8, "w")
        tensor.varintField(2, 1)
        tensor.lyingField(field == 7 ? 1 : 9, declared: field == 7 ? 1 << 40 : 1 << 31, payload: [1, 2, 3, 4])
        var graph = ProtoWriter()
        graph.bytesField(1, ONNXBytes.node("Relu", inputs: ["w"], outputs: ["y"]))
        graph.stringField(2, "g")
        graph.bytesField(5, tensor.bytes)
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("huge-tensor-field-\(field).onnx", ONNXBytes.model(graph: graph.bytes))
        try expectRefused(path, scratch, problem: ["runs past the end of"])
    }

    @Test("a folder given as the model") func folder() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let r = try CLIRunner.run(["inspect", scratch.dir.path])
        #expect(r.status == 2 && !r.crashed)
        #expect(r.stderr == "cutline: error: \(scratch.dir.path): is a directory\n")
    }

    @Test("a missing file") func missing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.dir.appendingPathComponent("absent.onnx").path
        try expectRefused(path, scratch, commands: Command.allCases, problem: ["no such file"])
    }
}

/// A small fixed-seed generator (SplitMix64) so random inputs are the same on every run and platform.
struct SplitMix64 {
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
