import CutlineIR
import CutlineONNX
@testable import CutlineOptimizer
import Foundation
import XCTest

/// `--ort-version V` against the graph each onnxruntime release 1.19 … 1.32 saved itself (ORT_ENABLE_BASIC, CPU
/// EP): fixtures/ort-versions/basic/, made by scripts/goldens-versions/run.sh. Every golden model × release must
/// match (node count, op histogram, edge multiset of the main graph). The optimizer reads the version only
/// through `ORTBehaviour`, so each model is optimized once per distinct behaviour set and compared with every
/// release that has it.
final class VersionParityTests: XCTestCase {
    struct Golden: Decodable {
        struct Sub: Decodable, Equatable {
            var nodeCount: Int
            var opHistogram: [String: Int]
            var edges: [String]
        }
        struct Result: Decodable {
            var error: String?
            var nodeCount: Int?
            var opHistogram: [String: Int]?
            var edges: [String]?
            var subgraphs: [String: Sub]?
        }
        struct Group: Decodable {
            var ortVersions: [String]
            var result: Result
        }
        var model: String
        var results: [Group]
    }

    struct Outcome {
        var compared = 0
        var equal = 0
        /// release → models whose graph differs
        var differing: [String: [String]] = [:]
        var lines: [String] = []
    }

    static func goldens() throws -> [(name: String, golden: Golden)] {
        let base = ORTBasicGolden.root.appendingPathComponent("fixtures/ort-versions/basic")
        guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        var out: [(String, Golden)] = []
        for case let url as URL in e where url.pathExtension == "json" {
            let g = try JSONDecoder().decode(Golden.self, from: Data(contentsOf: url))
            out.append((url.deletingPathExtension().lastPathComponent, g))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    static func compare(verbose: Bool) throws -> Outcome {
        var o = Outcome()
        let only = ProcessInfo.processInfo.environment["CUTLINE_PARITY_ONLY"].map { Set($0.split(separator: ",").map(String.init)) }
        for (name, golden) in try goldens() where only?.contains(name) ?? true {
            let path = ORTBasicGolden.root.appendingPathComponent(golden.model).path
            guard FileManager.default.fileExists(atPath: path) else {
                // Third-party models outside fixtures/ are downloaded by scripts/thirdparty/fetch.sh.
                if !golden.model.hasPrefix(".cache/") { XCTFail("\(name): model \(golden.model) is missing") }
                continue
            }
            var byBehaviour: [ORTBehaviour: [(String, Golden.Result)]] = [:]
            for group in golden.results where group.result.error == nil {
                for v in group.ortVersions {
                    guard let version = ORTVersion(v) else { XCTFail("\(name): bad version \(v)"); continue }
                    byBehaviour[ORTBehaviour(version), default: []].append((v, group.result))
                }
            }
            for (behaviour, releases) in byBehaviour.sorted(by: { $0.value[0].0 < $1.value[0].0 }) {
                var model = try ONNXLoader.load(path: path)
                let version = ORTVersion(releases[0].0)!
                _ = behaviour
                _ = try GraphOptimizer.optimize(&model, options: OptimizerOptions(ortVersion: version,
                                                                                  expandFunctionsWithoutCPUKernel: true))
                let s = GraphSummary(model.graph)
                let subs = Self.subgraphSummaries(model.graph)
                for (v, r) in releases {
                    let want = GraphSummary(nodeCount: r.nodeCount ?? -1, opHistogram: r.opHistogram ?? [:], edges: r.edges ?? [])
                    let wantSubs = (r.subgraphs ?? [:]).values.map {
                        GraphSummary(nodeCount: $0.nodeCount, opHistogram: $0.opHistogram, edges: $0.edges)
                    }.sorted(by: Self.order)
                    o.compared += 1
                    if s == want && subs == wantSubs {
                        o.equal += 1
                    } else {
                        o.differing[v, default: []].append(name)
                        let d = s.difference(from: want)
                        if subs != wantSubs {
                            o.lines.append("SUBGRAPHS \(name) @\(v): node counts \(subs.map(\.nodeCount)) vs ORT \(wantSubs.map(\.nodeCount))")
                            for (a, b) in zip(subs, wantSubs) where a != b {
                                let d = a.difference(from: b)
                                o.lines.append("   missing \(d.missing.prefix(6)) extra \(d.extra.prefix(6))")
                            }
                        }
                        o.lines.append("DIFF \(name) @\(v): nodes \(s.nodeCount) vs ORT \(want.nodeCount); missing \(d.missing.prefix(verbose ? 1000 : 6)); extra \(d.extra.prefix(verbose ? 1000 : 6))")
                    }
                }
            }
        }
        return o
    }

    /// Every nested subgraph's summary (subgraph paths name nodes, which ORT and Cutline may name differently, so the
    /// subgraphs are compared as a multiset).
    static func subgraphSummaries(_ graph: Graph) -> [GraphSummary] {
        var out: [GraphSummary] = []
        func walk(_ g: Graph) {
            for id in g.liveNodeIDs {
                for (_, _, sub) in g[id].subgraphs {
                    out.append(GraphSummary(sub, isMain: false))
                    walk(sub)
                }
            }
        }
        walk(graph)
        return out.sorted(by: order)
    }

    static func order(_ a: GraphSummary, _ b: GraphSummary) -> Bool {
        (a.nodeCount, a.edges.joined(separator: ";")) < (b.nodeCount, b.edges.joined(separator: ";"))
    }

    func testEveryReleaseAtParity() throws {
        let o = try Self.compare(verbose: false)
        XCTAssertGreaterThan(o.compared, 14 * 150, "fixtures/ort-versions/basic is missing goldens")
        XCTAssertEqual(o.equal, o.compared, o.lines.prefix(20).joined(separator: "\n"))
        // Every modelled release has goldens, and no golden names a release outside the modelled range.
        let releases = Set(try Self.goldens().flatMap { $0.golden.results.flatMap(\.ortVersions) })
        XCTAssertEqual(releases, Set(ORTVersion.releases.map(\.description)))
    }

    /// Prints the differences; set CUTLINE_PARITY_REPORT=1 (or `full`).
    func testVersionParityReport() throws {
        guard let mode = ProcessInfo.processInfo.environment["CUTLINE_PARITY_REPORT"] else { throw XCTSkip("report only") }
        let o = try Self.compare(verbose: mode == "full")
        for l in o.lines { print(l) }
        for (v, names) in o.differing.sorted(by: { $0.key < $1.key }) { print("RELEASE \(v): \(names.count) differ: \(names)") }
        print("VERSION PARITY: \(o.equal) / \(o.compared)")
    }
}
