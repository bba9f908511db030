import CutlineIR

/// A graph's parts as read, before the values are linked.
struct PendingGraph {
    var name = ""
    var docString = ""
    var extra: [UInt8] = []
    var inputs: [PendingValueInfo] = []
    var outputs: [PendingValueInfo] = []
    var valueInfos: [PendingValueInfo] = []
    var initializers: [Tensor] = []
    var sparseInitializers: [SparseTensor] = []
    var nodes: [PendingNode] = []
}

struct PendingNode {
    var node: Node
    var inputs: [String]
    var outputs: [String]
}

struct PendingValueInfo {
    var name: String
    var type: ValueType?
    var typeBytes: WireBytes?
    var docString: String
    var extra: WireBytes
}

/// Walks `ModelProto` and the messages that carry weights or graphs at wire level over the mapped bytes.
struct ModelDecoder {
    let storage: ModelStorage
    let buffer: UnsafeRawBufferPointer
    /// Sizes of external data files already checked, by location.
    var externalSizes: [String: Int64] = [:]
    /// Totals held against the loader's limits (LoaderLimits.swift).
    var budget = LoaderBudget()

    init(storage: ModelStorage) {
        self.storage = storage
        self.buffer = storage.bytes
    }

    // MARK: ModelProto

    mutating func decodeModel() throws(DecodeError) -> Model {
        var r = WireReader(buffer, range: 0..<buffer.count, message: "ModelProto")
        var model = Model(irVersion: 0, graph: Graph())
        var graphRange: Range<Int>?
        var extra: [UInt8] = []
        var sawModelField = false
        let known: [Int: WireType] = [1: .varint, 2: .lengthDelimited, 3: .lengthDelimited, 4: .lengthDelimited,
                                      5: .varint, 6: .lengthDelimited, 7: .lengthDelimited, 8: .lengthDelimited,
                                      14: .lengthDelimited, 20: .lengthDelimited, 25: .lengthDelimited,
                                      26: .lengthDelimited]
        while true {
            let field: WireField
            do {
                guard let f = try r.next() else { break }
                field = f
            } catch {
                if sawModelField { throw error }
                throw DecodeError("not an ONNX model: byte 0 does not start a ModelProto field")
            }
            if !sawModelField {
                // A real model starts with a ModelProto field of the right wire type; anything else is not ONNX.
                guard let wt = known[field.number], wt == field.wireType else {
                    throw DecodeError("not an ONNX model: byte 0 does not start a ModelProto field")
                }
                sawModelField = true
            }
            switch field.number {
            case 1: try r.expect(field, .varint); model.irVersion = field.int64
            case 2: model.producerName = try optionalString(field, r, &extra)
            case 3: model.producerVersion = try optionalString(field, r, &extra)
            case 4: model.domain = try optionalString(field, r, &extra)
            case 5:
                try r.expect(field, .varint)
                model.modelVersion = field.int64
                if field.scalar == 0 { extra.append(contentsOf: r.raw(field)) }
            case 6: model.docString = try optionalString(field, r, &extra)
            case 7: try r.expect(field, .lengthDelimited); graphRange = field.payload
            case 8:
                try r.expect(field, .lengthDelimited)
                model.opsetImports.append(try SmallMessages.opsetImport(buffer, range: field.payload))
            case 14:
                try r.expect(field, .lengthDelimited)
                model.metadataProps.append(try SmallMessages.stringPair(buffer, range: field.payload))
            case 20:
                try r.expect(field, .lengthDelimited)
                model.trainingInfo.append(WireBytes(r.bytes(field.payload)))
            case 25:
                try r.expect(field, .lengthDelimited)
                model.functions.append(try decodeFunction(field.payload))
            default:
                extra.append(contentsOf: r.raw(field))
            }
        }
        guard let graphRange else { throw DecodeError("the model has no graph") }
        try LoaderChecks.checkOpsets(model.opsetImports)
        model.graph = try decodeGraph(graphRange, depth: 0, isSubgraph: false, path: "main")
        model.extraFields = WireBytes(extra)
        model.storage = storage
        return model
    }

