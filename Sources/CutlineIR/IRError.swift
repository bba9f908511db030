/// Errors raised by the IR itself: invalid edits, invalid references, unreadable tensor bytes.
public enum IRError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalid(String)
    case io(String)

    public var description: String {
        switch self {
        case .invalid(let m): m
        case .io(let m): m
        }
    }
}
