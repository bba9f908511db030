import CutlineIR
@testable import CutlineONNX
import Foundation

/// Paths and helpers shared by the loader and writer tests.
enum TestSupport {
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// Every ONNX file under the given repository folders, sorted.
    static func onnxFiles(in folders: [String]) -> [String] {
        var out: [String] = []
        for folder in folders {
            let dir = repoRoot + "/" + folder
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for n in names where n.hasSuffix(".onnx") { out.append(dir + "/" + n) }
        }
        return out.sorted()
    }

    /// A fresh temporary folder.
    static func tempDir(_ label: String = "cutline-onnx") -> String {
        let p = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }
}
