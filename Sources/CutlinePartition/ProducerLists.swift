import CutlineIR

/// The producers feeding every node through explicit and implicit (outer-scope) inputs, one entry per edge, in one
/// flat array addressed by node index. The wave recurrence reads these lists once per what-if scenario; one array per
/// node would cost an allocation each and `Graph.inputEdges(of:)` allocates on every call.
public struct ProducerLists: Sendable {
    /// `producers[start[i] ..< start[i + 1]]` feed node `i`; removed producers are left out, as ORT has no such edge.
    let start: [Int32]
    let producers: [Int32]

    public init(_ graph: Graph) {
        let count = graph.nodes.count
        var start = [Int32](repeating: 0, count: count + 1)
        var producers: [Int32] = []
        producers.reserveCapacity(count * 2)
        for i in 0..<count {
            start[i] = Int32(producers.count)
            let id = NodeID(i)
            if graph.nodes[id.index].isRemoved { continue }
            for case let v? in graph.nodes[id.index].inputs {
                if let p = graph.values[v.index].producer, !graph.nodes[p.index].isRemoved { producers.append(Int32(p.index)) }
            }
            if graph.nodes[i].hasSubgraphs {
                for v in graph.implicitInputs(of: id) {
                    if let p = graph.values[v.index].producer, !graph.nodes[p.index].isRemoved { producers.append(Int32(p.index)) }
                }
            }
        }
        start[count] = Int32(producers.count)
        self.start = start
        self.producers = producers
    }

    /// L(n) = max over input edges p→n of L(p) + [p supported ∧ n unsupported]; 0 without producers (reference §5b).
    /// `supported` must cover every node index; `waves` gets one entry per node index (untouched for nodes not in
    /// `order`).
    func waves(order: [NodeID], supported: [Bool], into waves: inout [Int32]) {
        start.withUnsafeBufferPointer { start in
            producers.withUnsafeBufferPointer { producers in
                supported.withUnsafeBufferPointer { supported in
                    waves.withUnsafeMutableBufferPointer { waves in
                        for n in order {
                            let i = n.index
                            let s = supported[i]
                            var w: Int32 = 0
                            for k in Int(start[i]) ..< Int(start[i + 1]) {
                                let p = Int(producers[k])
                                let step: Int32 = (supported[p] && !s) ? 1 : 0
                                w = max(w, waves[p] + step)
                            }
                            waves[i] = w
                        }
                    }
                }
            }
        }
    }
}
