import Cutline
import CutlineCost
import CutlineIR

/// Runs the cost estimate for one EP analysis (CoreML only: the device profiles model the CoreML EP's costs).
public enum Estimation {
    public static func appliesTo(ep: String) -> Bool { ep.hasPrefix("coreml") }

    /// A bundled profile name, or a path to a profile JSON.
    public static func profile(_ nameOrPath: String) throws(CutlineError) -> DeviceProfile {
        do {
            if DeviceProfiles.bundledNames.contains(nameOrPath) { return try DeviceProfiles.bundled(nameOrPath) }
            if nameOrPath.hasSuffix(".json") || nameOrPath.contains("/") { return try DeviceProfiles.load(path: nameOrPath) }
            return try DeviceProfiles.bundled(nameOrPath)
        } catch {
            throw CutlineError(path: "", problem: error.description)
        }
    }

    /// The partition of every node (by node index), as the estimator takes it.
    public static func assignment(_ a: EPAnalysis, nodeCount: Int) -> [Int?] {
        var out = [Int?](repeating: nil, count: nodeCount)
        for p in a.partitions.partitions {
            for n in p.nodes where n.index < nodeCount { out[n.index] = p.index }
        }
        return out
    }

    public static func estimate(_ prepared: PreparedModel, _ a: EPAnalysis, profile: DeviceProfile,
                                freeDims: [String: Int64]) -> Estimate? {
        guard appliesTo(ep: a.ep) else { return nil }
        let g = prepared.model.graph
        let input = CostInput(graph: g, assignment: assignment(a, nodeCount: g.nodes.count), irVersion: prepared.model.irVersion)
        return try? Estimator(profile: profile, freeDims: freeDims).estimate(input)
    }
}
