import CutlineIR
import CutlineShapes

extension TensorLiteral {
    /// The literal as an in-memory tensor in `raw_data` layout (strings as `string_data`).
    public func tensor(named name: String) -> Tensor? {
        var out: [UInt8] = []
        func put<T: FixedWidthInteger>(_ x: T) { withUnsafeBytes(of: x.littleEndian) { out.append(contentsOf: $0) } }
        switch values {
        case .strings(let s):
            return Tensor(name: name, dataType: dataType, dims: dims, payload: .strings(s.map { Array($0.utf8) }))
        case .doubles(let v):
            switch dataType {
            case .float: for x in v { put(Float(x).bitPattern) }
            case .double: for x in v { put(x.bitPattern) }
            case .float16: for x in v { put(HalfPrecision.bits(Float(x))) }
            case .bfloat16: for x in v { put(HalfPrecision.bfloatBits(Float(x))) }
            default: return nil
            }
        case .ints(let v):
            switch dataType {
            case .int64, .uint64: for x in v { put(UInt64(bitPattern: x)) }
            case .int32, .uint32: for x in v { put(UInt32(truncatingIfNeeded: x)) }
            case .int16, .uint16: for x in v { put(UInt16(truncatingIfNeeded: x)) }
            case .int8, .uint8, .bool: for x in v { out.append(UInt8(truncatingIfNeeded: x)) }
            case .float, .double, .float16, .bfloat16:
                return TensorLiteral(dataType: dataType, dims: dims, values: .doubles(v.map { Double($0) })).tensor(named: name)
            default: return nil
            }
        }
        return Tensor(name: name, dataType: dataType, dims: dims, payload: .field(.rawData, .memory(out)))
    }
}

/// IEEE 754 half and bfloat16 encodings (round to nearest even).
enum HalfPrecision {
    static func bits(_ f: Float) -> UInt16 {
        let b = f.bitPattern
        let sign = UInt16((b >> 16) & 0x8000)
        let exp = Int((b >> 23) & 0xff)
        var mant = b & 0x7f_ffff
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

    static func bfloatBits(_ f: Float) -> UInt16 {
        let b = f.bitPattern
        if f.isNaN { return UInt16(b >> 16) | 0x40 }
        return UInt16((b &+ (0x7fff + ((b >> 16) & 1))) >> 16)
    }
}
