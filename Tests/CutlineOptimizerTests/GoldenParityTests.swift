import CutlineIR
import CutlineONNX
@testable import CutlineOptimizer
import Foundation
import XCTest

/// Cutline's simulated ORT_ENABLE_BASIC graph against the graph onnxruntime 1.31.1 itself saved
/// (scripts/goldens/ort_basic.py, scripts/goldens-optimizer/ort_basic_extra.py).
final class GoldenParityTests: XCTestCase {
    static let goldenDirs = ["fixtures/ort-basic", "fixtures/ort-basic-extra"]

    /// Optimizes the golden's model, verifying the graph after the run.
    static func optimized(_ g: ORTBasicGolden) throws -> (GraphSummary, OptimizationLog) {
        var model = try ONNXLoader.load(path: g.modelPath)
        // The goldens come from CPU-only sessions, whose partitioner expands function ops without a CPU kernel.
        let log = try GraphOptimizer.optimize(&model, options: OptimizerOptions(ortVersion: ORTVersion(1, 31, 1),
                                                                              expandFunctionsWithoutCPUKernel: true))
        try Verifier.verify(model.graph)
        return (GraphSummary(model.graph), log)
    }

    /// Goldens the simulation reproduces exactly (node count, op histogram, edge multiset). The others need parts
    /// of ORT not simulated yet (docs/OPTIMIZER.md); `testParityReport` shows their differences. Goldens of
    /// third-party models under .cache/ are checked when scripts/thirdparty/fetch.sh has downloaded them.
    static let atParity: Set<String> = [
        "bert-tiny-dynamic",
        "bert-tiny-static",
        "bert-tiny-static-ort-optimized",
        "constant-sharing-after-folding-op17",
        "conv-add-fusion-spatial-bias-op17",
        "conv-bn-add-mul-chain-op17",
        "coreml-cast-middle-op17",
        "coreml-contrib-op-op17",
        "coreml-dynamic-batch-op17",
        "coreml-erf-middle-op17",
        "coreml-expand-middle-op17",
        "coreml-if-op17",
        "coreml-int-inputs-op17",
        "coreml-loop-op17",
        "coreml-nonzero-middle-op17",
        "coreml-parallel-branches-op17",
        "coreml-rank6-op17",
        "coreml-small-cnn-op13",
        "coreml-transformer-block-op20",
        "coreml-trivial-only-group-op17",
        "coreml-where-middle-op17",
        "ddddocr-common",
        "ddddocr-common-det",
        "ddddocr-common-old",
        "function-ops-hardswish-bernoulli-op18",
        "fw-silero-vad-v6",
        "gemm-transpose-both-op17",
        "greaterorequal-expand-op14",
        "greaterorequal-expand-op16",
        "if-constant-false-op17",
        "if-constant-true-op17",
        "magika-standard-v3-3",
        "mobilenetv2",
        "nudenet-320n",
        "opt-cast-elimination-op17",
        "opt-constant-folding-op17",
        "opt-constant-folding-shape-partial-op17",
        "opt-constant-folding-shape-static-op17",
        "opt-constant-nodes-op17",
        "opt-constant-sharing-op17",
        "opt-conv-add-fusion-op17",
        "opt-conv-bn-fusion-op17",
        "opt-conv-mul-fusion-op17",
        "opt-cse-op17",
        "opt-div-mul-fusion-op17",
        "opt-eliminate-dropout-mask-used-op17",
        "opt-eliminate-dropout-op17",
        "opt-eliminate-identity-graph-output-op17",
        "opt-eliminate-identity-op17",
        "opt-eliminate-slice-inner-op17",
        "opt-eliminate-slice-op17",
        "opt-expand-elimination-inner-op17",
        "opt-expand-elimination-op17",
        "opt-fuse-relu-clip-op17",
        "opt-fuse-relu-clip-op6",
        "opt-gelu-fusion-op19",
        "opt-gelu-fusion-op20",
        "opt-gemm-sum-fusion-op17",
        "opt-gemm-transpose-fusion-op17",
        "opt-layernorm-fusion-op16",
        "opt-layernorm-fusion-op17",
        "opt-local-function-op17",
        "opt-matmul-add-fusion-3d-op17",
        "opt-matmul-add-fusion-dynamic-op17",
        "opt-matmul-add-fusion-op17",
        "opt-matmul-bn-fusion-op17",
        "opt-matmul-bn-fusion-reshape-op17",
        "opt-noop-elimination-broadcasting-op17",
        "opt-noop-elimination-inner-op17",
        "opt-noop-elimination-op17",
        "opt-not-where-fusion-op17",
        "opt-pad-fusion-maxpool-op17",
        "opt-pad-fusion-op17",
        "opt-pre-shape-node-elimination-op17",
        "opt-reshape-fusion-op17",
        "opt-schema-function-ops-op18",
        "opt-unsqueeze-elimination-op17",
        "pad-fusion-nonzero-value-op17",
        "pad-fusion-through-cast-op17",
        "ppocr-mobile-v2-cls",
        "ppocrv4-det",
        "ppocrv4-rec",
        "shape-argmax-op13",
        "shape-broadcast-symbolic-op14",
        "shape-cast-op15",
        "shape-concat-symbolic-op13",
        "shape-constantofshape-const-op11",
        "shape-constantofshape-op11",
        "shape-conv-autopad-same-op11",
        "shape-conv-group-1d-op11",
        "shape-conv-pads-strides-op11",
        "shape-convtranspose-op11",
        "shape-convtranspose-output-shape-op11",
        "shape-einsum-op12",
        "shape-expand-data-prop-op13",
        "shape-expand-op13",
        "shape-flatten-op13",
        "shape-gather-axis1-op13",
        "shape-gather-scalar-op13",
        "shape-gathernd-op13",
        "shape-gemm-trans-op13",
        "shape-gru-op14",
        "shape-if-outer-scope-op13",
        "shape-if-same-shape-op16",
        "shape-loop-op16",
        "shape-lstm-bidirectional-op14",
        "shape-lstm-op14",
        "shape-matmul-broadcast-op13",
        "shape-nonzero-op13",
        "shape-pad-attr-op2",
        "shape-pad-axes-op18",
        "shape-pad-dynamic-pads-op13",
        "shape-pad-input-op11",
        "shape-pad-input-op13",
        "shape-pad-wrap-op19",
        "shape-range-const-op11",
        "shape-range-dynamic-op11",
        "shape-reduce-dynamic-axes-op18",
        "shape-reduce-noop-empty-axes-op18",
        "shape-reducemean-attr-op13",
        "shape-reducemean-input-op18",
        "shape-reducesum-attr-op11",
        "shape-reducesum-input-op13",
        "shape-reshape-gather-concat-op11",
        "shape-reshape-gather-concat-op13",
        "shape-reshape-zero-minus1-op14",
        "shape-resize-axes-op19",
        "shape-resize-scales-op11",
        "shape-resize-scales-op13",
        "shape-resize-sizes-op13",
        "shape-scan-op11",
        "shape-shape-start-end-op15",
        "shape-slice-attr-op9",
        "shape-slice-dynamic-starts-op13",
        "shape-slice-steps-op13",
        "shape-split-equal-op13",
        "shape-split-num-outputs-op18",
        "shape-split-sizes-attr-op11",
        "shape-split-sizes-input-op13",
        "shape-squeeze-axes-attr-op11",
        "shape-squeeze-axes-input-op13",
        "shape-squeeze-no-axes-op13",
        "shape-tile-op13",
        "shape-topk-const-k-op11",
        "shape-topk-dynamic-k-op11",
        "shape-transpose-op13",
        "shape-unknown-rank-input-op14",
        "shape-where-broadcast-op16",
        "silero-vad",
        "silero-vad-16k-op15",
        "silero-vad-16k-sequence",
        "silero-vad-half",
        "silero-vad-op18-ifless",
        "reshape-fusion-shape-of-split-op13",
        "resize-constant-cubic-op13",
        "resize-constant-linear-align-corners-op13",
        "space-to-depth-canonical-op13",
        "space-to-depth-stacked-slices-op11",
        "space-to-depth-stride3-op13",
        "space-to-depth-yolov5-dynamic-channels-op13",
        "space-to-depth-yolov5-op13",
        "transpose-add-const-op17",
        "transpose-add-cost-stop-op17",
        "transpose-add-shared-const-op17",
        "transpose-add-two-transposes-op17",
        "transpose-cancel-identity-op17",
        "transpose-cancel-unary-op17",
        "transpose-concat-op17",
        "transpose-gather-scalar-op17",
        "transpose-gather-vector-op17",
        "transpose-if-branch-op17",
        "transpose-merge-op17",
        "transpose-no-handler-op17",
        "transpose-pad-op17",
        "transpose-qkv-split-op17",
        "transpose-reduce-mean-op17",
        "transpose-reduce-mean-op18",
        "transpose-reshape-as-transpose-op17",
        "transpose-reshape-split-op17",
        "transpose-shape-op15",
        "transpose-slice-attr-op9",
        "transpose-slice-no-axes-op13",
        "transpose-softmax-axis-op13",
        "transpose-softmax-cross-op11",
        "transpose-softmax-same-side-op11",
        "transpose-split-op17",
        "transpose-squeeze-unsqueeze-op11",
        "transpose-squeeze-unsqueeze-op13",
        "transpose-tile-op17",
        "transpose-unary-no-target-op17",
        "transpose-where-broadcast-op17",
    ]

