import CutlineIR

/// Reads ONNX files into the IR. The file is memory-mapped and walked at wire level; weights stay in the
/// mapping (or their external files) as ranges and are read only when a value is needed.
///
/// Split of the work: ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, SparseTensorProto,
/// ValueInfoProto and FunctionProto are walked here, because they carry weights or subgraphs and because
/// their unmodelled fields must be kept as encoded bytes in file order. TypeProto, OperatorSetIdProto and
/// StringStringEntryProto are decoded (and encoded) by protobuf-c (`ONNXProto`).
public enum ONNXLoader {
    /// How deep subgraphs (If/Loop/Scan bodies) may nest before a model is refused.
    public static let maxSubgraphDepth = 64

    /// Loads the model at `path`. Failures carry the path and a one-line problem.
    public static func load(path: String) throws(ONNXError) -> Model {
        let storage: ModelStorage
        do {
            storage = try ModelStorage(mapping: path)
        } catch {
            throw ONNXError(path: path, problem: "\(error)")
        }
        return try load(storage: storage)
    }

    /// Loads a model held in memory; `directory` is where its external data is looked up.
    public static func load(bytes: [UInt8], path: String, directory: String) throws(ONNXError) -> Model {
        try load(storage: ModelStorage(bytes: bytes, path: path, directory: directory))
    }

    /// Loads a model from storage that is already mapped or held in memory.
    public static func load(storage: ModelStorage) throws(ONNXError) -> Model {
        guard storage.count > 0 else { throw ONNXError(path: storage.path, problem: "empty file (0 bytes)") }
        guard storage.count <= maxFileSize else {
            throw ONNXError(path: storage.path, problem: "the file is \(storage.count) bytes, over protobuf's limit of \(maxFileSize) for one message; large weights belong in external data files")
        }
        var decoder = ModelDecoder(storage: storage)
        let model: Model
        do {
            model = try decoder.decodeModel()
        } catch {
            throw ONNXError(path: storage.path, problem: error.problem)
        }
        do {
            try Verifier.verify(model.graph)
            for f in model.functions {
                try Verifier.verify(f.body, path: "function \(f.domain.isEmpty ? "" : f.domain + ":")\(f.name)")
            }
        } catch let f as Verifier.Failure {
            let problem = f.graphPath == "main" ? f.message : "in \(f.graphPath): \(f.message)"
            throw ONNXError(path: storage.path, problem: problem)
        } catch {
            throw ONNXError(path: storage.path, problem: "\(error)")
        }
        return model
    }
}
