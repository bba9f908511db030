import CutlineIR

/// What to do with tensor payloads when writing.
public enum ExternalDataMode: Hashable, Sendable {
    /// External payloads stay references to their files (copied next to the output when it goes elsewhere);
    /// everything else is written inline.
    case keep
    /// Every payload is written inline.
    case embed
    /// Payloads of at least `threshold` bytes go to one data file `fileName` beside the output.
    case externalize(fileName: String, threshold: Int)
}

/// Encodes the IR at wire level. Small messages go through protobuf-c; payloads are chunk references.
struct ModelEncoder {
    let model: Model
    let mode: ExternalDataMode
    /// The data file being built in `.externalize` mode.
    private(set) var dataFile = Emitter()
    private var externalSizes: [String: Int64] = [:]

    init(model: Model, mode: ExternalDataMode) {
        self.model = model
        self.mode = mode
    }

    mutating func encodeModel() throws(DecodeError) -> Emitter {
        var e = Emitter()
        e.int(1, model.irVersion)
        e.optionalString(2, model.producerName)
        e.optionalString(3, model.producerVersion)
        e.optionalString(4, model.domain)
        if model.modelVersion != 0 { e.int(5, model.modelVersion) }
        e.optionalString(6, model.docString)
        e.message(7, try encodeGraph(model.graph, path: "main"))
        for o in model.opsetImports { e.bytes(8, SmallMessageEncoding.opsetImport(o)) }
        for p in model.metadataProps { e.bytes(14, SmallMessageEncoding.stringPair(p)) }
        for t in model.trainingInfo { e.bytes(20, t.bytes) }
        for f in model.functions { e.message(25, try encodeFunction(f)) }
        e.raw(model.extraFields.bytes)
        return e
    }

    // MARK: graphs

    /// Nodes in storage order when that order is topological, else in topological order.
    static func nodeOrder(_ g: Graph, path: String) throws(DecodeError) -> [NodeID] {
        let live = g.liveNodeIDs
        guard let topo = g.topologicalOrder() else { throw DecodeError("\(path): the graph has a cycle") }
        return topo == live ? live : topo
    }

    mutating func encodeGraph(_ g: Graph, path: String) throws(DecodeError) -> Emitter {
        var e = Emitter()
        for n in try ModelEncoder.nodeOrder(g, path: path) {
            e.message(1, try encodeNode(g, n, path: path))
        }
        e.optionalString(2, g.name)
        for id in g.initializerOrder where !g[id].isRemoved {
            guard let t = g[id].initializer else { continue }
            e.message(5, try encodeTensor(t, name: g[id].name))
        }
        e.optionalString(10, g.docString)
        for i in g.inputInfos { e.message(11, try encodeValueInfo(i, g)) }
        for o in g.outputInfos { e.message(12, try encodeValueInfo(o, g)) }
        for v in g.valueInfos where !g[v.value].isRemoved { e.message(13, try encodeValueInfo(v, g)) }
        for id in g.sparseInitializerOrder where !g[id].isRemoved {
            guard var s = g[id].sparseInitializer else { continue }
            s.values.name = g[id].name
            e.message(15, try encodeSparse(s))
        }
        e.raw(g.extraFields.bytes)
        return e
    }

    mutating func encodeNode(_ g: Graph, _ id: NodeID, path: String) throws(DecodeError) -> Emitter {
        let n = g[id]
        var e = Emitter()
        for i in n.inputs { e.string(1, i.map { g[$0].name } ?? "") }
        for o in n.outputs { e.string(2, o.map { g[$0].name } ?? "") }
        e.optionalString(3, n.name)
        e.string(4, n.opType)
        for a in n.attributes { e.message(5, try encodeAttribute(a, path: "\(path)/\(g.displayName(of: id))")) }
        e.optionalString(6, n.docString)
        e.optionalString(7, n.domain)
        e.optionalString(8, n.overload)
        e.raw(n.extraFields.bytes)
        return e
    }

    mutating func encodeAttribute(_ a: Attribute, path: String) throws(DecodeError) -> Emitter {
        var e = Emitter()
        e.string(1, a.name)
        if let v = a.value {
            switch v {
            case .float(let f): e.fixed32(2, f.bitPattern)
            case .int(let i): e.int(3, i)
            case .string(let s): e.bytes(4, s)
            case .tensor(let t): e.message(5, try encodeTensor(t, name: t.name))
            case .graph(let g): e.message(6, try encodeGraph(g, path: "\(path):\(a.name)"))
            case .floats(let fs): for f in fs { e.fixed32(7, f.bitPattern) }
            case .ints(let xs): for x in xs { e.int(8, x) }
            case .strings(let ss): for s in ss { e.bytes(9, s) }
            case .tensors(let ts): for t in ts { e.message(10, try encodeTensor(t, name: t.name)) }
            case .graphs(let gs):
                for (k, g) in gs.enumerated() { e.message(11, try encodeGraph(g, path: "\(path):\(a.name)[\(k)]")) }
            case .typeProto(let t): e.bytes(14, t.bytes)
            case .typeProtos(let ts): for t in ts { e.bytes(15, t.bytes) }
            case .sparseTensor(let s): e.message(22, try encodeSparse(s))
            case .sparseTensors(let ss): for s in ss { e.message(23, try encodeSparse(s)) }
            }
        }
        e.optionalString(13, a.docString)
        if a.type != .undefined { e.int(20, Int64(a.type.rawValue)) }
        e.optionalString(21, a.refAttrName)
        e.raw(a.extraFields.bytes)
        return e
    }

