/// Permutation and axis arithmetic of ORT's transpose optimizer (onnx_transpose_optimization.cc helper utils).
/// A perm maps output axis i to input axis perm[i]; the "unsafe" functions expect valid, non-negative inputs.
enum TransposePerms {
    /// ORT's IsValidPerm: non-empty, each of 0..<rank exactly once.
    static func isValid(_ perm: [Int64]) -> Bool {
        guard !perm.isEmpty else { return false }
        var used = [Bool](repeating: false, count: perm.count)
        for p in perm {
            guard p >= 0, p < Int64(perm.count), !used[Int(p)] else { return false }
            used[Int(p)] = true
        }
        return true
    }

    static func invert(_ perm: [Int64]) -> [Int64] {
        var out = [Int64](repeating: 0, count: perm.count)
        for (i, p) in perm.enumerated() { out[Int(p)] = Int64(i) }
        return out
    }

    /// ORT's ComposePerm: applying `first` then `second` equals one transpose by the result.
    static func compose(_ first: [Int64], _ second: [Int64]) -> [Int64] { second.map { first[Int($0)] } }

    static func isIdentity(_ perm: [Int64]) -> Bool { perm.enumerated().allSatisfy { Int64($0.offset) == $0.element } }

    /// Adds the rank to negative axes; false when an axis is out of range or repeated.
    static func normalize(_ axes: inout [Int64], rank: Int) -> Bool {
        var used = [Bool](repeating: false, count: rank)
        for i in axes.indices {
            if axes[i] < 0 { axes[i] += Int64(rank) }
            guard axes[i] >= 0, axes[i] < Int64(rank), !used[Int(axes[i])] else { return false }
            used[Int(axes[i])] = true
        }
        return true
    }

    static func normalize(_ axis: inout Int64, rank: Int) -> Bool {
        if axis < 0 { axis += Int64(rank) }
        return axis >= 0 && axis < Int64(rank)
    }

    /// ORT's UnsqueezePerm: the perm of the unsqueezed tensor, added 1-dims staying in place.
    static func unsqueezePerm(_ axes: [Int64], _ perm: [Int64]) -> [Int64] {
        let newRank = perm.count + axes.count
        var added = [Bool](repeating: false, count: newRank)
        for a in axes { added[Int(a)] = true }
        let kept = (0..<newRank).filter { !added[$0] }
        var out: [Int64] = []
        var j = 0
        for i in 0..<newRank {
            if added[i] {
                out.append(Int64(i))
            } else {
                out.append(Int64(kept[Int(perm[j])]))
                j += 1
            }
        }
        return out
    }

    /// ORT's SqueezePerm: the perm of the tensor with `axes` removed.
    static func squeezePerm(_ axes: [Int64], _ perm: [Int64]) -> [Int64] {
        var removed = [Bool](repeating: false, count: perm.count)
        for a in axes { removed[Int(a)] = true }
        var map = [Int64](repeating: 0, count: perm.count)
        var j: Int64 = 0
        for i in perm.indices where !removed[i] {
            map[i] = j
            j += 1
        }
        return perm.filter { !removed[Int($0)] }.map { map[Int($0)] }
    }

    /// ORT's AxesForTransposedInput (order kept, as Slice needs).
    static func axesForTransposedInput(_ axes: [Int64], _ perm: [Int64]) -> [Int64] { axes.map { perm[Int($0)] } }

    /// ORT's SortedAxesForTransposedInput.
    static func sortedAxesForTransposedInput(_ axes: [Int64], _ perm: [Int64]) -> [Int64] {
        Set(axes.map { perm[Int($0)] }).sorted()
    }

    /// ORT's UnsqueezeShape: 1s at `axes`, the other dims in order.
    static func unsqueezeShape(_ shape: [Int64], _ axes: [Int64]) -> [Int64] {
        let newRank = shape.count + axes.count
        var isAxis = [Bool](repeating: false, count: newRank)
        for a in axes { isAxis[Int(a)] = true }
        var out: [Int64] = []
        var j = 0
        for i in 0..<newRank {
            if isAxis[i] {
                out.append(1)
            } else {
                out.append(shape[j])
                j += 1
            }
        }
        return out
    }

    /// ORT's SqueezeShape: drops `axes` (normalized, deduplicated), or every 1 when `axes` is empty.
    static func squeezeShape(_ shape: [Int64], _ axes: [Int64]) -> [Int64] {
        let pos = Set(axes.map { $0 < 0 ? $0 + Int64(shape.count) : $0 })
        return shape.enumerated().filter { i, d in pos.isEmpty ? d != 1 : !pos.contains(Int64(i)) }.map(\.element)
    }

    /// ORT's ChannelLastToFirstPerm ([0, r-1, 1, …, r-2]; empty below rank 2).
    static func channelLastToFirst(_ rank: Int) -> [Int64] {
        guard rank >= 2 else { return [] }
        return [0, Int64(rank - 1)] + (2..<rank).map { Int64($0 - 1) }
    }
}
