import CutlineIR
import CutlineShapes

/// What a pattern may read besides the graph it matches in.
public struct ModelFacts: Sendable {
    /// The model's ai.onnx opset.
    public var opset: Int64
    public var irVersion: Int64
    public var opsetImports: [OpsetImport]
    public var storage: ModelStorage?

    public init(model: Model) {
        self.opset = model.opsetVersion(for: "") ?? 1
        self.irVersion = model.irVersion
        self.opsetImports = model.opsetImports
        self.storage = model.storage
    }

    public init(opset: Int64, irVersion: Int64 = 10, storage: ModelStorage? = nil) {
        self.opset = opset
        self.irVersion = irVersion
        self.opsetImports = [OpsetImport(domain: "", version: opset)]
        self.storage = storage
    }

    /// Reads constants (initializers that are not graph inputs, and Constant node outputs).
    public func constants(maxElements: Int = TensorLiteral.defaultMaxElements) -> ConstantLookup {
        ConstantLookup(storage: storage, irVersion: irVersion, maxElements: maxElements)
    }
}

/// A local graph rewrite: finds its shape at an anchor node, says why not when it does not, and replaces it
/// through the editor.
public protocol RewritePattern: Sendable {
    associatedtype Match: Sendable
    /// Stable name, shown in change logs (`gelu-erf-pytorch`).
    var name: String { get }
    /// Op types the match starts from (any domain); other nodes are not offered to the pattern.
    var anchorOps: Set<String> { get }
    func match(_ node: NodeID, in graph: Graph, facts: ModelFacts, context: RewriteContext) -> MatchResult<Match>
    func rewrite(_ match: Match, editor: inout GraphEditor, facts: ModelFacts, context: RewriteContext) throws
}

extension RewritePattern {
    /// Matches and, on success, rewrites. Returns the reason when the pattern does not apply.
    func attempt(_ node: NodeID, editor: inout GraphEditor, facts: ModelFacts, context: RewriteContext) throws -> NoMatch? {
        switch match(node, in: editor.graph, facts: facts, context: context) {
        case .matched(let m):
            try rewrite(m, editor: &editor, facts: facts, context: context)
            return nil
        case .noMatch(let why):
            return why
        }
    }
}

/// How a set of patterns fared on one graph.
public struct PatternRunStats: Hashable, Sendable {
    /// Pattern name → rewrites applied.
    public var rewrites: [String: Int] = [:]
    /// Sweeps over the graph, the last one changing nothing when `converged`.
    public var sweeps = 0
    public var converged = false
    /// `node: reason` for anchor nodes no pattern rewrote in the final sweep (sorted, at most `missLimit`).
    public var misses: [String] = []
    public static let missLimit = 50

    public var total: Int { rewrites.values.reduce(0, +) }
}

/// Applies patterns through one editor until a sweep changes nothing, or the bound is reached.
public enum PatternDriver {
    public static func run(_ patterns: [any RewritePattern], on graph: inout Graph, facts: ModelFacts,
                           context: RewriteContext) throws -> PatternRunStats {
        var stats = PatternRunStats()
        let bound = max(1, context.options.maxIterations)
        let anchors = patterns.reduce(into: Set<String>()) { $0.formUnion($1.anchorOps) }
        for sweep in 1...bound {
            stats.sweeps = sweep
            var editor = GraphEditor(graph)
            var changed = false
            var misses: [String: String] = [:]
            let order = graph.topologicalOrder() ?? graph.liveNodeIDs
            for id in order {
                guard !editor.graph[id].isRemoved, anchors.contains(editor.graph[id].opType) else { continue }
                var reasons: [String] = []
                for p in patterns where p.anchorOps.contains(editor.graph[id].opType) {
                    if let why = try p.attempt(id, editor: &editor, facts: facts, context: context) {
                        reasons.append(patterns.count > 1 ? "\(p.name): \(why.reason)" : why.reason)
                    } else {
                        stats.rewrites[p.name, default: 0] += 1
                        changed = true
                        reasons = []
                        break
                    }
                }
                if !reasons.isEmpty { misses[editor.graph.displayName(of: id)] = reasons.joined(separator: "; ") }
            }
            graph = editor.graph
            try Verifier.verify(graph)
            if !changed {
                stats.converged = true
                stats.misses = misses.keys.sorted().prefix(PatternRunStats.missLimit).map { "\($0): \(misses[$0] ?? "")" }
                break
            }
        }
        return stats
    }
}
