import CutlineCost
import CutlineIR
import Foundation

/// `cutline calibrate`: fits a device profile to an ONNX Runtime profiling trace and summarizes the trace.
public enum Calibrator {
    public struct Result: Sendable {
        public var profileJSON: [UInt8]
        public var summaryText: String
    }

    /// - Parameters:
    ///   - tracePath: ORT's JSON profile (`enable_profiling`).
    ///   - modelPath: the model the trace ran, for attribute-dependent FLOP counts (optional).
    public static func run(tracePath: String, modelPath: String?, options: AnalyzeOptions,
                           statistic: Calibration.Statistic) throws(CutlineError) -> Result {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: tracePath)))
        } catch {
            throw CutlineError(path: tracePath, problem: FileManager.default.fileExists(atPath: tracePath) ? "cannot read the file" : "no such file")
        }
        if bytes.isEmpty { throw CutlineError(path: tracePath, problem: "empty file (0 bytes)") }
        var graph: Graph?
        if let modelPath {
            let prepared = try Analyzer.prepare(path: modelPath, options: options)
            graph = prepared.specialized.graph
        }
        let device = try Analyzer.deviceProfile(options)
        do {
            let (profile, summary) = try Calibration.fit(profileJSON: bytes, model: graph, device: device,
                                                         label: tracePath, statistic: statistic)
            return Result(profileJSON: DeviceProfiles.encode(profile), summaryText: summary.renderText())
        } catch {
            throw CutlineError(path: tracePath, problem: "\(error)")
        }
    }
}
