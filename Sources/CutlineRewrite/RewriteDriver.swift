import CutlineIR

/// Runs passes in order on one model: precondition, rewrite, `Verifier`, postcondition, change-log entry.
public enum RewriteDriver {
    public static func run(_ model: inout Model, passes: [any RewritePass],
                           context: RewriteContext) throws(RewriteError) -> [PassRecord] {
        var log: [PassRecord] = []
        for pass in passes { log.append(try run(&model, pass: pass, context: context)) }
        return log
    }

    public static func run(_ model: inout Model, pass: any RewritePass, context: RewriteContext) throws(RewriteError) -> PassRecord {
        let before = model.graph
        var record = PassRecord(pass: pass.id, status: .skipped, reason: nil, nodesBefore: before.liveNodeCount,
                                nodesAfter: before.liveNodeCount, removed: [:], added: [:],
                                initializersBefore: before.initializerOrder.count,
                                initializersAfter: before.initializerOrder.count, report: PassReport())
        if let why = pass.precondition(model, context: context) {
            record.reason = why.reason
            return record
        }
        var work = model
        do {
            record.report = try pass.run(&work, context: context)
        } catch let e as RewriteError {
            throw e
        } catch {
            throw RewriteError(pass: pass.id, "\(error)")
        }
        do {
            try Verifier.verify(work.graph)
        } catch {
            throw RewriteError(pass: pass.id, "the rewritten graph fails verification: \(error)")
        }
        let broken = pass.postcondition(work, context: context)
        if !broken.isEmpty {
            throw RewriteError(pass: pass.id, "postcondition failed: \(broken.prefix(5).joined(separator: "; "))")
        }
        let diff = GraphDiff.compute(before: before, after: work.graph)
        record.removed = diff.removed
        record.added = diff.added
        record.nodesAfter = work.graph.liveNodeCount
        record.initializersAfter = work.graph.initializerOrder.count
        let inputsChanged = work.graph.inputInfos != before.inputInfos || work.graph.outputInfos != before.outputInfos
        let changed = !diff.removed.isEmpty || !diff.added.isEmpty || inputsChanged
            || initializerSignature(before) != initializerSignature(work.graph)
        record.status = changed ? .applied : .unchanged
        model = work
        return record
    }
}

/// Names, element types and dims of the initializers: enough to see a pass that retyped or replaced weights.
func initializerSignature(_ g: Graph) -> [String] {
    g.initializerOrder.compactMap { id in
        g[id].initializer.map { "\(g[id].name):\($0.dataType.name)\($0.dims)" }
    }
}
