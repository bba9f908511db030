import Foundation
import Testing

/// Runs the built `cutline` binary and compares its output with committed snapshots under `Snapshots/`.
/// Re-record with `CUTLINE_RECORD=1 swift test --filter CutlineLintTests` and review the diff.
enum LintCLI {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// CUTLINE_BINARY, else the `cutline` built next to the test bundle (any scratch path), else .build/debug.
    static var binary: URL {
        let env = ProcessInfo.processInfo.environment
        if let b = env["CUTLINE_BINARY"] { return URL(fileURLWithPath: b) }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("cutline")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repoRoot.appendingPathComponent(".build/debug/cutline")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ args: [String], cwd: URL? = nil, env: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = cwd ?? repoRoot
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        p.environment = environment
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }

    /// A fresh directory under the system temp dir.
    static func tempDir() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cutline-lint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func assertSnapshot(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = repoRoot.appendingPathComponent("Tests/CutlineLintTests/Snapshots/\(name)")
        let record = ProcessInfo.processInfo.environment["CUTLINE_RECORD"] == "1"
        if record || !FileManager.default.fileExists(atPath: url.path) {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            if !record { Issue.record("snapshot \(name) was missing and has been recorded; review it", sourceLocation: sourceLocation) }
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != actual {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            Issue.record("""
                snapshot \(name) differs at line \(i + 1):
                  expected: \(i < e.count ? String(e[i].prefix(300)) : "<end>")
                  actual:   \(i < a.count ? String(a[i].prefix(300)) : "<end>")
                (re-record with CUTLINE_RECORD=1)
                """, sourceLocation: sourceLocation)
        }
    }
}
