import CutlineIR

/// One example for a table row: a graph whose node named "t" is the node under test, and the codes expected
/// (empty = supported).
struct RowCase {
    var op: String
    var label: String
    var expect: [String]
    var build: (inout GraphBuilder) -> Void
}

typealias GB = GraphBuilder

extension GraphBuilder {
    mutating func t(_ op: String, _ inputs: [ValueID?], _ out: ValueType?, attrs: [Attribute] = [], since: Int64 = 13,
                    outputs: Int = 1, domain: String = "") {
        let outs = node(op, inputs, [ValueType?](repeating: out, count: outputs), name: "t", attrs: attrs, domain: domain, since: since)
        for o in outs { output(o) }
    }
    mutating func x(_ dims: [Int64], _ dt: DataType = .float, name: String = "x") -> ValueID {
        input(name, .tensor(dt, Shape(static: dims)))
    }
    mutating func xd(_ dims: [Dim], _ dt: DataType = .float, name: String = "x") -> ValueID {
        input(name, .tensor(dt, Shape(dims)))
    }
}

func f4() -> ValueType { GB.f(1, 3, 8, 8) }

/// Examples shared by both CoreML formats (`nn`/`mlp` say where each is expected as written).
enum RowCases {
    static func unary(_ op: String, since: Int64 = 13) -> [RowCase] {
        [
            RowCase(op: op, label: "float", expect: []) { b in let x = b.x([2, 3]); b.t(op, [x], GB.f(2, 3), since: since) },
            RowCase(op: op, label: "int32 input", expect: ["EP107"]) { b in let x = b.x([2, 3], .int32); b.t(op, [x], GB.t(.int32, [2, 3]), since: since) },
            RowCase(op: op, label: "rank 6", expect: ["EP106"]) { b in let x = b.x([1, 1, 1, 1, 2, 3]); b.t(op, [x], GB.f(1, 1, 1, 1, 2, 3), since: since) },
            RowCase(op: op, label: "unknown rank", expect: ["EP103"]) { b in let x = b.input("x", .tensor(.float, nil)); b.t(op, [x], .tensor(.float, nil), since: since) },
            RowCase(op: op, label: "zero dim", expect: ["EP105"]) { b in let x = b.x([0, 3]); b.t(op, [x], GB.f(0, 3), since: since) },
        ]
    }

    static func binary(_ op: String) -> [RowCase] {
        [
            RowCase(op: op, label: "float", expect: []) { b in let x = b.x([2, 3]); let y = b.weight("y", [3]); b.t(op, [x, y], GB.f(2, 3)) },
            RowCase(op: op, label: "since 6", expect: ["EP102"]) { b in let x = b.x([2, 3]); let y = b.weight("y", [3]); b.t(op, [x, y], GB.f(2, 3), since: 6) },
        ]
    }

