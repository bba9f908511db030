/// The execution provider a rewrite aims at, as far as passes need to know it: which ops it takes.
public struct RewriteTarget: Hashable, Sendable {
    /// `coreml-neuralnetwork`, `coreml-mlprogram`, `nnapi`, or a table name.
    public var name: String
    /// Op type → lowest schema since-version the EP accepts. The CoreML EP looks ops up by type alone, so a
    /// com.microsoft op with the same type reaches the same builder and is filtered by this version.
    public var opSinceMin: [String: Int64]

    public init(name: String, opSinceMin: [String: Int64]) {
        self.name = name
        self.opSinceMin = opSinceMin
    }

    /// A target that takes nothing: every pass assumes the op must be rewritten.
    public static let none = RewriteTarget(name: "none", opSinceMin: [:])

    /// Whether the EP has a builder for `opType` that accepts a node bound to `sinceVersion`.
    public func takes(_ opType: String, sinceVersion: Int64) -> Bool {
        guard let min = opSinceMin[opType] else { return false }
        return sinceVersion >= min
    }
}
