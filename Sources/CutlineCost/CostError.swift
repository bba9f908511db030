/// Errors of the cost stage. Each names the file it is about when there is one.
public enum CostError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A device profile file could not be read or is not valid (`path`, what is wrong).
    case invalidProfile(path: String, reason: String)
    /// No bundled profile has this name.
    case unknownDevice(name: String, known: [String])
    /// An ONNX Runtime profiling trace could not be read.
    case invalidTrace(path: String, reason: String)
    /// The assignment does not match the graph.
    case invalidAssignment(String)
    /// A `--free-dim` argument that is not `NAME=POSITIVE_INTEGER`.
    case invalidFreeDim(String)

    public var description: String {
        switch self {
        case .invalidProfile(let path, let reason): "\(path): invalid device profile: \(reason)"
        case .unknownDevice(let name, let known):
            "unknown device '\(name)'; bundled profiles: \(known.joined(separator: ", "))"
        case .invalidTrace(let path, let reason): "\(path): invalid ONNX Runtime profile: \(reason)"
        case .invalidAssignment(let why): "invalid assignment: \(why)"
        case .invalidFreeDim(let arg): "--free-dim '\(arg)': expected NAME=N with N a positive integer"
        }
    }
}
