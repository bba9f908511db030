import CutlineIR
import Foundation

/// The golden format of fixtures/ort-basic (fixtures/README.md): node count, op histogram and the multiset of
/// edges written as `Op(source,…)`, a source being `Producer#k`, `initializer`, `input`, `outer` or empty.
struct GraphSummary: Equatable {
    var nodeCount: Int
    var opHistogram: [String: Int]
    var edges: [String]

    init(nodeCount: Int, opHistogram: [String: Int], edges: [String]) {
        self.nodeCount = nodeCount
        self.opHistogram = opHistogram
        self.edges = edges.sorted()
    }

    init(_ graph: Graph, isMain: Bool = true) {
        func opKey(_ n: Node) -> String { n.isDefaultDomain ? n.opType : "\(n.domain):\(n.opType)" }
        var hist: [String: Int] = [:]
        var edges: [String] = []
        let ids = graph.liveNodeIDs
        for id in ids {
            let n = graph[id]
            hist["\(n.isDefaultDomain ? "ai.onnx" : n.domain):\(n.opType)", default: 0] += 1
            let sources = n.inputs.map { input -> String in
                guard let input else { return "" }
                let v = graph[input]
                if let p = v.producer, let k = graph[p].outputs.firstIndex(of: input) { return "\(opKey(graph[p]))#\(k)" }
                if v.isInitializer { return "initializer" }
                if v.isGraphInput { return "input" }
                return isMain ? "?" : "outer"
            }
            edges.append("\(opKey(n))(\(sources.joined(separator: ",")))")
        }
        self.init(nodeCount: ids.count, opHistogram: hist, edges: edges)
    }

    /// Edges present in one summary and not the other (multiset difference), for failure messages.
    func difference(from other: GraphSummary) -> (missing: [String], extra: [String]) {
        var counts: [String: Int] = [:]
        for e in other.edges { counts[e, default: 0] += 1 }
        var extra: [String] = []
        for e in edges {
            if let c = counts[e], c > 0 { counts[e] = c - 1 } else { extra.append(e) }
        }
        let missing = counts.flatMap { Array(repeating: $0.key, count: $0.value) }.sorted()
        return (missing, extra)
    }
}

/// One golden of fixtures/ort-basic or fixtures/ort-basic-extra.
struct ORTBasicGolden {
    var file: String
    var model: String
    var error: String?
    var summary: GraphSummary

    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func load(_ url: URL) throws -> ORTBasicGolden {
        let data = try Data(contentsOf: url)
        guard let obj = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let model = obj["model"] as? String else { throw CocoaError(.fileReadCorruptFile) }
        let hist = obj["opHistogram"] as? [String: Int] ?? [:]
        return ORTBasicGolden(file: url.path, model: model, error: obj["error"] as? String,
                              summary: GraphSummary(nodeCount: obj["nodeCount"] as? Int ?? -1, opHistogram: hist,
                                                    edges: obj["edges"] as? [String] ?? []))
    }

    /// Every golden under `dirs` (relative to the repository), recursively, sorted by path.
    static func all(in dirs: [String]) -> [ORTBasicGolden] {
        var out: [ORTBasicGolden] = []
        for d in dirs {
            let base = root.appendingPathComponent(d)
            guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in e where url.pathExtension == "json" {
                if let g = try? load(url) { out.append(g) }
            }
        }
        return out.sorted { $0.file < $1.file }
    }

    var modelPath: String { ORTBasicGolden.root.appendingPathComponent(model).path }
    var name: String { URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent }
}
