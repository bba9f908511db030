/// An `OperatorSetIdProto`.
public struct OpsetImport: Hashable, Sendable {
    /// "" (or "ai.onnx") is the default domain.
    public var domain: String
    public var version: Int64
    public var extraFields: WireBytes
    public init(domain: String, version: Int64, extraFields: WireBytes = .empty) {
        self.domain = domain
        self.version = version
        self.extraFields = extraFields
    }
}

/// A model-local function (`FunctionProto`). Its body is a graph whose inputs and outputs are the formals.
public struct Function: Hashable, Sendable {
    public var name: String
    public var domain: String
    public var overload: String
    public var attributeNames: [String]
    /// Attributes with default values (`attribute_proto`).
    public var attributeDefaults: [Attribute]
    public var opsetImports: [OpsetImport]
    public var docString: String
    public var metadataProps: [StringPair]
    public var body: Graph
    public var extraFields: WireBytes

    public init(name: String, domain: String, overload: String = "", attributeNames: [String] = [],
                attributeDefaults: [Attribute] = [], opsetImports: [OpsetImport] = [], docString: String = "",
                metadataProps: [StringPair] = [], body: Graph, extraFields: WireBytes = .empty) {
        self.name = name
        self.domain = domain
        self.overload = overload
        self.attributeNames = attributeNames
        self.attributeDefaults = attributeDefaults
        self.opsetImports = opsetImports
        self.docString = docString
        self.metadataProps = metadataProps
        self.body = body
        self.extraFields = extraFields
    }
}

/// A model: the main graph, its functions and metadata, and the storage its weights live in.
public struct Model: Sendable {
    public var irVersion: Int64
    public var opsetImports: [OpsetImport]
    public var producerName: String
    public var producerVersion: String
    public var domain: String
    public var modelVersion: Int64
    public var docString: String
    public var graph: Graph
    public var metadataProps: [StringPair]
    public var functions: [Function]
    /// `training_info` entries, kept encoded.
    public var trainingInfo: [WireBytes]
    /// Unmodelled fields (configuration, unknown), written back verbatim.
    public var extraFields: WireBytes
    /// The file the model came from and its mapped bytes; nil for a model built in code.
    public var storage: ModelStorage?

    public init(irVersion: Int64 = 10, opsetImports: [OpsetImport] = [], producerName: String = "",
                producerVersion: String = "", domain: String = "", modelVersion: Int64 = 0, docString: String = "",
                graph: Graph, metadataProps: [StringPair] = [], functions: [Function] = [],
                trainingInfo: [WireBytes] = [], extraFields: WireBytes = .empty, storage: ModelStorage? = nil) {
        self.irVersion = irVersion
        self.opsetImports = opsetImports
        self.producerName = producerName
        self.producerVersion = producerVersion
        self.domain = domain
        self.modelVersion = modelVersion
        self.docString = docString
        self.graph = graph
        self.metadataProps = metadataProps
        self.functions = functions
        self.trainingInfo = trainingInfo
        self.extraFields = extraFields
        self.storage = storage
    }

    /// The imported version of `domain` ("" and "ai.onnx" are the same domain).
    public func opsetVersion(for domain: String) -> Int64? {
        let d = (domain == "ai.onnx") ? "" : domain
        return opsetImports.first { ($0.domain == "ai.onnx" ? "" : $0.domain) == d }?.version
    }

    public func function(domain: String, name: String, overload: String = "") -> Function? {
        functions.first { $0.domain == domain && $0.name == name && $0.overload == overload }
    }
}

/// Equality of everything the file holds (storage excluded): what a round trip must preserve.
extension Model: Equatable {
    public static func == (a: Model, b: Model) -> Bool {
        a.irVersion == b.irVersion && a.opsetImports == b.opsetImports && a.producerName == b.producerName
            && a.producerVersion == b.producerVersion && a.domain == b.domain && a.modelVersion == b.modelVersion
            && a.docString == b.docString && a.graph == b.graph && a.metadataProps == b.metadataProps
            && a.functions == b.functions && a.trainingInfo == b.trainingInfo && a.extraFields == b.extraFields
    }
}
