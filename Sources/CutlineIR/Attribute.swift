/// ONNX `AttributeProto.AttributeType`.
public enum AttributeType: Int32, Hashable, Sendable {
    case undefined = 0, float = 1, int = 2, string = 3, tensor = 4, graph = 5, sparseTensor = 11, typeProto = 13
    case floats = 6, ints = 7, strings = 8, tensors = 9, graphs = 10, sparseTensors = 12, typeProtos = 14

    public var name: String {
        switch self {
        case .undefined: "undefined"
        case .float: "float"
        case .int: "int"
        case .string: "string"
        case .tensor: "tensor"
        case .graph: "graph"
        case .sparseTensor: "sparse_tensor"
        case .typeProto: "type_proto"
        case .floats: "floats"
        case .ints: "ints"
        case .strings: "strings"
        case .tensors: "tensors"
        case .graphs: "graphs"
        case .sparseTensors: "sparse_tensors"
        case .typeProtos: "type_protos"
        }
    }
}

/// The value of an attribute. Type protos stay encoded: nothing analyzes them.
public indirect enum AttributeValue: Hashable, Sendable {
    case float(Float)
    case int(Int64)
    case string([UInt8])
    case tensor(Tensor)
    case graph(Graph)
    case sparseTensor(SparseTensor)
    case typeProto(WireBytes)
    case floats([Float])
    case ints([Int64])
    case strings([[UInt8]])
    case tensors([Tensor])
    case graphs([Graph])
    case sparseTensors([SparseTensor])
    case typeProtos([WireBytes])

    public var type: AttributeType {
        switch self {
        case .float: .float
        case .int: .int
        case .string: .string
        case .tensor: .tensor
        case .graph: .graph
        case .sparseTensor: .sparseTensor
        case .typeProto: .typeProto
        case .floats: .floats
        case .ints: .ints
        case .strings: .strings
        case .tensors: .tensors
        case .graphs: .graphs
        case .sparseTensors: .sparseTensors
        case .typeProtos: .typeProtos
        }
    }
}

public struct Attribute: Hashable, Sendable {
    public var name: String
    /// The declared type. For a reference to a function attribute (`refAttrName`), the value may be nil.
    public var type: AttributeType
    public var value: AttributeValue?
    public var refAttrName: String
    public var docString: String
    public var extraFields: WireBytes

    public init(name: String, value: AttributeValue, docString: String = "") {
        self.name = name
        self.type = value.type
        self.value = value
        self.refAttrName = ""
        self.docString = docString
        self.extraFields = .empty
    }

    public init(name: String, type: AttributeType, value: AttributeValue?, refAttrName: String = "",
                docString: String = "", extraFields: WireBytes = .empty) {
        self.name = name
        self.type = type
        self.value = value
        self.refAttrName = refAttrName
        self.docString = docString
        self.extraFields = extraFields
    }

    public var int: Int64? { if case .int(let v) = value { v } else { nil } }
    public var float: Float? { if case .float(let v) = value { v } else { nil } }
    public var ints: [Int64]? { if case .ints(let v) = value { v } else { nil } }
    public var floats: [Float]? { if case .floats(let v) = value { v } else { nil } }
    public var string: String? { if case .string(let v) = value { String(decoding: v, as: UTF8.self) } else { nil } }
    public var strings: [String]? {
        if case .strings(let v) = value { v.map { String(decoding: $0, as: UTF8.self) } } else { nil }
    }
    public var tensor: Tensor? { if case .tensor(let v) = value { v } else { nil } }
    public var graph: Graph? { if case .graph(let v) = value { v } else { nil } }
}