    // MARK: GraphProto

    mutating func decodeGraph(_ range: Range<Int>, depth: Int, isSubgraph: Bool, path: String) throws(DecodeError) -> Graph {
        var r = WireReader(buffer, range: range, message: "GraphProto")
        try budget.checkNodes(adding: try countFields(1, in: range, message: "GraphProto"))
        var p = PendingGraph()
        while let f = try r.next() {
            switch f.number {
            case 1:
                try r.expect(f, .lengthDelimited)
                p.nodes.append(try decodeNode(f.payload, depth: depth, path: path, index: p.nodes.count))
            case 2: p.name = try optionalString(f, r, &p.extra)
            case 5:
                try r.expect(f, .lengthDelimited)
                p.initializers.append(try decodeTensor(f.payload))
            case 10: p.docString = try optionalString(f, r, &p.extra)
            case 11: try r.expect(f, .lengthDelimited); p.inputs.append(try decodeValueInfo(f.payload))
            case 12: try r.expect(f, .lengthDelimited); p.outputs.append(try decodeValueInfo(f.payload))
            case 13: try r.expect(f, .lengthDelimited); p.valueInfos.append(try decodeValueInfo(f.payload))
            case 15:
                try r.expect(f, .lengthDelimited)
                p.sparseInitializers.append(try decodeSparseTensor(f.payload))
            default: p.extra.append(contentsOf: r.raw(f))
            }
        }
        return try GraphBuilder.build(p, isSubgraph: isSubgraph, path: path)
    }

    // MARK: NodeProto

    mutating func decodeNode(_ range: Range<Int>, depth: Int, path: String, index: Int) throws(DecodeError) -> PendingNode {
        var r = WireReader(buffer, range: range, message: "NodeProto")
        var inputs: [String] = []
        var outputs: [String] = []
        var name = "", opType = "", domain = "", overload = "", doc = ""
        var attributeRanges: [Range<Int>] = []
        var extra: [UInt8] = []
        try budget.addNode()
        while let f = try r.next() {
            switch f.number {
            case 1: try budget.addNodeIONames(1); inputs.append(try string(f, r))
            case 2: try budget.addNodeIONames(1); outputs.append(try string(f, r))
            case 3: name = try optionalString(f, r, &extra)
            case 4: opType = try string(f, r)
            case 5: try r.expect(f, .lengthDelimited); attributeRanges.append(f.payload)
            case 6: doc = try optionalString(f, r, &extra)
            case 7: domain = try optionalString(f, r, &extra)
            case 8: overload = try optionalString(f, r, &extra)
            default: extra.append(contentsOf: r.raw(f))
            }
        }
        let display = name.isEmpty ? "\(opType)#\(index)" : name
        var attributes: [Attribute] = []
        attributes.reserveCapacity(attributeRanges.count)
        for a in attributeRanges {
            attributes.append(try decodeAttribute(a, depth: depth, path: path, node: display))
        }
        let node = Node(name: name, opType: opType, domain: domain, overload: overload, attributes: attributes,
                        docString: doc, extraFields: WireBytes(extra))
        return PendingNode(node: node, inputs: inputs, outputs: outputs)
    }

    // MARK: AttributeProto

