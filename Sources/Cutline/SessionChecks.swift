import CutlineCoverage
import CutlineIR

/// What makes ONNX Runtime refuse to create a session at all, predicted from the model and the nodes left to the CPU.
/// The real CoreML EP's goldens (fixtures/oracle) record both kinds: a model whose IR version the release cannot
/// load, and a recurrent node with `layout=1` that the CPU kernel refuses when no EP takes it.
public enum SessionChecks {
    /// The newest IR version each release loads, by minor version of 1.x, measured with
    /// scripts/ort-limits/max_ir_version.py (fixtures/ort-limits/max-ir-version.json; a test keeps them equal).
    public static let maxIRVersion: [Int: Int64] = [
        19: 10, 20: 10, 21: 10, 22: 10, 23: 11, 24: 13, 25: 13, 26: 13, 27: 13, 28: 13, 29: 13, 30: 13, 31: 13, 32: 14,
    ]

    /// Recurrent ops whose CPU kernels enforce `layout == 0` (lstm_base.h, deep_cpu_gru.h, rnn.h).
    public static let batchFirstRefused: Set<String> = ["LSTM", "GRU", "RNN"]

    /// The reasons session creation fails; `cpuNodes` are the main-graph nodes no EP partition took.
    public static func problems(model: Model, ortVersion: ORTVersion, cpuNodes: [NodeID]) -> [String] {
        var out: [String] = []
        let minor = ortVersion.components.count > 1 ? ortVersion.components[1] : 0
        if let max = maxIRVersion[minor], model.irVersion > max {
            out.append("ONNX Runtime \(ortVersion) loads IR versions up to \(max); this model is IR \(model.irVersion) "
                       + "(\(firstLoading(model.irVersion).map { "ONNX Runtime 1.\($0) loads it" } ?? "no modelled release loads it"))")
        }
        let g = model.graph
        for id in cpuNodes {
            let n = g[id]
            guard n.isDefaultDomain, batchFirstRefused.contains(n.opType), (n.attribute("layout")?.int ?? 0) == 1 else { continue }
            out.append("\(g.displayName(of: id)) (\(n.opType)) has layout=1, which ORT's CPU \(n.opType) kernel refuses "
                       + "(batch-first recurrent ops are not supported), and no EP takes it")
        }
        return out
    }

    /// The first modelled minor release that loads `ir`.
    static func firstLoading(_ ir: Int64) -> Int? {
        maxIRVersion.filter { $0.value >= ir }.keys.min()
    }
}
