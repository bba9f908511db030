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
            case .float16: for x in v { put(TensorData.floatToHalf(Float(x))) }
            case .bfloat16: for x in v { put(TensorData.floatToBFloat16(Float(x))) }
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

