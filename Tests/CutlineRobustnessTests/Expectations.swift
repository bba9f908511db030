import Foundation
import Testing

/// A fresh folder per test: inputs go in `dir`, `-o` outputs go in the separate, initially empty `outDir`.
struct Scratch {
    let dir: URL
    let outDir: URL

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("cutline-robustness-\(UUID().uuidString)")
        dir = base.appendingPathComponent("in")
        outDir = base.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: outDir, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func outputs() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: outDir.path).sorted()
    }

    func remove() { try? FileManager.default.removeItem(at: dir.deletingLastPathComponent()) }
}

/// The commands a malformed model is run through; each writes with `-o` into the scratch output folder.
enum Command: String, CaseIterable, Sendable {
    case inspect, analyze, roundtrip

    func arguments(model: String, output: String) -> [String] {
        [rawValue, model, "-o", output]
    }
}

/// Runs `command` on `model` and expects a refusal: exit 2, one stderr line naming the file, the problem
/// containing every string of `problem`, and nothing written to the output folder.
@discardableResult
func expectRefused(_ model: String, _ scratch: Scratch, commands: [Command] = [.inspect, .analyze],
                   problem: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    var lastProblem = ""
    for command in commands {
        let out = scratch.outDir.appendingPathComponent("result-\(command.rawValue)").path
        let r = try CLIRunner.run(command.arguments(model: model, output: out))
        #expect(!r.crashed && !r.timedOut, "\(command) crashed or hung on \(model): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.status == 2, "\(command) exit \(r.status) on \(model); stderr: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.stderrLines.count == 1, "\(command): expected one error line, got: \(r.stderr)", sourceLocation: sourceLocation)
        let prefix = "cutline: error: \(model): "
        let line = r.stderrLines.first.map(String.init) ?? ""
        #expect(line.hasPrefix(prefix), "\(command): error line does not name the file: \(line)", sourceLocation: sourceLocation)
        let text = line.hasPrefix(prefix) ? String(line.dropFirst(prefix.count)) : line
        for p in problem {
            #expect(text.contains(p), "\(command): problem '\(text)' does not mention '\(p)'", sourceLocation: sourceLocation)
        }
        let left = try scratch.outputs()
        #expect(left.isEmpty, "\(command) left files in the output folder: \(left)", sourceLocation: sourceLocation)
        lastProblem = text
    }
    return lastProblem
}

/// Runs `command` on `model` and expects success: exit 0, no stderr, and exactly the requested output file.
func expectAccepted(_ model: String, _ scratch: Scratch, commands: [Command] = [.inspect, .analyze],
                    timeout: TimeInterval = 300, sourceLocation: SourceLocation = #_sourceLocation) throws {
    for command in commands {
        let name = "result-\(command.rawValue)"
        let out = scratch.outDir.appendingPathComponent(name).path
        let r = try CLIRunner.run(command.arguments(model: model, output: out), timeout: timeout)
        #expect(!r.crashed && !r.timedOut, "\(command) crashed or hung on \(model): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.status == 0, "\(command) exit \(r.status) on \(model); stderr: \(r.stderr)", sourceLocation: sourceLocation)
        #expect(try scratch.outputs().contains(name), "\(command) wrote no output file", sourceLocation: sourceLocation)
        try? FileManager.default.removeItem(atPath: out)
    }
}

/// Either outcome is acceptable, but never a crash, a hang, a multi-line error or a file left after a refusal.
func expectCleanOutcome(_ model: String, _ scratch: Scratch, commands: [Command] = [.inspect, .analyze],
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
    for command in commands {
        let name = "result-\(command.rawValue)"
        let out = scratch.outDir.appendingPathComponent(name).path
        let r = try CLIRunner.run(command.arguments(model: model, output: out))
        #expect(!r.crashed && !r.timedOut, "\(command) crashed or hung on \(model): \(r.stderr)", sourceLocation: sourceLocation)
        #expect(r.status == 0 || r.status == 2, "\(command) exit \(r.status) on \(model); stderr: \(r.stderr)",
                sourceLocation: sourceLocation)
        if r.status == 2 {
            #expect(r.stderrLines.count == 1 && r.stderr.hasPrefix("cutline: error: \(model): "),
                    "\(command): error is not one line naming the file: \(r.stderr)", sourceLocation: sourceLocation)
            #expect(try scratch.outputs().isEmpty, "\(command) left files after refusing", sourceLocation: sourceLocation)
        }
        try? FileManager.default.removeItem(atPath: out)
    }
}
