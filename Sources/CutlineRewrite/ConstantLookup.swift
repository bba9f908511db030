import CutlineIR
import CutlineShapes

/// Reads the value of a graph value when the model fixes it: a constant initializer (not also a graph input) or
/// the output of a Constant node. Exporters use both, and a rewrite must not care which.
public struct ConstantLookup: Sendable {
    public var storage: ModelStorage?
    public var irVersion: Int64
    public var maxElements: Int

    public init(storage: ModelStorage?, irVersion: Int64, maxElements: Int = TensorLiteral.defaultMaxElements) {
        self.storage = storage
        self.irVersion = irVersion
        self.maxElements = maxElements
    }

    /// Whether `v` holds a model-fixed value, whatever its size.
    public func isConstant(_ v: ValueID?, in g: Graph) -> Bool {
        guard let v else { return false }
        if g.isConstantInitializer(v, irVersion: irVersion) { return true }
        if let p = g[v].producer, g[p].opType == "Constant", g[p].isDefaultDomain { return true }
        return false
    }

    public func literal(_ v: ValueID?, in g: Graph) -> TensorLiteral? {
        guard let v else { return nil }
        let value = g[v]
        if let t = value.initializer {
            guard g.isConstantInitializer(v, irVersion: irVersion) else { return nil }
            return TensorLiteral(tensor: t, storage: storage, maxElements: maxElements)
        }
        if let p = value.producer, g[p].opType == "Constant", g[p].isDefaultDomain {
            return ConstantEvaluator.evaluate(opType: "Constant", domain: "", sinceVersion: nil,
                                              attributes: g[p].attributes, inputs: [], maxElements: maxElements,
                                              storage: storage)?.first
        }
        return nil
    }

    /// The single value of a one-element constant.
    public func scalar(_ v: ValueID?, in g: Graph) -> Double? {
        guard let lit = literal(v, in: g), lit.count == 1 else { return nil }
        return lit.doubles?.first
    }
}
