/// Reads tensor values. Payload bytes are fetched from the storage only here, when a value is needed.
public enum TensorData {
    /// The tensor's values in ONNX `raw_data` layout (little-endian, natural element width), whatever field the
    /// file used. Strings are not supported here.
    public static func rawBytes(of tensor: Tensor, storage: ModelStorage?) throws -> [UInt8] {
        switch tensor.payload {
        case .none:
            return []
        case .strings:
            throw IRError.invalid("tensor '\(tensor.name)' holds strings")
        case .external(let ext):
            guard let storage else { throw IRError.io("tensor '\(tensor.name)' has external data but the model has no file") }
            return try storage.externalBytes(ext, expected: tensor.byteCount)
        case .field(let encoding, let source):
            let bytes: [UInt8]
            switch source {
            case .memory(let b): bytes = b
            case .file:
                guard let storage else { throw IRError.io("tensor '\(tensor.name)' refers to a file range but the model has no file") }
                bytes = try storage.bytes(source)
            }
            switch encoding {
            case .rawData, .floatData, .doubleData:
                return bytes
            case .int32Data, .int64Data, .uint64Data:
                let width: Int
                switch (encoding, tensor.dataType) {
                case (.int64Data, _): width = 8
                case (.uint64Data, .uint64): width = 8
                case (.uint64Data, _): width = 4
                default: width = max(1, (tensor.dataType.bitWidth ?? 32) / 8)
                }
                var out: [UInt8] = []
                var reader = VarintReader(bytes: bytes)
                while !reader.atEnd {
                    guard let v = reader.next() else {
                        throw IRError.invalid("tensor '\(tensor.name)' has a malformed varint in its data")
                    }
                    for i in 0..<width { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(i)))) }
                }
                return out
            }
        }
    }

    /// Values as Int64 for integer and bool tensors (and float tensors, truncated toward zero).
    public static func int64s(of tensor: Tensor, storage: ModelStorage?) throws -> [Int64] {
        let raw = try rawBytes(of: tensor, storage: storage)
        return try decodeInt64s(raw, dataType: tensor.dataType, name: tensor.name)
    }

    /// Values as Double for numeric tensors.
    public static func doubles(of tensor: Tensor, storage: ModelStorage?) throws -> [Double] {
        let raw = try rawBytes(of: tensor, storage: storage)
        return try decodeDoubles(raw, dataType: tensor.dataType, name: tensor.name)
    }

    public static func decodeInt64s(_ raw: [UInt8], dataType: DataType, name: String) throws -> [Int64] {
        switch dataType {
        case .int64: return load(raw, Int64.self)
        case .uint64: return load(raw, UInt64.self).map { Int64(bitPattern: $0) }
        case .int32: return load(raw, Int32.self).map { Int64($0) }
        case .uint32: return load(raw, UInt32.self).map { Int64($0) }
        case .int16: return load(raw, Int16.self).map { Int64($0) }
        case .uint16: return load(raw, UInt16.self).map { Int64($0) }
        case .int8: return raw.map { Int64(Int8(bitPattern: $0)) }
        case .uint8, .bool: return raw.map { Int64($0) }
        case .float, .double, .float16, .bfloat16:
            return try decodeDoubles(raw, dataType: dataType, name: name).map { $0.isFinite ? Int64(clamping: Int64(exactly: $0.rounded(.towardZero)) ?? 0) : 0 }
        default: throw IRError.invalid("tensor '\(name)' of type \(dataType.name) has no integer values")
        }
    }

    public static func decodeDoubles(_ raw: [UInt8], dataType: DataType, name: String) throws -> [Double] {
        switch dataType {
        case .float: return load(raw, UInt32.self).map { Double(Float(bitPattern: $0)) }
        case .double: return load(raw, UInt64.self).map { Double(bitPattern: $0) }
        case .float16: return load(raw, UInt16.self).map { Double(halfToFloat($0)) }
        case .bfloat16: return load(raw, UInt16.self).map { Double(Float(bitPattern: UInt32($0) << 16)) }
        case .int64, .uint64, .int32, .uint32, .int16, .uint16, .int8, .uint8, .bool:
            return try decodeInt64s(raw, dataType: dataType, name: name).map { Double($0) }
        default: throw IRError.invalid("tensor '\(name)' of type \(dataType.name) has no numeric values")
        }
    }

    /// Little-endian load of fixed-width elements (trailing partial bytes ignored).
    static func load<T: FixedWidthInteger>(_ raw: [UInt8], _: T.Type) -> [T] {
        let size = MemoryLayout<T>.size
        let n = raw.count / size
        var out = [T](repeating: 0, count: n)
        raw.withUnsafeBytes { src in
            for i in 0..<n { out[i] = T(littleEndian: src.loadUnaligned(fromByteOffset: i * size, as: T.self)) }
        }
        return out
    }

    /// IEEE 754 half → single.
    public static func halfToFloat(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exp = Int((h >> 10) & 0x1f)
        let frac = UInt32(h & 0x3ff)
        if exp == 0 {
            if frac == 0 { return Float(bitPattern: sign) }
            let v = Float(frac) * pow2(-24)
            return sign != 0 ? -v : v
        }
        if exp == 31 { return Float(bitPattern: sign | 0x7f80_0000 | (frac << 13)) }
        return Float(bitPattern: sign | UInt32(exp + 112) << 23 | (frac << 13))
    }

    /// IEEE 754 single → half, rounding to nearest even (overflow to infinity, NaN kept quiet).
    public static func floatToHalf(_ f: Float) -> UInt16 {
        let bits = f.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exp = Int((bits >> 23) & 0xff)
        var mant = bits & 0x7f_ffff
        if exp == 0xff { return sign | 0x7c00 | (mant != 0 ? 0x200 : 0) }
        let e = exp - 127 + 15
        if e >= 31 { return sign | 0x7c00 }
        if e <= 0 {
            // Subnormal half: shift the implicit bit in and round what falls off.
            if e < -10 { return sign }
            mant |= 0x80_0000
            let shift = UInt32(14 - e)
            var h = mant >> shift
            let rem = mant & ((1 << shift) - 1)
            let halfway = UInt32(1) << (shift - 1)
            if rem > halfway || (rem == halfway && (h & 1) == 1) { h += 1 }
            return sign | UInt16(h)
        }
        var h = UInt32(e) << 10 | (mant >> 13)
        let rem = mant & 0x1fff
        if rem > 0x1000 || (rem == 0x1000 && (h & 1) == 1) { h += 1 }
        if h >= 0x7c00 { return sign | 0x7c00 }
        return sign | UInt16(h)
    }

    /// IEEE 754 single → bfloat16, rounding to nearest even (NaN kept quiet).
    public static func floatToBFloat16(_ f: Float) -> UInt16 {
        let bits = f.bitPattern
        if f.isNaN { return UInt16(bits >> 16) | 0x40 }
        return UInt16((bits &+ (0x7fff + ((bits >> 16) & 1))) >> 16)
    }

    static func pow2(_ e: Int) -> Float { Float(sign: .plus, exponent: e, significand: 1) }
}

/// Reads protobuf varints from a byte array.
public struct VarintReader {
    let bytes: [UInt8]
    var index = 0
    public init(bytes: [UInt8]) { self.bytes = bytes }
    public var atEnd: Bool { index >= bytes.count }
    public mutating func next() -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while index < bytes.count {
            let b = bytes[index]
            index += 1
            if shift < 64 { result |= UInt64(b & 0x7f) << shift }
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift >= 70 { return nil }
        }
        return nil
    }
}