    func testGoldensAtParity() throws {
        let goldens = ORTBasicGolden.all(in: Self.goldenDirs).filter { Self.atParity.contains($0.name) }
        XCTAssertEqual(Set(goldens.map(\.name)), Self.atParity, "a golden listed as at parity is missing")
        for g in goldens {
            guard FileManager.default.fileExists(atPath: g.modelPath) else {
                // Third-party models outside fixtures/ are downloaded by scripts/thirdparty/fetch.sh.
                if !g.model.hasPrefix(".cache/") { XCTFail("\(g.name): model \(g.model) is missing") }
                continue
            }
            let (s, _) = try Self.optimized(g)
            XCTAssertEqual(s.nodeCount, g.summary.nodeCount, "\(g.name): node count")
            XCTAssertEqual(s.opHistogram, g.summary.opHistogram, "\(g.name): op histogram")
            let d = s.difference(from: g.summary)
            XCTAssertTrue(d.missing.isEmpty && d.extra.isEmpty, "\(g.name): edges missing \(d.missing) extra \(d.extra)")
        }
    }

    /// The issue's reference numbers for the bundled BERT export, from the committed goldens.
    func testBertTinyDynamicLog() throws {
        let g = try ORTBasicGolden.load(ORTBasicGolden.root.appendingPathComponent("fixtures/ort-basic/bert-tiny-dynamic.json"))
        var model = try CutlineONNX.ONNXLoader.load(path: g.modelPath)
        let before = model.graph.liveNodeCount
        let log = try GraphOptimizer.optimize(&model, options: OptimizerOptions())
        XCTAssertEqual(log.nodesBefore, before)
        XCTAssertEqual(log.nodesAfter, g.summary.nodeCount)
        let removed = log.entries.reduce(0) { $0 + $1.removed.count }
        let added = log.entries.reduce(0) { $0 + $1.added.count }
        XCTAssertEqual(before - removed + added, log.nodesAfter, "the log accounts for every node")
    }

