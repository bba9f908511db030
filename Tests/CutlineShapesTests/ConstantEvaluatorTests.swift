import CutlineIR
@testable import CutlineShapes
import XCTest

final class ConstantEvaluatorTests: XCTestCase {
    func eval(_ op: String, _ inputs: [TensorLiteral?], _ attrs: [Attribute] = [], since: Int64? = nil) -> TensorLiteral? {
        ConstantEvaluator.evaluate(opType: op, domain: "", sinceVersion: since, attributes: attrs, inputs: inputs)?.first
    }

    func testIntegerDivTruncatesTowardZero() {
        // -7 / 2 = -3.5 → -3 (toward zero), 7 / -2 → -3.
        let r = eval("Div", [.ints([-7, 7]), .ints([2, -2])])
        XCTAssertEqual(r?.int64s, [-3, -3])
        XCTAssertNil(eval("Div", [.ints([1]), .ints([0])]), "integer division by zero is undefined")
    }

    func testModFollowsDivisorSignUnlessFmod() {
        // fmod=0: -7 mod 3 = 2 (sign of divisor); fmod=1: fmod(-7, 3) = -1 (sign of dividend).
        XCTAssertEqual(eval("Mod", [.ints([-7]), .ints([3])])?.int64s, [2])
        XCTAssertEqual(eval("Mod", [.ints([-7]), .ints([3])], [Attribute(name: "fmod", value: .int(1))])?.int64s, [-1])
        XCTAssertEqual(eval("Mod", [.ints([7]), .ints([-3])])?.int64s, [-2])
    }

    func testBroadcastingAdd() {
        // [2,1] + [3] → [2,3]: row i gets a[i] + b[j].
        let a = TensorLiteral.ints([10, 20], dims: [2, 1])
        let r = eval("Add", [a, .ints([1, 2, 3])])
        XCTAssertEqual(r?.dims, [2, 3])
        XCTAssertEqual(r?.int64s, [11, 12, 13, 21, 22, 23])
    }

    func testInt32Wraps() {
        // 2^31 - 1 + 1 wraps to -2^31 in int32.
        let a = TensorLiteral.ints([Int64(Int32.max)], type: .int32)
        XCTAssertEqual(eval("Add", [a, .ints([1], type: .int32)])?.int64s, [Int64(Int32.min)])
    }

    func testShapeGatherConcat() {
        let x = TensorLiteral(dataType: .float, dims: [2, 3, 4], values: .doubles([Double](repeating: 0, count: 24)))
        let s = eval("Shape", [x])
        XCTAssertEqual(s?.int64s, [2, 3, 4])
        let g = eval("Gather", [s, .scalar(-1)])
        XCTAssertEqual(g?.dims, [])
        XCTAssertEqual(g?.int64s, [4])
        let u = eval("Unsqueeze", [g, .ints([0])], since: 13)
        XCTAssertEqual(u?.dims, [1])
        let c = eval("Concat", [u, .ints([-1])], [Attribute(name: "axis", value: .int(0))])
        XCTAssertEqual(c?.int64s, [4, -1])
        // Shape with start=1 drops the first dim.
        XCTAssertEqual(eval("Shape", [x], [Attribute(name: "start", value: .int(1))])?.int64s, [3, 4])
    }

    func testUnsqueezeAttributeBeforeOpset13() {
        let r = eval("Unsqueeze", [.scalar(5)], [Attribute(name: "axes", value: .ints([0]))], since: 11)
        XCTAssertEqual(r?.dims, [1])
    }

    func testSliceNegativeStep() {
        // [0..5] sliced from -1 down to (but excluding) 0 by -2: indices 5, 3, 1.
        let r = eval("Slice", [.ints([0, 1, 2, 3, 4, 5]), .ints([-1]), .ints([0]), .ints([0]), .ints([-2])], since: 13)
        XCTAssertEqual(r?.int64s, [5, 3, 1])
    }

