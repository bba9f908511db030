import Foundation
import Testing

/// Well-formed protobuf that breaks a graph rule or sits at an odd corner of the format. Files come from
/// fixtures/errors (scripts/goldens/make_error_models.py) and fixtures/malformed (scripts/fuzz/make_malformed.py).
/// Each case's expected answer is decided in docs/ROBUSTNESS.md; where ONNX Runtime 1.31.1 loads the file,
/// Cutline does too unless a size would be meaningless.
@Suite("Graph rules") struct GraphRuleTests {
    static func fixture(_ path: String) -> String { CLIRunner.repoRoot.appendingPathComponent("fixtures/\(path)").path }

    /// Refused files and the words their one-line problem must contain.
    static let refused: [(String, [String])] = [
        ("errors/cyclic.onnx", ["the graph has a cycle"]),
        ("errors/two-producers.onnx", ["value 'y' has two producers: p and q"]),
        ("errors/dangling-input.onnx", ["node add reads 'ghost', which nothing defines"]),
        ("errors/missing-external-data.onnx", ["external data file 'missing-weights.bin' not found"]),
        ("errors/escaping-external-data.onnx", ["'../outside.bin' escapes the model's folder"]),
        ("errors/short-external-data.onnx", ["range 0+16 exceeds its file (8 bytes)"]),
        ("errors/no-graph.onnx", ["the model has no graph"]),
        ("malformed/init-negative-dim.onnx", ["tensor 'w' has a negative dimension (-4)"]),
        ("malformed/init-2p31-dim.onnx", ["tensor 'w' holds 16 bytes of raw_data but dims [2147483648] of float need 8589934592"]),
        ("malformed/init-count-overflow.onnx", ["element count overflows 64 bits"]),
        ("malformed/rank-1025.onnx", ["a shape has more than 1024 dimensions, the limit"]),
        ("malformed/init-rank-1025.onnx", ["tensor 'w' has rank 1025, over the limit of 1024 dimensions"]),
        ("malformed/opset-missing.onnx", ["the model imports no opset"]),
        ("malformed/opset-1e9.onnx", ["domain 'ai.onnx' has version 1000000000, over the limit of 1000"]),
        ("malformed/opset-negative.onnx", ["domain 'ai.onnx' has version -3; versions start at 1"]),
        ("malformed/opset-zero.onnx", ["domain 'ai.onnx' has version 0; versions start at 1"]),
    ]

    /// Files that load and analyse (ONNX Runtime 1.31.1 loads them too, except where noted in ROBUSTNESS.md).
    static let accepted = [
        "malformed/rank-64.onnx", "malformed/init-rank-64.onnx",
        // A negative dim_value is read as unknown, as ORT reads it.
        "malformed/dims-negative-input.onnx", "malformed/dims-2p31-input.onnx", "malformed/dims-int64-max-input.onnx",
        "malformed/dims-product-overflow-input.onnx", "malformed/opset-no-default-domain.onnx",
        // ORT refuses these as invalid (wrong attribute types); Cutline's stages must read them without
        // trapping, and analyse the node as the attribute's readers see it.
        "malformed/conv-strides-string.onnx", "malformed/conv-kernel-shape-float.onnx",
        "malformed/conv-group-ints.onnx", "malformed/conv-pads-type-field-mismatch.onnx",
        "malformed/conv-auto-pad-graph-empty.onnx",
    ]

    @Test("refused with a one-line error", arguments: refused.map(\.0))
    func refusedFile(_ name: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let problem = Self.refused.first { $0.0 == name }?.1 ?? []
        try expectRefused(Self.fixture(name), scratch, commands: Command.allCases, problem: problem)
    }

    @Test("accepted and analysed", arguments: accepted)
    func acceptedFile(_ name: String) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try expectAccepted(Self.fixture(name), scratch, commands: Command.allCases)
    }

    /// Every fixture is accounted for: a new file in fixtures/malformed needs a decision here.
    @Test("every malformed fixture has an expected outcome") func everyFixtureDecided() throws {
        let dir = CLIRunner.repoRoot.appendingPathComponent("fixtures/malformed").path
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".onnx") }
        let decided = Set(Self.refused.map(\.0) + Self.accepted)
        for f in files { #expect(decided.contains("malformed/\(f)"), "no expectation for fixtures/malformed/\(f)") }
        #expect(files.count >= 20)
    }
}
