import Foundation
import Testing

/// Runs the built `cutline` binary and compares what it prints with committed snapshots.
/// Re-record with `CUTLINE_RECORD=1 swift test --filter CutlineCLITests` and review the diff.
enum CLI {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var binary: URL {
        let env = ProcessInfo.processInfo.environment["CUTLINE_BINARY"]
        return env.map { URL(fileURLWithPath: $0) } ?? repoRoot.appendingPathComponent(".build/debug/cutline")
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ args: [String], cwd: URL? = nil) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = cwd ?? repoRoot
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

    /// Compares `actual` with `Snapshots/<name>`; records it when CUTLINE_RECORD=1 or the snapshot is missing
    /// (a missing snapshot fails the test so it is never silently accepted).
    static func assertSnapshot(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = repoRoot.appendingPathComponent("Tests/CutlineCLITests/Snapshots/\(name)")
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
                  expected: \(i < e.count ? String(e[i]) : "<end>")
                  actual:   \(i < a.count ? String(a[i]) : "<end>")
                (re-record with CUTLINE_RECORD=1)
                """, sourceLocation: sourceLocation)
        }
    }
}
