/// A minimal protobuf encoder for crafting ONNX bytes the Python tools refuse to make: lengths that lie,
/// nesting ten thousand levels deep, messages with a million fields.
struct ProtoWriter {
    var bytes: [UInt8] = []

    static func varint(_ v: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        var v = v
        while v >= 0x80 {
            out.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
        return out
    }

    mutating func varintField(_ number: Int, _ value: Int64) {
        bytes += ProtoWriter.varint(UInt64(number << 3 | 0))
        bytes += ProtoWriter.varint(UInt64(bitPattern: value))
    }

    mutating func bytesField(_ number: Int, _ payload: [UInt8]) {
        bytes += ProtoWriter.varint(UInt64(number << 3 | 2))
        bytes += ProtoWriter.varint(UInt64(payload.count))
        bytes += payload
    }

    mutating func stringField(_ number: Int, _ s: String) { bytesField(number, Array(s.utf8)) }

    /// A length-delimited field whose declared length is `declared`, followed by only `payload`.
    mutating func lyingField(_ number: Int, declared: UInt64, payload: [UInt8]) {
        bytes += ProtoWriter.varint(UInt64(number << 3 | 2))
        bytes += ProtoWriter.varint(declared)
        bytes += payload
    }
}

/// ONNX messages built with `ProtoWriter` (field numbers from onnx.proto).
enum ONNXBytes {
    static func opset(_ version: Int64, domain: String = "") -> [UInt8] {
        var w = ProtoWriter()
        if !domain.isEmpty { w.stringField(1, domain) }
        w.varintField(2, version)
        return w.bytes
    }

    /// A float tensor ValueInfoProto; `dims` nil leaves the shape out.
    static func valueInfo(_ name: String, dims: [Int64]? = nil) -> [UInt8] {
        var tensorType = ProtoWriter()
        tensorType.varintField(1, 1)  // FLOAT
        if let dims {
            var shape = ProtoWriter()
            for d in dims {
                var dim = ProtoWriter()
                dim.varintField(1, d)
                shape.bytesField(1, dim.bytes)
            }
            tensorType.bytesField(2, shape.bytes)
        }
        var type = ProtoWriter()
        type.bytesField(1, tensorType.bytes)
        var w = ProtoWriter()
        w.stringField(1, name)
        w.bytesField(2, type.bytes)
        return w.bytes
    }

    static func node(_ op: String, inputs: [String], outputs: [String], name: String = "",
                     attributes: [[UInt8]] = []) -> [UInt8] {
        var w = ProtoWriter()
        for i in inputs { w.stringField(1, i) }
        for o in outputs { w.stringField(2, o) }
        if !name.isEmpty { w.stringField(3, name) }
        w.stringField(4, op)
        for a in attributes { w.bytesField(5, a) }
        return w.bytes
    }

    /// A GRAPH attribute (type 5) holding `graph`.
    static func graphAttribute(_ name: String, _ graph: [UInt8]) -> [UInt8] {
        var w = ProtoWriter()
        w.stringField(1, name)
        w.bytesField(6, graph)
        w.varintField(20, 5)
        return w.bytes
    }

    static func graph(name: String, nodes: [[UInt8]], inputs: [[UInt8]] = [], outputs: [[UInt8]] = []) -> [UInt8] {
        var w = ProtoWriter()
        for n in nodes { w.bytesField(1, n) }
        w.stringField(2, name)
        for i in inputs { w.bytesField(11, i) }
        for o in outputs { w.bytesField(12, o) }
        return w.bytes
    }

    static func model(graph: [UInt8], opsets: [[UInt8]] = [opset(17)], irVersion: Int64 = 8) -> [UInt8] {
        var w = ProtoWriter()
        w.varintField(1, irVersion)
        w.stringField(2, "cutline-robustness-tests")
        w.bytesField(7, graph)
        for o in opsets { w.bytesField(8, o) }
        return w.bytes
    }
}
