import CutlineIR
import CutlineShapes

/// `freeze-shapes`: fixes symbolic input dims, re-infers types, folds the shape arithmetic that became constant,
/// and drops what no output needs any more.
public struct FreezeShapesPass: RewritePass {
    public let id = "freeze-shapes"
    public let summary = "Fix dynamic input dims (--dim NAME=VALUE, --input NAME=SHAPE), re-infer, fold the shape computations that became constant, remove dead nodes and unused initializers."
    public let tolerance = 1e-5

    public init() {}

    public func precondition(_ model: Model, context: RewriteContext) -> NoMatch? {
        let o = context.options
        if o.dims.isEmpty && o.inputShapes.isEmpty { return NoMatch("no --dim or --input given") }
        let g = model.graph
        let names = Set(g.inputInfos.map { g[$0.value].name })
        if o.inputShapes.keys.contains(where: names.contains) { return nil }
        for info in g.inputInfos {
            for d in info.type?.shape?.dims ?? [] {
                if case .param(let p) = d, o.dims[p] != nil { return nil }
            }
        }
        return NoMatch("no graph input has a dim named \(o.dims.keys.sorted().joined(separator: ", ")) or is named in --input")
    }

    public func run(_ model: inout Model, context: RewriteContext) throws -> PassReport {
        let sizes = try bindings(model.graph, context.options)
        let sub = DimSubstitution(sizes: sizes)
        var editor = GraphEditor(model.graph)
        var inputs: [ValueInfo] = []
        for info in model.graph.inputInfos {
            var i = sub.apply(info)
            if let shape = context.options.inputShapes[model.graph[info.value].name], let e = info.type?.elementType {
                i.type = .tensor(e, Shape(static: shape))
            }
            inputs.append(i)
        }
        editor.setInputs(inputs)
        editor.setOutputs(model.graph.outputInfos.map(sub.apply))
        editor.setValueInfos(model.graph.valueInfos.map(sub.apply))
        for v in model.graph.liveValueIDs { editor.setType(v, sub.apply(model.graph[v].type)) }
        for i in inputs { editor.setType(i.value, i.type) }
        model.graph = editor.graph

        let folded = ConstantFolder.fold(&model, maxElements: RewriteOptions.shapeFoldMaxElements)
        let dead = DeadCode.removeDeadNodes(&model.graph)
        let unused = DeadCode.removeUnusedInitializers(&model.graph)
        ConstantFolder.forgetIntermediateTypes(&model.graph)
        _ = ShapeInference.infer(&model)
        let corrected = Self.refreshDeclaredTypes(&model.graph)
        var rewrites = folded.folded.mapKeys { "fold \($0)" }
        if folded.bypassed > 0 { rewrites["bypass Identity"] = folded.bypassed }
        let fixed = (sizes.keys.sorted().map { "\($0)=\(sizes[$0] ?? 0)" }
            + context.options.inputShapes.keys.sorted().map { "\($0): \(context.options.inputShapes[$0] ?? [])" })
            .joined(separator: ", ")
        return PassReport(rewrites: rewrites, notes: [
            "fixed \(fixed)",
            "folded \(folded.total) nodes in \(folded.rounds) rounds; removed \(dead) dead nodes and \(unused) unused initializers",
        ] + corrected)
    }

    /// Declared types written before the dims were fixed can be stale (or were wrong in the file and only now
    /// contradict a static inference, which onnx's checker rejects). Intermediate `value_info` entries are
    /// dropped; a graph output whose declared shape contradicts a static inferred shape takes the inferred one.
    /// Returns a note per corrected output.
    static func refreshDeclaredTypes(_ g: inout Graph) -> [String] {
        var editor = GraphEditor(g)
        // Intermediate value_info entries are optional hints written for the dynamic graph; stale ones would
        // contradict what onnx infers now, so they go (onnx and ORT infer them again).
        editor.setValueInfos([])
        var notes: [String] = []
        var outputs = g.outputInfos
        for k in outputs.indices {
            guard let inferred = g[outputs[k].value].type, let shape = inferred.shape, shape.isStatic,
                  let declared = outputs[k].type, declared.elementType == inferred.elementType else { continue }
            let agrees = declared.shape.map { d in
                d.rank == shape.rank && zip(d.dims, shape.dims).allSatisfy { a, b in a.value == nil || a.value == b.value || (a.value ?? 0) < 0 }
            } ?? true
            if !agrees {
                notes.append("output '\(g[outputs[k].value].name)' was declared \(declared), computes \(inferred)")
                outputs[k].type = inferred
            }
        }
        // Some exporters write -1 for "unknown"; onnx's checker then compares it with the size it infers.
        // The loader reads such a dim as unknown and the writer would copy the file's bytes back; write it afresh.
        for k in outputs.indices {
            guard case .tensor(_, let s?) = outputs[k].type, s.dims.contains(where: { $0 == .unknown }) else { continue }
            outputs[k].typeBytes = nil
        }
        editor.setOutputs(outputs)
        g = editor.graph
        return notes
    }