    func testRangeAndConstantOfShape() {
        // ceil((10 - 1) / 3) = 3 elements: 1, 4, 7.
        XCTAssertEqual(eval("Range", [.scalar(1), .scalar(10), .scalar(3)])?.int64s, [1, 4, 7])
        XCTAssertEqual(eval("Range", [.scalar(5), .scalar(1), .scalar(1)])?.count, 0)
        let c = eval("ConstantOfShape", [.ints([2, 2])])
        XCTAssertEqual(c?.dataType, .float)
        XCTAssertEqual(c?.doubles, [0, 0, 0, 0])
    }

    func testReduceAndWhereAndCast() {
        let x = TensorLiteral.ints([1, 2, 3, 4, 5, 6], dims: [2, 3])
        // ReduceProd over axis 1 with keepdims=0: [1*2*3, 4*5*6].
        let p = eval("ReduceProd", [x], [Attribute(name: "axes", value: .ints([1])), Attribute(name: "keepdims", value: .int(0))], since: 13)
        XCTAssertEqual(p?.int64s, [6, 120])
        XCTAssertEqual(p?.dims, [2])
        // ReduceSum takes axes as an input from 13.
        XCTAssertEqual(eval("ReduceSum", [x, .ints([0])], since: 13)?.int64s, [5, 7, 9])
        let cond = TensorLiteral(dataType: .bool, dims: [2], values: .ints([1, 0]))
        XCTAssertEqual(eval("Where", [cond, .ints([1, 2]), .ints([9])])?.int64s, [1, 9])
        // Cast float → int truncates toward zero; -1.7 → -1.
        let f = TensorLiteral.doubles([1.9, -1.7])
        XCTAssertEqual(eval("Cast", [f], [Attribute(name: "to", value: .int(7))])?.int64s, [1, -1])
        // Cast to float16 rounds: 0.1 is not representable; the nearest half is 0.0999755859375.
        XCTAssertEqual(eval("Cast", [TensorLiteral.doubles([0.1], type: .double)], [Attribute(name: "to", value: .int(10))])?.doubles, [0.0999755859375])
    }

    func testReshapeTransposeTileExpand() {
        let x = TensorLiteral.ints([1, 2, 3, 4, 5, 6], dims: [2, 3])
        XCTAssertEqual(eval("Reshape", [x, .ints([3, -1])])?.dims, [3, 2])
        // Transpose of [[1,2,3],[4,5,6]] is [[1,4],[2,5],[3,6]].
        XCTAssertEqual(eval("Transpose", [x])?.int64s, [1, 4, 2, 5, 3, 6])
        XCTAssertEqual(eval("Tile", [.ints([1, 2]), .ints([2])])?.int64s, [1, 2, 1, 2])
        XCTAssertEqual(eval("Expand", [.ints([7]), .ints([2, 2])])?.int64s, [7, 7, 7, 7])
    }

    func testSizeCapRefusesLargeResults() {
        XCTAssertNil(ConstantEvaluator.evaluate(opType: "ConstantOfShape", domain: "", sinceVersion: 9, attributes: [],
                                                inputs: [.ints([100, 100])], maxElements: 1024))
        let big = Tensor(name: "w", dataType: .int64, dims: [2000], payload: .field(.rawData, .memory([UInt8](repeating: 0, count: 16000))))
        XCTAssertNil(TensorLiteral(tensor: big, storage: nil))
        XCTAssertEqual(TensorLiteral(tensor: big, storage: nil, maxElements: 4096)?.count, 2000)
    }

    func testKernelTableIsExtensible() {
        var table = ConstantKernelTable.standard
        XCTAssertFalse(table.supports(opType: "Relu", domain: ""))
        table.register(opType: "Relu") { c in
            guard let x = c.input(0)?.doubles else { return nil }
            return [.doubles(x.map { max($0, 0) })]
        }
        let r = ConstantEvaluator.evaluate(opType: "Relu", domain: "", sinceVersion: 14, attributes: [],
                                           inputs: [.doubles([-1, 2])], kernels: table)
        XCTAssertEqual(r?.first?.doubles, [0, 2])
    }
}