    /// Prints one line per golden (parity or the first differences); set CUTLINE_PARITY_REPORT=1, or `full` for
    /// every differing edge.
    func testParityReport() throws {
        guard ProcessInfo.processInfo.environment["CUTLINE_PARITY_REPORT"] != nil else { throw XCTSkip("report only") }
        for g in ORTBasicGolden.all(in: Self.goldenDirs) where g.error == nil {
            guard FileManager.default.fileExists(atPath: g.modelPath) else { print("SKIP \(g.name): no model"); continue }
            do {
                let (s, log) = try Self.optimized(g)
                if s == g.summary {
                    print("PARITY \(g.name): \(s.nodeCount) nodes")
                } else {
                    let d = s.difference(from: g.summary)
                    let limit = ProcessInfo.processInfo.environment["CUTLINE_PARITY_REPORT"] == "full" ? Int.max : 8
                    print("DIFF \(g.name): nodes \(s.nodeCount) vs ORT \(g.summary.nodeCount); missing \(d.missing.prefix(limit)); extra \(d.extra.prefix(limit))")
                    print("   log: \(log.totals.map { "\($0.key)=-\($0.value.removed)+\($0.value.added)" }.sorted().joined(separator: " "))")
                }
            } catch {
                print("ERROR \(g.name): \(error)")
            }
        }
    }
}