    /// Rows common to both formats, expected the same way in both.
    static var common: [RowCase] {
        var out: [RowCase] = []
        for op in ["Sigmoid", "Tanh", "Relu", "LeakyRelu", "Sqrt", "Reciprocal", "Transpose"] { out += unary(op) }
        out += unary("HardSigmoid", since: 6)
        for op in ["Add", "Sub", "Mul", "Div"] { out += binary(op) }
        out += [
            RowCase(op: "Pow", label: "same types", expect: []) { b in let x = b.x([4]); let y = b.weight("y", [1]); b.t("Pow", [x, y], GB.f(4)) },
            RowCase(op: "Pow", label: "mixed types", expect: ["EP115"]) { b in let x = b.x([4]); let y = b.ints("y", [2]); b.t("Pow", [x, y], GB.f(4)) },
            RowCase(op: "PRelu", label: "slope [C,1,1]", expect: []) { b in let x = b.x([1, 3, 8, 8]); let s = b.weight("s", [3, 1, 1]); b.t("PRelu", [x, s], f4(), since: 16) },
            RowCase(op: "PRelu", label: "rank 2", expect: ["EP110"]) { b in let x = b.x([3, 8]); let s = b.weight("s", [8]); b.t("PRelu", [x, s], GB.f(3, 8), since: 16) },
            RowCase(op: "PRelu", label: "runtime slope", expect: ["EP108"]) { b in let x = b.x([1, 3, 8, 8]); let s = b.x([3, 1, 1], name: "s"); b.t("PRelu", [x, s], f4(), since: 16) },
            RowCase(op: "PRelu", label: "slope [8]", expect: ["EP117"]) { b in let x = b.x([1, 3, 8, 8]); let s = b.weight("s", [8]); b.t("PRelu", [x, s], f4(), since: 16) },
            RowCase(op: "PRelu", label: "dynamic channel", expect: ["EP111"]) { b in let x = b.xd([.value(1), .param("c"), .value(8), .value(8)]); let s = b.weight("s", [1]); b.t("PRelu", [x, s], f4(), since: 16) },
            RowCase(op: "PRelu", label: "1-element slope, 1 channel", expect: ["EP117"]) { b in let x = b.x([1, 1, 8, 8]); let s = b.weight("s", [1]); b.t("PRelu", [x, s], GB.f(1, 1, 8, 8), since: 16) },
            RowCase(op: "GlobalAveragePool", label: "rank 4", expect: []) { b in let x = b.x([1, 3, 8, 8]); b.t("GlobalAveragePool", [x], GB.f(1, 3, 1, 1), since: 1) },
            RowCase(op: "GlobalAveragePool", label: "rank 3", expect: ["EP110"]) { b in let x = b.x([1, 3, 8]); b.t("GlobalAveragePool", [x], GB.f(1, 3, 1), since: 1) },
            RowCase(op: "GlobalMaxPool", label: "rank 4", expect: []) { b in let x = b.x([1, 3, 8, 8]); b.t("GlobalMaxPool", [x], GB.f(1, 3, 1, 1), since: 1) },
            RowCase(op: "GlobalMaxPool", label: "rank 5", expect: ["EP110"]) { b in let x = b.x([1, 3, 2, 8, 8]); b.t("GlobalMaxPool", [x], GB.f(1, 3, 1, 1, 1), since: 1) },
            RowCase(op: "BatchNormalization", label: "initializers", expect: []) { b in
                let x = b.x([1, 3, 8, 8]); let w = (1...4).map { b.weight("w\($0)", [3]) }
                b.t("BatchNormalization", [x] + w, f4(), since: 15) },
            RowCase(op: "BatchNormalization", label: "runtime mean", expect: ["EP108"]) { b in
                let x = b.x([1, 3, 8, 8]); let s = b.weight("s", [3]); let bb = b.weight("b", [3]); let m = b.x([3], name: "m"); let v = b.weight("v", [3])
                b.t("BatchNormalization", [x, s, bb, m, v], f4(), since: 15) },
            RowCase(op: "BatchNormalization", label: "rank 3", expect: ["EP110"]) { b in
                let x = b.x([1, 3, 8]); let w = (1...4).map { b.weight("w\($0)", [3]) }
                b.t("BatchNormalization", [x] + w, GB.f(1, 3, 8), since: 15) },
            RowCase(op: "BatchNormalization", label: "training outputs", expect: ["EP114"]) { b in
                let x = b.x([1, 3, 8, 8]); let w = (1...4).map { b.weight("w\($0)", [3]) }
                b.t("BatchNormalization", [x] + w, f4(), since: 15, outputs: 3) },
            RowCase(op: "BatchNormalization", label: "spatial 0", expect: ["EP109"]) { b in
                let x = b.x([1, 3, 8, 8]); let w = (1...4).map { b.weight("w\($0)", [3]) }
                b.t("BatchNormalization", [x] + w, f4(), attrs: [.i("spatial", 0)], since: 7) },
            RowCase(op: "ArgMax", label: "plain", expect: []) { b in let x = b.x([2, 5]); b.t("ArgMax", [x], GB.t(.int64, [2, 1]), since: 13) },
            RowCase(op: "ArgMax", label: "select_last_index", expect: ["EP109"]) { b in let x = b.x([2, 5]); b.t("ArgMax", [x], GB.t(.int64, [2, 1]), attrs: [.i("select_last_index", 1)], since: 13) },
            RowCase(op: "Clip", label: "constant min/max", expect: []) { b in let x = b.x([4]); let lo = b.floats("lo", [0], dims: []); let hi = b.floats("hi", [6], dims: []); b.t("Clip", [x, lo, hi], GB.f(4)) },
            RowCase(op: "Clip", label: "runtime max", expect: ["EP108"]) { b in let x = b.x([4]); let lo = b.floats("lo", [0], dims: []); let hi = b.input("hi", .tensor(.float, Shape([]))); b.t("Clip", [x, lo, hi], GB.f(4)) },
            RowCase(op: "Clip", label: "min == max", expect: ["EP116"]) { b in let x = b.x([4]); let lo = b.floats("lo", [1], dims: []); let hi = b.floats("hi", [1], dims: []); b.t("Clip", [x, lo, hi], GB.f(4)) },
            RowCase(op: "Conv", label: "2D", expect: []) { b in let x = b.x([1, 3, 8, 8]); let w = b.weight("w", [4, 3, 3, 3]); b.t("Conv", [x, w], GB.f(1, 4, 6, 6), since: 11) },
            RowCase(op: "Conv", label: "3D", expect: ["EP110"]) { b in let x = b.x([1, 3, 4, 8, 8]); let w = b.weight("w", [4, 3, 3, 3, 3]); b.t("Conv", [x, w], GB.f(1, 4, 2, 6, 6), since: 11) },
            RowCase(op: "Conv", label: "runtime bias", expect: ["EP108"]) { b in let x = b.x([1, 3, 8, 8]); let w = b.weight("w", [4, 3, 3, 3]); let bias = b.x([4], name: "bias"); b.t("Conv", [x, w, bias], GB.f(1, 4, 6, 6), since: 11) },
            RowCase(op: "Conv", label: "dim > 16384", expect: ["EP112"]) { b in let x = b.x([1, 3, 20000]); let w = b.weight("w", [4, 3, 3]); b.t("Conv", [x, w], GB.f(1, 4, 19998), since: 11) },
            RowCase(op: "Conv", label: "kernel_shape mismatch", expect: ["EP109"]) { b in let x = b.x([1, 3, 8, 8]); let w = b.weight("w", [4, 3, 3, 3]); b.t("Conv", [x, w], GB.f(1, 4, 6, 6), attrs: [.ints("kernel_shape", [5, 5])], since: 11) },
            RowCase(op: "Conv", label: "unknown X shape", expect: ["EP103"]) { b in let x = b.input("x", .tensor(.float, nil)); let w = b.weight("w", [4, 3, 3, 3]); b.t("Conv", [x, w], nil, since: 11) },
            RowCase(op: "Gather", label: "1-D indices", expect: []) { b in let x = b.x([10, 4]); let i = b.ints("i", [1, 2]); b.t("Gather", [x, i], GB.f(2, 4)) },
            RowCase(op: "Gather", label: "int32 data", expect: ["EP107"]) { b in let x = b.x([10, 4], .int32); let i = b.ints("i", [1, 2]); b.t("Gather", [x, i], GB.t(.int32, [2, 4])) },
            RowCase(op: "Gather", label: "scalar indices, static data", expect: []) { b in let x = b.x([10, 4]); let i = b.ints("i", [1], dims: []); b.t("Gather", [x, i], GB.f(4)) },
            RowCase(op: "Gather", label: "scalar indices, dynamic data", expect: ["EP111"]) { b in let x = b.xd([.param("n"), .value(4)]); let i = b.ints("i", [1], dims: []); b.t("Gather", [x, i], GB.f(4)) },
            RowCase(op: "Gather", label: "scalar indices, rank-5 data", expect: ["EP110"]) { b in let x = b.x([2, 2, 2, 2, 2]); let i = b.ints("i", [1], dims: []); b.t("Gather", [x, i], GB.f(2, 2, 2, 2)) },
            RowCase(op: "Gather", label: "output rank 6", expect: ["EP110"]) { b in let x = b.x([2, 2, 2, 2, 2]); let i = b.ints("i", [0, 1], dims: [1, 2]); b.t("Gather", [x, i], GB.f(1, 2, 2, 2, 2, 2)) },
            RowCase(op: "Gather", label: "float indices", expect: ["EP107"]) { b in let x = b.x([10, 4]); let i = b.weight("i", [2]); b.t("Gather", [x, i], GB.f(2, 4)) },
            RowCase(op: "Gather", label: "indices without shape", expect: ["EP103"]) { b in let x = b.x([10, 4]); let i = b.input("i", .tensor(.int64, nil)); b.t("Gather", [x, i], nil) },
            RowCase(op: "Gemm", label: "B constant, C [N]", expect: []) { b in let a = b.x([2, 4]); let w = b.weight("w", [4, 3]); let c = b.weight("c", [3]); b.t("Gemm", [a, w, c], GB.f(2, 3)) },
            RowCase(op: "Gemm", label: "runtime B", expect: ["EP108"]) { b in let a = b.x([2, 4]); let w = b.x([4, 3], name: "w"); b.t("Gemm", [a, w], GB.f(2, 3)) },
            RowCase(op: "Gemm", label: "transA", expect: ["EP109"]) { b in let a = b.x([4, 2]); let w = b.weight("w", [4, 3]); b.t("Gemm", [a, w], GB.f(2, 3), attrs: [.i("transA", 1)]) },
            RowCase(op: "Gemm", label: "alpha 2", expect: ["EP109"]) { b in let a = b.x([2, 4]); let w = b.weight("w", [4, 3]); b.t("Gemm", [a, w], GB.f(2, 3), attrs: [.f("alpha", 2)]) },
            RowCase(op: "Gemm", label: "beta 0.5", expect: ["EP109"]) { b in let a = b.x([2, 4]); let w = b.weight("w", [4, 3]); let c = b.weight("c", [3]); b.t("Gemm", [a, w, c], GB.f(2, 3), attrs: [.f("beta", 0.5)]) },
            RowCase(op: "Gemm", label: "C [2,3]", expect: ["EP117"]) { b in let a = b.x([2, 4]); let w = b.weight("w", [4, 3]); let c = b.weight("c", [2, 3]); b.t("Gemm", [a, w, c], GB.f(2, 3)) },
            RowCase(op: "Gemm", label: "runtime C", expect: ["EP108"]) { b in let a = b.x([2, 4]); let w = b.weight("w", [4, 3]); let c = b.x([3], name: "c"); b.t("Gemm", [a, w, c], GB.f(2, 3)) },
            RowCase(op: "AveragePool", label: "2D", expect: []) { b in let x = b.x([1, 3, 8, 8]); b.t("AveragePool", [x], GB.f(1, 3, 4, 4), attrs: [.ints("kernel_shape", [2, 2])], since: 19) },
            RowCase(op: "AveragePool", label: "1D", expect: ["EP110", "EP109"]) { b in let x = b.x([1, 3, 8]); b.t("AveragePool", [x], GB.f(1, 3, 4), attrs: [.ints("kernel_shape", [2])], since: 19) },
            RowCase(op: "AveragePool", label: "dilations 2", expect: ["EP109"]) { b in let x = b.x([1, 3, 8, 8]); b.t("AveragePool", [x], GB.f(1, 3, 6, 6), attrs: [.ints("kernel_shape", [2, 2]), .ints("dilations", [2, 2])], since: 19) },
            RowCase(op: "MaxPool", label: "2D", expect: []) { b in let x = b.x([1, 3, 8, 8]); b.t("MaxPool", [x], GB.f(1, 3, 4, 4), attrs: [.ints("kernel_shape", [2, 2])], since: 12) },
            RowCase(op: "MaxPool", label: "indices output", expect: ["EP114"]) { b in let x = b.x([1, 3, 8, 8]); b.t("MaxPool", [x], GB.f(1, 3, 4, 4), attrs: [.ints("kernel_shape", [2, 2])], since: 12, outputs: 2) },
            RowCase(op: "MaxPool", label: "storage_order 1", expect: ["EP109"]) { b in let x = b.x([1, 3, 8, 8]); b.t("MaxPool", [x], GB.f(1, 3, 4, 4), attrs: [.ints("kernel_shape", [2, 2]), .i("storage_order", 1)], since: 12) },
            RowCase(op: "Reshape", label: "constant shape", expect: []) { b in let x = b.x([2, 6]); let s = b.ints("s", [3, 4]); b.t("Reshape", [x, s], GB.f(3, 4), since: 14) },
            RowCase(op: "Reshape", label: "runtime shape", expect: ["EP108"]) { b in let x = b.x([2, 6]); let s = b.input("s", .tensor(.int64, Shape(static: [2]))); b.t("Reshape", [x, s], GB.f(3, 4), since: 14) },
            RowCase(op: "Reshape", label: "dynamic input", expect: ["EP111"]) { b in let x = b.xd([.param("n"), .value(6)]); let s = b.ints("s", [-1, 3]); b.t("Reshape", [x, s], nil, since: 14) },
            RowCase(op: "Reshape", label: "rank-6 target", expect: ["EP116"]) { b in let x = b.x([64]); let s = b.ints("s", [2, 2, 2, 2, 2, 2]); b.t("Reshape", [x, s], nil, since: 14) },
            RowCase(op: "Reshape", label: "allowzero with 0", expect: ["EP116"]) { b in let x = b.x([2, 6]); let s = b.ints("s", [0, 6]); b.t("Reshape", [x, s], nil, attrs: [.i("allowzero", 1)], since: 14) },
            RowCase(op: "Reshape", label: "scalar input", expect: ["EP110"]) { b in let x = b.x([]); let s = b.ints("s", [1]); b.t("Reshape", [x, s], GB.f(1), since: 14) },
            RowCase(op: "Reshape", label: "since 1", expect: ["EP102"]) { b in let x = b.x([2, 6]); b.t("Reshape", [x], GB.f(3, 4), attrs: [.ints("shape", [3, 4])], since: 1) },
            RowCase(op: "Slice", label: "constant starts/ends", expect: []) { b in let x = b.x([4, 6]); let s = b.ints("s", [1]); let e = b.ints("e", [3]); let a = b.ints("a", [1]); b.t("Slice", [x, s, e, a], GB.f(4, 2)) },
            RowCase(op: "Slice", label: "dynamic data", expect: ["EP111"]) { b in let x = b.xd([.param("n"), .value(6)]); let s = b.ints("s", [1]); let e = b.ints("e", [3]); b.t("Slice", [x, s, e], nil) },
            RowCase(op: "Slice", label: "runtime ends", expect: ["EP108"]) { b in let x = b.x([4, 6]); let s = b.ints("s", [1]); let e = b.input("e", .tensor(.int64, Shape(static: [1]))); b.t("Slice", [x, s, e], nil) },
            RowCase(op: "Slice", label: "empty range", expect: ["EP116"]) { b in let x = b.x([4, 6]); let s = b.ints("s", [3]); let e = b.ints("e", [3]); b.t("Slice", [x, s, e], nil) },
            RowCase(op: "Slice", label: "since 1", expect: ["EP102"]) { b in let x = b.x([4, 6]); b.t("Slice", [x], nil, attrs: [.ints("starts", [0]), .ints("ends", [2])], since: 1) },
            RowCase(op: "Softmax", label: "opset 13 dynamic", expect: []) { b in let x = b.xd([.param("n"), .value(6)]); b.t("Softmax", [x], nil) },
            RowCase(op: "Softmax", label: "opset 11 dynamic", expect: ["EP111"]) { b in let x = b.xd([.param("n"), .value(6)]); b.t("Softmax", [x], nil, since: 11) },
            RowCase(op: "Split", label: "constant split", expect: []) { b in let x = b.x([6, 4]); let s = b.ints("s", [2, 4]); b.t("Split", [x, s], nil, outputs: 2) },
            RowCase(op: "Split", label: "runtime split", expect: ["EP108"]) { b in let x = b.x([6, 4]); let s = b.input("s", .tensor(.int64, Shape(static: [2]))); b.t("Split", [x, s], nil, outputs: 2) },
            RowCase(op: "Split", label: "split does not sum", expect: ["EP116"]) { b in let x = b.x([6, 4]); let s = b.ints("s", [2, 3]); b.t("Split", [x, s], nil, outputs: 2) },
            RowCase(op: "Split", label: "dynamic axis, equal split", expect: ["EP111"]) { b in let x = b.xd([.param("n"), .value(4)]); b.t("Split", [x], nil, outputs: 2) },
            RowCase(op: "Split", label: "attribute split opset 11", expect: []) { b in let x = b.x([6, 4]); b.t("Split", [x], nil, attrs: [.ints("split", [1, 5])], since: 11, outputs: 2) },
            RowCase(op: "Split", label: "num_outputs opset 18", expect: []) { b in let x = b.x([6, 4]); b.t("Split", [x], nil, attrs: [.i("num_outputs", 3)], since: 18, outputs: 3) },
            RowCase(op: "Split", label: "num_outputs mismatch", expect: ["EP109"]) { b in let x = b.x([6, 4]); b.t("Split", [x], nil, attrs: [.i("num_outputs", 3)], since: 18, outputs: 2) },
            RowCase(op: "Squeeze", label: "constant axes", expect: []) { b in let x = b.x([1, 4]); let a = b.ints("a", [0]); b.t("Squeeze", [x, a], GB.f(4)) },
            RowCase(op: "Squeeze", label: "runtime axes", expect: ["EP108"]) { b in let x = b.x([1, 4]); let a = b.input("a", .tensor(.int64, Shape(static: [1]))); b.t("Squeeze", [x, a], GB.f(4)) },
            RowCase(op: "Identity", label: "float", expect: []) { b in let x = b.x([4]); b.t("Identity", [x], GB.f(4)) },
            RowCase(op: "Resize", label: "nearest floor asymmetric ×2", expect: []) { b in
                let x = b.x([1, 3, 8, 8]); let s = b.floats("scales", [1, 1, 2, 2])
                b.t("Resize", [x, nil, s], GB.f(1, 3, 16, 16), attrs: [.s("nearest_mode", "floor"), .s("coordinate_transformation_mode", "asymmetric")]) },
            RowCase(op: "Resize", label: "round_prefer_floor", expect: ["EP109"]) { b in
                let x = b.x([1, 3, 8, 8]); let s = b.floats("scales", [1, 1, 2, 2])
                b.t("Resize", [x, nil, s], GB.f(1, 3, 16, 16), attrs: [.s("coordinate_transformation_mode", "asymmetric")]) },
            RowCase(op: "Resize", label: "×1.5", expect: ["EP116"]) { b in
                let x = b.x([1, 3, 8, 8]); let s = b.floats("scales", [1, 1, 1.5, 1.5])
                b.t("Resize", [x, nil, s], GB.f(1, 3, 12, 12), attrs: [.s("nearest_mode", "floor"), .s("coordinate_transformation_mode", "asymmetric")]) },
            RowCase(op: "Resize", label: "runtime scales", expect: ["EP108"]) { b in
                let x = b.x([1, 3, 8, 8]); let s = b.input("scales", .tensor(.float, Shape(static: [4])))
                b.t("Resize", [x, nil, s], nil, attrs: [.s("nearest_mode", "floor"), .s("coordinate_transformation_mode", "asymmetric")]) },
            RowCase(op: "Resize", label: "cubic", expect: ["EP109"]) { b in
                let x = b.x([1, 3, 8, 8]); let s = b.floats("scales", [1, 1, 2, 2])
                b.t("Resize", [x, nil, s], GB.f(1, 3, 16, 16), attrs: [.s("mode", "cubic"), .s("coordinate_transformation_mode", "asymmetric")]) },
            RowCase(op: "Resize", label: "antialias", expect: ["EP109"]) { b in
                let x = b.x([1, 3, 8, 8]); let s = b.floats("scales", [1, 1, 2, 2])
                b.t("Resize", [x, nil, s], GB.f(1, 3, 16, 16), attrs: [.i("antialias", 1), .s("nearest_mode", "floor"), .s("coordinate_transformation_mode", "asymmetric")], since: 18) },
            RowCase(op: "Resize", label: "empty roi is fine", expect: []) { b in
                let x = b.x([1, 3, 8, 8]); let roi = b.weight("roi", [0]); let s = b.floats("scales", [1, 1, 2, 2])
                b.t("Resize", [x, roi, s], GB.f(1, 3, 16, 16), attrs: [.s("nearest_mode", "floor"), .s("coordinate_transformation_mode", "asymmetric")]) },
            RowCase(op: "Pad", label: "constant last two dims", expect: []) { b in
                let x = b.x([1, 3, 8, 8]); let p = b.ints("pads", [0, 0, 1, 1, 0, 0, 1, 1]); let v = b.floats("v", [0], dims: [])
                b.t("Pad", [x, p, v], GB.f(1, 3, 10, 10)) },
            RowCase(op: "Pad", label: "negative pads", expect: ["EP116"]) { b in
                let x = b.x([1, 3, 8, 8]); let p = b.ints("pads", [0, 0, -1, 0, 0, 0, 0, 0]); let v = b.floats("v", [0], dims: [])
                b.t("Pad", [x, p, v], GB.f(1, 3, 7, 8)) },
            RowCase(op: "Pad", label: "runtime pads", expect: ["EP108"]) { b in
                let x = b.x([1, 3, 8, 8]); let p = b.input("pads", .tensor(.int64, Shape(static: [8]))); let v = b.floats("v", [0], dims: [])
                b.t("Pad", [x, p, v], nil) },
            RowCase(op: "Pad", label: "edge mode", expect: ["EP109"]) { b in
                let x = b.x([1, 3, 8, 8]); let p = b.ints("pads", [0, 0, 1, 1, 0, 0, 1, 1])
                b.t("Pad", [x, p], GB.f(1, 3, 10, 10), attrs: [.s("mode", "edge")]) },
            RowCase(op: "Pad", label: "since 2", expect: ["EP102"]) { b in
                let x = b.x([1, 3, 8, 8]); b.t("Pad", [x], GB.f(1, 3, 10, 10), attrs: [.ints("pads", [0, 0, 1, 1, 0, 0, 1, 1])], since: 2) },
        ]
        return out
    }

