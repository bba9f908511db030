/// Protobuf fields the IR does not model, kept as their encoded bytes (tag + payload, in file order) so a
/// loaded message writes back with nothing lost. Analysis never looks inside.
public struct WireBytes: Hashable, Sendable {
    public var bytes: [UInt8]
    public init(_ bytes: [UInt8] = []) { self.bytes = bytes }
    public var isEmpty: Bool { bytes.isEmpty }
    public static let empty = WireBytes()
}
