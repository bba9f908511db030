@testable import CutlineOptimizer
import CutlineIR
import CutlineONNX
import Foundation
import XCTest

/// The optimizer's fast paths (re-inferring only what a pass changed, skipping transformers whose anchor op is
/// absent) must give exactly the graph, types included, and the log that full re-inference after every change
/// gives.
final class IncrementalRefreshTests: XCTestCase {
    static func models() -> [String] {
        var paths = ORTBasicGolden.all(in: GoldenParityTests.goldenDirs).map(\.modelPath)
        for m in ["bert-tiny-dynamic", "bert-tiny-static", "mobilenetv2"] {
            paths.append(ORTBasicGolden.root.appendingPathComponent("models/\(m).onnx").path)
        }
        return Array(Set(paths)).sorted().filter { FileManager.default.fileExists(atPath: $0) }
    }

    func run(_ path: String, _ options: OptimizerOptions, fast: Bool) throws -> Run {
        var run = Run(model: try ONNXLoader.load(path: path), options: options, fastPaths: fast)
        try run.execute()
        return run
    }

    func check(_ options: OptimizerOptions) throws {
        let paths = Self.models()
        XCTAssertGreaterThan(paths.count, 100, "the golden models are missing")
        for path in paths {
            let full = try run(path, options, fast: false)
            let fast = try run(path, options, fast: true)
            let name = URL(fileURLWithPath: path).lastPathComponent
            XCTAssertEqual(fast.log, full.log, "\(name): log")
            XCTAssertEqual(fast.model.graph, full.model.graph, "\(name): graph")
            if fast.model.graph != full.model.graph {
                for v in full.model.graph.values.indices where full.model.graph.values[v] != fast.model.graph.values[v] {
                    XCTFail("\(name): \(full.model.graph.values[v].name) \(String(describing: full.model.graph.values[v].type)) vs \(String(describing: fast.model.graph.values[v].type))")
                    break
                }
            }
        }
    }

    func testDefaultOptionsMatchFullReinference() throws {
        try check(OptimizerOptions(expandFunctionsWithoutCPUKernel: true))
    }

    func testFreeDimensionsMatchFullReinference() throws {
        try check(OptimizerOptions(freeDimensions: ["batch": 1, "batch_size": 2, "sequence": 8, "N": 1]))
    }
}
