import CutlineIR

/// A whole-model rewrite with a contract: a precondition that says whether it applies, the rewrite, and a
/// postcondition the driver checks after the `Verifier`.
public protocol RewritePass: Sendable {
    /// Stable identifier used on the command line (`gelu-tanh`).
    var id: String { get }
    /// One sentence: what it matches and what it emits.
    var summary: String { get }
    /// Largest max |Δ| over model outputs that `scripts/verify/equivalence.py` accepts for this pass.
    var tolerance: Double { get }
    /// Nil when the pass has something to do on this model; otherwise why not.
    func precondition(_ model: Model, context: RewriteContext) -> NoMatch?
    /// Rewrites the model; the notes go into the change log.
    func run(_ model: inout Model, context: RewriteContext) throws -> PassReport
    /// Violations of what the pass promises (empty when it kept its word).
    func postcondition(_ model: Model, context: RewriteContext) -> [String]
}

/// What a pass says about its own run, besides the node diff the driver computes.
public struct PassReport: Hashable, Sendable {
    public var rewrites: [String: Int]
    public var notes: [String]
    public var misses: [String]

    public init(rewrites: [String: Int] = [:], notes: [String] = [], misses: [String] = []) {
        self.rewrites = rewrites
        self.notes = notes
        self.misses = misses
    }

    init(_ stats: PatternRunStats, notes: [String] = []) {
        self.init(rewrites: stats.rewrites, notes: notes, misses: stats.misses)
        if !stats.converged { self.notes.append("stopped after \(stats.sweeps) sweeps without reaching a fixed point") }
    }
}
