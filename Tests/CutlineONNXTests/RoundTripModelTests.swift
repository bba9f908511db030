import CutlineIR
@testable import CutlineONNX
import Foundation
import XCTest

/// load → serialize → load gives the same IR on every bundled model, and the rewritten files pass the ONNX
/// checker and match the originals field by field (scripts/roundtrip/check.py).
final class RoundTripModelTests: XCTestCase {
    static let folders = ["models", "fixtures/graphs", "fixtures/thirdparty", "fixtures/roundtrip",
                          "fixtures/roundtrip/external", ".cache/thirdparty/models"]

    func testEveryBundledModelRoundTrips() throws {
        let files = TestSupport.onnxFiles(in: Self.folders)
        XCTAssertGreaterThanOrEqual(files.count, 3)
        let out = TestSupport.tempDir("roundtrip")
        var manifest = ""
        for f in files {
            let original = try ONNXLoader.load(path: f)
            let bytes = try ONNXWriter.serialize(original)
            let reloaded = try ONNXLoader.load(bytes: bytes, path: f + " (rewritten)", directory: original.storage?.directory ?? ".")
            let a = try ONNXRoundTrip.payloadsInMemory(original)
            let b = try ONNXRoundTrip.payloadsInMemory(reloaded)
            XCTAssertTrue(a == b, "IR changed after round trip: \(f)")
            // A second pass writes the very same bytes: the writer is deterministic.
            XCTAssertTrue(try ONNXWriter.serialize(reloaded) == bytes, "second write differs: \(f)")

            let name = (f as NSString).lastPathComponent
            let target = out + "/" + name
            try ONNXRoundTrip.roundTrip(input: f, output: target)
            manifest += "\(f)\t\(target)\n"
        }
        try manifest.write(toFile: out + "/manifest.tsv", atomically: true, encoding: .utf8)
        try RoundTripChecker.run(out)
    }
}

/// Runs scripts/roundtrip/check.py when the tools venv is present.
enum RoundTripChecker {
    static func run(_ dir: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let python = TestSupport.repoRoot + "/.venv-tools/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else { return }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [TestSupport.repoRoot + "/scripts/roundtrip/check.py", dir]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        XCTAssertEqual(p.terminationStatus, 0, "check.py failed:\n\(text)", file: file, line: line)
    }
}
