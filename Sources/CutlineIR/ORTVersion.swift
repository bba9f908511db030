/// An ONNX Runtime release (`1.27`, `1.31.1`), the one version type the optimizer, shape quirks, coverage rules,
/// the checker mode and the CLI share. Missing components compare as 0, so `1.31` == `1.31.0` < `1.31.1`.
/// Also used for opset since-versions in coverage conditions (a single component).
public struct ORTVersion: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var components: [Int]

    public init(_ components: [Int]) { self.components = components }
    public init(_ major: Int, _ minor: Int, _ patch: Int = 0) { self.components = [major, minor, patch] }

    /// Parses a dotted version of 1 to 4 non-negative numbers (`1.31`, `1.31.1`).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.count <= 4 else { return nil }
        var out: [Int] = []
        for p in parts {
            guard let v = Int(p), v >= 0 else { return nil }
            out.append(v)
        }
        components = out
    }

    public var major: Int { components.first ?? 0 }
    public var minor: Int { components.count > 1 ? components[1] : 0 }
    /// The release line (`1.31.1` → `1.31`): what the simulation distinguishes.
    public var minorRelease: ORTVersion { ORTVersion([major, minor]) }

    /// The newest release modelled, and the default of `--ort-version`.
    public static let latest = ORTVersion([1, 32, 0])
    /// The oldest release modelled.
    public static let oldest = ORTVersion([1, 19, 0])
    /// One release per minor line modelled (the latest patch PyPI serves, whose wheel made the goldens).
    public static let releases: [ORTVersion] = [
        [1, 19, 2], [1, 20, 1], [1, 21, 1], [1, 22, 1], [1, 23, 2], [1, 24, 4], [1, 25, 1], [1, 26, 0], [1, 27, 0],
        [1, 28, 0], [1, 29, 0], [1, 30, 0], [1, 31, 1], [1, 32, 0],
    ].map(ORTVersion.init)

    /// Whether a `--ort-version` value falls in the modelled range (any patch of 1.19 … 1.32).
    public var isModelled: Bool { minorRelease >= ORTVersion.oldest.minorRelease && minorRelease <= ORTVersion.latest.minorRelease }

    public static func < (a: ORTVersion, b: ORTVersion) -> Bool {
        let n = max(a.components.count, b.components.count)
        for i in 0..<n {
            let x = i < a.components.count ? a.components[i] : 0
            let y = i < b.components.count ? b.components[i] : 0
            if x != y { return x < y }
        }
        return false
    }
    public static func == (a: ORTVersion, b: ORTVersion) -> Bool { !(a < b) && !(b < a) }
    public func hash(into h: inout Hasher) {
        var c = components
        while c.last == 0 { c.removeLast() }
        h.combine(c)
    }
    public var description: String { components.map(String.init).joined(separator: ".") }
}
