import CutlineIR
import CutlineONNX

/// Load → write → reload, for checking the loader and writer on any model (`cutline roundtrip`).
public enum RoundTrip {
    public enum ExternalData: String, Sendable, CaseIterable { case keep, embed, externalize }

    /// Returns the node count of the reloaded model.
    public static func run(input: String, output: String, externalData: ExternalData) throws(CutlineError) -> Int {
        let mode: ExternalDataMode
        switch externalData {
        case .keep: mode = .keep
        case .embed: mode = .embed
        case .externalize:
            let base = output.split(separator: "/").last.map(String.init) ?? "model.onnx"
            mode = .externalize(fileName: base + ".data", threshold: 1024)
        }
        do {
            let m = try ONNXRoundTrip.roundTrip(input: input, output: output, externalData: mode)
            return m.graph.liveNodeCount
        } catch {
            throw CutlineError(path: error.path, problem: error.problem)
        }
    }
}
