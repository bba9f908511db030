/// Why a pattern did not match a node, in one sentence a user can act on.
public struct NoMatch: Hashable, Sendable, CustomStringConvertible, Error {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// The outcome of matching one pattern at one node: the bound pieces, or the reason it failed.
public enum MatchResult<Match: Sendable>: Sendable {
    case matched(Match)
    case noMatch(NoMatch)

    public var match: Match? { if case .matched(let m) = self { m } else { nil } }
    public var failure: NoMatch? { if case .noMatch(let n) = self { n } else { nil } }
}

/// Lets matchers bail out with `try require(cond, "reason")` and turn the thrown `NoMatch` into a result.
@inline(__always)
func require(_ condition: Bool, _ reason: @autoclosure () -> String) throws(NoMatch) {
    if !condition { throw NoMatch(reason()) }
}

@inline(__always)
func unwrap<T>(_ value: T?, _ reason: @autoclosure () -> String) throws(NoMatch) -> T {
    guard let value else { throw NoMatch(reason()) }
    return value
}

func matching<M: Sendable>(_ body: () throws(NoMatch) -> M) -> MatchResult<M> {
    do { return .matched(try body()) } catch { return .noMatch(error) }
}
