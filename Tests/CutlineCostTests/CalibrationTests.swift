import CutlineIR
import CutlineONNX
import CutlineShapes
import Foundation
import Testing
@testable import CutlineCost

/// Calibration round trip on real ONNX Runtime 1.31.1 CPU profiles (fixtures/ort-profiles, made by
/// scripts/cost/make_profiles.py): fit a profile to the trace, estimate the same model all-CPU, compare with the
/// trace's measured mean run time.
@Suite struct CalibrationTests {
    static let models = ["bert-tiny-dynamic", "bert-tiny-static", "mobilenetv2"]
    /// The dims make_profiles.py fed (its `free_dims`).
    static let freeDims: [String: Int64] = ["batch": 1, "sequence": 128]

    /// The model with its inputs fixed to `freeDims` and shapes inferred (see `Specialization`).
    static func loadTyped(_ name: String) throws -> Model {
        Specialization.specialize(try ONNXLoader.load(path: Repo.path("models/\(name).onnx")), freeDims: freeDims).model
    }

    struct RoundTrip { var measuredMs: Double; var estimatedMs: Double; var summary: TraceSummary; var profile: DeviceProfile
        var error: Double { abs(estimatedMs - measuredMs) / measuredMs } }

    static func roundTrip(model name: String, level: String) throws -> RoundTrip {
        let model = try loadTyped(name)
        let trace = try Repo.bytes("fixtures/ort-profiles/\(name).\(level).json")
        let (fitted, summary) = try Calibration.fit(profileJSON: trace, model: model.graph,
                                                   device: DeviceProfiles.bundled("generic-cpu"),
                                                   label: "fixtures/ort-profiles/\(name).\(level).json")
        let est = try Estimator(profile: fitted, freeDims: freeDims).estimate(.cpuOnly(model.graph, irVersion: model.irVersion))
        return RoundTrip(measuredMs: summary.runMs, estimatedMs: est.cpuOnlyMs, summary: summary, profile: fitted)
    }

    /// The Level-1 ("basic") graph is the one the CoreML EP partitions, so its CPU time is the reference the
    /// estimate's cpuOnlyMs stands for.
    @Test(arguments: models)
    func roundTripWithinTwentyPercentOnBasicProfiles(model: String) throws {
        let r = try Self.roundTrip(model: model, level: "basic")
        print("calibration round trip \(model) [basic]: measured \(r.measuredMs) ms, estimated \(r.estimatedMs) ms, error \(String(format: "%.1f", 100 * r.error))%")
        #expect(r.error < 0.2)
        #expect(r.summary.partitionsSeen == 0)
        #expect(r.summary.runs == 10)
        #expect(r.profile.calibratedFrom?.contains(model) == true)
        #expect(DeviceProfiles.validate(r.profile) == nil)
    }

    /// ORT_ENABLE_ALL traces run fused kernels (FusedConv, NCHWc, BiasGelu, LayerNormalization…) that the model file
    /// does not contain; the error is reported, and bounded more loosely.
    @Test(arguments: models)
    func roundTripOnFullyOptimizedProfiles(model: String) throws {
        let r = try Self.roundTrip(model: model, level: "all")
        print("calibration round trip \(model) [all]: measured \(r.measuredMs) ms, estimated \(r.estimatedMs) ms, error \(String(format: "%.1f", 100 * r.error))%")
        #expect(r.error < 1.0)
    }

    /// A profile fitted on one model predicts another model of the same family (dynamic vs static BERT).
    @Test func fittedProfileTransfersAcrossModels() throws {
        let r = try Self.roundTrip(model: "bert-tiny-dynamic", level: "basic")
        let other = try Self.loadTyped("bert-tiny-static")
        let est = try Estimator(profile: r.profile, freeDims: Self.freeDims).estimate(.cpuOnly(other.graph))
        let measured = try Self.roundTrip(model: "bert-tiny-static", level: "basic").measuredMs
        let err = abs(est.cpuOnlyMs - measured) / measured
        print("transfer bert-tiny-dynamic → bert-tiny-static [basic]: measured \(measured) ms, estimated \(est.cpuOnlyMs) ms, error \(String(format: "%.1f", 100 * err))%")
        #expect(err < 0.5)
    }

    /// The median statistic also reproduces the trace it was fitted on (the fit keeps the sum of its samples).
    @Test func medianStatisticRoundTrips() throws {
        let model = try Self.loadTyped("mobilenetv2")
        let (fitted, summary) = try Calibration.fit(profileJSON: Repo.bytes("fixtures/ort-profiles/mobilenetv2.basic.json"),
                                                   model: model.graph, device: DeviceProfiles.bundled("generic-cpu"),
                                                   statistic: .median)
        let est = try Estimator(profile: fitted).estimate(.cpuOnly(model.graph))
        #expect(summary.statistic == "median")
        #expect(abs(est.cpuOnlyMs - summary.runMs) / summary.runMs < 0.2)
    }

