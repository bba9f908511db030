import Foundation
import Testing

/// Snapshots of what the oracle work made visible: `compare-log` on logs written from the real EP's goldens
/// (fixtures/oracle/logs, scripts/oracle/make_logs.py), ORT's later partitioning passes, a predicted session
/// failure, and `inspect --optimized --shapes` (the types the EP's checks read).
@Suite(.serialized) struct OracleCLITests {
    static let oracle = ["--ort-version", "1.30", "--coreml-version", "7"]

    @Test func compareLogAgrees() throws {
        let r = try CLI.run(["compare-log", "fixtures/oracle/logs/bert-tiny-static.mlprogram-static.log",
                             "--model", "models/bert-tiny-static.onnx", "--ep", "coreml-mlprogram", "--static-shapes"] + Self.oracle)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        try CLI.assertSnapshot(r.stdout, "compare-log-agrees.txt")
    }

    @Test func compareLogListsEveryNodeThatDiffers() throws {
        // The MLProgram session's log set against a NeuralNetwork prediction: the nodes NeuralNetwork rejects differ.
        let r = try CLI.run(["compare-log", "fixtures/oracle/logs/bert-tiny-static.mlprogram-static.log",
                             "--model", "models/bert-tiny-static.onnx", "--ep", "coreml-neuralnetwork", "--static-shapes"] + Self.oracle)
        #expect(r.status == 1)
        #expect(r.stdout.contains("/bert/encoder/layer.0/intermediate/intermediate_act_fn/Erf (Erf): EP takes it, Cutline rejects it"))
        try CLI.assertSnapshot(r.stdout, "compare-log-differs.txt")
    }

    @Test func compareLogFollowsLaterPasses() throws {
        let r = try CLI.run(["compare-log", "fixtures/oracle/logs/hardswish-bernoulli.mlprogram.log", "--model",
                             "fixtures/ort-basic-extra/models/function-ops-hardswish-bernoulli-op18.onnx",
                             "--ep", "coreml-mlprogram"] + Self.oracle)
        #expect(r.status == 0, "stdout: \(r.stdout) stderr: \(r.stderr)")
        #expect(r.stdout.contains("(2 per-node lines, 2 passes)"))
    }

    @Test func compareLogRejectsALogWithoutSummary() throws {
        let r = try CLI.run(["compare-log", "models/bert-tiny-static.onnx", "--model", "models/bert-tiny-static.onnx"])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("cutline: error: models/bert-tiny-static.onnx: "))
        #expect(r.stdout.isEmpty)
    }

    @Test func analyzeShowsThePassesAfterInlining() throws {
        let r = try CLI.run(["analyze", "fixtures/ort-basic-extra/models/function-ops-hardswish-bernoulli-op18.onnx",
                             "--ep", "coreml-mlprogram"] + Self.oracle)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        try CLI.assertSnapshot(r.stdout, "analyze-hardswish-bernoulli-passes.txt")
    }

    @Test func analyzePredictsASessionFailure() throws {
        let r = try CLI.run(["analyze", "fixtures/roundtrip/metadata.onnx", "--ep", "coreml-mlprogram"] + Self.oracle)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("error: ONNX Runtime will not create this session: ONNX Runtime 1.30 loads IR versions up to 13"))
        try CLI.assertSnapshot(r.stdout, "analyze-session-failure.txt")
    }

    @Test func inspectListsTheTypesTheEPSees() throws {
        let r = try CLI.run(["inspect", "models/bert-tiny-static.onnx", "--optimized", "--shapes"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        // The attention mask's GreaterOrEqual-12 has no inference function in ORT: a type, no shape.
        #expect(r.stdout.contains("value types the EP sees:"))
        try CLI.assertSnapshot(r.stdout, "inspect-optimized-shapes-bert-tiny-static.txt")
    }
}
