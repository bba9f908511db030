import CutlineIR
import Foundation

/// Arithmetic, comparison, logic and reduction kernels with ONNX broadcasting.
enum ElementwiseKernels {
    static func register(into t: inout ConstantKernelTable) {
        for op in ["Add", "Sub", "Mul", "Div", "Mod", "Pow", "Min", "Max"] { t.register(opType: op, arithmetic) }
        for op in ["Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual"] { t.register(opType: op, compare) }
        for op in ["And", "Or", "Xor"] { t.register(opType: op, logic) }
        t.register(opType: "Not") { c in
            guard let x = c.input(0), x.dataType == .bool, case .ints(let v) = x.values else { return nil }
            return [TensorLiteral(dataType: .bool, dims: x.dims, values: .ints(v.map { $0 == 0 ? 1 : 0 }))]
        }
        for op in ["Neg", "Abs", "Sqrt", "Exp", "Reciprocal", "Floor", "Ceil", "Sign"] { t.register(opType: op, unary) }
        t.register(opType: "Where", whereKernel)
        for op in ["ReduceProd", "ReduceSum", "ReduceMin", "ReduceMax"] { t.register(opType: op, reduce) }
    }

    /// Broadcasts inputs to a common shape; returns the output dims and per-input source indices.
    static func broadcastAll(_ xs: [TensorLiteral], cap: Int) -> ([Int64], [[Int]])? {
        guard let out = LiteralMath.broadcast(xs.map(\.dims)), let n = LiteralMath.count(out), n <= cap else { return nil }
        return (out, xs.map { LiteralMath.broadcastIndices(from: $0.dims, to: out) })
    }

    static func intOp(_ op: String, _ a: Int64, _ b: Int64, fmod: Bool) -> Int64? {
        switch op {
        case "Add": return a &+ b
        case "Sub": return a &- b
        case "Mul": return a &* b
        case "Div":
            // Integer Div truncates toward zero (onnx/defs/math/defs.cc, Div doc); x / 0 is undefined.
            guard b != 0, !(a == .min && b == -1) else { return nil }
            return a / b
        case "Mod":
            guard b != 0, !(a == .min && b == -1) else { return nil }
            let r = a % b
            // fmod=0: the result takes the divisor's sign (Python-style); fmod=1: the dividend's (C fmod).
            if fmod || r == 0 || (r < 0) == (b < 0) { return r }
            return r + b
        case "Pow":
            guard b >= 0 else { return nil }
            var r: Int64 = 1
            for _ in 0..<min(b, 64) { r = r &* a }
            return b > 64 && abs(a) > 1 ? nil : r
        case "Min": return min(a, b)
        case "Max": return max(a, b)
        default: return nil
        }
    }

    static func floatOp(_ op: String, _ a: Double, _ b: Double, fmod: Bool) -> Double? {
        switch op {
        case "Add": return a + b
        case "Sub": return a - b
        case "Mul": return a * b
        case "Div": return a / b
        case "Mod":
            // Float Mod requires fmod=1 in ONNX.
            guard fmod else { return nil }
            return a.truncatingRemainder(dividingBy: b)
        case "Pow": return _pow(a, b)
        case "Min": return a.isNaN || b.isNaN ? .nan : min(a, b)
        case "Max": return a.isNaN || b.isNaN ? .nan : max(a, b)
        default: return nil
        }
    }

    static func _pow(_ a: Double, _ b: Double) -> Double {
        if b == b.rounded(), abs(b) <= 64 {
            var r = 1.0
            for _ in 0..<Int(abs(b)) { r *= a }
            return b < 0 ? 1 / r : r
        }
        return exp(b * log(a))
    }