    public func postcondition(_ model: Model, context: RewriteContext) -> [String] {
        var out = FoldConstantsPass.foldPostcondition(model)
        let g = model.graph
        for info in g.inputInfos {
            let name = g[info.value].name
            for d in info.type?.shape?.dims ?? [] {
                if case .param(let p) = d, context.options.dims[p] != nil { out.append("input '\(name)' still has dim '\(p)'") }
            }
            if let want = context.options.inputShapes[name], info.type?.shape?.staticDims != want {
                out.append("input '\(name)' is not \(want)")
            }
        }
        return out
    }

    /// All dim sizes to substitute: `--dim` values plus the params `--input` shapes bind.
    func bindings(_ g: Graph, _ o: RewriteOptions) throws -> [String: Int64] {
        var sizes = o.dims
        let byName = Dictionary(g.inputInfos.map { (g[$0.value].name, $0) }, uniquingKeysWith: { a, _ in a })
        for (name, shape) in o.inputShapes.sorted(by: { $0.key < $1.key }) {
            guard let info = byName[name] else {
                throw RewriteError(pass: id, "--input \(name): the model has no input named '\(name)' (inputs: \(byName.keys.sorted().joined(separator: ", ")))")
            }
            guard shape.allSatisfy({ $0 > 0 }) else { throw RewriteError(pass: id, "--input \(name): sizes must be positive") }
            guard let declared = info.type?.shape else { continue }
            guard declared.rank == shape.count else {
                throw RewriteError(pass: id, "--input \(name): the input has rank \(declared.rank), got \(shape.count) dims")
            }
            for (d, v) in zip(declared.dims, shape) {
                switch d {
                case .value(let fixed) where fixed != v:
                    throw RewriteError(pass: id, "--input \(name): dim \(fixed) is fixed by the model, got \(v)")
                case .param(let p) where !DimSubstitution.isAnonymous(p):
                    if let bound = sizes[p], bound != v {
                        throw RewriteError(pass: id, "--input \(name): dim '\(p)' is already \(bound), got \(v)")
                    }
                    sizes[p] = v
                default: break
                }
            }
        }
        return sizes
    }
}

/// `fold-constants`: general constant folding with a size cap.
public struct FoldConstantsPass: RewritePass {
    public let id = "fold-constants"
    public let summary = "Replace nodes whose inputs are all constant (and Shape/Size of statically shaped values) by initializers, up to a size cap; bypass Identity on constants."
    public let tolerance = 1e-5

    public init() {}

    public func precondition(_ model: Model, context: RewriteContext) -> NoMatch? {
        let g = model.graph
        let lookup = ConstantLookup(storage: model.storage, irVersion: model.irVersion, maxElements: 0)
        for id in g.liveNodeIDs where g[id].opType != "Constant" && g[id].isDefaultDomain && !g[id].hasSubgraphs {
            let ins = g[id].inputs.compactMap { $0 }
            if !ins.isEmpty && ins.allSatisfy({ lookup.isConstant($0, in: g) }) { return nil }
            if g[id].opType == "Shape" || g[id].opType == "Size" { return nil }
        }
        return NoMatch("no node has only constant inputs")
    }

    public func run(_ model: inout Model, context: RewriteContext) throws -> PassReport {
        let folded = ConstantFolder.fold(&model, maxElements: context.options.foldMaxElements)
        let dead = DeadCode.removeDeadNodes(&model.graph)
        let unused = DeadCode.removeUnusedInitializers(&model.graph)
        var rewrites = folded.folded.mapKeys { "fold \($0)" }
        if folded.bypassed > 0 { rewrites["bypass Identity"] = folded.bypassed }
        return PassReport(rewrites: rewrites, notes: [
            "folded \(folded.total) nodes in \(folded.rounds) rounds (cap \(context.options.foldMaxElements) elements); removed \(dead) dead nodes and \(unused) unused initializers",
        ])
    }

    /// Folding leaves no Identity reading a constant (outputs aside: their names must stay).
    public func postcondition(_ model: Model, context: RewriteContext) -> [String] {
        FoldConstantsPass.foldPostcondition(model)
    }

    static func foldPostcondition(_ model: Model) -> [String] {
        var out: [String] = []
        let g = model.graph
        let lookup = ConstantLookup(storage: model.storage, irVersion: model.irVersion, maxElements: 0)
        for id in g.liveNodeIDs where g[id].opType == "Identity" && g[id].isDefaultDomain {
            if lookup.isConstant(g[id].input(0), in: g), !(g[id].output(0).map { g[$0].isGraphOutput } ?? false) {
                out.append("\(g.displayName(of: id)) still reads a constant")
            }
        }
        return out
    }
}

extension Dictionary {
    func mapKeys<K: Hashable>(_ f: (Key) -> K) -> [K: Value] {
        Dictionary<K, Value>(map { (f($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
    }
}
