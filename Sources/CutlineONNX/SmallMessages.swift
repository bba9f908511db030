import CutlineIR
import ONNXProto

/// Decoding of the small messages through protobuf-c: they hold no weights, so unpacking copies little.
enum SmallMessages {
    /// How deep `TypeProto`s may nest (sequence of map of optional …) before the file is refused; keeps
    /// protobuf-c's recursive unpack far from the stack limit.
    static let maxTypeDepth = 64

    /// Decodes an encoded `TypeProto`.
    static func valueType(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> ValueType {
        try checkTypeDepth(bytes, range: 0..<bytes.count, depth: 0)
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return .unspecified }
        guard let msg = onnx__type_proto__unpack(nil, bytes.count, base) else {
            throw DecodeError("malformed: a TypeProto could not be decoded")
        }
        defer { onnx__type_proto__free_unpacked(msg, nil) }
        return valueType(msg.pointee)
    }

    static func valueType(_ bytes: [UInt8]) throws(DecodeError) -> ValueType {
        do {
            return try bytes.withUnsafeBytes { (b: UnsafeRawBufferPointer) throws(DecodeError) -> ValueType in
                try valueType(b)
            }
        } catch let e as DecodeError {
            throw e
        } catch {
            throw DecodeError("malformed: a TypeProto could not be decoded")
        }
    }

    private static func valueType(_ t: Onnx__TypeProto) -> ValueType {
        switch t.value_case {
        case ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE:
            guard let tt = t.tensor_type?.pointee else { return .unspecified }
            return .tensor(DataType(code: tt.has_elem_type != 0 ? tt.elem_type : 0), shape(tt.shape))
        case ONNX__TYPE_PROTO__VALUE_SPARSE_TENSOR_TYPE:
            guard let tt = t.sparse_tensor_type?.pointee else { return .unspecified }
            return .sparseTensor(DataType(code: tt.has_elem_type != 0 ? tt.elem_type : 0), shape(tt.shape))
        case ONNX__TYPE_PROTO__VALUE_SEQUENCE_TYPE:
            return .sequence(t.sequence_type?.pointee.elem_type.map { valueType($0.pointee) })
        case ONNX__TYPE_PROTO__VALUE_OPTIONAL_TYPE:
            return .optional(t.optional_type?.pointee.elem_type.map { valueType($0.pointee) })
        case ONNX__TYPE_PROTO__VALUE_MAP_TYPE:
            guard let m = t.map_type?.pointee else { return .unspecified }
            return .map(key: DataType(code: m.has_key_type != 0 ? m.key_type : 0),
                        value: m.value_type.map { valueType($0.pointee) })
        case ONNX__TYPE_PROTO__VALUE_OPAQUE_TYPE:
            guard let o = t.opaque_type?.pointee else { return .unspecified }
            return .opaque(domain: cString(o.domain), name: cString(o.name))
        default:
            return .unspecified
        }
    }

    private static func shape(_ p: UnsafeMutablePointer<Onnx__TensorShapeProto>?) -> Shape? {
        guard let s = p?.pointee else { return nil }
        var dims: [Dim] = []
        dims.reserveCapacity(s.n_dim)
        for i in 0..<s.n_dim {
            guard let d = s.dim[i]?.pointee else { dims.append(.unknown); continue }
            switch d.value_case {
            case ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE:
                // Some exporters write -1 for "dynamic"; ORT reads a negative dim_value as unknown, and so does the IR.
                // The TypeProto bytes are kept, so the file writes back unchanged.
                dims.append(d.dim_value >= 0 ? .value(d.dim_value) : .unknown)
            case ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM: dims.append(.param(cString(d.dim_param)))
            default: dims.append(.unknown)
            }
        }
        return Shape(dims)
    }