    mutating func decodeAttribute(_ range: Range<Int>, depth: Int, path: String, node: String) throws(DecodeError) -> Attribute {
        var r = WireReader(buffer, range: range, message: "AttributeProto")
        var name = "", refAttrName = "", doc = ""
        var declared: AttributeType?
        var typeField: WireField?
        var valueFields: [WireField] = []
        var extra: [UInt8] = []
        while let f = try r.next() {
            switch f.number {
            case 1: name = try string(f, r)
            case 21: refAttrName = try optionalString(f, r, &extra)
            case 13: doc = try optionalString(f, r, &extra)
            case 20:
                try r.expect(f, .varint)
                typeField = f
                declared = AttributeType(rawValue: f.int32)
            case 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 15, 22, 23: valueFields.append(f)
            default: extra.append(contentsOf: r.raw(f))
            }
        }
        // An unknown type, or an explicit UNDEFINED (0, which the encoder does not write), is kept as read: without
        // it a rewritten file would have its type inferred from the value field and decode differently.
        if declared == nil || declared == .undefined, let typeField { extra.append(contentsOf: r.raw(typeField)) }
        // Older files omit `type`; the field that is present says what the value is.
        let type = declared ?? valueFields.lazy.compactMap { AttributeDecoding.type(ofField: $0.number) }.first ?? .undefined
        let fieldNumber = AttributeDecoding.fieldNumber(of: type)
        var mine: [WireField] = []
        for f in valueFields {
            if f.number == fieldNumber { mine.append(f) } else { extra.append(contentsOf: r.raw(f)) }
        }
        try budget.addAttributeEntries(listEntries(type, mine), attribute: name, node: node)
        let subPath = "\(path)/\(node):\(name)"
        var value: AttributeValue?
        switch type {
        case .undefined: value = nil
        case .float:
            if let f = mine.last {
                try r.expect(f, .fixed32)
                value = .float(Float(bitPattern: UInt32(truncatingIfNeeded: f.scalar)))
            } else if refAttrName.isEmpty { value = .float(0) }
        case .int:
            if let f = mine.last { try r.expect(f, .varint); value = .int(f.int64) }
            else if refAttrName.isEmpty { value = .int(0) }
        case .string:
            if let f = mine.last { try r.expect(f, .lengthDelimited); value = .string(r.bytes(f.payload)) }
            else if refAttrName.isEmpty { value = .string([]) }
        case .tensor:
            if let f = mine.last { try r.expect(f, .lengthDelimited); value = .tensor(try decodeTensor(f.payload)) }
        case .sparseTensor:
            if let f = mine.last {
                try r.expect(f, .lengthDelimited)
                value = .sparseTensor(try decodeSparseTensor(f.payload))
            }
        case .graph:
            if let f = mine.last {
                try r.expect(f, .lengthDelimited)
                value = .graph(try decodeSubgraph(f.payload, depth: depth, path: subPath))
            }
        case .typeProto:
            if let f = mine.last {
                try r.expect(f, .lengthDelimited)
                value = .typeProto(WireBytes(r.bytes(f.payload)))
            }
        case .floats:
            var out: [Float] = []
            for f in mine {
                switch f.wireType {
                case .fixed32: out.append(Float(bitPattern: UInt32(truncatingIfNeeded: f.scalar)))
                case .lengthDelimited:
                    guard f.payload.count % 4 == 0 else {
                        throw DecodeError("malformed: attribute '\(name)' of node \(node) has a packed float list of \(f.payload.count) bytes")
                    }
                    var i = f.payload.lowerBound
                    while i < f.payload.upperBound {
                        out.append(Float(bitPattern: buffer.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian))
                        i += 4
                    }
                default: try r.expect(f, .fixed32)
                }
            }
            value = .floats(out)
        case .ints:
            var out: [Int64] = []
            for f in mine {
                switch f.wireType {
                case .varint: out.append(f.int64)
                case .lengthDelimited:
                    out.append(contentsOf: try r.packedVarints(f.payload, field: f.number).map { Int64(bitPattern: $0) })
                default: try r.expect(f, .varint)
                }
            }
            value = .ints(out)
        case .strings:
            var out: [[UInt8]] = []
            for f in mine { try r.expect(f, .lengthDelimited); out.append(r.bytes(f.payload)) }
            value = .strings(out)
        case .tensors:
            var out: [Tensor] = []
            for f in mine { try r.expect(f, .lengthDelimited); out.append(try decodeTensor(f.payload)) }
            value = .tensors(out)
        case .sparseTensors:
            var out: [SparseTensor] = []
            for f in mine { try r.expect(f, .lengthDelimited); out.append(try decodeSparseTensor(f.payload)) }
            value = .sparseTensors(out)
        case .graphs:
            var out: [Graph] = []
            for (k, f) in mine.enumerated() {
                try r.expect(f, .lengthDelimited)
                out.append(try decodeSubgraph(f.payload, depth: depth, path: k > 0 ? "\(subPath)[\(k)]" : subPath))
            }
            value = .graphs(out)
        case .typeProtos:
            var out: [WireBytes] = []
            for f in mine { try r.expect(f, .lengthDelimited); out.append(WireBytes(r.bytes(f.payload))) }
            value = .typeProtos(out)
        }
        return Attribute(name: name, type: type, value: value, refAttrName: refAttrName, docString: doc,
                         extraFields: WireBytes(extra))
    }

