/// Protobuf wire types.
enum WireType: Int {
    case varint = 0, fixed64 = 1, lengthDelimited = 2, fixed32 = 5
}

/// One decoded field: its number, its wire type, where it starts (tag included) and its payload.
struct WireField {
    var number: Int
    var wireType: WireType
    /// Absolute offset of the tag.
    var start: Int
    /// Absolute offset just past the field.
    var end: Int
    /// The varint or fixed value (as bits) for scalar wire types.
    var scalar: UInt64
    /// The payload range for length-delimited fields (absolute offsets).
    var payload: Range<Int>

    var int64: Int64 { Int64(bitPattern: scalar) }
    var int32: Int32 { Int32(truncatingIfNeeded: scalar) }
}

/// Reads the fields of one message over a byte buffer without copying. Offsets are absolute positions in the
/// buffer so payload ranges can be kept as file ranges. Every read is bounds-checked.
struct WireReader {
    let buffer: UnsafeRawBufferPointer
    /// The message type being read, used in error texts.
    let message: String
    private(set) var position: Int
    let end: Int

    init(_ buffer: UnsafeRawBufferPointer, range: Range<Int>, message: String) {
        self.buffer = buffer
        self.message = message
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    var atEnd: Bool { position >= end }

    /// The next field, or nil at the end of the message.
    mutating func next() throws(DecodeError) -> WireField? {
        guard position < end else { return nil }
        let start = position
        guard let tag = readVarint() else {
            throw truncation("a field tag", at: start)
        }
        let number = Int(truncatingIfNeeded: tag >> 3)
        guard let wireType = WireType(rawValue: Int(tag & 7)) else {
            throw DecodeError("malformed: \(message) has a field with unsupported wire type \(tag & 7) at byte \(start)")
        }
        guard number > 0, number < (1 << 29) else {
            throw DecodeError("malformed: \(message) has a field numbered \(number) at byte \(start)")
        }
        var field = WireField(number: number, wireType: wireType, start: start, end: start, scalar: 0, payload: 0..<0)
        switch wireType {
        case .varint:
            guard let v = readVarint() else { throw truncation(fieldName(number), at: start) }
            field.scalar = v
        case .fixed64:
            guard end - position >= 8 else { throw truncation(fieldName(number), at: start) }
            field.scalar = buffer.loadUnaligned(fromByteOffset: position, as: UInt64.self).littleEndian
            position += 8
        case .fixed32:
            guard end - position >= 4 else { throw truncation(fieldName(number), at: start) }
            field.scalar = UInt64(buffer.loadUnaligned(fromByteOffset: position, as: UInt32.self).littleEndian)
            position += 4
        case .lengthDelimited:
            guard let n = readVarint() else { throw truncation(fieldName(number), at: start) }
            guard n <= UInt64(end - position) else { throw truncation(fieldName(number), at: start) }
            field.payload = position..<(position + Int(n))
            position += Int(n)
        }
        field.end = position
        return field
    }

    /// The next field, requiring `wireType` for known fields.
    func expect(_ field: WireField, _ wireType: WireType) throws(DecodeError) {
        guard field.wireType == wireType else {
            throw DecodeError("malformed: field \(fieldName(field.number)) at byte \(field.start) has wire type \(field.wireType.rawValue), expected \(wireType.rawValue)")
        }
    }

    func fieldName(_ number: Int) -> String {
        if let n = WireReader.fieldNames[message]?[number] { return "\(message).\(n)" }
        return "\(message).\(number)"
    }

    private func truncation(_ what: String, at start: Int) -> DecodeError {
        if end == buffer.count {
            return DecodeError("truncated: field \(what) at byte \(start) runs past the end of the file (\(buffer.count) bytes)")
        }
        return DecodeError("malformed: field \(what) at byte \(start) runs past the end of its enclosing message (byte \(end))")
    }

    private mutating func readVarint() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < end {
            let b = buffer[position]
            position += 1
            if shift < 64 { result |= UInt64(b & 0x7f) << shift }
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift >= 70 { return nil }
        }
        return nil
    }

    /// Bytes of a range, copied.
    func bytes(_ range: Range<Int>) -> [UInt8] {
        Array(UnsafeRawBufferPointer(rebasing: buffer[range]))
    }

    func string(_ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    /// The encoded field exactly as it appears (tag and payload).
    func raw(_ field: WireField) -> [UInt8] { bytes(field.start..<field.end) }

    /// Decodes a packed run of varints.
    func packedVarints(_ range: Range<Int>, field: Int) throws(DecodeError) -> [UInt64] {
        var out: [UInt64] = []
        var i = range.lowerBound
        while i < range.upperBound {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            var done = false
            while i < range.upperBound {
                let b = buffer[i]
                i += 1
                if shift < 64 { result |= UInt64(b & 0x7f) << shift }
                shift += 7
                if b & 0x80 == 0 { done = true; break }
                if shift >= 70 { break }
            }
            guard done else {
                throw DecodeError("malformed: packed field \(fieldName(field)) at byte \(range.lowerBound) holds a broken varint")
            }
            out.append(result)
        }
        return out
    }

    static let fieldNames: [String: [Int: String]] = [
        "ModelProto": [1: "ir_version", 2: "producer_name", 3: "producer_version", 4: "domain", 5: "model_version",
                       6: "doc_string", 7: "graph", 8: "opset_import", 14: "metadata_props", 20: "training_info",
                       25: "functions", 26: "configuration"],
        "GraphProto": [1: "node", 2: "name", 5: "initializer", 10: "doc_string", 11: "input", 12: "output",
                       13: "value_info", 14: "quantization_annotation", 15: "sparse_initializer", 16: "metadata_props"],
        "NodeProto": [1: "input", 2: "output", 3: "name", 4: "op_type", 5: "attribute", 6: "doc_string", 7: "domain",
                      8: "overload", 9: "metadata_props", 10: "device_configurations"],
        "AttributeProto": [1: "name", 2: "f", 3: "i", 4: "s", 5: "t", 6: "g", 7: "floats", 8: "ints", 9: "strings",
                           10: "tensors", 11: "graphs", 13: "doc_string", 14: "tp", 15: "type_protos", 20: "type",
                           21: "ref_attr_name", 22: "sparse_tensor", 23: "sparse_tensors"],
        "TensorProto": [1: "dims", 2: "data_type", 3: "segment", 4: "float_data", 5: "int32_data", 6: "string_data",
                        7: "int64_data", 8: "name", 9: "raw_data", 10: "double_data", 11: "uint64_data",
                        12: "doc_string", 13: "external_data", 14: "data_location", 16: "metadata_props"],
        "SparseTensorProto": [1: "values", 2: "indices", 3: "dims"],
        "ValueInfoProto": [1: "name", 2: "type", 3: "doc_string", 4: "metadata_props"],
        "FunctionProto": [1: "name", 4: "input", 5: "output", 6: "attribute", 7: "node", 8: "doc_string",
                          9: "opset_import", 10: "domain", 11: "attribute_proto", 12: "value_info", 13: "overload",
                          14: "metadata_props"],
        "OperatorSetIdProto": [1: "domain", 2: "version"],
        "StringStringEntryProto": [1: "key", 2: "value"],
    ]
}
