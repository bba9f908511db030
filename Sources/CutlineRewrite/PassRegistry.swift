/// Every rewrite pass, listed by hand and sorted by id (a test keeps it so).
public enum PassRegistry {
    public static let all: [any RewritePass] = [
        DecomposeContribPass(),
        FoldConstantsPass(),
        FP16ToFP32Pass(),
        FreezeShapesPass(),
        GatherScalarPass(),
        GeluTanhPass(),
        WhereMaskPass(),
    ]

    public static var ids: [String] { all.map(\.id) }

    public static func pass(_ id: String) -> (any RewritePass)? { all.first { $0.id == id } }

    /// The order `--auto` tries passes in: fixing shapes first lets the later passes see constants.
    public static let autoOrder = ["freeze-shapes", "fold-constants", "where-mask", "decompose-contrib", "gelu-tanh",
                                   "fp16-to-fp32", "gather-scalar"]
}
