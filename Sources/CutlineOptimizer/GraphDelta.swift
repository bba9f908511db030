import CutlineIR

/// The nodes of a main graph whose inferred types may differ after an edit, found by comparing the graph with
/// the version whose types were last inferred. Passes edit through `GraphEditor` directly, so comparing is the one
/// way to see everything they touched; unchanged arrays share storage, which makes the comparison cheap.
enum GraphDelta {
    /// New or edited nodes, the producers and readers of values whose type, initializer or declared type changed.
    static func dirtyNodes(from before: Graph, to after: Graph) -> [NodeID] {
        var out: [NodeID] = []
        before.nodes.withUnsafeBufferPointer { old in
            after.nodes.withUnsafeBufferPointer { new in
                for i in new.indices where !new[i].isRemoved {
                    if i >= old.count || nodeChanged(old, new, i) { out.append(NodeID(i)) }
                }
            }
        }
        func touch(_ v: Int) {
            let value = after.values[v]
            if let p = value.producer { out.append(p) }
            for u in value.uses { out.append(u.node) }
            out.append(contentsOf: value.implicitUses)
        }
        var touched: [Int] = []
        before.values.withUnsafeBufferPointer { old in
            after.values.withUnsafeBufferPointer { new in
                for i in new.indices where !new[i].isRemoved {
                    if i >= old.count || old[i].isRemoved || old[i].type != new[i].type
                        || old[i].initializer != new[i].initializer {
                        touched.append(i)
                    }
                }
            }
        }
        for i in touched { touch(i) }
        // Declared types are what ORT-opaque nodes' outputs are reset to (ResolveInference).
        if before.valueInfos != after.valueInfos || before.outputInfos != after.outputInfos {
            var declared: [ValueID: ValueType?] = [:]
            for info in before.valueInfos + before.outputInfos { declared[info.value] = info.type }
            var now: [ValueID: ValueType?] = [:]
            for info in after.valueInfos + after.outputInfos { now[info.value] = info.type }
            for id in Set(declared.keys).union(now.keys) where id.index < after.values.count {
                if declared[id] != now[id], !after.values[id.index].isRemoved { touch(id.index) }
            }
        }
        return out
    }

    /// Whether anything inference reads from the node itself changed.
    /// Reads the fields in place: copying 100k nodes to compare them would cost more than the comparison.
    static func nodeChanged(_ a: UnsafeBufferPointer<Node>, _ b: UnsafeBufferPointer<Node>, _ i: Int) -> Bool {
        a[i].isRemoved != b[i].isRemoved || a[i].opType != b[i].opType || a[i].domain != b[i].domain
            || a[i].overload != b[i].overload || a[i].inputs != b[i].inputs || a[i].outputs != b[i].outputs
            || a[i].attributes != b[i].attributes
    }
}
