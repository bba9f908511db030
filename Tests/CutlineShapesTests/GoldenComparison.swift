import CutlineIR
import CutlineONNX
@testable import CutlineShapes
import Foundation

/// Compares Cutline's inferred types with an onnx shape-inference golden (fixtures/README.md, fixtures/shapes/).
struct GoldenComparison {
    struct Figures {
        var values = 0
        var agree = 0
        /// Cutline knows something onnx does not (never counted as disagreement).
        var cutlineKnowsMore: [String] = []
        var disagreements: [String] = []
        /// onnx symbols that Cutline identified with another symbol (only allowed with constant evaluation).
        var symbolMerges = 0
        /// Golden dims that are negative numbers, matched by unknown dims in Cutline.
        var negativeDims = 0
        /// The loader refused the model (nothing compared).
        var loadError: String?
    }

    /// The repository root: this file's grandparent folder (CUTLINE_REPO_ROOT overrides, for out-of-tree builds).
    static let repoRoot: URL = ProcessInfo.processInfo.environment["CUTLINE_REPO_ROOT"].map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The model a golden describes, nil when its file is not present (third-party models live in .cache).
    static func modelPath(golden: [String: Any], goldenURL: URL) -> String? {
        guard let rel = golden["model"] as? String else { return nil }
        let candidates = [repoRoot.appendingPathComponent(rel).path,
                          repoRoot.appendingPathComponent(".cache/thirdparty/models")
                              .appendingPathComponent((rel as NSString).lastPathComponent).path]
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Every graph of the model keyed by its path.
    static func graphsByPath(_ g: Graph) -> [String: Graph] {
        var out: [String: Graph] = [:]
        var stack: [(Graph, String)] = [(g, "main")]
        while let (graph, path) = stack.popLast() {
            out[path] = graph
            for n in graph.liveNodeIDs {
                let node = graph[n]
                let label = node.name.isEmpty ? "\(node.opType)#\(n.index)" : node.name
                for a in node.attributes {
                    switch a.value {
                    case .graph(let s): stack.append((s, "\(path)/\(label)/\(a.name)"))
                    case .graphs(let gs): for (j, s) in gs.enumerated() { stack.append((s, "\(path)/\(label)/\(a.name)[\(j)]")) }
                    default: break
                    }
                }
            }
        }
        return out
    }

    /// Bijection between onnx's symbol names and Cutline's, built as values are compared.
    /// With `allowMerges`, one Cutline symbol may stand for several onnx symbols (Cutline proved more dims
    /// equal); the map from onnx's names to Cutline's must still be a function.
    final class SymbolMap {
        var onnxToOurs: [String: String] = [:]
        var oursToOnnx: [String: String] = [:]
        var allowMerges = false
        var merges = 0
        /// Golden dims with a negative value that Cutline reads as unknown.
        var negativeDims = 0
        func match(_ onnx: String, _ ours: String) -> Bool {
            if let o = onnxToOurs[onnx] { return o == ours && (allowMerges || oursToOnnx[ours] == onnx) }
            if oursToOnnx[ours] != nil {
                guard allowMerges else { return false }
                merges += 1
                onnxToOurs[onnx] = ours
                return true
            }
            onnxToOurs[onnx] = ours
            oursToOnnx[ours] = onnx
            return true
        }
    }

    static func compare(goldenURL: URL, options: ShapeInferenceOptions = .onnxCompatible) throws -> Figures? {
        let data = try Data(contentsOf: goldenURL)
        guard let golden = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let graphs = golden["graphs"] as? [String: Any],
              let path = modelPath(golden: golden, goldenURL: goldenURL) else { return nil }
        var model: Model
        do {
            model = try ONNXLoader.load(path: path)
        } catch {
            var f = Figures()
            f.loadError = "\(error)"
            return f
        }
        _ = ShapeInference.infer(&model, options: options)
        let ours = graphsByPath(model.graph)
        var figures = Figures()
        let symbols = SymbolMap()
        symbols.allowMerges = options.evaluateConstants
        for (gpath, gAny) in graphs.sorted(by: { $0.key < $1.key }) {
            guard let g = gAny as? [String: Any], let values = g["values"] as? [String: Any] else { continue }
            let graph = ours[gpath]
            for (name, vAny) in values.sorted(by: { $0.key < $1.key }) {
                guard let v = vAny as? [String: Any] else { continue }
                figures.values += 1
                let id = graph?.value(named: name)
                let type = id.flatMap { graph?[$0].type }
                let where_ = "\(gpath):\(name)"
                switch compareValue(golden: v, ours: type, symbols: symbols) {
                case .agree: figures.agree += 1
                case .oursKnowsMore(let why): figures.agree += 1; figures.cutlineKnowsMore.append("\(where_): \(why)")
                case .disagree(let why): figures.disagreements.append("\(where_): \(why)")
                }
            }
        }
        figures.symbolMerges = symbols.merges
        figures.negativeDims = symbols.negativeDims
        return figures
    }

    enum Verdict { case agree, oursKnowsMore(String), disagree(String) }

    static func compareValue(golden v: [String: Any], ours: ValueType?, symbols: SymbolMap) -> Verdict {
        var negativeDims = 0
        defer { symbols.negativeDims += negativeDims }
        let kind = v["kind"] as? String
        let elem = v["elemType"] as? String
        let dims = v["dims"] as? [Any]
        guard let kind else {
            return ours == nil ? .agree : .oursKnowsMore("onnx has no type, Cutline has \(ours!)")
        }
        guard let ours else { return .disagree("onnx has \(kind) \(elem ?? "?")\(dims.map { "\($0)" } ?? ""), Cutline has nothing") }
        var t: ValueType = ours
        switch (kind, ours) {
        case ("tensor", .tensor), ("sparse_tensor", .sparseTensor): break
        case ("sequence", .sequence(let e)), ("optional", .optional(let e)):
            guard let e else { return .disagree("element type missing") }
            t = e
        default: return .disagree("kind \(kind) vs \(ours)")
        }
        let ourElem = t.elementType
        if let elem {
            guard let ourElem, ourElem.onnxName == elem else { return .disagree("dtype \(elem) vs \(ourElem?.onnxName ?? "none")") }
        } else if ourElem != nil && ourElem != .undefined {
            return .oursKnowsMore("dtype known")
        }
        guard let dims else {
            return t.shape == nil ? .agree : .oursKnowsMore("onnx has no shape, Cutline has \(t.shape!)")
        }
        guard let s = t.shape else { return .disagree("onnx has rank \(dims.count), Cutline has no shape") }
        guard s.rank == dims.count else { return .disagree("rank \(dims.count) vs \(s.rank)") }
        var more: [String] = []
        for (i, g) in dims.enumerated() {
            let d = s.dims[i]
            if let n = g as? NSNumber, !(g is String), n.int64Value < 0 {
                // onnx carries a negative dim_value (an exporter's "dynamic") through as a number; Cutline's IR reads
                // it as unknown, as ONNX Runtime does (docs/SHAPES.md), so any non-static dim matches.
                if d.isStatic { return .disagree("dim \(i): \(n) vs \(d) in \(s)") }
                negativeDims += 1
            } else if let n = g as? NSNumber, !(g is String) {
                guard d.value == n.int64Value else { return .disagree("dim \(i): \(n) vs \(d) in \(s)") }
            } else if let p = g as? String {
                switch d {
                case .param(let q):
                    if !symbols.match(p, q) {
                        return .disagree("dim \(i): symbol \(p) vs \(q) breaks the 1:1 mapping (onnx \(p) ↦ \(symbols.onnxToOurs[p] ?? "-"), ours \(q) ↦ \(symbols.oursToOnnx[q] ?? "-"))")
                    }
                case .value(let x): more.append("dim \(i) = \(x) where onnx has \(p)")
                case .unknown: return .disagree("dim \(i): onnx has \(p), Cutline unknown")
                }
            } else {
                if d != .unknown { more.append("dim \(i) = \(d) where onnx has none") }
            }
        }
        return more.isEmpty ? .agree : .oursKnowsMore(more.joined(separator: "; "))
    }
}
