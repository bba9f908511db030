import CutlineIR

/// A scalar or list written in a table (attribute values, defaults).
public indirect enum TableValue: Hashable, Sendable, CustomStringConvertible {
    case int(Int64)
    case double(Double)
    case string(String)
    case list([TableValue])

    public var description: String {
        switch self {
        case .int(let v): String(v)
        case .double(let v): String(v)
        case .string(let s): s
        case .list(let l): "[" + l.map(\.description).joined(separator: ", ") + "]"
        }
    }
}

/// An element type accepted on an input, optionally only from a CoreML version on.
public struct DTypeSpec: Hashable, Sendable, CustomStringConvertible {
    public var type: DataType
    public var minCoreMLVersion: Int?
    public init(_ type: DataType, minCoreMLVersion: Int? = nil) {
        self.type = type
        self.minCoreMLVersion = minCoreMLVersion
    }
    public var description: String {
        minCoreMLVersion.map { "\(type.name) (CoreML ≥ \($0))" } ?? type.name
    }
}

/// How an attribute value must look. The value is the attribute, else `defaultValue`; when both are missing the
/// rule passes unless `required`.
public struct AttributeRule: Hashable, Sendable {
    public enum Test: Hashable, Sendable {
        case equals(TableValue)
        case oneOf([TableValue])
        case notEquals(TableValue)
        case notOneOf([TableValue])
        /// The attribute must not be set at all.
        case absent
        /// For list attributes: number of entries.
        case length(Int)
        /// For list attributes: every entry equals this value.
        case allEqual(TableValue)
    }
    public var name: String
    public var defaultValue: TableValue?
    public var required: Bool
    public var test: Test
}

/// What a row's conditions may say. Anything else is a `custom` check implemented in Swift.
public enum Condition: Hashable, Sendable {
    /// Input must be a constant initializer. `weak`: any initializer of this graph (ORT's `GetAllInitializedTensors`
    /// test, used by BatchNormalization and Pad). Absent optional inputs pass unless `required`.
    case inputConstant(input: Int, required: Bool, weak: Bool)
    case inputCount(min: Int?, max: Int?)
    case outputCount(min: Int?, max: Int?)
    /// Rank of an input (its shape must be known), within bounds and/or one of `allowed`.
    case rank(input: Int, min: Int?, max: Int?, allowed: [Int]?)
    /// Every dim of the input known.
    case staticShape(input: Int)
    /// The listed dims known (negative counts from the end).
    case staticDims(input: Int, dims: [Int])
    /// The input has a known shape (rank).
    case shapeKnown(input: Int)
    case attribute(AttributeRule)
    /// Known dims of the listed inputs/outputs must not exceed `value`.
    case maxDim(inputs: [Int], outputs: [Int], value: Int64)
    case coremlVersion(min: Int)
    /// These inputs share one element type.
    case sameDType(inputs: [Int])
    /// Element type of one input (`output` = false) or output.
    case dtype(index: Int, output: Bool, types: [DTypeSpec])
    /// A named check implemented in `CustomChecks`.
    case custom(String)
}

/// Limits a condition to some nodes: by since-version, ORT version, CoreML version, presence of an input, or an
/// attribute value.
public struct ConditionGuard: Hashable, Sendable {
    public var since: VersionRange?
    public var ort: VersionRange?
    public var coreml: VersionRange?
    public var inputPresent: Int?
    public var inputAbsent: Int?
    public var attribute: AttributeRule?
    public init(since: VersionRange? = nil, ort: VersionRange? = nil, coreml: VersionRange? = nil, inputPresent: Int? = nil,
                inputAbsent: Int? = nil, attribute: AttributeRule? = nil) {
        self.since = since
        self.ort = ort
        self.coreml = coreml
        self.inputPresent = inputPresent
        self.inputAbsent = inputAbsent
        self.attribute = attribute
    }
    public var isEmpty: Bool {
        since == nil && ort == nil && coreml == nil && inputPresent == nil && inputAbsent == nil && attribute == nil
    }
}

