/// A pass that could not finish, or left the graph in a state its postcondition forbids.
public struct RewriteError: Error, Hashable, Sendable, CustomStringConvertible {
    public var pass: String
    public var message: String
    public init(pass: String, _ message: String) { self.pass = pass; self.message = message }
    public var description: String { "\(pass): \(message)" }
}
