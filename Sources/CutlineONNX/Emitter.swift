import CutlineIR

/// A piece of output: small encoded bytes, or a reference to payload bytes streamed when the file is written.
enum Chunk {
    case bytes([UInt8])
    /// A range of the source model's mapping.
    case file(offset: Int, count: Int)
    /// `count` bytes of an external data file of the source model.
    case external(ExternalData, count: Int)
}

/// Builds protobuf output as a list of chunks so weights are copied only once, straight to the destination.
struct Emitter {
    private(set) var chunks: [Chunk] = []
    private var tail: [UInt8] = []
    private var flushed = 0

    var count: Int { flushed + tail.count }

    mutating func varint(_ v: UInt64) { WireEncoding.appendVarint(v, to: &tail) }

    mutating func tag(_ field: Int, _ wireType: WireType) { WireEncoding.appendTag(field, wireType, to: &tail) }

    mutating func raw(_ bytes: [UInt8]) { tail.append(contentsOf: bytes) }

    mutating func int(_ field: Int, _ v: Int64) {
        tag(field, .varint)
        varint(UInt64(bitPattern: v))
    }

    mutating func fixed32(_ field: Int, _ bits: UInt32) {
        tag(field, .fixed32)
        withUnsafeBytes(of: bits.littleEndian) { tail.append(contentsOf: $0) }
    }

    mutating func bytes(_ field: Int, _ b: [UInt8]) {
        tag(field, .lengthDelimited)
        varint(UInt64(b.count))
        tail.append(contentsOf: b)
    }

    mutating func string(_ field: Int, _ s: String) { bytes(field, Array(s.utf8)) }

    /// A string field written only when non-empty (proto2 optional strings that were absent stay absent).
    mutating func optionalString(_ field: Int, _ s: String) { if !s.isEmpty { string(field, s) } }

    /// A length-delimited field whose payload is streamed later.
    mutating func largeBytes(_ field: Int, _ chunk: Chunk, count: Int) {
        tag(field, .lengthDelimited)
        varint(UInt64(count))
        append(chunk, count: count)
    }

    mutating func append(_ chunk: Chunk, count: Int) {
        if case .bytes(let b) = chunk { tail.append(contentsOf: b); return }
        flush()
        chunks.append(chunk)
        flushed += count
    }

    /// A nested message field.
    mutating func message(_ field: Int, _ child: Emitter) {
        tag(field, .lengthDelimited)
        varint(UInt64(child.count))
        append(child)
    }

    mutating func append(_ other: Emitter) {
        if other.chunks.isEmpty {
            tail.append(contentsOf: other.tail)
            return
        }
        flush()
        chunks.append(contentsOf: other.chunks)
        flushed += other.flushed
        tail = other.tail
    }

    /// All chunks, the pending bytes included.
    mutating func finish() -> [Chunk] {
        flush()
        return chunks
    }

    private mutating func flush() {
        guard !tail.isEmpty else { return }
        chunks.append(.bytes(tail))
        flushed += tail.count
        tail = []
    }
}