    /// Rows whose outcome differs by format: (NeuralNetwork expectation, MLProgram expectation).
    static var byFormat: [(RowCase, [String])] {
        func mlpOnly(_ op: String, since: Int64 = 13, dims: [Int64] = [2, 3], domain: String = "") -> (RowCase, [String]) {
            (RowCase(op: op, label: "float", expect: ["EP101"]) { b in let x = b.x(dims); b.t(op, [x], GB.f(2, 3), since: since, domain: domain) }, [])
        }
        var out: [(RowCase, [String])] = []
        for op in ["Erf", "Round", "Exp", "Sin", "Cos", "Ceil", "Softplus"] { out.append(mlpOnly(op)) }
        out.append(mlpOnly("Gelu", since: 20))
        out.append(mlpOnly("Elu", since: 6))
        out.append(mlpOnly("QuickGelu", since: 1, domain: "com.microsoft"))
        out.append(mlpOnly("ReduceMax", since: 18))
        out.append(mlpOnly("ReduceMin", since: 18))
        out.append(mlpOnly("ReduceProd", since: 18))
        out += [
            (RowCase(op: "Gelu", label: "com.microsoft Gelu", expect: ["EP101"]) { b in let x = b.x([2, 3]); b.t("Gelu", [x], GB.f(2, 3), since: 1, domain: "com.microsoft") }, ["EP102"]),
            (RowCase(op: "Add", label: "float16", expect: ["EP107"]) { b in let x = b.x([4], .float16); let y = b.weight("y", [4], type: .float16); b.t("Add", [x, y], GB.t(.float16, [4])) }, []),
            (RowCase(op: "Add", label: "int64", expect: ["EP107"]) { b in let x = b.x([4], .int64); let y = b.ints("y", [1, 2, 3, 4]); b.t("Add", [x, y], GB.t(.int64, [4])) }, []),
            (RowCase(op: "Max", label: "two inputs", expect: ["EP101"]) { b in let x = b.x([4]); let y = b.weight("y", [4]); b.t("Max", [x, y], GB.f(4)) }, []),
            (RowCase(op: "Max", label: "since 6", expect: ["EP101"]) { b in let x = b.x([4]); let y = b.weight("y", [4]); b.t("Max", [x, y], GB.f(4), since: 6) }, ["EP102"]),
            (RowCase(op: "Concat", label: "rank 4 axis 1", expect: []) { b in let x = b.x([1, 3, 8, 8]); let y = b.weight("y", [1, 2, 8, 8]); b.t("Concat", [x, y], GB.f(1, 5, 8, 8), attrs: [.i("axis", 1)]) }, []),
            (RowCase(op: "Concat", label: "rank 3", expect: ["EP110"]) { b in let x = b.x([1, 3, 8]); let y = b.weight("y", [1, 2, 8]); b.t("Concat", [x, y], GB.f(1, 5, 8), attrs: [.i("axis", 1)]) }, []),
            (RowCase(op: "Concat", label: "axis 3", expect: ["EP109"]) { b in let x = b.x([1, 3, 8, 8]); let y = b.weight("y", [1, 3, 8, 2]); b.t("Concat", [x, y], GB.f(1, 3, 8, 10), attrs: [.i("axis", 3)]) }, []),
            (RowCase(op: "Concat", label: "one input", expect: ["EP114"]) { b in let x = b.x([1, 3, 8, 8]); b.t("Concat", [x], f4(), attrs: [.i("axis", 1)]) }, ["EP114"]),
            (RowCase(op: "MatMul", label: "rank 2 constant B", expect: []) { b in let a = b.x([2, 4]); let w = b.weight("w", [4, 3]); b.t("MatMul", [a, w], GB.f(2, 3)) }, []),
            (RowCase(op: "MatMul", label: "runtime B", expect: ["EP108"]) { b in let a = b.x([2, 4]); let w = b.x([4, 3], name: "w"); b.t("MatMul", [a, w], GB.f(2, 3)) }, []),
            (RowCase(op: "MatMul", label: "rank 3", expect: ["EP110"]) { b in let a = b.x([5, 2, 4]); let w = b.weight("w", [4, 3]); b.t("MatMul", [a, w], GB.f(5, 2, 3)) }, []),
            (RowCase(op: "MatMul", label: "rank-1 A", expect: ["EP110"]) { b in let a = b.x([4]); let w = b.weight("w", [4, 3]); b.t("MatMul", [a, w], GB.f(3)) }, ["EP110"]),
            (RowCase(op: "Flatten", label: "rank 4", expect: []) { b in let x = b.x([1, 3, 2, 2]); b.t("Flatten", [x], GB.f(1, 12)) }, ["EP101"]),
            (RowCase(op: "Flatten", label: "scalar", expect: ["EP110"]) { b in let x = b.x([]); b.t("Flatten", [x], GB.f(1, 1)) }, ["EP101"]),
            (RowCase(op: "LRN", label: "rank 4", expect: []) { b in let x = b.x([1, 3, 8, 8]); b.t("LRN", [x], f4(), attrs: [.i("size", 3)]) }, ["EP101"]),
            (RowCase(op: "LRN", label: "rank 2", expect: ["EP110"]) { b in let x = b.x([3, 8]); b.t("LRN", [x], GB.f(3, 8), attrs: [.i("size", 3)]) }, ["EP101"]),
            (RowCase(op: "ConvTranspose", label: "equal pads", expect: ["EP101"]) { b in let x = b.x([1, 3, 8, 8]); let w = b.weight("w", [3, 4, 3, 3]); b.t("ConvTranspose", [x, w], GB.f(1, 4, 10, 10), attrs: [.ints("pads", [0, 0, 0, 0])], since: 11) }, []),
            (RowCase(op: "ConvTranspose", label: "no pads", expect: ["EP101"]) { b in let x = b.x([1, 3, 8, 8]); let w = b.weight("w", [3, 4, 3, 3]); b.t("ConvTranspose", [x, w], GB.f(1, 4, 10, 10), since: 11) }, ["EP109"]),
            (RowCase(op: "ConvTranspose", label: "output_shape", expect: ["EP101"]) { b in let x = b.x([1, 3, 8, 8]); let w = b.weight("w", [3, 4, 3, 3]); b.t("ConvTranspose", [x, w], GB.f(1, 4, 10, 10), attrs: [.ints("pads", [0, 0, 0, 0]), .ints("output_shape", [10, 10])], since: 11) }, ["EP109"]),
            (RowCase(op: "ConvTranspose", label: "runtime W", expect: ["EP101"]) { b in let x = b.x([1, 3, 8, 8]); let w = b.x([3, 4, 3, 3], name: "w"); b.t("ConvTranspose", [x, w], GB.f(1, 4, 10, 10), attrs: [.ints("pads", [0, 0, 0, 0])], since: 11) }, ["EP108"]),
            (RowCase(op: "Conv", label: "runtime W", expect: ["EP108"]) { b in let x = b.x([1, 3, 8, 8]); let w = b.x([4, 3, 3, 3], name: "w"); b.t("Conv", [x, w], GB.f(1, 4, 6, 6), since: 11) }, []),
            (RowCase(op: "AveragePool", label: "ceil_mode 1", expect: ["EP109"]) { b in let x = b.x([1, 3, 8, 8]); b.t("AveragePool", [x], GB.f(1, 3, 4, 4), attrs: [.ints("kernel_shape", [2, 2]), .i("ceil_mode", 1)], since: 19) }, []),
            (RowCase(op: "Cast", label: "ArgMax → Cast(int32)", expect: []) { b in
                let x = b.x([2, 5]); let a = b.op("ArgMax", [x], GB.t(.int64, [2, 1]), name: "am")
                b.t("Cast", [a], GB.t(.int32, [2, 1]), attrs: [.i("to", 6)]) }, []),
            (RowCase(op: "Cast", label: "float → int64 from input", expect: ["EP107"]) { b in
                let x = b.x([4]); b.t("Cast", [x], GB.t(.int64, [4]), attrs: [.i("to", 7)]) }, []),
            (RowCase(op: "Cast", label: "int64 graph input → int32", expect: ["EP117"]) { b in
                let x = b.x([4], .int64); b.t("Cast", [x], GB.t(.int32, [4]), attrs: [.i("to", 6)]) }, []),
            (RowCase(op: "Cast", label: "float → double", expect: ["EP107"]) { b in
                let x = b.x([4]); b.t("Cast", [x], GB.t(.double, [4]), attrs: [.i("to", 11)]) }, ["EP107"]),
            (RowCase(op: "ArgMax", label: "two consumers incl. Cast int32", expect: ["EP117"]) { b in
                let x = b.x([2, 5]); let a = b.node("ArgMax", [x], [GB.t(.int64, [2, 1])], name: "t")[0]
                let c = b.op("Cast", [a], GB.t(.int32, [2, 1]), attrs: [.i("to", 6)]); b.output(c)
                let n = b.op("Neg", [a], GB.t(.int64, [2, 1])); b.output(n) }, []),
            (RowCase(op: "DepthToSpace", label: "DCR", expect: []) { b in let x = b.x([1, 8, 2, 2]); b.t("DepthToSpace", [x], GB.f(1, 2, 4, 4), attrs: [.i("blocksize", 2)]) }, []),
            (RowCase(op: "DepthToSpace", label: "CRD static", expect: ["EP109"]) { b in let x = b.x([1, 8, 2, 2]); b.t("DepthToSpace", [x], GB.f(1, 2, 4, 4), attrs: [.i("blocksize", 2), .s("mode", "CRD")]) }, []),
            (RowCase(op: "DepthToSpace", label: "CRD dynamic", expect: ["EP109"]) { b in let x = b.xd([.param("n"), .value(8), .value(2), .value(2)]); b.t("DepthToSpace", [x], nil, attrs: [.i("blocksize", 2), .s("mode", "CRD")]) }, ["EP111"]),
            (RowCase(op: "Shape", label: "plain", expect: []) { b in let x = b.x([2, 3]); b.t("Shape", [x], GB.t(.int64, [2]), since: 15) }, []),
            (RowCase(op: "Shape", label: "end attribute", expect: ["EP109"]) { b in let x = b.x([2, 3]); b.t("Shape", [x], GB.t(.int64, [1]), attrs: [.i("end", 1)], since: 15) }, []),
            (RowCase(op: "Shape", label: "empty slice", expect: ["EP109"]) { b in let x = b.x([2, 3]); b.t("Shape", [x], GB.t(.int64, [0]), attrs: [.i("start", 1), .i("end", 1)], since: 15) }, ["EP116"]),
            (RowCase(op: "Shape", label: "int32 input", expect: ["EP107"]) { b in let x = b.x([2, 3], .int32); b.t("Shape", [x], GB.t(.int64, [2]), since: 15) }, []),
            (RowCase(op: "ReduceSum", label: "constant axes", expect: []) { b in let x = b.x([2, 3]); let a = b.ints("a", [1]); b.t("ReduceSum", [x, a], GB.f(2, 1)) }, []),
            (RowCase(op: "ReduceSum", label: "runtime axes", expect: ["EP108"]) { b in let x = b.x([2, 3]); let a = b.input("a", .tensor(.int64, Shape(static: [1]))); b.t("ReduceSum", [x, a], nil) }, ["EP108"]),
            (RowCase(op: "ReduceMean", label: "constant axes", expect: []) { b in let x = b.x([2, 3]); let a = b.ints("a", [1]); b.t("ReduceMean", [x, a], GB.f(2, 1), since: 18) }, []),
            (RowCase(op: "ReduceMean", label: "runtime axes", expect: ["EP108"]) { b in let x = b.x([2, 3]); let a = b.input("a", .tensor(.int64, Shape(static: [1]))); b.t("ReduceMean", [x, a], nil, since: 18) }, ["EP108"]),
            (RowCase(op: "ReduceMax", label: "runtime axes", expect: ["EP101"]) { b in let x = b.x([2, 3]); let a = b.input("a", .tensor(.int64, Shape(static: [1]))); b.t("ReduceMax", [x, a], nil, since: 18) }, ["EP108"]),
            (RowCase(op: "ReduceMin", label: "runtime axes", expect: ["EP101"]) { b in let x = b.x([2, 3]); let a = b.input("a", .tensor(.int64, Shape(static: [1]))); b.t("ReduceMin", [x, a], nil, since: 18) }, ["EP108"]),
            (RowCase(op: "ReduceProd", label: "runtime axes", expect: ["EP101"]) { b in let x = b.x([2, 3]); let a = b.input("a", .tensor(.int64, Shape(static: [1]))); b.t("ReduceProd", [x, a], nil, since: 18) }, ["EP108"]),
            (RowCase(op: "GroupNormalization", label: "runtime scale", expect: ["EP101"]) { b in let x = b.x([1, 4, 8, 8]); let s = b.x([4], name: "s"); let bb = b.weight("b", [4]); b.t("GroupNormalization", [x, s, bb], GB.f(1, 4, 8, 8), attrs: [.i("num_groups", 2)], since: 21) }, ["EP108"]),
            (RowCase(op: "ReduceMean", label: "noop with raw_data axes", expect: ["EP116"]) { b in let x = b.x([2, 3]); let a = b.ints("a", [1]); b.t("ReduceMean", [x, a], GB.f(2, 1), attrs: [.i("noop_with_empty_axes", 1)], since: 18) }, []),
            (RowCase(op: "Tile", label: "constant repeats", expect: []) { b in let x = b.x([2, 3]); let r = b.ints("r", [2, 1]); b.t("Tile", [x, r], GB.f(4, 3)) }, []),
            (RowCase(op: "Tile", label: "runtime repeats", expect: ["EP108"]) { b in let x = b.x([2, 3]); let r = b.input("r", .tensor(.int64, Shape(static: [2]))); b.t("Tile", [x, r], nil) }, []),
            (RowCase(op: "Tile", label: "repeats of wrong length", expect: ["EP116"]) { b in let x = b.x([2, 3]); let r = b.ints("r", [2]); b.t("Tile", [x, r], nil) }, ["EP116"]),
            (RowCase(op: "Tile", label: "float16 data", expect: ["EP107"]) { b in let x = b.x([2, 3], .float16); let r = b.ints("r", [2, 1]); b.t("Tile", [x, r], GB.t(.float16, [4, 3])) }, []),
            (RowCase(op: "Unsqueeze", label: "constant axes", expect: ["EP101"]) { b in let x = b.x([2, 3]); let a = b.ints("a", [0]); b.t("Unsqueeze", [x, a], GB.f(1, 2, 3)) }, []),
            (RowCase(op: "Unsqueeze", label: "runtime axes", expect: ["EP101"]) { b in let x = b.x([2, 3]); let a = b.input("a", .tensor(.int64, Shape(static: [1]))); b.t("Unsqueeze", [x, a], nil) }, ["EP108"]),
            (RowCase(op: "Unsqueeze", label: "to rank 6", expect: ["EP101"]) { b in let x = b.x([2, 3, 4, 5]); let a = b.ints("a", [0, 1]); b.t("Unsqueeze", [x, a], nil) }, ["EP110"]),
            (RowCase(op: "Where", label: "bool cond, float", expect: ["EP101"]) { b in let c = b.x([4], .bool, name: "c"); let x = b.x([4]); let y = b.weight("y", [4]); b.t("Where", [c, x, y], GB.f(4)) }, []),
            (RowCase(op: "Where", label: "int64 branches", expect: ["EP101"]) { b in let c = b.x([4], .bool, name: "c"); let x = b.x([4], .int64); let y = b.ints("y", [1, 2, 3, 4]); b.t("Where", [c, x, y], GB.t(.int64, [4])) }, ["EP107"]),
            (RowCase(op: "Where", label: "mixed branches", expect: ["EP101"]) { b in let c = b.x([4], .bool, name: "c"); let x = b.x([4]); let y = b.weight("y", [4], type: .float16); b.t("Where", [c, x, y], GB.f(4)) }, ["EP115"]),
            (RowCase(op: "And", label: "bool", expect: ["EP101"]) { b in let x = b.x([4], .bool); let y = b.x([4], .bool, name: "y"); b.t("And", [x, y], GB.t(.bool, [4])) }, []),
            (RowCase(op: "And", label: "float", expect: ["EP101"]) { b in let x = b.x([4]); let y = b.x([4], name: "y"); b.t("And", [x, y], GB.t(.bool, [4])) }, ["EP107"]),
            (RowCase(op: "GatherND", label: "constant indices", expect: ["EP101"]) { b in let x = b.x([4, 5]); let i = b.ints("i", [1, 2], dims: [2, 1]); b.t("GatherND", [x, i], GB.f(2, 5)) }, []),
            (RowCase(op: "GatherND", label: "runtime indices", expect: ["EP101"]) { b in let x = b.x([4, 5]); let i = b.input("i", .tensor(.int64, Shape(static: [2, 1]))); b.t("GatherND", [x, i], GB.f(2, 5)) }, ["EP108"]),
            (RowCase(op: "GatherND", label: "batch_dims 1", expect: ["EP101"]) { b in let x = b.x([4, 5]); let i = b.ints("i", [1, 2, 3, 0], dims: [4, 1]); b.t("GatherND", [x, i], GB.f(4), attrs: [.i("batch_dims", 1)]) }, ["EP109"]),
            (RowCase(op: "GatherND", label: "dynamic leading data dim", expect: ["EP101"]) { b in let x = b.xd([.param("n"), .value(5)]); let i = b.ints("i", [1, 2], dims: [2, 1]); b.t("GatherND", [x, i], GB.f(2, 5)) }, ["EP111"]),
            (RowCase(op: "LayerNormalization", label: "constant scale and bias", expect: ["EP101"]) { b in let x = b.x([2, 8]); let s = b.weight("s", [8]); let bb = b.weight("b", [8]); b.t("LayerNormalization", [x, s, bb], GB.f(2, 8), attrs: [.i("axis", -1)], since: 17) }, []),
            (RowCase(op: "LayerNormalization", label: "runtime scale", expect: ["EP101"]) { b in let x = b.x([2, 8]); let s = b.x([8], name: "s"); b.t("LayerNormalization", [x, s], GB.f(2, 8), since: 17) }, ["EP108"]),
            (RowCase(op: "LayerNormalization", label: "stash_type 0", expect: ["EP101"]) { b in let x = b.x([2, 8]); let s = b.weight("s", [8]); b.t("LayerNormalization", [x, s], GB.f(2, 8), attrs: [.i("stash_type", 0)], since: 17) }, ["EP109"]),
            (RowCase(op: "LayerNormalization", label: "mixed types", expect: ["EP101"]) { b in let x = b.x([2, 8]); let s = b.weight("s", [8], type: .float16); b.t("LayerNormalization", [x, s], GB.f(2, 8), since: 17) }, ["EP115"]),
            (RowCase(op: "LayerNormalization", label: "two outputs", expect: ["EP101"]) { b in let x = b.x([2, 8]); let s = b.weight("s", [8]); b.t("LayerNormalization", [x, s], GB.f(2, 8), since: 17, outputs: 2) }, ["EP114"]),
            (RowCase(op: "InstanceNormalization", label: "constant scale and bias", expect: ["EP101"]) { b in let x = b.x([1, 3, 8, 8]); let s = b.weight("s", [3]); let bb = b.weight("b", [3]); b.t("InstanceNormalization", [x, s, bb], f4(), since: 6) }, []),
            (RowCase(op: "InstanceNormalization", label: "runtime bias", expect: ["EP101"]) { b in let x = b.x([1, 3, 8, 8]); let s = b.weight("s", [3]); let bb = b.x([3], name: "b"); b.t("InstanceNormalization", [x, s, bb], f4(), since: 6) }, ["EP108"]),
            (RowCase(op: "GroupNormalization", label: "constant scale and bias", expect: ["EP101"]) { b in let x = b.x([1, 4, 8, 8]); let s = b.weight("s", [4]); let bb = b.weight("b", [4]); b.t("GroupNormalization", [x, s, bb], GB.f(1, 4, 8, 8), attrs: [.i("num_groups", 2)], since: 21) }, []),
            (RowCase(op: "GridSample", label: "bilinear", expect: ["EP101"]) { b in let x = b.x([1, 3, 8, 8]); let g = b.x([1, 4, 4, 2], name: "g"); b.t("GridSample", [x, g], GB.f(1, 3, 4, 4), attrs: [.s("mode", "bilinear")], since: 16) }, []),
            (RowCase(op: "GridSample", label: "nearest", expect: ["EP101"]) { b in let x = b.x([1, 3, 8, 8]); let g = b.x([1, 4, 4, 2], name: "g"); b.t("GridSample", [x, g], GB.f(1, 3, 4, 4), attrs: [.s("mode", "nearest")], since: 16) }, ["EP109"]),
            (RowCase(op: "GridSample", label: "rank 5", expect: ["EP101"]) { b in let x = b.x([1, 3, 2, 8, 8]); let g = b.x([1, 2, 4, 4, 3], name: "g"); b.t("GridSample", [x, g], nil, attrs: [.s("mode", "linear")], since: 20) }, ["EP110"]),
            (RowCase(op: "GridSample", label: "linear reflection align 0", expect: ["EP101"]) { b in let x = b.x([1, 3, 8, 8]); let g = b.x([1, 4, 4, 2], name: "g"); b.t("GridSample", [x, g], GB.f(1, 3, 4, 4), attrs: [.s("mode", "linear"), .s("padding_mode", "reflection")], since: 20) }, ["EP109"]),
            (RowCase(op: "FusedConv", label: "Relu", expect: ["EP101"]) { b in let x = b.x([1, 3, 8, 8]); let w = b.weight("w", [4, 3, 3, 3]); b.t("FusedConv", [x, w], GB.f(1, 4, 6, 6), attrs: [.s("activation", "Relu")], since: 1, domain: "com.microsoft") }, []),
            (RowCase(op: "FusedConv", label: "Z input", expect: ["EP101"]) { b in let x = b.x([1, 3, 8, 8]); let w = b.weight("w", [4, 3, 3, 3]); let bb = b.weight("b", [4]); let z = b.x([1, 4, 6, 6], name: "z"); b.t("FusedConv", [x, w, bb, z], GB.f(1, 4, 6, 6), attrs: [.s("activation", "Relu")], since: 1, domain: "com.microsoft") }, ["EP114"]),
            (RowCase(op: "FusedConv", label: "Clip with 1 param", expect: ["EP101"]) { b in let x = b.x([1, 3, 8, 8]); let w = b.weight("w", [4, 3, 3, 3]); b.t("FusedConv", [x, w], GB.f(1, 4, 6, 6), attrs: [.s("activation", "Clip"), .floats("activation_params", [0])], since: 1, domain: "com.microsoft") }, ["EP109"]),
            (RowCase(op: "Pad", label: "reflect", expect: ["EP109"]) { b in
                let x = b.x([1, 3, 8, 8]); let p = b.ints("pads", [0, 0, 1, 1, 0, 0, 1, 1])
                b.t("Pad", [x, p], GB.f(1, 3, 10, 10), attrs: [.s("mode", "reflect")]) }, []),
            (RowCase(op: "Pad", label: "reflect on dynamic dim", expect: ["EP109"]) { b in
                let x = b.xd([.value(1), .value(3), .param("h"), .value(8)]); let p = b.ints("pads", [0, 0, 1, 1, 0, 0, 1, 1])
                b.t("Pad", [x, p], nil, attrs: [.s("mode", "reflect")]) }, ["EP116"]),
            (RowCase(op: "Pad", label: "no constant_value", expect: ["EP117"]) { b in
                let x = b.x([1, 3, 8, 8]); let p = b.ints("pads", [0, 0, 1, 1, 0, 0, 1, 1]); b.t("Pad", [x, p], GB.f(1, 3, 10, 10)) }, []),
            (RowCase(op: "Pad", label: "channel padding", expect: ["EP116"]) { b in
                let x = b.x([1, 3, 8, 8]); let p = b.ints("pads", [0, 1, 0, 0, 0, 1, 0, 0]); let v = b.floats("v", [0], dims: [])
                b.t("Pad", [x, p, v], GB.f(1, 5, 8, 8)) }, []),
            (RowCase(op: "Resize", label: "linear half_pixel ×2", expect: ["EP109"]) { b in
                let x = b.x([1, 3, 8, 8]); let s = b.floats("scales", [1, 1, 2, 2]); b.t("Resize", [x, nil, s], GB.f(1, 3, 16, 16), attrs: [.s("mode", "linear")]) }, []),
            (RowCase(op: "Resize", label: "downsample ½", expect: ["EP116"]) { b in
                let x = b.x([1, 3, 8, 8]); let s = b.floats("scales", [1, 1, 0.5, 0.5])
                b.t("Resize", [x, nil, s], GB.f(1, 3, 4, 4), attrs: [.s("nearest_mode", "floor"), .s("coordinate_transformation_mode", "asymmetric")]) }, []),
            (RowCase(op: "Resize", label: "rank 3 linear", expect: ["EP110", "EP109"]) { b in
                let x = b.x([1, 3, 8]); let s = b.floats("scales", [1, 1, 2]); b.t("Resize", [x, nil, s], GB.f(1, 3, 16), attrs: [.s("mode", "linear")]) }, []),
            (RowCase(op: "Slice", label: "float16 data", expect: ["EP107"]) { b in let x = b.x([4, 6], .float16); let s = b.ints("s", [1]); let e = b.ints("e", [3]); b.t("Slice", [x, s, e], GB.t(.float16, [2, 6])) }, []),
            (RowCase(op: "Gather", label: "float16 data", expect: ["EP107"]) { b in let x = b.x([10, 4], .float16); let i = b.ints("i", [1, 2]); b.t("Gather", [x, i], GB.t(.float16, [2, 4])) }, []),
        ]
        return out
    }
}
