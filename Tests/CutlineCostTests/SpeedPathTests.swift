import CutlineIR
import CutlineONNX
import CutlineShapes
import Foundation
import Testing
@testable import CutlineCost

/// The shortcuts taken for speed give what the plain computation gives.
@Suite struct SpeedPathTests {
    /// An inferred model whose inputs are all concrete is returned as it is; re-running inference on it gives the
    /// same types, so nothing is lost. A model with symbolic inputs is still specialized.
    @Test(arguments: ["bert-tiny-static", "mobilenetv2", "bert-tiny-dynamic"])
    func alreadyInferredModelSkipsOnlyPointlessInference(name: String) throws {
        var model = try ONNXLoader.load(path: Repo.path("models/\(name).onnx"))
        _ = ShapeInference.infer(&model)
        let fast = Specialization.specialize(model, freeDims: ["batch": 2], alreadyInferred: true)
        let full = Specialization.specialize(model, freeDims: ["batch": 2])
        #expect(fast.assumptions == full.assumptions)
        #expect(fast.model.graph.values.map(\.type) == full.model.graph.values.map(\.type))
        let symbolic = model.graph.inputInfos.contains { info in
            model.graph[info.value].initializer == nil && (model.graph[info.value].type?.shape.map { !$0.isStatic } ?? false)
        }
        #expect(symbolic == (name == "bert-tiny-dynamic"))
    }

    /// The top contributors equal sorting every contributor (larger share first, then label) and keeping a prefix,
    /// ties in the share included.
    @Test func topContributorsEqualSortedPrefix() {
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        for trial in 0..<200 {
            let count = Int(next() % 40)
            let all = (0..<count).map { i in
                Estimate.Contributor(kind: "k", label: "c\(next() % 1000)-\(i)", ms: Double(next() % 5) / 4)
            }
            for limit in [0, 1, 3, 10] {
                let sorted = all.sorted { ($0.ms, $1.label) > ($1.ms, $0.label) }
                #expect(Estimator.top(all, limit) == Array(sorted.prefix(limit)), "trial \(trial) limit \(limit)")
            }
        }
    }
}