    func encodeValueInfo(_ info: ValueInfo, _ g: Graph) throws(DecodeError) -> Emitter {
        var e = Emitter()
        e.string(1, g[info.value].name)
        if let type = info.type {
            // The bytes as read keep what the IR does not model (denotations), as long as the type is unchanged.
            if let bytes = info.typeBytes, (try? SmallMessages.valueType(bytes.bytes)) == type {
                e.bytes(2, bytes.bytes)
            } else {
                e.bytes(2, SmallMessageEncoding.typeProto(type))
            }
        }
        e.optionalString(3, info.docString)
        e.raw(info.extraFields.bytes)
        return e
    }

    mutating func encodeFunction(_ f: Function) throws(DecodeError) -> Emitter {
        let body = f.body
        var e = Emitter()
        e.string(1, f.name)
        for i in body.inputs { e.string(4, body[i].name) }
        for o in body.outputs { e.string(5, body[o].name) }
        for a in f.attributeNames { e.string(6, a) }
        let path = "function \(f.domain.isEmpty ? "" : f.domain + ":")\(f.name)"
        for n in try ModelEncoder.nodeOrder(body, path: path) { e.message(7, try encodeNode(body, n, path: path)) }
        e.optionalString(8, f.docString)
        for o in f.opsetImports { e.bytes(9, SmallMessageEncoding.opsetImport(o)) }
        e.optionalString(10, f.domain)
        for a in f.attributeDefaults { e.message(11, try encodeAttribute(a, path: path)) }
        for v in body.valueInfos where !body[v.value].isRemoved { e.message(12, try encodeValueInfo(v, body)) }
        e.optionalString(13, f.overload)
        for p in f.metadataProps { e.bytes(14, SmallMessageEncoding.stringPair(p)) }
        e.raw(f.extraFields.bytes)
        return e
    }

    // MARK: tensors

    mutating func encodeSparse(_ s: SparseTensor) throws(DecodeError) -> Emitter {
        var e = Emitter()
        e.message(1, try encodeTensor(s.values, name: s.values.name))
        e.message(2, try encodeTensor(s.indices, name: s.indices.name))
        for d in s.dims { e.int(3, d) }
        e.raw(s.extraFields.bytes)
        return e
    }

    mutating func encodeTensor(_ t: Tensor, name: String) throws(DecodeError) -> Emitter {
        var e = Emitter()
        for d in t.dims { e.int(1, d) }
        e.int(2, Int64(t.dataType.code))
        e.optionalString(8, name)
        e.optionalString(12, t.docString)
        switch t.payload {
        case .none:
            break
        case .strings(let ss):
            for s in ss { e.bytes(6, s) }
        case .field(let encoding, let source):
            if let file = externalizedFile(count: source.count) {
                let chunk: Chunk
                let count: Int
                if encoding == .rawData || encoding == .floatData || encoding == .doubleData {
                    // These fields already hold the raw little-endian layout.
                    chunk = sourceChunk(source)
                    count = source.count
                } else {
                    let raw = try rawBytes(t)
                    chunk = .bytes(raw)
                    count = raw.count
                }
                writeExternal(into: &e, file: file, chunk: chunk, count: count)
            } else {
                e.largeBytes(encoding.rawValue, sourceChunk(source), count: source.count)
            }
        case .external(let ext):
            switch mode {
            case .keep:
                for entry in ext.entries { e.bytes(13, SmallMessageEncoding.stringPair(entry)) }
                e.int(14, 1)
            case .embed, .externalize:
                let count = try externalCount(ext, tensor: t)
                if let file = externalizedFile(count: count) {
                    writeExternal(into: &e, file: file, chunk: .external(ext, count: count), count: count)
                } else {
                    e.largeBytes(9, .external(ext, count: count), count: count)
                }
            }
        }
        e.raw(t.extraFields.bytes)
        return e
    }

    private func sourceChunk(_ source: ByteSource) -> Chunk {
        switch source {
        case .memory(let b): .bytes(b)
        case .file(let offset, let count): .file(offset: offset, count: count)
        }
    }

    /// The data file name when a payload of `count` bytes goes there.
    private func externalizedFile(count: Int) -> String? {
        if case .externalize(let name, let threshold) = mode, count >= threshold { return name }
        return nil
    }

    /// Appends a payload to the data file (16-byte aligned) and writes its external_data entries.
    private mutating func writeExternal(into e: inout Emitter, file: String, chunk: Chunk, count: Int) {
        let pad = (16 - dataFile.count % 16) % 16
        if pad > 0 { dataFile.raw([UInt8](repeating: 0, count: pad)) }
        let offset = dataFile.count
        dataFile.append(chunk, count: count)
        let ext = ExternalData(location: file, offset: Int64(offset), length: Int64(count))
        for entry in ext.entries { e.bytes(13, SmallMessageEncoding.stringPair(entry)) }
        e.int(14, 1)
    }

    private func rawBytes(_ t: Tensor) throws(DecodeError) -> [UInt8] {
        do {
            return try TensorData.rawBytes(of: t, storage: model.storage)
        } catch {
            throw DecodeError("tensor '\(t.name)': \(error)")
        }
    }

    /// The byte length of an external payload: its `length`, or the tensor's size, or the rest of the file.
    private mutating func externalCount(_ ext: ExternalData, tensor t: Tensor) throws(DecodeError) -> Int {
        if let l = ext.length { return Int(l) }
        if let b = t.byteCount { return Int(b) }
        guard let storage = model.storage else {
            throw DecodeError("tensor '\(t.name)' has external data but the model has no file to resolve it against")
        }
        if let s = externalSizes[ext.location] { return Int(max(0, s - ext.offset)) }
        do {
            let s = try storage.externalFileSize(ext.location)
            externalSizes[ext.location] = s
            return Int(max(0, s - ext.offset))
        } catch {
            throw DecodeError("tensor '\(t.name)': \(error)")
        }
    }
}