    /// How many times field `number` occurs in a message; walks tags only, so it allocates nothing.
    private func countFields(_ number: Int, in range: Range<Int>, message: String) throws(DecodeError) -> Int {
        var r = WireReader(buffer, range: range, message: message)
        var n = 0
        while let f = try r.next() { if f.number == number { n += 1 } }
        return n
    }

    /// How many entries a list attribute's fields hold, counted before any is decoded.
    private func listEntries(_ type: AttributeType, _ fields: [WireField]) -> Int {
        switch type {
        case .floats:
            return fields.reduce(0) { $0 + ($1.wireType == .lengthDelimited ? $1.payload.count / 4 : 1) }
        case .ints:
            return fields.reduce(0) {
                $0 + ($1.wireType == .lengthDelimited ? LoaderChecks.packedCount(buffer, $1.payload) : 1)
            }
        case .strings, .tensors, .graphs, .sparseTensors, .typeProtos: return fields.count
        default: return 0
        }
    }

    private mutating func decodeSubgraph(_ range: Range<Int>, depth: Int, path: String) throws(DecodeError) -> Graph {
        guard depth + 1 <= ONNXLoader.maxSubgraphDepth else {
            throw DecodeError("subgraphs nest deeper than \(ONNXLoader.maxSubgraphDepth) levels (at \(path))")
        }
        return try decodeGraph(range, depth: depth + 1, isSubgraph: true, path: path)
    }

    // MARK: ValueInfoProto

    func decodeValueInfo(_ range: Range<Int>) throws(DecodeError) -> PendingValueInfo {
        var r = WireReader(buffer, range: range, message: "ValueInfoProto")
        var info = PendingValueInfo(name: "", type: nil, typeBytes: nil, docString: "", extra: .empty)
        var extra: [UInt8] = []
        while let f = try r.next() {
            switch f.number {
            case 1: info.name = try string(f, r)
            case 2:
                try r.expect(f, .lengthDelimited)
                info.typeBytes = WireBytes(r.bytes(f.payload))
                info.type = try SmallMessages.valueType(UnsafeRawBufferPointer(rebasing: buffer[f.payload]))
            case 3: info.docString = try optionalString(f, r, &extra)
            default: extra.append(contentsOf: r.raw(f))
            }
        }
        info.extra = WireBytes(extra)
        try LoaderChecks.checkType(info.type, value: info.name)
        return info
    }

    // MARK: FunctionProto

