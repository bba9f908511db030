/// Why a model could not be read or written. Printed as `<path>: <problem>` on one line.
public struct ONNXError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}

/// A problem found while decoding, before the model path is attached.
struct DecodeError: Error {
    var problem: String
    init(_ problem: String) { self.problem = problem }
}
