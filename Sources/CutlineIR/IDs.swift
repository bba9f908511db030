/// Identifies a node inside one `Graph`. IDs are indices; they are never shown to users.
public struct NodeID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let raw: Int32
    @inlinable public init(_ raw: Int) { self.raw = Int32(truncatingIfNeeded: raw) }
    @inlinable public var index: Int { Int(raw) }
    @inlinable public static func < (a: NodeID, b: NodeID) -> Bool { a.raw < b.raw }
    public var description: String { "n\(raw)" }
}

/// Identifies a value (tensor name) inside one `Graph`.
public struct ValueID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let raw: Int32
    @inlinable public init(_ raw: Int) { self.raw = Int32(truncatingIfNeeded: raw) }
    @inlinable public var index: Int { Int(raw) }
    @inlinable public static func < (a: ValueID, b: ValueID) -> Bool { a.raw < b.raw }
    public var description: String { "v\(raw)" }
}

/// One consumer slot of a value: input `input` of node `node`.
public struct Use: Hashable, Comparable, Sendable {
    public var node: NodeID
    public var input: Int
    public init(node: NodeID, input: Int) { self.node = node; self.input = input }
    public static func < (a: Use, b: Use) -> Bool { (a.node, a.input) < (b.node, b.input) }
}