    mutating func decodeFunction(_ range: Range<Int>) throws(DecodeError) -> Function {
        var r = WireReader(buffer, range: range, message: "FunctionProto")
        var name = "", domain = "", overload = "", doc = ""
        var inputs: [String] = [], outputs: [String] = [], attributeNames: [String] = []
        var attributeRanges: [Range<Int>] = []
        var nodeRanges: [Range<Int>] = []
        var opsets: [OpsetImport] = []
        var metadata: [StringPair] = []
        var valueInfos: [PendingValueInfo] = []
        var extra: [UInt8] = []
        while let f = try r.next() {
            switch f.number {
            case 1: name = try string(f, r)
            case 4: inputs.append(try string(f, r))
            case 5: outputs.append(try string(f, r))
            case 6: attributeNames.append(try string(f, r))
            case 7: try r.expect(f, .lengthDelimited); nodeRanges.append(f.payload)
            case 8: doc = try optionalString(f, r, &extra)
            case 9: try r.expect(f, .lengthDelimited); opsets.append(try SmallMessages.opsetImport(buffer, range: f.payload))
            case 10: domain = try optionalString(f, r, &extra)
            case 11: try r.expect(f, .lengthDelimited); attributeRanges.append(f.payload)
            case 12: try r.expect(f, .lengthDelimited); valueInfos.append(try decodeValueInfo(f.payload))
            case 13: overload = try optionalString(f, r, &extra)
            case 14: try r.expect(f, .lengthDelimited); metadata.append(try SmallMessages.stringPair(buffer, range: f.payload))
            default: extra.append(contentsOf: r.raw(f))
            }
        }
        let path = "function \(domain.isEmpty ? "" : domain + ":")\(name)"
        var defaults: [Attribute] = []
        for a in attributeRanges { defaults.append(try decodeAttribute(a, depth: 0, path: path, node: name)) }
        var p = PendingGraph()
        p.name = name
        p.inputs = inputs.map { PendingValueInfo(name: $0, type: nil, typeBytes: nil, docString: "", extra: .empty) }
        p.outputs = outputs.map { PendingValueInfo(name: $0, type: nil, typeBytes: nil, docString: "", extra: .empty) }
        p.valueInfos = valueInfos
        for (i, n) in nodeRanges.enumerated() { p.nodes.append(try decodeNode(n, depth: 0, path: path, index: i)) }
        let body = try GraphBuilder.build(p, isSubgraph: false, path: path)
        return Function(name: name, domain: domain, overload: overload, attributeNames: attributeNames,
                        attributeDefaults: defaults, opsetImports: opsets, docString: doc, metadataProps: metadata,
                        body: body, extraFields: WireBytes(extra))
    }

    // MARK: helpers

    /// A string field the writer omits when empty. An empty one that was present is kept in `extra` so the
    /// rewritten message has the same fields set.
    func optionalString(_ f: WireField, _ r: WireReader, _ extra: inout [UInt8]) throws(DecodeError) -> String {
        try r.expect(f, .lengthDelimited)
        if f.payload.isEmpty { extra.append(contentsOf: r.raw(f)) }
        return r.string(f.payload)
    }

    func string(_ f: WireField, _ r: WireReader) throws(DecodeError) -> String {
        try r.expect(f, .lengthDelimited)
        return r.string(f.payload)
    }
}

/// Which `AttributeProto` field holds each attribute kind.
enum AttributeDecoding {
    static func fieldNumber(of type: AttributeType) -> Int {
        switch type {
        case .undefined: 0
        case .float: 2
        case .int: 3
        case .string: 4
        case .tensor: 5
        case .graph: 6
        case .floats: 7
        case .ints: 8
        case .strings: 9
        case .tensors: 10
        case .graphs: 11
        case .typeProto: 14
        case .typeProtos: 15
        case .sparseTensor: 22
        case .sparseTensors: 23
        }
    }

    static func type(ofField number: Int) -> AttributeType? {
        switch number {
        case 2: .float
        case 3: .int
        case 4: .string
        case 5: .tensor
        case 6: .graph
        case 7: .floats
        case 8: .ints
        case 9: .strings
        case 10: .tensors
        case 11: .graphs
        case 14: .typeProto
        case 15: .typeProtos
        case 22: .sparseTensor
        case 23: .sparseTensors
        default: nil
        }
    }
}