    /// Walks nested TypeProtos at wire level to bound their depth before handing them to protobuf-c.
    private static func checkTypeDepth(_ buf: UnsafeRawBufferPointer, range: Range<Int>, depth: Int) throws(DecodeError) {
        guard depth <= maxTypeDepth else {
            throw DecodeError("malformed: a TypeProto nests deeper than \(maxTypeDepth) levels")
        }
        var r = WireReader(buf, range: range, message: "TypeProto")
        while let f = try r.next() {
            guard f.wireType == .lengthDelimited else { continue }
            // sequence_type (4) and optional_type (9) hold elem_type = 1; map_type (5) holds value_type = 2.
            let inner: Int
            switch f.number {
            case 4, 9: inner = 1
            case 5: inner = 2
            case 1, 8:
                // tensor_type and sparse_tensor_type: bound the rank before protobuf-c allocates the dims.
                try checkRank(buf, tensorType: f.payload)
                continue
            default: continue
            }
            var c = WireReader(buf, range: f.payload, message: "TypeProto")
            while let g = try c.next() {
                if g.number == inner && g.wireType == .lengthDelimited {
                    try checkTypeDepth(buf, range: g.payload, depth: depth + 1)
                }
            }
        }
    }

    /// Counts the `dim` entries of a tensor type's shape (field 2, whose dims are field 1).
    private static func checkRank(_ buf: UnsafeRawBufferPointer, tensorType range: Range<Int>) throws(DecodeError) {
        var r = WireReader(buf, range: range, message: "TypeProto.Tensor")
        while let f = try r.next() {
            guard f.number == 2 && f.wireType == .lengthDelimited else { continue }
            var shape = WireReader(buf, range: f.payload, message: "TensorShapeProto")
            var dims = 0
            while let d = try shape.next() {
                guard d.number == 1 else { continue }
                dims += 1
                guard dims <= ONNXLoader.maxRank else {
                    throw DecodeError("a shape has more than \(ONNXLoader.maxRank) dimensions, the limit")
                }
            }
        }
    }

    /// Decodes an `OperatorSetIdProto`.
    static func opsetImport(_ buf: UnsafeRawBufferPointer, range: Range<Int>) throws(DecodeError) -> OpsetImport {
        let slice = UnsafeRawBufferPointer(rebasing: buf[range])
        var domain = ""
        var version: Int64 = 0
        if let base = slice.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            guard let msg = onnx__operator_set_id_proto__unpack(nil, slice.count, base) else {
                throw DecodeError("malformed: an OperatorSetIdProto at byte \(range.lowerBound) could not be decoded")
            }
            defer { onnx__operator_set_id_proto__free_unpacked(msg, nil) }
            domain = cString(msg.pointee.domain)
            version = msg.pointee.has_version != 0 ? msg.pointee.version : 0
        }
        var extra = try unknownFields(buf, range: range, known: [1, 2], message: "OperatorSetIdProto")
        // An empty domain that was written explicitly is kept so it is written again (the encoder omits "").
        if domain.isEmpty, try hasField(1, buf, range: range) {
            extra = WireBytes([0x0a, 0x00] + extra.bytes)
        }
        return OpsetImport(domain: domain, version: version, extraFields: extra)
    }

    /// Decodes a `StringStringEntryProto`.
    static func stringPair(_ buf: UnsafeRawBufferPointer, range: Range<Int>) throws(DecodeError) -> StringPair {
        let slice = UnsafeRawBufferPointer(rebasing: buf[range])
        guard let base = slice.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return StringPair("", "") }
        guard let msg = onnx__string_string_entry_proto__unpack(nil, slice.count, base) else {
            throw DecodeError("malformed: a StringStringEntryProto at byte \(range.lowerBound) could not be decoded")
        }
        defer { onnx__string_string_entry_proto__free_unpacked(msg, nil) }
        return StringPair(cString(msg.pointee.key), cString(msg.pointee.value))
    }

    static func hasField(_ number: Int, _ buf: UnsafeRawBufferPointer, range: Range<Int>) throws(DecodeError) -> Bool {
        var r = WireReader(buf, range: range, message: "OperatorSetIdProto")
        while let f = try r.next() { if f.number == number { return true } }
        return false
    }

    /// The fields of a message other than `known`, as encoded.
    static func unknownFields(_ buf: UnsafeRawBufferPointer, range: Range<Int>, known: Set<Int>,
                              message: String) throws(DecodeError) -> WireBytes {
        var r = WireReader(buf, range: range, message: message)
        var out: [UInt8] = []
        while let f = try r.next() {
            if !known.contains(f.number) { out.append(contentsOf: r.raw(f)) }
        }
        return WireBytes(out)
    }

    static func cString(_ p: UnsafeMutablePointer<CChar>?) -> String {
        guard let p else { return "" }
        return String(cString: p)
    }
}
