import CutlineIR

/// The opset version `imports` give `domain` ("" and "ai.onnx" are one domain).
func importedVersion(_ imports: [OpsetImport], domain: String) -> Int64? {
    let d = SchemaRegistry.normalize(domain)
    return imports.first { SchemaRegistry.normalize($0.domain) == d }?.version
}

/// The since-version of every node of `graph`, indexed by node index (nil for removed nodes, unknown ops,
/// domains the imports do not cover, and calls of model-local functions). Subgraphs of the main graph resolve
/// with the model's imports; pass a function's own imports for its body.
public func resolveSinceVersions(model: Model, graph: Graph, registry: SchemaRegistry = .standard) -> [Int64?] {
    resolveSinceVersions(imports: model.opsetImports, graph: graph, registry: registry)
}

public func resolveSinceVersions(imports: [OpsetImport], graph: Graph, registry: SchemaRegistry = .standard) -> [Int64?] {
    graph.nodes.map { node in
        guard !node.isRemoved, let v = importedVersion(imports, domain: node.domain) else { return nil }
        return registry.sinceVersion(domain: node.domain, opType: node.opType, opsetVersion: v)
    }
}

/// The since-versions of a model-local function's body nodes, resolved with the function's imports.
public func resolveSinceVersions(function: Function, registry: SchemaRegistry = .standard) -> [Int64?] {
    resolveSinceVersions(imports: function.opsetImports, graph: function.body, registry: registry)
}
