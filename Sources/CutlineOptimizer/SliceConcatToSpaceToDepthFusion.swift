import CutlineIR

/// ORT's SliceConcatToSpaceToDepthFusion (Level 1, from ORT 1.25): four stride-2 Slices of one float/double NCHW tensor (from
/// 1.32 also four Slice → Slice pairs, the two Slices of a pair taking different axes), each
/// taking one (row, column) phase of the full extent and feeding only a channel-axis Concat, become SpaceToDepth
/// with blocksize 2 — followed by a channel Gather when the Concat's phase order is not SpaceToDepth's
/// (0,0),(0,1),(1,0),(1,1), which then needs a static channel count. YOLOv5's "Focus" layer is the usual source.
enum SliceConcatToSpaceToDepthFusion {
    static let passName = "SliceConcatToSpaceToDepthFusion"
    static let canonical: [(Int64, Int64)] = [(0, 0), (0, 1), (1, 0), (1, 1)]

    static func run(_ og: inout OptGraph) -> Bool {
        var modified = false
        var again = true
        // ORT restarts its topological walk after every fusion.
        while again {
            again = false
            guard let order = og.editor.topologicalOrder() else { break }
            for id in order where !og.isRemoved(id) {
                if og.recurse(id, { run(&$0) }) { modified = true }
                if fuse(&og, id) {
                    modified = true
                    again = true
                    break
                }
            }
        }
        return modified
    }

    struct SliceParams: Equatable {
        var starts: [Int64] = [0, 0, 0, 0]
        var ends: [Int64] = Array(repeating: Int64.max, count: 4)
        var steps: [Int64] = [1, 1, 1, 1]
    }

    /// A 1-D int32/int64 constant input.
    static func intValues(_ og: OptGraph, _ v: ValueID?) -> [Int64]? {
        guard let t = og.constantInitializer(v), t.dims.count == 1, t.dataType == .int32 || t.dataType == .int64 else {
            return nil
        }
        return og.tensorValue(t)?.ints
    }

    static func sliceParams(_ og: OptGraph, _ slice: NodeID, input: ValueID) -> SliceParams? {
        guard let p = rawParams(og, slice, input: input, base: SliceParams(), seen: []) else { return nil }
        return validated(og, p.params, input: input)
    }

    /// A Slice → Slice pair over `input` (from ORT 1.32): the two slice different axes, read together.
    static func stackedParams(_ og: OptGraph, outer: NodeID, inner: NodeID, input: ValueID) -> SliceParams? {
        guard let mid = og.graph[inner].output(0), let a = rawParams(og, inner, input: input, base: SliceParams(), seen: []),
              let b = rawParams(og, outer, input: mid, base: a.params, seen: a.axes) else { return nil }
        return validated(og, b.params, input: input)
    }

    static func rawParams(_ og: OptGraph, _ slice: NodeID, input: ValueID, base: SliceParams,
                          seen: Set<Int64>) -> (params: SliceParams, axes: Set<Int64>)? {
        let n = og.graph[slice]
        guard og.isOp(slice, "Slice", [10, 11, 13]), !og.producesGraphOutput(slice), n.input(0) == input,
              let starts = intValues(og, n.input(1)), let ends = intValues(og, n.input(2)), !starts.isEmpty,
              starts.count == ends.count else { return nil }
        var axes = Array(Int64(0)..<Int64(starts.count))
        if n.input(3) != nil {
            guard let a = intValues(og, n.input(3)), a.count == starts.count else { return nil }
            axes = a
        }
        var steps = Array(repeating: Int64(1), count: starts.count)
        if n.input(4) != nil {
            guard let s = intValues(og, n.input(4)), s.count == starts.count else { return nil }
            steps = s
        }
        var p = base
        var seen = seen
        for i in starts.indices {
            let axis = axes[i] < 0 ? axes[i] + 4 : axes[i]
            guard (0..<4).contains(axis), seen.insert(axis).inserted else { return nil }
            p.starts[Int(axis)] = starts[i]
            p.ends[Int(axis)] = ends[i]
            p.steps[Int(axis)] = steps[i]
        }
        return (p, seen)
    }

    static func validated(_ og: OptGraph, _ p: SliceParams, input: ValueID) -> SliceParams? {
        guard p.starts.allSatisfy({ $0 >= 0 }), p.steps.allSatisfy({ $0 > 0 }), p.starts[0] == 0, p.starts[1] == 0,
              p.steps == [1, 1, 2, 2], p.starts[2] <= 1, p.starts[3] <= 1 else { return nil }
        let dims = og.shape(input)?.dims ?? []
        for axis in 0..<4 {
            let end = p.ends[axis]
            if end == Int64.max { continue }
            guard end >= 0, axis < dims.count, let d = dims[axis].value, d > 0, end >= d else { return nil }
        }
        return p
    }

