import ArgumentParser
import Cutline

extension RoundTrip.ExternalData: ExpressibleByArgument {}

struct RoundTripCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roundtrip",
        abstract: "Load a model, write it back, reload it and check the IR is unchanged (a loader/writer check)."
    )

    @Argument(help: "The .onnx model to read.")
    var model: String

    @Option(name: .shortAndLong, help: "Where to write the copy (never the input itself).")
    var output: String

    @Option(help: "External data: keep (reference the same files), embed, or externalize (tensors ≥ 1 KiB to OUT.data).")
    var externalData: RoundTrip.ExternalData = .keep

    func run() throws {
        let n = try RoundTrip.run(input: model, output: output, externalData: externalData)
        FileHandleOutput.stdout("\(output): \(n) nodes, reloaded unchanged\n")
    }
}
