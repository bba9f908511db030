/// Hand-assembled protobuf messages for tests that need bytes no tool writes (unknown fields, broken files).
/// Independent of the writer under test.
final class ProtoBytes {
    var bytes: [UInt8] = []
    init() {}

    static func varint(_ v: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        var v = v
        while v >= 0x80 { out.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
        out.append(UInt8(v))
        return out
    }

    @discardableResult
    func int(_ field: Int, _ v: Int64) -> ProtoBytes {
        bytes += ProtoBytes.varint(UInt64(field << 3)) + ProtoBytes.varint(UInt64(bitPattern: v))
        return self
    }

    @discardableResult
    func fixed32(_ field: Int, _ v: UInt32) -> ProtoBytes {
        bytes += ProtoBytes.varint(UInt64(field << 3 | 5))
        bytes += [UInt8(v & 0xff), UInt8(v >> 8 & 0xff), UInt8(v >> 16 & 0xff), UInt8(v >> 24)]
        return self
    }

    @discardableResult
    func data(_ field: Int, _ payload: [UInt8]) -> ProtoBytes {
        bytes += ProtoBytes.varint(UInt64(field << 3 | 2)) + ProtoBytes.varint(UInt64(payload.count)) + payload
        return self
    }

    @discardableResult
    func string(_ field: Int, _ s: String) -> ProtoBytes { data(field, Array(s.utf8)) }

    @discardableResult
    func message(_ field: Int, _ m: ProtoBytes) -> ProtoBytes { data(field, m.bytes) }

    // MARK: ONNX building blocks

    static func tensorType(_ elem: Int64, _ dims: [Int64]) -> ProtoBytes {
        let shape = ProtoBytes()
        for d in dims { shape.message(1, ProtoBytes().int(1, d)) }
        let tensor = ProtoBytes()
        tensor.int(1, elem)
        tensor.message(2, shape)
        return ProtoBytes().message(1, tensor)
    }

    static func valueInfo(_ name: String, elem: Int64 = 1, dims: [Int64] = [1]) -> ProtoBytes {
        let v = ProtoBytes()
        v.string(1, name)
        v.message(2, tensorType(elem, dims))
        return v
    }

    static func node(_ op: String, _ inputs: [String], _ outputs: [String], name: String = "") -> ProtoBytes {
        let n = ProtoBytes()
        for i in inputs { n.string(1, i) }
        for o in outputs { n.string(2, o) }
        if !name.isEmpty { n.string(3, name) }
        n.string(4, op)
        return n
    }

    static func opset(_ version: Int64) -> ProtoBytes {
        let o = ProtoBytes()
        o.string(1, "")
        o.int(2, version)
        return o
    }

    /// ModelProto: ir_version 8, the graph, opset 17.
    static func model(_ graph: ProtoBytes) -> ProtoBytes {
        let m = ProtoBytes()
        m.int(1, 8)
        m.message(7, graph)
        m.message(8, opset(17))
        return m
    }

    /// A float tensor with raw_data.
    static func floatTensor(_ name: String, dims: [Int64], raw: [UInt8]) -> ProtoBytes {
        let t = ProtoBytes()
        for d in dims { t.int(1, d) }
        t.int(2, 1)
        t.string(8, name)
        t.data(9, raw)
        return t
    }
}
