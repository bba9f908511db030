import CutlineCoverage
import CutlineReport

/// One lint rule's documentation. The EP1xx entries come from the coverage registry; PT2xx, RW3xx and MD4xx are
/// defined here. Codes are a contract: never renumbered, never reused.
public enum LintRules {
    /// Every code, sorted: EP1xx (node coverage), PT2xx (partition quality), RW3xx (rewrite opportunities),
    /// MD4xx (model hygiene).
    public static let all: [RuleDescriptor] = coverage + partition + rewrite + model

    public static func descriptor(_ code: String) -> RuleDescriptor? {
        let c = code.uppercased()
        return all.first { $0.code == c }
    }

    static let coverage: [RuleDescriptor] = RuleRegistry.all.map {
        RuleDescriptor(code: $0.code, name: $0.name, category: "coverage", summary: $0.summary, rationale: $0.rationale,
                       example: $0.example, remedy: $0.remedy, severity: $0.severity)
    }

    static let partition: [RuleDescriptor] = [
        RuleDescriptor(
            code: "PT201", name: "TooManyPartitions", category: "partition",
            summary: "The EP splits the graph into more partitions than the configured maximum.",
            rationale: "Every partition is a separate CoreML model: each call marshals its inputs and outputs and pays a dispatch round trip, and each is compiled when the session is created. Past a few partitions the overhead usually eats the gain.",
            example: "BERT with an Erf-based GELU under CoreML NeuralNetwork: each layer's Erf splits the encoder, 9 partitions against `max-partitions: 2`.",
            remedy: "Make the cut-makers that `cutline analyze` ranks supported (rewrite or re-export), or raise `max-partitions` if the split is accepted.",
            severity: .error),
        RuleDescriptor(
            code: "PT202", name: "CoverageBelowThreshold", category: "partition",
            summary: "The share of nodes the EP takes is below the configured minimum.",
            rationale: "Nodes the EP does not take run on the CPU; a low coverage usually means the accelerator does little of the work while the model still pays the boundary costs.",
            example: "A model with 40% of its nodes supported against `min-coverage: 80`.",
            remedy: "Follow the EP1xx findings of the model (they say why each node is rejected), or lower `min-coverage`.",
            severity: .error),
        RuleDescriptor(
            code: "PT203", name: "CPUIslandBetweenPartitions", category: "partition",
            summary: "A few CPU nodes sit between two pieces of EP work, so data leaves the EP and comes back.",
            rationale: "A CPU-only node whose inputs come from an EP partition and whose outputs feed one forces two boundary crossings and splits what could be one partition; it is the typical cut-maker.",
            example: "`MatMul → Erf → Mul` where only Erf is unsupported: Erf is a one-node CPU island between two partitions.",
            remedy: "Make the island's ops supported (see the RW3xx findings for a rewrite) or move them to the graph's start or end.",
            severity: .warning),
        RuleDescriptor(
            code: "PT204", name: "LargeTensorCrossesBoundary", category: "partition",
            summary: "A large tensor is copied between the CPU and an EP partition on every call.",
            rationale: "ORT copies every partition output back to CPU memory and converts int64/bool inputs; for activations of several MiB the copy costs more than the ops around it.",
            example: "A `[1, 128, 3072]` float32 FFN activation (1.5 MiB) leaving a partition for a CPU-only GELU, with `max-boundary-mib: 1`.",
            remedy: "Make the consumer or producer on the CPU side supported so the tensor stays inside the partition.",
            severity: .warning),
        RuleDescriptor(
            code: "PT205", name: "CPUFasterThanEP", category: "partition",
            summary: "The cost estimate says the model is faster on the CPU alone than with this EP.",
            rationale: "The estimate (device profile rooflines plus per-partition dispatch and boundary copies) puts the EP path clearly slower than running every node on the CPU; shipping the EP would slow the model down.",
            example: "A model split into 10 small partitions whose dispatch overhead exceeds the compute moved to the EP.",
            remedy: "Reduce the partition count first (PT201/PT203), or do not enable the EP for this model.",
            severity: .warning),
        RuleDescriptor(
            code: "PT206", name: "EPOverheadTooHigh", category: "partition",
            summary: "The estimated per-call EP overhead (dispatch plus boundary copies) exceeds the configured maximum.",
            rationale: "Dispatch round trips and boundary copies are paid on every call whatever the model computes; the estimate names them separately from compute so a budget can be set on them.",
            example: "6 partitions at ~0.1 ms round trip each plus 3 MiB of copied outputs against `max-overhead-ms: 0.5`.",
            remedy: "Reduce partitions and boundary tensors (PT201, PT203, PT204), or raise `max-overhead-ms`.",
            severity: .error),
    ]

