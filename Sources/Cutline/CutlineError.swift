/// An error a user sees as `cutline: error: <path>: <problem>` with exit code 2.
public struct CutlineError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var problem: String
    public init(path: String, problem: String) { self.path = path; self.problem = problem }
    public var description: String { path.isEmpty ? problem : "\(path): \(problem)" }
}
