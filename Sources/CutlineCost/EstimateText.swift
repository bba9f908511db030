import Foundation

extension Estimate {
    /// The one short paragraph the text report shows: the verdict, the three biggest contributors, and that the
    /// numbers are an estimate from the named profile.
    public func summaryParagraph() -> String {
        var s = ""
        if !guessedDims.isEmpty {
            s = "The estimate rests on guessed dims: \(guessedDims.joined(separator: ", ")) (size them with --cost-dim NAME=VALUE). "
        }
        if partitions == 0 {
            s += "No node runs on the CoreML EP, so the model runs on the CPU alone (about \(Self.ms(cpuOnlyMs)) per run)."
        } else {
            let p = partitions == 1 ? "1 partition" : "\(partitions) partitions"
            s += "With the CoreML EP (\(p), \(epNodes) of \(epNodes + cpuNodes) nodes, MLComputeUnits=\(computeUnits)) a run takes about \(Self.ms(withEpMs)) (range \(Self.ms(withEpLowMs))–\(Self.ms(withEpHighMs))), against \(Self.ms(cpuOnlyMs)) on the CPU alone"
            switch verdict {
            case .ep: s += ": the EP is expected to be faster (verdict: ep)."
            case .cpu: s += ": the CPU alone is expected to be faster (verdict: cpu)."
            case .uncertain:
                if withEpLowMs <= cpuOnlyMs && cpuOnlyMs <= withEpHighMs {
                    s += ": the range spans the CPU figure (verdict: uncertain)."
                } else {
                    s += ": too little of the graph could be sized, or the verdict changes over the guessed dims (verdict: uncertain)."
                }
            }
        }
        let top = contributors.prefix(3).map { "\($0.label) \(Self.ms($0.ms))" }
        if !top.isEmpty { s += " Biggest contributors: \(top.joined(separator: "; "))." }
        if compiles > 0 {
            s += " Session creation also compiles \(compiles) CoreML model\(compiles == 1 ? "" : "s") (about \(Self.ms(compileMs)))."
        }
        s += " This is an estimate from device profile '\(profile)', not a measurement; \(assumptions.count) assumption\(assumptions.count == 1 ? "" : "s") are listed in the JSON output."
        return s
    }

    /// Milliseconds with three significant digits, as a reader compares them.
    public static func ms(_ v: Double) -> String {
        if v >= 100 { return String(format: "%.0f ms", v) }
        if v >= 10 { return String(format: "%.1f ms", v) }
        if v >= 1 { return String(format: "%.2f ms", v) }
        return String(format: "%.3f ms", v)
    }

    /// Sorted-key, pretty-printed JSON of the estimate.
    public func json() -> [UInt8] {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        guard let data = try? enc.encode(self) else { return [] }
        return Array(data)
    }
}
