/// What the user asked for; passes read the parts that concern them.
public struct RewriteOptions: Hashable, Sendable {
    /// `--dim NAME=VALUE`: symbolic dims to fix, by `dim_param` name.
    public var dims: [String: Int64]
    /// `--input NAME=SHAPE`: whole input shapes to fix.
    public var inputShapes: [String: [Int64]]
    /// Largest tensor (elements) constant folding may create.
    public var foldMaxElements: Int
    /// `fp16-to-fp32`: keep float16 graph inputs and outputs, with Casts at the boundary.
    public var keepIOTypes: Bool
    /// Bound on pattern-driver sweeps per pass.
    public var maxIterations: Int

    public static let defaultFoldMaxElements = 1 << 20
    /// Shape folding after freezing only needs shape-sized tensors and masks.
    public static let shapeFoldMaxElements = 1 << 16

    public init(dims: [String: Int64] = [:], inputShapes: [String: [Int64]] = [:],
                foldMaxElements: Int = RewriteOptions.defaultFoldMaxElements, keepIOTypes: Bool = false,
                maxIterations: Int = 16) {
        self.dims = dims
        self.inputShapes = inputShapes
        self.foldMaxElements = foldMaxElements
        self.keepIOTypes = keepIOTypes
        self.maxIterations = maxIterations
    }
}

/// Everything a pass may consult besides the graph.
public struct RewriteContext: Sendable {
    public var target: RewriteTarget
    public var options: RewriteOptions

    public init(target: RewriteTarget = .none, options: RewriteOptions = RewriteOptions()) {
        self.target = target
        self.options = options
    }
}