    static let rewrite: [RuleDescriptor] = [
        RuleDescriptor(
            code: "RW301", name: "ErfGeluSplitsPartitions", category: "rewrite",
            summary: "Erf nodes (the exact GELU) are not supported by the EP and split the graph.",
            rationale: "The exact GELU `0.5·x·(1+erf(x/√2))` needs Erf, which the CoreML NeuralNetwork format has no builder for; ORT fuses the pattern into `Gelu` only at opset ≥ 20. The tanh approximation uses Tanh, Mul, Add and Pow, which the EP supports.",
            example: "BERT exported at opset 14: each layer's `Div → Erf → Add → Mul` puts Erf on the CPU.",
            remedy: "Export with the tanh GELU approximation (e.g. `approximate='tanh'` in PyTorch), or at opset ≥ 20 so ORT fuses `Gelu` (supported by MLProgram).",
            severity: .info, pass: "gelu-tanh"),
        RuleDescriptor(
            code: "RW302", name: "DynamicDimsBlockShapeOps", category: "rewrite",
            summary: "Nodes are rejected only because a dim is symbolic; fixing the dims would make them supported.",
            rationale: "Reshape, Slice, scalar Gather, Split and similar builders compute CoreML parameters from input dims, so symbolic dims (batch, sequence) make them unsupported even though the op is.",
            example: "`Reshape` of a `[batch, seq, 128]` tensor in an attention block.",
            remedy: "Fix the dims at session creation with ORT's free-dimension overrides (simulate with `--free-dim NAME=VALUE`), or make them static with `python -m onnxruntime.tools.make_dynamic_shape_fixed`.",
            severity: .info, pass: "freeze-shapes"),
        RuleDescriptor(
            code: "RW303", name: "ConstantInputComputedAtRunTime", category: "rewrite",
            summary: "An input the builder needs as a constant is computed from constants only, so it could be folded.",
            rationale: "The subgraph that computes the input reads no graph input: its value is the same on every call. ORT's constant folding removes such subgraphs only when it runs (and only for ops it can evaluate); the node is rejected until then.",
            example: "`Reshape` whose shape comes from `Concat(Constant, Constant)` analysed with `--optimization none`.",
            remedy: "Fold the subgraph into an initializer (`onnxruntime` with `graph_optimization_level=ORT_ENABLE_BASIC` and `optimized_model_filepath`, or onnx-simplifier).",
            severity: .info, pass: "fold-constants"),
        RuleDescriptor(
            code: "RW304", name: "ContribOpNotSupported", category: "rewrite",
            summary: "A com.microsoft contrib op is not supported by the EP; its ai.onnx decomposition would be.",
            rationale: "Contrib ops such as FastGelu, SkipLayerNormalization or BiasGelu come from ORT's transformer optimizer for its CPU/CUDA kernels; the CoreML and NNAPI EPs have builders for ai.onnx ops only (plus a few exceptions).",
            example: "A `com.microsoft:FastGelu` node in a model saved after `onnxruntime.transformers.optimizer`.",
            remedy: "Use the model from before the transformer optimizer, or replace the op by its ai.onnx definition.",
            severity: .info, pass: "decompose-contrib"),
        RuleDescriptor(
            code: "RW305", name: "Float16NotSupportedByFormat", category: "rewrite",
            summary: "Nodes are rejected because they compute in float16, which this format does not accept.",
            rationale: "The CoreML NeuralNetwork format takes float32 only; a float16 model loses every float op to the CPU there. MLProgram accepts float16.",
            example: "A float16-converted MobileNet analysed for `coreml-neuralnetwork`.",
            remedy: "Use the MLProgram format (`ModelFormat=MLProgram`), or ship the float32 model for NeuralNetwork targets.",
            severity: .info, pass: "fp16-to-fp32"),
        RuleDescriptor(
            code: "RW306", name: "ScalarGatherNotSupported", category: "rewrite",
            summary: "A Gather with scalar indices is rejected; the same selection with Slice is supported.",
            rationale: "A rank-0 index removes the gathered axis; the builder needs the input shape static for that case. `Slice` of one element followed by `Squeeze` selects the same values.",
            example: "`Gather(hidden, 0, axis=1)` taking the [CLS] token of a `[batch, seq, 768]` tensor.",
            remedy: "Replace the Gather by `Slice(start=i, end=i+1)` + `Squeeze` on the axis, or fix the input dims.",
            severity: .info, pass: "gather-scalar"),
        RuleDescriptor(
            code: "RW307", name: "WhereMaskNotSupported", category: "rewrite",
            summary: "A Where node (typically an attention mask) is not supported by the EP in this configuration.",
            rationale: "CoreML has no Where builder before ORT 1.28 and none in the NeuralNetwork format; masks are often `Where(mask, x, -inf)`, which arithmetic on the mask expresses with supported ops.",
            example: "`Where(mask, scores, -10000)` in an attention block analysed with `--ort-version 1.27`.",
            remedy: "Compute `scores + (1 - mask) · (-10000)` with Cast, Sub, Mul and Add, or upgrade ONNX Runtime.",
            severity: .info, pass: "where-mask"),
    ]