    @Test func specializationFixesInputsAndReportsDefaults() throws {
        let loaded = try ONNXLoader.load(path: Repo.path("models/bert-tiny-dynamic.onnx"))
        let (model, notes) = Specialization.specialize(loaded, freeDims: ["sequence": 16])
        #expect(notes == ["batch-like dim 'batch' was taken as 1 (set it with --cost-dim batch=N, or --free-dim batch=N to fix it for the EP too)"])
        for v in model.graph.inputs { #expect(model.graph[v].type?.shape?.staticDims == [1, 16]) }
        let est = try Estimator(profile: Fixtures.profile).estimate(CostInput(graph: model.graph, assignment: [], assumptions: notes))
        #expect(est.assumptions.contains(notes[0]))
    }

    @Test func fittedProfileRoundTripsThroughJSON() throws {
        let r = try Self.roundTrip(model: "mobilenetv2", level: "basic")
        let bytes = DeviceProfiles.encode(r.profile)
        #expect(try DeviceProfiles.decode(bytes, path: "fitted.json") == r.profile)
        #expect(r.profile.cpuOpCosts?["Conv"] != nil)
        #expect(r.summary.topCPUOps.first?.opType == "Conv")
        let text = r.summary.renderText()
        #expect(text.contains("CoreML partitions seen: 0"))
        #expect(text.contains("top CPU ops:"))
    }

    /// A trace with CoreML partitions, written here in ORT's event format (no Mac trace is available to the
    /// tests): the summary must attribute time to the EP and list the CPU fallback ops; the fitted round trip is the
    /// fastest partition's mean time.
    @Test func coreMLPartitionsInATrace() throws {
        func node(_ name: String, _ op: String, _ provider: String, ts: Int, dur: Int) -> String {
            #"{"cat":"Node","name":"\#(name)_kernel_time","ts":\#(ts),"dur":\#(dur),"args":{"op_name":"\#(op)","provider":"\#(provider)","input_type_shape":[{"float":[1,16]}],"output_type_shape":[{"float":[1,16]}]}}"#
        }
        var events: [String] = [#"{"cat":"Session","name":"session_initialization","ts":0,"dur":5000}"#]
        for run in 0..<2 {
            let t = 10_000 * (run + 1)
            events.append(#"{"cat":"Session","name":"model_run","ts":\#(t),"dur":1000}"#)
            events.append(node("CoreMLExecutionProvider_CoreML_123_0", "CoreML_123_0", "CoreMLExecutionProvider", ts: t + 10, dur: 300))
            events.append(node("erf", "Erf", "CPUExecutionProvider", ts: t + 320, dur: 40))
            events.append(node("CoreMLExecutionProvider_CoreML_123_1", "CoreML_123_1", "CoreMLExecutionProvider", ts: t + 370, dur: 500))
            events.append(node("fence", "Erf", "CPUExecutionProvider", ts: t + 900, dur: 1).replacingOccurrences(of: "_kernel_time", with: "_fence_after"))
        }
        let json = "[" + events.joined(separator: ",\n") + "]"
        let (fitted, s) = try Calibration.fit(profileJSON: Array(json.utf8), model: nil, device: Fixtures.profile, label: "mac.json")
        #expect(s.runs == 2)
        #expect(s.partitionsSeen == 2)
        #expect(s.epMsPerRun == (300 + 500) / 1000.0)
        #expect(s.cpuMsPerRun == 40 / 1000.0)
        #expect(s.runOverheadMs == (1000 - 840) / 1000.0)
        #expect(s.topCPUOps.map(\.opType) == ["Erf"])
        #expect(s.sessionInitMs == 5)
        #expect(fitted.coreml.partitionRoundTripUs.value == 300)
        #expect(fitted.coreml.partitionRoundTripUs.source.contains("mac.json"))
        let text = s.renderText()
        #expect(text.contains("CoreML partitions seen: 2"))
        #expect(text.contains("top CPU-fallback ops:"))
        #expect(text.contains("(95% on the EP)"))
    }

    @Test func notATraceIsReported() {
        #expect(throws: CostError.invalidTrace(path: "x.json", reason: "not valid JSON")) {
            try ORTTrace.parse(Array("nope".utf8), path: "x.json")
        }
        #expect(throws: CostError.self) { try ORTTrace.parse(Array("[]".utf8), path: "x.json") }
    }
}
