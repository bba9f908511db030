import CutlineIR

/// How much of ONNX Runtime's pre-partitioning optimization to simulate.
public enum OptimizationLevel: String, Sendable, CaseIterable {
    /// `ORT_DISABLE_ALL`: only what ORT does at load whatever the level (Constant nodes become initializers,
    /// model-local functions are inlined).
    case none
    /// `ORT_ENABLE_BASIC` — and the Level-1 part of ORT's default `ORT_ENABLE_ALL`, which is what every EP sees.
    case basic
}

public struct OptimizerOptions: Sendable {
    public var level: OptimizationLevel
    /// ORT's free-dimension overrides by `dim_param` name (`--free-dim NAME=VALUE`).
    public var freeDimensions: [String: Int64]
    public var ortVersion: ORTVersion
    /// ORT's `max_num_graph_transformation_steps` default.
    public var maxSteps: Int
    /// Also expand the function ops ORT's CPU EP has no kernel for (`SchemaFunctionExpansion`), as ORT's
    /// partitioner does when no other EP claims them: the graph a CPU-only session ends with. Off by default,
    /// because with another EP registered that EP is asked about the unexpanded node first.
    public var expandFunctionsWithoutCPUKernel: Bool
    /// Inline calls to model-local functions (ORT's ahead-of-time inlining). Off only to see the graph as ORT's
    /// AOT pass shows it to the EPs, before it inlines what they do not claim.
    public var inlineLocalFunctions = true

    public init(level: OptimizationLevel = .basic, freeDimensions: [String: Int64] = [:],
                ortVersion: ORTVersion = .latest, maxSteps: Int = 10, expandFunctionsWithoutCPUKernel: Bool = false) {
        self.level = level
        self.freeDimensions = freeDimensions
        self.ortVersion = ortVersion
        self.maxSteps = maxSteps
        self.expandFunctionsWithoutCPUKernel = expandFunctionsWithoutCPUKernel
    }

    public init(level: OptimizationLevel = .basic, freeDimensions: [String: Int64] = [:],
                ortVersion: (major: Int, minor: Int)) {
        self.init(level: level, freeDimensions: freeDimensions, ortVersion: ORTVersion([ortVersion.major, ortVersion.minor]))
    }
}

/// The Level-1 behaviours that differ between the ONNX Runtime releases modelled (1.19 … 1.32), each with the
/// release it arrived in (or left), as measured against every release's wheel (scripts/goldens-versions/,
/// docs/ORT-VERSIONS.md). The optimizer reads the version only through this, so two releases with the same
/// behaviours give the same graph.
public struct ORTBehaviour: Hashable, Sendable {
    /// GeluFusion and LayerNormFusion emit the ONNX `Gelu` (opset ≥ 20) / `LayerNormalization` (opset ≥ 17) at
    /// Level 1 (from 1.20; before, both ran at Level 2 only, producing contrib ops).
    public var onnxDomainGeluLayerNormFusion: Bool
    /// PadFusion runs at Level 1 (from 1.20).
    public var padFusion: Bool
    /// PadFusion looks through one Cast between the Pad and the node absorbing it (1.20 … 1.31).
    public var padFusionThroughCast: Bool
    /// MatMulAddFusion fuses 3-D (and higher) MatMul + Add into Reshape → Gemm → Reshape (from 1.21).
    public var matMulAddFusionReshapes: Bool
    /// NotWhereFusion and SliceConcatToSpaceToDepthFusion run at Level 1 (from 1.25).
    public var notWhereFusion: Bool
    public var spaceToDepthFusion: Bool
    /// ConstantFolding estimates a node's output size before running it and skips nodes whose size is unknown
    /// (from 1.27).
    public var foldingSizeEstimate: Bool
    /// The transpose optimizer pushes a Transpose through a Gather with a scalar index (from 1.28).
    public var transposeThroughScalarGather: Bool
    /// The transpose optimizer pushes a Transpose through a Reshape that only moves size-1 dims (from 1.29).
    public var transposeThroughReshape: Bool
    /// ReshapeFusion accepts a `Shape→Gather(i)` chain reading another tensor whose dim i is known to equal the
    /// Reshape input's (from 1.29; before, the Shape had to read the Reshape input itself).
    public var reshapeFusionShapeOfOtherTensor: Bool
    /// ReshapeFusion merges a Reshape with the Reshape/Squeeze/Unsqueeze nodes after it (from 1.21).
    public var reshapeFusionContiguous: Bool
    /// SliceConcatToSpaceToDepthFusion also matches phases taken by two stacked Slices (from 1.32).
    public var spaceToDepthStackedSlices: Bool

    public init(_ v: ORTVersion) {
        let m = v.minorRelease
        func from(_ minor: Int) -> Bool { m >= ORTVersion([1, minor]) }
        onnxDomainGeluLayerNormFusion = from(20)
        padFusion = from(20)
        padFusionThroughCast = from(20) && !from(32)
        matMulAddFusionReshapes = from(21)
        notWhereFusion = from(25)
        spaceToDepthFusion = from(25)
        foldingSizeEstimate = from(27)
        transposeThroughScalarGather = from(28)
        transposeThroughReshape = from(29)
        reshapeFusionContiguous = from(21)
        reshapeFusionShapeOfOtherTensor = from(29)
        spaceToDepthStackedSlices = from(32)
    }
}

extension OptimizerOptions {
    /// What the selected release's Level-1 optimizer does differently (see `ORTBehaviour`).
    public var behaviour: ORTBehaviour { ORTBehaviour(ortVersion) }
}
