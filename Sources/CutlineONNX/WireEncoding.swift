/// Protobuf encoding primitives.
enum WireEncoding {
    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func appendTag(_ field: Int, _ wireType: WireType, to out: inout [UInt8]) {
        appendVarint(UInt64(field) << 3 | UInt64(wireType.rawValue), to: &out)
    }

    static func varintSize(_ value: UInt64) -> Int {
        var v = value
        var n = 1
        while v >= 0x80 { v >>= 7; n += 1 }
        return n
    }
}
