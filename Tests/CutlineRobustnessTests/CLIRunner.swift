import Foundation
import Testing

/// Runs the built `cutline` binary on files made by the tests. `CUTLINE_BINARY` overrides the binary
/// (the default is `.build/debug/cutline`, built by `swift build --product cutline`).
enum CLIRunner {
    static let repoRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var binary: URL {
        let env = ProcessInfo.processInfo.environment["CUTLINE_BINARY"]
        return env.map { URL(fileURLWithPath: $0) } ?? repoRoot.appendingPathComponent(".build/debug/cutline")
    }

    struct Result {
        var status: Int32
        /// True when the process ended by a signal (a crash), not by `exit`.
        var crashed: Bool
        var timedOut: Bool
        var stdout: String
        var stderr: String

        var stderrLines: [Substring] { stderr.split(separator: "\n", omittingEmptySubsequences: true) }
    }

    /// Runs `cutline args…`; a run longer than `timeout` seconds is killed and reported as timed out.
    static func run(_ args: [String], cwd: URL? = nil, timeout: TimeInterval = 120) throws -> Result {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.currentDirectoryURL = cwd ?? repoRoot
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Drained concurrently so a chatty child never blocks on a full pipe while we wait.
        let outData = PipeDrain(out.fileHandleForReading), errData = PipeDrain(err.fileHandleForReading)
        let deadline = Date().addingTimeInterval(timeout)
        var timedOut = false
        while p.isRunning {
            if Date() > deadline {
                p.terminate()
                timedOut = true
                break
            }
            Thread.sleep(forTimeInterval: 0.01)
        }
        p.waitUntilExit()
        return Result(status: p.terminationStatus, crashed: p.terminationReason == .uncaughtSignal,
                      timedOut: timedOut, stdout: String(decoding: outData.finish(), as: UTF8.self),
                      stderr: String(decoding: errData.finish(), as: UTF8.self))
    }
}

/// Reads a pipe to its end on a background thread.
final class PipeDrain: @unchecked Sendable {
    // `data` is written by the reader thread before `done` is signalled and read only after waiting on it.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func finish() -> Data {
        done.wait()
        return data
    }
}
