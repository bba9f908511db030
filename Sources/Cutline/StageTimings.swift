/// Wall time per pipeline stage, for `--timings` and `make bench`. Never part of a report: reports are
/// deterministic, clocks are not.
public struct StageTimings: Sendable {
    public private(set) var stages: [(name: String, seconds: Double)] = []
    public init() {}

    public mutating func measure<T, E: Error>(_ name: String, _ body: () throws(E) -> T) throws(E) -> T {
        let clock = ContinuousClock()
        let start = clock.now
        let result = try body()
        let d = clock.now - start
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        if let i = stages.firstIndex(where: { $0.name == name }) {
            stages[i].seconds += seconds
        } else {
            stages.append((name, seconds))
        }
        return result
    }

    /// `stage  12.345 ms` lines.
    public var text: String {
        let total = stages.reduce(0) { $0 + $1.seconds }
        var lines = stages.map { "\($0.name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(format($0.seconds * 1000)) ms" }
        lines.append("\("total".padding(toLength: 10, withPad: " ", startingAt: 0)) \(format(total * 1000)) ms")
        return lines.joined(separator: "\n") + "\n"
    }

    private func format(_ ms: Double) -> String {
        let s = String(Int((ms * 1000).rounded()))
        let padded = String(repeating: "0", count: max(0, 4 - s.count)) + s
        let whole = String(padded.dropLast(3)), frac = String(padded.suffix(3))
        return String(repeating: " ", count: max(0, 7 - whole.count)) + whole + "." + frac
    }
}