    static func arithmetic(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        let xs = c.inputs.compactMap { $0 }
        guard xs.count == c.inputs.count, let first = xs.first else { return nil }
        let variadic = c.opType == "Min" || c.opType == "Max"
        guard variadic ? xs.count >= 1 : xs.count == 2 else { return nil }
        // Pow's exponent may have another type; everything else needs one element type.
        if c.opType != "Pow" { for x in xs where x.dataType != first.dataType { return nil } }
        guard let (dims, idx) = broadcastAll(xs, cap: c.maxElements) else { return nil }
        let n = idx.first?.count ?? 0
        let fmod = (c.attribute("fmod")?.int ?? 0) != 0
        if first.dataType.isFloatingPoint {
            guard let vals = xs.map(\.doubles) as? [[Double]] else { return nil }
            var out = [Double](repeating: 0, count: n)
            for i in 0..<n {
                var acc = vals[0][idx[0][i]]
                for k in 1..<xs.count {
                    guard let r = floatOp(c.opType, acc, vals[k][idx[k][i]], fmod: fmod) else { return nil }
                    acc = r
                }
                out[i] = LiteralMath.round(acc, to: first.dataType)
            }
            return [TensorLiteral(dataType: first.dataType, dims: dims, values: .doubles(out))]
        }
        guard first.dataType.isInteger, let vals = xs.map(\.int64s) as? [[Int64]] else { return nil }
        if c.opType == "Pow" && xs[1].dataType.isFloatingPoint { return nil }
        var out = [Int64](repeating: 0, count: n)
        for i in 0..<n {
            var acc = vals[0][idx[0][i]]
            for k in 1..<xs.count {
                guard let r = intOp(c.opType, acc, vals[k][idx[k][i]], fmod: fmod) else { return nil }
                acc = r
            }
            out[i] = LiteralMath.wrap(acc, to: first.dataType)
        }
        return [TensorLiteral(dataType: first.dataType, dims: dims, values: .ints(out))]
    }

    static func compare(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let a = c.input(0), let b = c.input(1), a.dataType == b.dataType,
              let (dims, idx) = broadcastAll([a, b], cap: c.maxElements) else { return nil }
        let n = idx[0].count
        var out = [Int64](repeating: 0, count: n)
        func test<T: Comparable>(_ x: T, _ y: T) -> Bool {
            switch c.opType {
            case "Equal": x == y
            case "Less": x < y
            case "Greater": x > y
            case "LessOrEqual": x <= y
            default: x >= y
            }
        }
        switch (a.values, b.values) {
        case (.ints(let x), .ints(let y)): for i in 0..<n { out[i] = test(x[idx[0][i]], y[idx[1][i]]) ? 1 : 0 }
        case (.doubles(let x), .doubles(let y)): for i in 0..<n { out[i] = test(x[idx[0][i]], y[idx[1][i]]) ? 1 : 0 }
        case (.strings(let x), .strings(let y)) where c.opType == "Equal":
            for i in 0..<n { out[i] = x[idx[0][i]] == y[idx[1][i]] ? 1 : 0 }
        default: return nil
        }
        return [TensorLiteral(dataType: .bool, dims: dims, values: .ints(out))]
    }

    static func logic(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let a = c.input(0), let b = c.input(1), a.dataType == .bool, b.dataType == .bool,
              case .ints(let x) = a.values, case .ints(let y) = b.values,
              let (dims, idx) = broadcastAll([a, b], cap: c.maxElements) else { return nil }
        let out: [Int64] = (0..<idx[0].count).map { i in
            let p = x[idx[0][i]] != 0, q = y[idx[1][i]] != 0
            switch c.opType {
            case "And": return p && q ? 1 : 0
            case "Or": return p || q ? 1 : 0
            default: return p != q ? 1 : 0
            }
        }
        return [TensorLiteral(dataType: .bool, dims: dims, values: .ints(out))]
    }

