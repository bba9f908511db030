import Cutline
import CutlineCoverage
import Foundation

/// A problem in `.cutline.yml`, with the place it is at.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }
    public var description: String { "\(file):\(line):\(column): \(message)" }
    public var cutlineError: CutlineError { CutlineError(path: "\(file):\(line):\(column)", problem: message) }
}

/// One level of settings from the config file: the top level, or one `overrides:` entry. Nil fields leave the
/// level below unchanged.
public struct ConfigLayer: Sendable, Hashable {
    public var eps: [String]?
    public var ortVersion: String?
    public var coremlVersion: Int?
    public var staticShapes: Bool?
    public var enableSubgraphs: Bool?
    public var optimization: AnalyzeOptions.Optimization?
    public var freeDims: [String: Int64]?
    public var maxPartitions: Int?
    public var minCoverage: Double?
    public var maxOverheadMs: Double?
    public var maxBoundaryMiB: Double?
    public var minIRVersion: Int64?
    public var minOpset: Int64?
    /// Added to the forbidden ops of the level below.
    public var forbidOps: [String] = []
    /// Merged over the level below.
    public var severities: [String: Severity?] = [:]
    /// Added to the ignores of the level below.
    public var ignores: [IgnoreRule] = []
    public var device: String?

    public init() {}

    public func apply(to s: inout LintSettings) {
        if let eps { s.analysis.eps = eps }
        if let ortVersion { s.analysis.ortVersion = ortVersion }
        if let coremlVersion { s.analysis.coremlVersion = coremlVersion }
        if let staticShapes { s.analysis.staticShapes = staticShapes }
        if let enableSubgraphs { s.analysis.enableSubgraphs = enableSubgraphs }
        if let optimization { s.analysis.optimization = optimization }
        if let freeDims { s.analysis.freeDims.merge(freeDims) { _, new in new } }
        if let maxPartitions { s.maxPartitions = maxPartitions }
        if let minCoverage { s.minCoverage = minCoverage }
        if let maxOverheadMs { s.maxOverheadMs = maxOverheadMs }
        if let maxBoundaryMiB { s.maxBoundaryMiB = maxBoundaryMiB }
        if let minIRVersion { s.minIRVersion = minIRVersion }
        if let minOpset { s.minOpset = minOpset }
        s.forbidOps.formUnion(forbidOps)
        s.severities.merge(severities) { _, new in new }
        s.ignores += ignores
        // A bundled profile name, or a profile JSON (as `--device-profile`).
        if let device {
            if device.hasSuffix(".json") { s.analysis.deviceProfilePath = device } else { s.analysis.device = device }
        }
    }
}

/// `.cutline.yml`: `version: 1`, settings at the top level, per-model `overrides:` matched by glob, `fail-on` and
/// `baseline`. Paths and globs are relative to the file's directory.
public struct LintConfig: Sendable, Hashable {
    public static let fileName = ".cutline.yml"
    public static let version = 1

    /// The file read, nil when no config was found.
    public var file: String?
    /// Directory that model globs, `baseline` and table paths are relative to.
    public var directory: String
    public var base: ConfigLayer
    public var overrides: [Override]
    public var failOn: Severity?
    /// Resolved against `directory`.
    public var baseline: String?

    public struct Override: Sendable, Hashable {
        public var models: [String]
        public var layer: ConfigLayer
    }

    public init(file: String? = nil, directory: String, base: ConfigLayer = ConfigLayer(), overrides: [Override] = [],
                failOn: Severity? = nil, baseline: String? = nil) {
        self.file = file
        self.directory = directory
        self.base = base
        self.overrides = overrides
        self.failOn = failOn
        self.baseline = baseline
    }

    /// The settings for one model: defaults, then the top level, then every matching override in file order.
    public func settings(forModelKey key: String) -> LintSettings {
        var s = LintSettings()
        base.apply(to: &s)
        for o in overrides where o.models.contains(where: { Glob.matches($0, key) }) { o.layer.apply(to: &s) }
        return s
    }

    /// The model's path relative to the config directory (what globs and fingerprints use), or as given when it
    /// lies outside.
    public func modelKey(_ path: String) -> String {
        PathText.relative(path, to: directory)
    }

    /// Walks up from `start` to the filesystem root and returns the first `.cutline.yml`.
    public static func discover(from start: String) -> String? {
        var dir = URL(fileURLWithPath: start).standardizedFileURL
        while true {
            let candidate = dir.appendingPathComponent(fileName).path
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { return nil }
            dir = parent
        }
    }

    public static func load(path: String) throws(ConfigError) -> LintConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, line: 0, column: 0, message: "cannot read the config file")
        }
        let text = String(decoding: data, as: UTF8.self)
        let dir = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        return try ConfigParser(file: path, directory: dir).parse(text)
    }
}

/// Path helpers that keep reports free of absolute paths.
public enum PathText {
    public static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// `path` relative to `directory` when it lies inside it; otherwise `path` unchanged.
    public static func relative(_ path: String, to directory: String) -> String {
        let abs = absolute(path)
        let dir = absolute(directory)
        let prefix = dir.hasSuffix("/") ? dir : dir + "/"
        if abs.hasPrefix(prefix) { return String(abs.dropFirst(prefix.count)) }
        return normalized(path)
    }

    /// Drops `./` segments and doubled slashes, so `./models//a.onnx` and `models/a.onnx` are one key.
    public static func normalized(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        let parts = path.split(separator: "/").filter { $0 != "." }
        return (absolute ? "/" : "") + parts.joined(separator: "/")
    }
}
