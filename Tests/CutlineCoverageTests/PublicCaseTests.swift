import XCTest

/// Partition counts that ONNX Runtime users measured on Macs and published in ORT issues and pull requests,
/// replayed on graphs rebuilt from what those threads show. Sources, what was rebuilt and why the counts carry
/// over: docs/PUBLIC-CASES.md. Each test runs the ORT release before the fix and the release that shipped it.
final class PublicCaseTests: XCTestCase {
    /// microsoft/onnxruntime#28022: on ORT 1.24.4 with ModelFormat=MLProgram (M3 Max), inswapper_128's 14
    /// reflect-mode Pads stayed on the CPU; the log line read 14 CoreML partitions, 212 of 226 nodes supported.
    /// PR #28073 (ORT 1.26) lets MLProgram take reflect Pads, and the reporter confirmed the fix; the issue's own
    /// Slice+Concat rewrite of the same Pads gave 1 partition with every node on CoreML.
    func testReflectPadInswapper() throws {
        let name = "pad-reflect-inswapper"
        let pads = try PublicCase.count("Pad", in: name)
        XCTAssertEqual(pads, 14)

        let before = try PublicCase.analyze(name, ortVersion: "1.24.4")
        XCTAssertEqual(before.partitions, 14)
        XCTAssertEqual(before.unsupportedNodes, 226 - 212)
        XCTAssertEqual(before.unsupportedOpTypes, ["Pad": pads])

        let after = try PublicCase.analyze(name, ortVersion: "1.26")
        XCTAssertEqual(after.partitions, 1)
        XCTAssertEqual(after.supportedNodes, after.nodes)
    }

    /// microsoft/onnxruntime#28270 (ORT 1.27): DWPose dw-ll_ucoco_384 (opset 11) has two Splits with the
    /// pre-opset-13 `split` attribute. Measured on an M3 Max with MLProgram: 3 partitions and 301 of 303 nodes
    /// before the change, 1 partition and 303 of 303 after it.
    func testPreOpset13SplitDWPose() throws {
        let name = "split-pre13-dwpose"
        let before = try PublicCase.analyze(name, ortVersion: "1.26")
        XCTAssertEqual(before.partitions, 3)
        XCTAssertEqual(before.unsupportedNodes, 303 - 301)
        XCTAssertEqual(before.unsupportedOpTypes, ["Split": 2])

        let after = try PublicCase.analyze(name, ortVersion: "1.27")
        XCTAssertEqual(after.partitions, 1)
        XCTAssertEqual(after.supportedNodes, after.nodes)
    }

    /// microsoft/onnxruntime#28289 (ORT 1.27): ResNet50-v2 from the model zoo, optimized by the CPU EP at
    /// ORT_ENABLE_EXTENDED and reloaded on the CoreML EP (M3 Max, MLProgram): 108 nodes, 33 of them FusedConv
    /// with Relu, which the EP could not claim; 18 partitions before the change, 1 after it.
    func testFusedConvResNet50v2() throws {
        let name = "fusedconv-resnet50v2"
        let fused = try PublicCase.count("FusedConv", in: name)
        XCTAssertEqual(fused, 33)

        let before = try PublicCase.analyze(name, ortVersion: "1.26")
        XCTAssertEqual(before.nodes, 108)
        XCTAssertEqual(before.partitions, 18)
        XCTAssertEqual(before.unsupportedOpTypes, ["FusedConv": fused])

        let after = try PublicCase.analyze(name, ortVersion: "1.27")
        XCTAssertEqual(after.nodes, 108)
        XCTAssertEqual(after.partitions, 1)
        XCTAssertEqual(after.supportedNodes, 108)
    }

    /// microsoft/onnxruntime#28180 and PR #28278 (ORT 1.27): scalar-index Gathers over a static [1, N, D] latent
    /// were rejected. The issue author's GFPGAN measurement (ORT 1.24.4, MLProgram; hacksider/Deep-Live-Cam#1777)
    /// counted 2 CoreML partitions and 16 CPU-fallback nodes, and 1 partition with none once the Gathers were
    /// accepted.
    func testScalarGatherGFPGAN() throws {
        let name = "gather-scalar-gfpgan"
        let gathers = try PublicCase.count("Gather", in: name)
        XCTAssertEqual(gathers, 16)

        for version in ["1.24.4", "1.26"] {
            let before = try PublicCase.analyze(name, ortVersion: version)
            XCTAssertEqual(before.partitions, 2, "ORT \(version)")
            XCTAssertEqual(before.unsupportedNodes, 16, "ORT \(version)")
            XCTAssertEqual(before.unsupportedOpTypes, ["Gather": gathers], "ORT \(version)")
        }

        let after = try PublicCase.analyze(name, ortVersion: "1.27")
        XCTAssertEqual(after.partitions, 1)
        XCTAssertEqual(after.supportedNodes, after.nodes)
    }
}
