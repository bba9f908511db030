import ArgumentParser
import Cutline
import Foundation

enum FileHandleOutput {
    static func stdout(_ s: String) { FileHandle.standardOutput.write(Data(s.utf8)) }
    static func stderr(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `--format` and `-o` shared by the report commands.
struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Write the report to this file (atomically) instead of standard output.")
    var output: String?

    func emit(_ text: String, inputs: [String] = []) throws {
        if let output {
            try OutputFile.write(text, to: output, protecting: inputs)
        } else {
            FileHandleOutput.stdout(text)
        }
    }
}