public struct TableCondition: Hashable, Sendable {
    public var condition: Condition
    public var guardClause: ConditionGuard
    /// Extra words for messages and docs ("slope must be [C,1,1]").
    public var note: String?
    public var line: Int
}

/// One op of a table, for the ORT versions in `ort`.
public struct OpRule: Hashable, Sendable {
    public var op: String
    public var ort: VersionRange
    /// Since-version bounds; nil max means the table's `since_max` for the ORT version.
    public var sinceMin: Int64
    public var sinceMax: Int64?
    public var trivial: Bool
    /// Element types per input index; replaces the default input-0 check when present.
    public var dtypes: [Int: [DTypeSpec]]?
    /// Inputs may have 0-sized dims (Resize's empty roi/scales).
    public var allowEmptyInputs: Bool
    /// The op exists only in the named other format of this EP (EP101).
    public var onlyIn: String?
    public var conditions: [TableCondition]
    public var notes: String?
    public var line: Int
}

/// A value that changed across ORT releases.
public struct Versioned<T: Hashable & Sendable>: Hashable, Sendable {
    public var ort: VersionRange
    public var value: T
}

/// The default element-type check on input 0.
public struct DefaultDTypes: Hashable, Sendable {
    public var types: [DataType]
    /// Extra types accepted only for these op types (ORT 1.20's float16 list).
    public var extraTypes: [DataType]
    public var extraOps: [String]
}

public struct GeneralRules: Hashable, Sendable {
    public enum StaticShapes: String, Hashable, Sendable { case option, always }
    public enum Subgraphs: String, Hashable, Sendable { case option, never }
    public var requireShape: Bool
    public var staticShapes: StaticShapes
    public var rejectZeroDims: Bool
    public var maxRank: Int?
    public var maxDim: [Versioned<Int64>]
    public var sinceMax: [Versioned<Int64>]
    public var defaultDTypes: [Versioned<DefaultDTypes>]
    public var dropTrivialGroups: VersionRange?
    public var subgraphs: Subgraphs
    public var dropSingleNodeOps: [String]
    public var dropConstantInputsOnly: Bool
    public var stopOps: [String]
}

/// A coverage table: data describing which nodes one EP (in one format) takes.
public struct CoverageTable: Hashable, Sendable {
    public var schema: Int
    public var name: String
    public var ep: String
    /// Word used in ORT's log line ("CoreML", "NNAPI").
    public var shortName: String
    public var format: String?
    public var description: String
    public var source: String
    public var ort: VersionRange
    public var general: GeneralRules
    public var ops: [OpRule]
    /// Where it was read from (file path or resource name).
    public var origin: String

    /// The row in force for `op` at `ortVersion`. Domain is ignored, as ORT's builder lookup does.
    public func rule(for op: String, ortVersion: ORTVersion) -> OpRule? {
        ops.first { $0.op == op && $0.ort.contains(ortVersion) }
    }

    public func rows(for op: String) -> [OpRule] { ops.filter { $0.op == op } }

    public func sinceMax(ortVersion: ORTVersion) -> Int64 {
        general.sinceMax.first { $0.ort.contains(ortVersion) }?.value ?? Int64.max
    }

    public func defaultDTypes(ortVersion: ORTVersion) -> DefaultDTypes? {
        general.defaultDTypes.first { $0.ort.contains(ortVersion) }?.value
    }

    public func maxDim(ortVersion: ORTVersion) -> Int64? {
        general.maxDim.first { $0.ort.contains(ortVersion) }?.value
    }

    public func dropsTrivialGroups(ortVersion: ORTVersion) -> Bool {
        general.dropTrivialGroups?.contains(ortVersion) ?? false
    }

    /// Op types listed (any ORT version), sorted.
    public var opNames: [String] { Array(Set(ops.map(\.op))).sorted() }
}