    struct Match {
        var common: ValueID
        var slices: [NodeID] = []
        /// The first Slices of Slice → Slice pairs (each once), removed with the rest.
        var inner: [NodeID] = []
        var phases: [(Int64, Int64)] = []
    }

    /// The four Concat inputs as phases of `common`: each a Slice of it, or (stacked) a Slice of a Slice of it.
    static func match(_ og: OptGraph, _ concat: NodeID, common x: ValueID, stacked: Bool) -> Match? {
        guard let t = og.type(x), let s = t.shape, s.rank == 4, t.elementType == .float || t.elementType == .double
        else { return nil }
        let node = og.graph[concat]
        var m = Match(common: x)
        var reference: SliceParams?
        for k in 0..<4 {
            guard let v = node.input(k), let slice = og.graph[v].producer, slice != concat,
                  og.outputEdgeCount(slice) == 1, og.outputNodes(slice).first == concat else { return nil }
            let p: SliceParams
            if stacked {
                guard let mid = og.graph[slice].input(0), let inner = og.graph[mid].producer,
                      let q = stackedParams(og, outer: slice, inner: inner, input: x) else { return nil }
                if !m.inner.contains(inner) { m.inner.append(inner) }
                p = q
            } else {
                guard let q = sliceParams(og, slice, input: x) else { return nil }
                p = q
            }
            if let r = reference {
                guard p.ends == r.ends, p.steps == r.steps else { return nil }
            } else {
                reference = p
            }
            m.phases.append((p.starts[2], p.starts[3]))
            m.slices.append(slice)
        }
        // The inner Slices must feed only the outer ones, so they go with them.
        for inner in m.inner {
            guard !og.producesGraphOutput(inner), og.outputNodes(inner).allSatisfy({ m.slices.contains($0) }) else { return nil }
        }
        return m
    }

    static func fuse(_ og: inout OptGraph, _ concat: NodeID) -> Bool {
        let node = og.graph[concat]
        guard og.isOp(concat, "Concat", [4, 11, 13]), node.inputs.count == 4, let axis = node.attribute("axis")?.int,
              (axis < 0 ? axis + 4 : axis) == 1 else { return false }
        guard let v0 = node.input(0), let first = og.graph[v0].producer, let x0 = og.graph[first].input(0) else { return false }
        var found = match(og, concat, common: x0, stacked: false)
        if found == nil, og.options.behaviour.spaceToDepthStackedSlices, let p = og.graph[x0].producer,
           og.opType(p) == "Slice", let x1 = og.graph[p].input(0) {
            found = match(og, concat, common: x1, stacked: true)
        }
        guard let m = found else { return false }
        let slices = m.slices, phases = m.phases, common: ValueID? = m.common
        var permutation: [Int] = []
        var used = Set<Int>()
        for ph in phases {
            guard let j = canonical.indices.first(where: { !used.contains($0) && canonical[$0] == ph }) else { return false }
            used.insert(j)
            permutation.append(j)
        }
        guard let x = common else { return false }
        let isCanonical = permutation == [0, 1, 2, 3]
        var channels: Int64 = 0
        if !isCanonical {
            guard let c = og.shape(x)?.dims[1].value, c > 0 else { return false }
            channels = c
        }
        let outputs = node.outputs
        for n in slices + [concat] + m.inner { og.removeNode(n, removeOutputs: false) }
        let s2d = Node(name: og.uniqueNodeName("SpaceToDepth"), opType: "SpaceToDepth",
                       attributes: [Attribute(name: "blocksize", value: .int(2))])
        do {
            if isCanonical {
                try og.addNode(s2d, inputs: [x], outputs: outputs)
            } else {
                let mid = og.editor.addValue(name: "space_to_depth_out")
                try og.addNode(s2d, inputs: [x], outputs: [mid])
                let indices = permutation.flatMap { j in (0..<channels).map { Int64(j) * channels + $0 } }
                let idx = og.addInitializer(TensorValue(dataType: .int64, dims: [Int64(indices.count)], ints: indices),
                                            name: "space_to_depth_gather_indices")
                try og.addNode(Node(name: og.uniqueNodeName("Gather"), opType: "Gather",
                                    attributes: [Attribute(name: "axis", value: .int(1))]),
                               inputs: [mid, idx], outputs: outputs)
            }
        } catch {
            return true
        }
        for n in slices + [concat] + m.inner {
            for o in og.graph[n].outputs { og.dropIfUnused(o) }
            for i in og.graph[n].inputs.dropFirst() { og.dropIfUnused(i) }
        }
        return true
    }
}
