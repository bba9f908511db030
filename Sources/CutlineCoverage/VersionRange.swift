import CutlineIR
import Foundation

/// A conjunction of comparisons such as `>=1.21 <1.27` (ORT versions) or `>=7 <13` (opset since-versions).
/// `any` (or an empty text) matches everything; a bare version means `==`.
public struct VersionRange: Hashable, Sendable, CustomStringConvertible {
    public enum Op: String, Hashable, Sendable { case ge = ">=", gt = ">", le = "<=", lt = "<", eq = "==" }
    public struct Bound: Hashable, Sendable {
        public var op: Op
        public var version: ORTVersion
    }
    public var bounds: [Bound]
    public var text: String

    public static let any = VersionRange(bounds: [], text: "any")

    init(bounds: [Bound], text: String) {
        self.bounds = bounds
        self.text = text
    }

    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "any" { self = .any; return }
        var bounds: [Bound] = []
        for token in trimmed.split(separator: " ") {
            var t = Substring(token)
            var op = Op.eq
            for candidate in [Op.ge, .le, .eq, .gt, .lt] where t.hasPrefix(candidate.rawValue) {
                op = candidate
                t = t.dropFirst(candidate.rawValue.count)
                break
            }
            guard let v = ORTVersion(String(t)) else { return nil }
            bounds.append(Bound(op: op, version: v))
        }
        self.bounds = bounds
        self.text = trimmed
    }

    public func contains(_ v: ORTVersion) -> Bool {
        bounds.allSatisfy { b in
            switch b.op {
            case .ge: v >= b.version
            case .gt: v > b.version
            case .le: v <= b.version
            case .lt: v < b.version
            case .eq: v == b.version
            }
        }
    }

    public func contains(_ n: Int64) -> Bool { contains(ORTVersion([Int(clamping: n)])) }

    /// The smallest version admitted by a `>=` bound, for messages ("from ORT 1.27").
    public var lowerBound: ORTVersion? { bounds.first { $0.op == .ge }?.version }

    public var description: String { text }
}
