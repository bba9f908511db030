import Cutline
import CutlineONNX
import Foundation

/// What the CoreML EP's GetCapability log line reports, as Cutline predicts it for one fixture and ORT version.
struct PublicCaseOutcome: Equatable {
    var partitions: Int
    var supportedNodes: Int
    var nodes: Int
    var unsupportedOpTypes: [String: Int]

    var unsupportedNodes: Int { nodes - supportedNodes }
}

/// Runs the fixtures of docs/PUBLIC-CASES.md (built by scripts/coverage/public_cases/make_*.py) through the
/// same analysis `cutline analyze --ep coreml-mlprogram` performs.
enum PublicCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func fixture(_ name: String) -> String {
        root.appendingPathComponent("fixtures/public-cases/\(name).onnx").path
    }

    static func analyze(_ name: String, ortVersion: String, ep: String = "coreml-mlprogram") throws -> PublicCaseOutcome {
        let options = AnalyzeOptions(eps: [ep], ortVersion: ortVersion)
        let prepared = try Analyzer.prepare(path: fixture(name), options: options)
        let report = try Analyzer.analyze(prepared, ep: ep, options: options).report
        var ops: [String: Int] = [:]
        for n in report.unsupportedNodes { ops[n.opType, default: 0] += 1 }
        return PublicCaseOutcome(partitions: report.partitionCount, supportedNodes: report.supportedNodeCount,
                                 nodes: report.nodeCount, unsupportedOpTypes: ops)
    }

    /// How many nodes of `opType` the model file holds, so tests derive counts from the fixture, not by hand.
    static func count(_ opType: String, in name: String) throws -> Int {
        let model = try ONNXLoader.load(path: fixture(name))
        return model.graph.liveNodeIDs.filter { model.graph[$0].opType == opType }.count
    }
}
