import ArgumentParser
import Cutline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Exit codes: 0 success, 1 lint findings at or above the fail level, 2 bad input or usage.
do {
    var command = try CutlineCommand.parseAsRoot()
    try command.run()
} catch let error as CutlineError {
    FileHandleOutput.stderr("cutline: error: \(error)\n")
    exit(2)
} catch let code as ExitCode {
    exit(code.rawValue)
} catch {
    let code = CutlineCommand.exitCode(for: error)
    if code == .success {
        FileHandleOutput.stdout(CutlineCommand.fullMessage(for: error) + "\n")
        exit(0)
    }
    FileHandleOutput.stderr(CutlineCommand.fullMessage(for: error) + "\n")
    exit(2)
}
