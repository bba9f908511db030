import CutlineIR

/// Load → write → reload, checking that the IR survives.
public enum ONNXRoundTrip {
    /// Loads `input`, writes it to `output` and loads that back. Throws when either file cannot be read or
    /// written, or when the reloaded IR differs from the original (payload bytes compared by value).
    @discardableResult
    public static func roundTrip(input: String, output: String,
                                 externalData: ExternalDataMode = .keep) throws(ONNXError) -> Model {
        let original = try ONNXLoader.load(path: input)
        try ONNXWriter.write(original, to: output, externalData: externalData)
        let reloaded = try ONNXLoader.load(path: output)
        let a = try payloadsInMemory(original)
        let b = try payloadsInMemory(reloaded)
        if externalData == .keep, a != b {
            throw ONNXError(path: output, problem: "the rewritten model differs from '\(input)' after reloading")
        }
        return reloaded
    }

    /// The model with every file-range payload replaced by its bytes, so models read from different files
    /// compare by content. External payloads stay references.
    public static func payloadsInMemory(_ model: Model) throws(ONNXError) -> Model {
        var m = model
        let storage = model.storage
        do {
            m.graph = try resolve(m.graph, storage)
            for i in m.functions.indices {
                m.functions[i].body = try resolve(m.functions[i].body, storage)
                m.functions[i].attributeDefaults = try m.functions[i].attributeDefaults.map { try resolve($0, storage) }
            }
        } catch {
            throw ONNXError(path: storage?.path ?? "<memory>", problem: "\(error)")
        }
        return m
    }

    private static func resolve(_ g: Graph, _ storage: ModelStorage?) throws -> Graph {
        var e = GraphEditor(g)
        for id in g.initializerOrder where !g[id].isRemoved {
            if let t = g[id].initializer { e.setInitializer(id, try resolve(t, storage)) }
        }
        for id in g.sparseInitializerOrder where !g[id].isRemoved {
            if var s = g[id].sparseInitializer {
                s.values = try resolve(s.values, storage)
                s.indices = try resolve(s.indices, storage)
                e.setSparseInitializer(id, s)
            }
        }
        for n in g.liveNodeIDs {
            for a in g[n].attributes where !a.holdsGraphs { e.setAttribute(n, try resolve(a, storage)) }
            if g[n].hasSubgraphs { try e.modifySubgraphs(n) { sub in sub = GraphEditor(try resolve(sub.graph, storage)) } }
        }
        return e.graph
    }

    private static func resolve(_ a: Attribute, _ storage: ModelStorage?) throws -> Attribute {
        var a = a
        switch a.value {
        case .tensor(let t): a.value = .tensor(try resolve(t, storage))
        case .tensors(let ts): a.value = .tensors(try ts.map { try resolve($0, storage) })
        case .sparseTensor(var s):
            s.values = try resolve(s.values, storage)
            s.indices = try resolve(s.indices, storage)
            a.value = .sparseTensor(s)
        case .sparseTensors(let ss):
            a.value = .sparseTensors(try ss.map { s in
                var s = s
                s.values = try resolve(s.values, storage)
                s.indices = try resolve(s.indices, storage)
                return s
            })
        default: break
        }
        return a
    }

    private static func resolve(_ t: Tensor, _ storage: ModelStorage?) throws -> Tensor {
        guard case .field(let encoding, let source) = t.payload, case .file = source else { return t }
        guard let storage else { throw IRError.io("tensor '\(t.name)' refers to a file range but the model has no file") }
        var t = t
        t.payload = .field(encoding, .memory(try storage.bytes(source)))
        return t
    }
}

extension Attribute {
    var holdsGraphs: Bool {
        switch value {
        case .graph, .graphs: true
        default: false
        }
    }
}
