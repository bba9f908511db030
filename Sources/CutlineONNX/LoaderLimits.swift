import CutlineIR

/// Maximums the loader enforces so that a small or hostile file cannot make the IR grow without bound
/// (docs/LIMITS.md). Each is far above what real models use; a file over one is refused with its own message.
extension ONNXLoader {
    /// Bytes of the .onnx file itself (external data files are not bounded): protobuf caps a message at 2 GiB − 1.
    public static let maxFileSize = Int(Int32.max)
    /// Nodes in the whole model: main graph, subgraphs and function bodies together.
    public static let maxNodes = 4_000_000
    /// Node input and output names in the whole model; each becomes a value or a use in the IR.
    public static let maxNodeIONames = 16_777_216
    /// Dimensions of one tensor shape (value_info, graph inputs and outputs, initializer dims).
    public static let maxRank = 1024
    /// Entries of all list attributes (`ints`, `floats`, `strings`, …) in the whole model.
    public static let maxAttributeEntries = 67_108_864
    /// Highest opset version accepted for the ONNX domains; ONNX has released about one opset a year.
    public static let maxOpsetVersion: Int64 = 1000
}

/// Running totals checked against the limits while the file is walked.
struct LoaderBudget {
    var nodes = 0
    var nodeIONames = 0
    var attributeEntries = 0

    mutating func addNode() throws(DecodeError) {
        nodes += 1
        guard nodes <= ONNXLoader.maxNodes else {
            throw DecodeError("the model has more than \(ONNXLoader.maxNodes) nodes, the most Cutline reads")
        }
    }

    /// Refuses a graph whose node count alone would pass the limit, before its nodes are decoded.
    func checkNodes(adding count: Int) throws(DecodeError) {
        guard nodes + count <= ONNXLoader.maxNodes else {
            throw DecodeError("the model has more than \(ONNXLoader.maxNodes) nodes, the most Cutline reads")
        }
    }

    mutating func addNodeIONames(_ n: Int) throws(DecodeError) {
        nodeIONames += n
        guard nodeIONames <= ONNXLoader.maxNodeIONames else {
            throw DecodeError("the model's nodes name more than \(ONNXLoader.maxNodeIONames) inputs and outputs, the most Cutline reads")
        }
    }

    mutating func addAttributeEntries(_ n: Int, attribute: String, node: String) throws(DecodeError) {
        attributeEntries += n
        guard attributeEntries <= ONNXLoader.maxAttributeEntries else {
            throw DecodeError("attribute '\(attribute)' of node \(node) brings the model's list attributes over \(ONNXLoader.maxAttributeEntries) entries, the most Cutline reads")
        }
    }
}

enum LoaderChecks {
    /// The number of varints in a packed run, counted without decoding them (one terminating byte each).
    static func packedCount(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int {
        var n = 0
        for i in range where buffer[i] & 0x80 == 0 { n += 1 }
        return n
    }

    static func checkRank(_ count: Int, of what: () -> String) throws(DecodeError) {
        guard count <= ONNXLoader.maxRank else {
            throw DecodeError("\(what()) has rank \(count), over the limit of \(ONNXLoader.maxRank) dimensions")
        }
    }

    /// Shapes in a value's type: rank within the limit (nested types included). Negative sizes were already read
    /// as unknown dims, as ORT reads them.
    static func checkType(_ type: ValueType?, value name: String) throws(DecodeError) {
        guard let type else { return }
        switch type {
        case .tensor(_, let shape?), .sparseTensor(_, let shape?):
            try checkRank(shape.dims.count) { "value '\(name)'" }
        case .sequence(let t), .optional(let t): try checkType(t, value: name)
        case .map(_, let t): try checkType(t, value: name)
        default: break
        }
    }

    /// ONNX requires at least one opset import, and versions start at 1.
    static func checkOpsets(_ opsets: [OpsetImport]) throws(DecodeError) {
        guard !opsets.isEmpty else {
            throw DecodeError("the model imports no opset (ONNX requires at least one opset_import)")
        }
        for o in opsets {
            let domain = o.domain.isEmpty ? "ai.onnx" : o.domain
            guard o.version >= 1 else {
                throw DecodeError("opset import for domain '\(domain)' has version \(o.version); versions start at 1")
            }
            if ["ai.onnx", "ai.onnx.ml"].contains(domain), o.version > ONNXLoader.maxOpsetVersion {
                throw DecodeError("opset import for domain '\(domain)' has version \(o.version), over the limit of \(ONNXLoader.maxOpsetVersion)")
            }
        }
    }
}
