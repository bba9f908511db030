import ArgumentParser
import Cutline
import CutlineCost

extension Calibration.Statistic: ExpressibleByArgument {}

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit a device profile to an ONNX Runtime profiling trace, and summarize the trace's fragmentation."
    )

    @Argument(help: "ONNX Runtime's JSON profile (SessionOptions.enable_profiling).")
    var profile: String

    @Option(help: "The model the trace ran (improves per-op FLOP counts).")
    var model: String?

    @Option(help: "Device profile to start from: m1, m2, m3-max, m4-pro or generic-cpu.")
    var device: String = "m3-max"

    @Option(help: "A device profile file to start from, instead of --device.")
    var deviceProfile: String?

    @Option(help: "Per-node statistic over the trace's runs: minimum (robust on a busy machine) or median.")
    var statistic: Calibration.Statistic = .minimum

    @Option(name: .shortAndLong, help: "Where to write the fitted device profile (JSON).")
    var output: String

    func run() throws {
        let options = AnalyzeOptions(device: device, deviceProfilePath: deviceProfile)
        let result = try Calibrator.run(tracePath: profile, modelPath: model, options: options, statistic: statistic)
        try OutputFile.write(result.profileJSON, to: output)
        FileHandleOutput.stdout(result.summaryText + "wrote \(output)\n")
    }
}