    static func unary(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let x = c.input(0) else { return nil }
        switch x.values {
        case .ints(let v):
            guard x.dataType.isInteger else { return nil }
            let out: [Int64]
            switch c.opType {
            case "Neg": out = v.map { 0 &- $0 }
            case "Abs": out = v.map { $0 == .min ? $0 : abs($0) }
            case "Sign": out = v.map { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
            default: return nil  // Sqrt, Exp, Reciprocal, Floor, Ceil are float-only
            }
            return [TensorLiteral(dataType: x.dataType, dims: x.dims, values: .ints(out.map { LiteralMath.wrap($0, to: x.dataType) }))]
        case .doubles(let v):
            let f: (Double) -> Double
            switch c.opType {
            case "Neg": f = { -$0 }
            case "Abs": f = { abs($0) }
            case "Sqrt": f = { $0.squareRoot() }
            case "Exp": f = { exp($0) }
            case "Reciprocal": f = { 1 / $0 }
            case "Floor": f = { $0.rounded(.down) }
            case "Ceil": f = { $0.rounded(.up) }
            case "Sign": f = { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
            default: return nil
            }
            return [TensorLiteral(dataType: x.dataType, dims: x.dims, values: .doubles(v.map { LiteralMath.round(f($0), to: x.dataType) }))]
        case .strings: return nil
        }
    }

    static func whereKernel(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let cond = c.input(0), let a = c.input(1), let b = c.input(2), cond.dataType == .bool, a.dataType == b.dataType,
              case .ints(let cv) = cond.values, let (dims, idx) = broadcastAll([cond, a, b], cap: c.maxElements) else { return nil }
        let n = idx[0].count
        switch (a.values, b.values) {
        case (.ints(let x), .ints(let y)):
            return [TensorLiteral(dataType: a.dataType, dims: dims, values: .ints((0..<n).map { cv[idx[0][$0]] != 0 ? x[idx[1][$0]] : y[idx[2][$0]] }))]
        case (.doubles(let x), .doubles(let y)):
            return [TensorLiteral(dataType: a.dataType, dims: dims, values: .doubles((0..<n).map { cv[idx[0][$0]] != 0 ? x[idx[1][$0]] : y[idx[2][$0]] }))]
        case (.strings(let x), .strings(let y)):
            return [TensorLiteral(dataType: a.dataType, dims: dims, values: .strings((0..<n).map { cv[idx[0][$0]] != 0 ? x[idx[1][$0]] : y[idx[2][$0]] }))]
        default: return nil
        }
    }

    static func reduce(_ c: ConstantKernelContext) -> [TensorLiteral]? {
        guard let x = c.input(0) else { return nil }
        // ReduceSum took axes as an input at 13, the other reductions at 18.
        let inputFrom: Int64 = c.opType == "ReduceSum" ? 13 : 18
        let keep = (c.attribute("keepdims")?.int ?? 1) != 0
        let noop = (c.attribute("noop_with_empty_axes")?.int ?? 0) != 0
        var axes: [Int]
        switch LiteralMath.axes(c, inputFrom: inputFrom, inputIndex: 1, hasInput: c.inputs.count > 1 && c.inputs[1] != nil) {
        case .unknown: return nil
        case .absent: axes = []
        case .values(let a):
            axes = []
            for v in a { guard let n = LiteralMath.normalizeAxis(v, rank: x.rank) else { return nil }; axes.append(n) }
        }
        if axes.isEmpty {
            if noop && c.atLeast(inputFrom) { return [x] }
            axes = Array(0..<x.rank)
        }
        let reduced = Set(axes)
        var outDims: [Int64] = []
        for (i, d) in x.dims.enumerated() {
            if reduced.contains(i) { if keep { outDims.append(1) } } else { outDims.append(d) }
        }
        let keptDims = x.dims.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
        guard let n = LiteralMath.count(keptDims) else { return nil }
        let inStrides = LiteralMath.strides(x.dims)
        let outStrides = LiteralMath.strides(keptDims)
        var groups = [[Int]](repeating: [], count: n)
        for flat in 0..<x.count {
            var rem = flat
            var dst = 0
            for a in 0..<x.rank {
                let i = rem / inStrides[a]
                rem %= inStrides[a]
                if !reduced.contains(a) { dst += i * outStrides[a] }
            }
            groups[dst].append(flat)
        }
        switch x.values {
        case .ints(let v):
            var out: [Int64] = []
            for g in groups {
                switch c.opType {
                case "ReduceProd": out.append(g.reduce(Int64(1)) { $0 &* v[$1] })
                case "ReduceSum": out.append(g.reduce(Int64(0)) { $0 &+ v[$1] })
                case "ReduceMin": guard let m = g.map({ v[$0] }).min() else { return nil }; out.append(m)
                default: guard let m = g.map({ v[$0] }).max() else { return nil }; out.append(m)
                }
            }
            return [TensorLiteral(dataType: x.dataType, dims: outDims, values: .ints(out.map { LiteralMath.wrap($0, to: x.dataType) }))]
        case .doubles(let v):
            var out: [Double] = []
            for g in groups {
                switch c.opType {
                case "ReduceProd": out.append(g.reduce(1.0) { $0 * v[$1] })
                case "ReduceSum": out.append(g.reduce(0.0) { $0 + v[$1] })
                case "ReduceMin": guard let m = g.map({ v[$0] }).min() else { return nil }; out.append(m)
                default: guard let m = g.map({ v[$0] }).max() else { return nil }; out.append(m)
                }
            }
            return [TensorLiteral(dataType: x.dataType, dims: outDims, values: .doubles(out.map { LiteralMath.round($0, to: x.dataType) }))]
        case .strings: return nil
        }
    }
}
