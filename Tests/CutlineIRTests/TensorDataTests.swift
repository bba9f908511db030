import Testing
@testable import CutlineIR

@Suite struct TensorDataTests {
    @Test func rawLittleEndianFloats() throws {
        // 1.0f = 0x3F800000, -2.5f = 0xC0200000 (IEEE 754), stored little-endian.
        let t = Tensor(name: "t", dataType: .float, dims: [2],
                       payload: .field(.rawData, .memory([0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x20, 0xC0])))
        #expect(try TensorData.doubles(of: t, storage: nil) == [1.0, -2.5])
    }

    @Test func packedVarintInt64s() throws {
        // Varints: 1 → 01; 300 → AC 02; -1 → ten bytes FF…01 (two's complement as uint64).
        let bytes: [UInt8] = [0x01, 0xAC, 0x02] + [UInt8](repeating: 0xFF, count: 9) + [0x01]
        let t = Tensor(name: "t", dataType: .int64, dims: [3], payload: .field(.int64Data, .memory(bytes)))
        #expect(try TensorData.int64s(of: t, storage: nil) == [1, 300, -1])
    }

    @Test func int32DataHoldsHalfFloats() throws {
        // float16 1.0 = 0x3C00 = 15360, carried in int32_data as a varint (80 78).
        let t = Tensor(name: "h", dataType: .float16, dims: [1], payload: .field(.int32Data, .memory([0x80, 0x78])))
        #expect(try TensorData.doubles(of: t, storage: nil) == [1.0])
    }

    @Test func halfAndBFloat16Encoding() {
        // 1.0 = sign 0, exponent 15 (bias 15), mantissa 0 → 0x3C00; -2.0 → 0xC000.
        #expect(TensorData.floatToHalf(1.0) == 0x3C00)
        #expect(TensorData.floatToHalf(-2.0) == 0xC000)
        // 65504 is the largest half; 65520 rounds up past it to +infinity (0x7C00).
        #expect(TensorData.floatToHalf(65504) == 0x7BFF)
        #expect(TensorData.floatToHalf(65520) == 0x7C00)
        // 2^-24 is the smallest subnormal half (0x0001); 2^-26 rounds to zero.
        #expect(TensorData.floatToHalf(Float(sign: .plus, exponent: -24, significand: 1)) == 0x0001)
        #expect(TensorData.floatToHalf(Float(sign: .plus, exponent: -26, significand: 1)) == 0x0000)
        #expect(TensorData.halfToFloat(TensorData.floatToHalf(0.1)) == 0.0999755859375)
        // bfloat16 keeps float's top 16 bits, rounded: 1.0 → 0x3F80; 1 + 2^-8 is a tie, to even → 0x3F80.
        #expect(TensorData.floatToBFloat16(1.0) == 0x3F80)
        #expect(TensorData.floatToBFloat16(1 + Float(sign: .plus, exponent: -8, significand: 1)) == 0x3F80)
        #expect(TensorData.floatToHalf(.nan) & 0x7C00 == 0x7C00)
    }

    @Test func fileRangesReadFromStorage() throws {
        let storage = ModelStorage(bytes: [9, 9, 7, 0, 0, 0, 0, 0, 0, 0, 9])
        let t = Tensor(name: "i", dataType: .int64, dims: [], payload: .field(.rawData, .file(offset: 2, count: 8)))
        #expect(try TensorData.int64s(of: t, storage: storage) == [7])
        let bad = Tensor(name: "i", dataType: .int64, dims: [], payload: .field(.rawData, .file(offset: 8, count: 8)))
        #expect(throws: IRError.self) { try TensorData.int64s(of: bad, storage: storage) }
    }

    @Test func byteCountsAndOverflow() {
        #expect(Tensor(name: "t", dataType: .float16, dims: [3, 5], payload: .none).byteCount == 30)
        #expect(Tensor(name: "t", dataType: .int4, dims: [3], payload: .none).byteCount == 2)
        #expect(Tensor(name: "t", dataType: .float, dims: [Int64.max, 4], payload: .none).byteCount == nil)
        #expect(Tensor(name: "t", dataType: .float, dims: [-1], payload: .none).elementCount == nil)
    }

    @Test func externalDataRejectsEscapingPaths() throws {
        let storage = ModelStorage(bytes: [], path: "/tmp/x.onnx", directory: "/tmp")
        #expect(throws: IRError.invalid("external data location '../etc/passwd' escapes the model's folder")) {
            try storage.resolveExternal("../etc/passwd")
        }
        #expect(throws: IRError.invalid("external data location '/etc/passwd' is an absolute path")) {
            try storage.resolveExternal("/etc/passwd")
        }
    }
}