    static let model: [RuleDescriptor] = [
        RuleDescriptor(
            code: "MD401", name: "ValueWithoutShape", category: "model",
            summary: "A value of the main graph has no type or shape after shape inference.",
            rationale: "The EP rejects nodes whose inputs have no known shape; a value without shape usually comes from an op without an inference function or a shape computed at run time.",
            example: "The output of a custom-domain op that no schema describes.",
            remedy: "Run `cutline inspect --shapes` to see where inference stopped; add value_info with the shape, or fix the dims that make it unknowable.",
            severity: .warning),
        RuleDescriptor(
            code: "MD402", name: "DuplicateNodeName", category: "model",
            summary: "Two or more nodes share a name.",
            rationale: "Node names identify nodes in ORT's logs and profiles, in this tool's reports and in baselines; duplicates make findings and profile entries ambiguous.",
            example: "Two nodes both named `MatMul_0` after merging two exported graphs.",
            remedy: "Rename the nodes (e.g. suffix the index) when the model is exported or merged.",
            severity: .warning),
        RuleDescriptor(
            code: "MD403", name: "EmptyNodeName", category: "model",
            summary: "Nodes have no name.",
            rationale: "Unnamed nodes are shown as `opType#index`, which changes whenever a node is added before them; baselines and profiles cannot follow them.",
            example: "A graph made with `onnx.helper.make_node` without `name=`.",
            remedy: "Give every node a name when the model is built or exported.",
            severity: .info),
        RuleDescriptor(
            code: "MD404", name: "OldIRVersion", category: "model",
            summary: "The model's IR version is older than the configured minimum.",
            rationale: "Before IR 4 every initializer is also a graph input; old IR versions come from exporters whose models ORT's optimizers and the EPs have had the least testing with.",
            example: "A model with `ir_version: 3`, against the default minimum 7.",
            remedy: "Re-export with a current exporter, or convert with `onnx.version_converter` and save with a current onnx.",
            severity: .warning),
        RuleDescriptor(
            code: "MD405", name: "OldOpset", category: "model",
            summary: "The model imports an ai.onnx opset older than the configured minimum.",
            rationale: "Builders reject schemas below their minimum since-version, and ORT fuses LayerNormalization only at opset ≥ 17 and Gelu only at opset ≥ 20; an old opset keeps these as long chains of small ops.",
            example: "A transformer at opset 11, against the default minimum 13.",
            remedy: "Re-export at a newer opset, or convert with `onnx.version_converter.convert_version(model, 17)`.",
            severity: .warning),
        RuleDescriptor(
            code: "MD406", name: "Float16ModelForNeuralNetwork", category: "model",
            summary: "A float16 model is analysed for the CoreML NeuralNetwork format, which takes float32 only.",
            rationale: "NeuralNetwork builders accept float input only; a model whose inputs or weights are float16 leaves the float ops to the CPU under this format.",
            example: "A model converted with `onnxconverter_common.float16` analysed for `coreml-neuralnetwork`.",
            remedy: "Use `ModelFormat=MLProgram` for float16 models, or ship the float32 model.",
            severity: .warning),
        RuleDescriptor(
            code: "MD407", name: "ForbiddenOperator", category: "model",
            summary: "The model holds an op type the configuration forbids.",
            rationale: "Teams forbid ops they know to be slow or unsupported on their targets (`--forbid-op`, `forbid-ops:`), so a new export that brings one back fails review.",
            example: "A `NonZero` node with `forbid-ops: [NonZero]`.",
            remedy: "Replace the op, or remove it from the forbidden list.",
            severity: .error),
        RuleDescriptor(
            code: "MD408", name: "SessionCreationFails", category: "model",
            summary: "ONNX Runtime will refuse to create a session for this model with this EP.",
            rationale: "Some models load nowhere in a given release: an IR version newer than the release reads, or a batch-first (`layout=1`) LSTM, GRU or RNN that no EP takes and whose CPU kernel enforces `layout == 0`. The real CoreML EP's runs in fixtures/oracle record both.",
            example: "A model saved with IR version 14 analysed with `--ort-version 1.30` (which loads IR ≤ 13).",
            remedy: "Save the model at an IR version the release reads (`onnx.save` after setting `model.ir_version`), upgrade ONNX Runtime, or export recurrent layers with `batch_first=False`.",
            severity: .error),
    ]
}
