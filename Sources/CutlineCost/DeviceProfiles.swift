import Foundation

/// Loading device profiles: the bundled ones by name, or a user's JSON file, validated so a mistake is reported
/// with the file and the field.
public enum DeviceProfiles {
    /// Names of the bundled profiles, sorted.
    public static let bundledNames = ["generic-cpu", "m1", "m2", "m3-max", "m4-pro"]
    public static let defaultName = "m3-max"

    /// A bundled profile by name (`--device NAME`).
    public static func bundled(_ name: String) throws(CostError) -> DeviceProfile {
        guard bundledNames.contains(name) else { throw .unknownDevice(name: name, known: bundledNames) }
        let label = "Profiles/\(name).json"
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Profiles"),
              let data = try? Data(contentsOf: url) else {
            throw .invalidProfile(path: label, reason: "bundled resource is missing")
        }
        return try decode(Array(data), path: label)
    }

    /// A profile from a file (`--device-profile FILE`).
    public static func load(path: String) throws(CostError) -> DeviceProfile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidProfile(path: path, reason: "cannot read the file")
        }
        return try decode(Array(data), path: path)
    }

    /// Decodes and validates profile JSON; `path` is only used in error messages.
    public static func decode(_ bytes: [UInt8], path: String) throws(CostError) -> DeviceProfile {
        let profile: DeviceProfile
        do {
            profile = try JSONDecoder().decode(DeviceProfile.self, from: Data(bytes))
        } catch let e as DecodingError {
            throw .invalidProfile(path: path, reason: describe(e))
        } catch {
            throw .invalidProfile(path: path, reason: "\(error)")
        }
        if let problem = validate(profile) { throw .invalidProfile(path: path, reason: problem) }
        return profile
    }

    /// Profile JSON with sorted keys, as `cutline calibrate -o` writes it.
    public static func encode(_ profile: DeviceProfile) -> [UInt8] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? enc.encode(profile) else { return [] }
        return Array(data) + [0x0A]
    }

    /// The first problem found, nil when the profile is usable.
    public static func validate(_ p: DeviceProfile) -> String? {
        if p.name.trimmingCharacters(in: .whitespaces).isEmpty { return "'name' is empty" }
        var checks: [(String, Figure, Bool)] = []  // (field, figure, zero allowed)
        func unit(_ prefix: String, _ u: ComputeUnit) {
            checks.append(("\(prefix).peakGflops", u.peakGflops, false))
            checks.append(("\(prefix).efficiency", u.efficiency, false))
            checks.append(("\(prefix).memoryBandwidthGBs", u.memoryBandwidthGBs, false))
            if let o = u.perNodeOverheadUs { checks.append(("\(prefix).perNodeOverheadUs", o, true)) }
        }
        unit("cpu", p.cpu)
        if let g = p.gpu { unit("gpu", g) }
        if let a = p.neuralEngine { unit("neuralEngine", a) }
        checks.append(("coreml.partitionRoundTripUs", p.coreml.partitionRoundTripUs, true))
        checks.append(("coreml.perOpDispatchUs", p.coreml.perOpDispatchUs, true))
        checks.append(("coreml.compileMsPerPartition", p.coreml.compileMsPerPartition, true))
        checks.append(("coreml.copyBandwidthGBs", p.coreml.copyBandwidthGBs, false))
        if let r = p.perRunOverheadUs { checks.append(("perRunOverheadUs", r, true)) }
        for (field, f, zeroOK) in checks {
            if !f.value.isFinite || f.value < 0 || (!zeroOK && f.value == 0) {
                return "'\(field).value' must be a \(zeroOK ? "non-negative" : "positive") number, got \(f.value)"
            }
            if f.source.trimmingCharacters(in: .whitespaces).isEmpty {
                return "'\(field).source' is empty: every figure needs its source or the word 'assumption'"
            }
        }
        if let fit = p.fit {
            for (name, u) in fit.units.sorted(by: { $0.key < $1.key }) {
                checks.append(("fit.units.\(name).speedup", u.speedup, false))
                checks.append(("fit.units.\(name).perOpUs", u.perOpUs, true))
                checks.append(("fit.units.\(name).crossingUs", u.crossingUs, true))
                checks.append(("fit.units.\(name).crossingBandwidthGBs", u.crossingBandwidthGBs, false))
            }
            checks.append(("fit.errorFactor", fit.errorFactor, false))
        }
        for (field, u) in [("cpu", p.cpu), ("gpu", p.gpu), ("neuralEngine", p.neuralEngine)] {
            if let u, u.efficiency.value > 1 { return "'\(field).efficiency.value' must be at most 1, got \(u.efficiency.value)" }
        }
        if let fit = p.fit {
            if fit.errorFactor.value < 1 { return "'fit.errorFactor.value' must be at least 1, got \(fit.errorFactor.value)" }
            for key in ["gpu", "neural-engine", "gpu+neural-engine", "cpu"] where fit.units[key] == nil {
                return "'fit.units' has no entry '\(key)'"
            }
        }
        for (op, c) in (p.cpuOpCosts ?? [:]).sorted(by: { $0.key < $1.key }) {
            if !c.perNodeUs.isFinite || c.perNodeUs < 0 || !c.scale.isFinite || c.scale < 0 {
                return "'cpuOpCosts.\(op)' must have non-negative perNodeUs and scale"
            }
        }
        if let c = p.cpuFallbackCost, !c.perNodeUs.isFinite || c.perNodeUs < 0 || !c.scale.isFinite || c.scale < 0 {
            return "'cpuFallbackCost' must have non-negative perNodeUs and scale"
        }
        return nil
    }

    static func describe(_ e: DecodingError) -> String {
        func path(_ ctx: DecodingError.Context) -> String {
            let p = ctx.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return p.isEmpty ? "top level" : "'\(p)'"
        }
        switch e {
        case .keyNotFound(let key, let ctx):
            let at = ctx.codingPath.isEmpty ? "" : " in \(path(ctx))"
            return "missing field '\(key.stringValue)'\(at)"
        case .typeMismatch(let t, let ctx): return "\(path(ctx)) should be \(t)"
        case .valueNotFound(let t, let ctx): return "\(path(ctx)) is null, expected \(t)"
        case .dataCorrupted(let ctx):
            return ctx.codingPath.isEmpty ? "not valid JSON" : "\(path(ctx)): \(ctx.debugDescription)"
        @unknown default: return "\(e)"
        }
    }
}
