extension CustomChecks {
    /// One line per custom check, for generated docs.
    static let descriptions: [String: String] = [
        "ArgMaxCastConsumer": "NeuralNetwork: an ArgMax with several consumers must not feed a Cast to int32 (EP117).",
        "CastFromArgMax": "NeuralNetwork: Cast must read the output of a supported ArgMax and cast to int32 (EP117, EP109).",
        "CastTypes": "Input and `to` types in float, float16, int32, int64, and bool from ORT 1.27; before 1.27 the input must come from a node (EP107, EP117).",
        "ClipMinMax": "The resolved min and max (inputs from since-version 11, attributes before) must differ (EP116).",
        "ConcatAxis": "NeuralNetwork: the normalized axis must be 1 (EP109).",
        "ConvKernelShape": "`kernel_shape`, when set, must equal W's spatial dims (EP109).",
        "ConvTransposePads": "With auto_pad NOTSET, `pads` must be set and all equal (EP109).",
        "DepthToSpaceFloat16": "DCR mode on float16 needs CoreML 7 (EP113).",
        "FusedConvActivation": "`activation` in Relu, Sigmoid, Tanh (0 params), LeakyRelu (1), Clip, HardSigmoid (2) (EP109).",
        "GatherIndices": "Scalar indices: rejected before ORT 1.27; from 1.27 need static data of rank ≤ 4. Output rank ≤ 5 (EP117, EP111, EP110).",
        "GatherNDIndices": "indices rank ≥ 1, last indices dim k known and ≤ data rank, data dims 0..k-1 known (EP110, EP111, EP117).",
        "GemmBias": "With exactly 3 inputs, C must be a constant initializer shaped [], [1], [N] or [1,N] (EP108, EP117).",
        "GridSampleModes": "mode linear or bilinear; linear + reflection padding + align_corners=0 is rejected (EP109).",
        "MatMulRank1": "MLProgram: exactly one rank-1 operand is rejected (EP110).",
        "PadSupported": "Rank ≥ 1 (NeuralNetwork ≥ 2); mode constant (MLProgram also reflect); constant_value an initializer (NeuralNetwork: present and float); pads an initializer without negatives; axes an initializer; only the last two dims padded unless MLProgram constant mode; reflect pads smaller than the dim (EP110, EP109, EP108, EP107, EP116).",
        "PReluSlope": "X channel dim known; slope static and [C,1,1] or one element; one element with a channel dim of 1 rejected (EP111, EP117).",
        "ReduceEmptyAxes": "NeuralNetwork: noop_with_empty_axes=1 with axes the builder reads as empty (absent, or not stored as int64_data) is rejected (EP116).",
        "ReshapeShape": "The target shape is non-empty, has ≤ 5 entries, and has no 0 when allowzero=1 (EP116).",
        "ResizeSupported": "scales or sizes constant; upsampling by whole factors (MLProgram also exact integer downsampling); leading axes unchanged; coordinate_transformation_mode per format and mode (EP108, EP116, EP111, EP109).",
        "ShapeSlice": "MLProgram: start/end must select at least one dim (EP116).",
        "SliceSupported": "starts/ends/axes/steps constant int32/int64; valid distinct axes; non-zero steps; non-empty ranges after ONNX clamping (EP108, EP107, EP116).",
        "SplitSupported": "Split sizes from the input (constant), the attribute (since < 13) or num_outputs (since ≥ 18) must cover a known axis dim with ≥ 2 non-empty parts (EP108, EP111, EP116, EP109, EP114).",
        "TileRepeats": "A constant `repeats` has one entry per input dim, each ≥ 1 (EP116).",
        "UnsqueezeRank": "Input rank plus the number of new axes ≤ 5 (EP110).",
    ]
}
