import Foundation
import Testing

/// Size and depth: long chains load and analyse without deep recursion; nesting and counts beyond the
/// loader's limits (docs/LIMITS.md) are refused with their own message instead of exhausting the stack or memory.
@Suite("Scale and limits") struct ScaleTests {
    /// x → Relu → … → Relu → y, `length` nodes.
    static func chain(_ length: Int) -> [UInt8] {
        var nodes: [[UInt8]] = []
        nodes.reserveCapacity(length)
        for i in 0..<length {
            let input = i == 0 ? "x" : "v\(i)"
            let output = i == length - 1 ? "y" : "v\(i + 1)"
            nodes.append(ONNXBytes.node("Relu", inputs: [input], outputs: [output], name: "relu\(i)"))
        }
        let graph = ONNXBytes.graph(name: "chain", nodes: nodes, inputs: [ONNXBytes.valueInfo("x", dims: [1, 4])],
                                    outputs: [ONNXBytes.valueInfo("y", dims: [1, 4])])
        return ONNXBytes.model(graph: graph)
    }

    /// A Loop whose body holds a Loop whose body holds … `depth` bodies deep. Each body reads the trip count
    /// `trip` from the main graph (an outer-scope value) and carries one float tensor.
    static func nestedLoops(_ depth: Int) -> [UInt8] {
        var body: [UInt8] = []
        for level in 0..<depth {
            let i = "i\(level)", c = "c\(level)", v = "v\(level)", co = "co\(level)", vo = "vo\(level)"
            var nodes = [ONNXBytes.node("Identity", inputs: [c], outputs: [co], name: "cond\(level)")]
            if level == 0 {
                nodes.append(ONNXBytes.node("Relu", inputs: [v], outputs: [vo], name: "relu0"))
            } else {
                nodes.append(ONNXBytes.node("Loop", inputs: ["trip", "", v], outputs: [vo], name: "loop\(level)",
                                            attributes: [ONNXBytes.graphAttribute("body", body)]))
            }
            body = ONNXBytes.graph(name: "body\(level)", nodes: nodes,
                                   inputs: [scalar(i, type: 7), scalar(c, type: 9), ONNXBytes.valueInfo(v, dims: [4])],
                                   outputs: [scalar(co, type: 9), ONNXBytes.valueInfo(vo, dims: [4])])
        }
        let main = ONNXBytes.graph(
            name: "nest", nodes: [ONNXBytes.node("Loop", inputs: ["trip", "", "x"], outputs: ["y"], name: "loop_main",
                                                 attributes: [ONNXBytes.graphAttribute("body", body)])],
            inputs: [scalar("trip", type: 7), ONNXBytes.valueInfo("x", dims: [4])],
            outputs: [ONNXBytes.valueInfo("y", dims: [4])])
        return ONNXBytes.model(graph: main)
    }

    /// A rank-0 tensor ValueInfoProto of element type `type` (7 = int64, 9 = bool).
    static func scalar(_ name: String, type: Int64) -> [UInt8] {
        var tensorType = ProtoWriter()
        tensorType.varintField(1, type)
        tensorType.bytesField(2, [])
        var t = ProtoWriter()
        t.bytesField(1, tensorType.bytes)
        var w = ProtoWriter()
        w.stringField(1, name)
        w.bytesField(2, t.bytes)
        return w.bytes
    }

    @Test("a 10 000-node chain loads and analyses") func longChain() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("chain-10000.onnx", Self.chain(10_000))
        try expectAccepted(path, scratch, commands: Command.allCases)
        let r = try CLIRunner.run(["inspect", path, "--format", "json"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\"nodeCount\" : 10000"), "\(r.stdout.prefix(600))")
        #expect(r.stdout.contains("\"ai.onnx:Relu\" : 10000"), "\(r.stdout.prefix(600))")
    }

    @Test("subgraphs nested 64 deep (the limit) load and analyse") func nestAtLimit() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // The main graph's Loop body is level 1; 64 bodies reach the limit exactly.
        let path = try scratch.write("nest-64.onnx", Self.nestedLoops(64))
        try expectAccepted(path, scratch, commands: Command.allCases)
    }

    @Test("subgraphs nested 65 deep are refused") func nestPastLimit() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("nest-65.onnx", Self.nestedLoops(65))
        try expectRefused(path, scratch, problem: ["subgraphs nest deeper than 64 levels"])
    }

    @Test("subgraphs nested 10 000 deep are refused without overflowing the stack") func deepNest() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("nest-10000.onnx", Self.nestedLoops(10_000))
        try expectRefused(path, scratch, commands: Command.allCases, problem: ["subgraphs nest deeper than 64 levels"])
    }

    /// 4 000 001 empty NodeProtos (2 bytes each): refused by counting, before any node is built.
    @Test("more nodes than the limit") func nodeLimit() throws {
        var graph = ProtoWriter()
        graph.bytes.reserveCapacity(8_000_100)
        for _ in 0...4_000_000 { graph.bytes += [0x0a, 0x00] }
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("nodes-4000001.onnx", ONNXBytes.model(graph: graph.bytes))
        try expectRefused(path, scratch, problem: ["the model has more than 4000000 nodes, the most Cutline reads"])
    }

    /// One `ints` attribute of 67 108 865 packed one-byte entries.
    @Test("list attributes over the entry limit") func attributeEntryLimit() throws {
        var attribute = ProtoWriter()
        attribute.stringField(1, "perm")
        attribute.bytesField(8, [UInt8](repeating: 1, count: 67_108_865))
        attribute.varintField(20, 7)  // INTS
        let node = ONNXBytes.node("Transpose", inputs: ["x"], outputs: ["y"], name: "t", attributes: [attribute.bytes])
        let graph = ONNXBytes.graph(name: "g", nodes: [node], inputs: [ONNXBytes.valueInfo("x", dims: [4])],
                                    outputs: [ONNXBytes.valueInfo("y")])
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("attribute-entries.onnx", ONNXBytes.model(graph: graph))
        try expectRefused(path, scratch, problem: ["attribute 'perm' of node t brings the model's list attributes over 67108864 entries"])
    }

    /// A packed dims run of 2^20 entries on an initializer: refused by the rank limit before it is decoded.
    @Test("initializer with a million packed dims") func packedDims() throws {
        var tensor = ProtoWriter()
        tensor.bytesField(1, [UInt8](repeating: 1, count: 1 << 20))
        tensor.varintField(2, 1)
        tensor.stringField(8, "w")
        var graph = ProtoWriter()
        graph.bytesField(1, ONNXBytes.node("Relu", inputs: ["w"], outputs: ["y"]))
        graph.stringField(2, "g")
        graph.bytesField(5, tensor.bytes)
        graph.bytesField(12, ONNXBytes.valueInfo("y"))
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("packed-dims.onnx", ONNXBytes.model(graph: graph.bytes))
        try expectRefused(path, scratch, problem: ["tensor 'w' has rank 1048576, over the limit of 1024 dimensions"])
    }
}

/// The .onnx file itself is bounded by protobuf's message limit; a sparse file of 2 GiB is refused at once.
@Suite("File size") struct FileSizeTests {
    @Test("a 2 GiB file is refused before it is read") func twoGiB() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try scratch.write("huge.onnx", [0x08, 0x08])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: 1 << 31)
        try handle.close()
        try expectRefused(path, scratch, commands: Command.allCases,
                          problem: ["the file is 2147483648 bytes, over protobuf's limit of 2147483647"])
    }
}
