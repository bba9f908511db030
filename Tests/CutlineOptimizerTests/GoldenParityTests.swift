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
        let log = try GraphOptimizer.optimize(&model, options: OptimizerOptions())
        try Verifier.verify(model.graph)
        return (GraphSummary(model.graph), log)
    }

    func parity(_ g: ORTBasicGolden) throws -> Bool {
        let (s, _) = try Self.optimized(g)
        return s == g.summary
    }

    /// Prints one line per golden (parity or the first differences); set CUTLINE_PARITY_REPORT=1.
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
                    print("DIFF \(g.name): nodes \(s.nodeCount) vs ORT \(g.summary.nodeCount); missing \(d.missing.prefix(8)); extra \(d.extra.prefix(8))")
                    print("   log: \(log.totals.map { "\($0.key)=-\($0.value.removed)+\($0.value.added)" }.sorted().joined(separator: " "))")
                }
            } catch {
                print("ERROR \(g.name): \(error)")
            }
        }
    }
}
