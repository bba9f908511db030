import CutlineIR

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ModelDecoder {
    /// Decodes a `TensorProto`. Data fields become ranges of the mapped file, never copies, unless a repeated
    /// field was written unpacked (then its values are re-packed in memory).
    mutating func decodeTensor(_ range: Range<Int>) throws(DecodeError) -> Tensor {
        var r = WireReader(buffer, range: range, message: "TensorProto")
        var dims: [Int64] = []
        var dataType: Int32 = 0
        var name = "", doc = ""
        var extra: [UInt8] = []
        var dataNumber: Int?
        var dataFields: [WireField] = []
        var stringFields: [WireField] = []
        var externalFields: [WireField] = []
        var locationField: WireField?
        while let f = try r.next() {
            switch f.number {
            case 1:
                let added = f.wireType == .lengthDelimited ? LoaderChecks.packedCount(buffer, f.payload) : 1
                // Checked before decoding so a huge packed run is refused without being allocated.
                try LoaderChecks.checkRank(dims.count + added) { "tensor '\(peekName(range))'" }
                switch f.wireType {
                case .varint: dims.append(f.int64)
                case .lengthDelimited: dims.append(contentsOf: try r.packedVarints(f.payload, field: 1).map { Int64(bitPattern: $0) })
                default: try r.expect(f, .varint)
                }
            case 2: try r.expect(f, .varint); dataType = f.int32
            case 8: name = try optionalString(f, r, &extra)
            case 12: doc = try optionalString(f, r, &extra)
            case 4, 5, 7, 9, 10, 11:
                if dataNumber == nil || dataNumber == f.number {
                    dataNumber = f.number
                    dataFields.append(f)
                } else {
                    extra.append(contentsOf: r.raw(f))
                }
            case 6: try r.expect(f, .lengthDelimited); stringFields.append(f)
            case 13: try r.expect(f, .lengthDelimited); externalFields.append(f)
            case 14: try r.expect(f, .varint); locationField = f
            default: extra.append(contentsOf: r.raw(f))
            }
        }
        let type = DataType(code: dataType)
        let payload: TensorPayload
        if let loc = locationField, loc.scalar == 1 {
            var entries: [StringPair] = []
            for f in externalFields { entries.append(try SmallMessages.stringPair(buffer, range: f.payload)) }
            let ext: ExternalData
            do {
                ext = try ExternalData(entries: entries)
            } catch {
                throw DecodeError("tensor '\(name)': \(error)")
            }
            for f in dataFields + stringFields { extra.append(contentsOf: r.raw(f)) }
            payload = .external(ext)
        } else {
            // A DEFAULT location written explicitly, and external_data entries that are not in use, are kept as read.
            if let loc = locationField { extra.append(contentsOf: r.raw(loc)) }
            for f in externalFields { extra.append(contentsOf: r.raw(f)) }
            if let number = dataNumber, let encoding = TensorEncoding(rawValue: number) {
                payload = .field(encoding, try dataSource(dataFields, encoding: encoding, reader: r, tensor: name))
                for f in stringFields { extra.append(contentsOf: r.raw(f)) }
            } else if !stringFields.isEmpty {
                payload = .strings(stringFields.map { r.bytes($0.payload) })
            } else {
                payload = .none
            }
        }
        let tensor = Tensor(name: name, dataType: type, dims: dims, payload: payload, docString: doc,
                            extraFields: WireBytes(extra))
        try validate(tensor)
        return tensor
    }

    /// The bytes of a data field: the packed blob's file range when there is one blob, else values re-packed.
    private func dataSource(_ fields: [WireField], encoding: TensorEncoding, reader r: WireReader,
                            tensor: String) throws(DecodeError) -> ByteSource {
        if encoding == .rawData {
            // `raw_data` is a singular bytes field: the last occurrence wins.
            guard let f = fields.last else { return .memory([]) }
            try r.expect(f, .lengthDelimited)
            return .file(offset: f.payload.lowerBound, count: f.payload.count)
        }
        if fields.count == 1, let f = fields.first, f.wireType == .lengthDelimited {
            return .file(offset: f.payload.lowerBound, count: f.payload.count)
        }
        var out: [UInt8] = []
        for f in fields {
            switch (f.wireType, encoding) {
            case (.lengthDelimited, _):
                out.append(contentsOf: r.bytes(f.payload))
            case (.fixed32, .floatData):
                withUnsafeBytes(of: UInt32(truncatingIfNeeded: f.scalar).littleEndian) { out.append(contentsOf: $0) }
            case (.fixed64, .doubleData):
                withUnsafeBytes(of: f.scalar.littleEndian) { out.append(contentsOf: $0) }
            case (.varint, .int32Data), (.varint, .int64Data), (.varint, .uint64Data):
                WireEncoding.appendVarint(f.scalar, to: &out)
            default:
                throw DecodeError("malformed: tensor '\(tensor)' has field \(r.fieldName(f.number)) at byte \(f.start) with wire type \(f.wireType.rawValue)")
            }
        }
        return .memory(out)
    }

    /// A TensorProto's name (field 8), for messages raised before the name field has been reached.
    func peekName(_ range: Range<Int>) -> String {
        var r = WireReader(buffer, range: range, message: "TensorProto")
        var name = ""
        while let f = try? r.next() {
            if f.number == 8 && f.wireType == .lengthDelimited { name = r.string(f.payload) }
        }
        return name
    }

    /// Refuses tensors whose dims are negative or too large, and payloads that are out of bounds.
    private mutating func validate(_ t: Tensor) throws(DecodeError) {
        if let d = t.dims.first(where: { $0 < 0 }) {
            throw DecodeError("tensor '\(t.name)' has a negative dimension (\(d)) in dims \(t.dims)")
        }
        // Bounded so that any element width (up to 16 bytes) gives a byte size that fits in 64 bits.
        guard let n = t.elementCount, n <= Int64.max / 16 else {
            throw DecodeError("tensor '\(t.name)' has dims \(t.dims) whose element count overflows 64 bits")
        }
        switch t.payload {
        case .field(.rawData, let source):
            if let expected = t.byteCount, Int64(source.count) != expected {
                throw DecodeError("tensor '\(t.name)' holds \(source.count) bytes of raw_data but dims \(t.dims) of \(t.dataType.name) need \(expected)")
            }
        case .external(let ext):
            let size = try externalFileSize(ext.location, tensor: t.name)
            let length = ext.length ?? t.byteCount ?? 0
            if ext.offset > size || length > size - ext.offset {
                throw DecodeError("tensor '\(t.name)': external data '\(ext.location)' range \(ext.offset)+\(length) exceeds its file (\(size) bytes)")
            }
        default:
            break
        }
    }

    private mutating func externalFileSize(_ location: String, tensor: String) throws(DecodeError) -> Int64 {
        if let s = externalSizes[location] { return s }
        let s: Int64
        do {
            s = try storage.externalFileSize(location)
        } catch {
            throw DecodeError("tensor '\(tensor)': \(error)")
        }
        externalSizes[location] = s
        return s
    }

    /// Decodes a `SparseTensorProto`.
    mutating func decodeSparseTensor(_ range: Range<Int>) throws(DecodeError) -> SparseTensor {
        var r = WireReader(buffer, range: range, message: "SparseTensorProto")
        var values: Tensor?
        var indices: Tensor?
        var dims: [Int64] = []
        var extra: [UInt8] = []
        while let f = try r.next() {
            switch f.number {
            case 1: try r.expect(f, .lengthDelimited); values = try decodeTensor(f.payload)
            case 2: try r.expect(f, .lengthDelimited); indices = try decodeTensor(f.payload)
            case 3:
                let added = f.wireType == .lengthDelimited ? LoaderChecks.packedCount(buffer, f.payload) : 1
                try LoaderChecks.checkRank(dims.count + added) { "a sparse tensor at byte \(range.lowerBound)" }
                switch f.wireType {
                case .varint: dims.append(f.int64)
                case .lengthDelimited: dims.append(contentsOf: try r.packedVarints(f.payload, field: 3).map { Int64(bitPattern: $0) })
                default: try r.expect(f, .varint)
                }
            default: extra.append(contentsOf: r.raw(f))
            }
        }
        guard let values else { throw DecodeError("malformed: a sparse tensor at byte \(range.lowerBound) has no values") }
        if let d = dims.first(where: { $0 < 0 }) {
            throw DecodeError("sparse tensor '\(values.name)' has a negative dimension (\(d)) in dims \(dims)")
        }
        let empty = Tensor(name: "", dataType: .int64, dims: [0], payload: .none)
        return SparseTensor(values: values, indices: indices ?? empty, dims: dims, extraFields: WireBytes(extra))
    }
}
