import CutlineIR

/// The arithmetic ORT's optimizer `Initializer` helper performs on weights when a fusion rule fires. Each step works
/// in the element type's numeric type (float for float16/bfloat16) and stores the result back in the element type,
/// so rounding happens after every step, as in ORT; `TensorValue` rounds on construction.
extension TensorValue {
    /// Element-wise `self op other`; both must hold the same number of real values.
    func elementwise(_ other: TensorValue, _ op: (Double, Double) -> Double) -> TensorValue? {
        guard isReal, other.isReal, count == other.count else { return nil }
        return TensorValue(dataType: dataType, dims: dims, reals: zip(reals, other.reals).map { op(Self.numeric($0, dataType), Self.numeric($1, dataType)) })
    }

    /// Adds a float scalar to every element (ORT's `Initializer::add(float)`).
    func adding(_ value: Float) -> TensorValue {
        TensorValue(dataType: dataType, dims: dims, reals: reals.map { Self.numeric($0, dataType) + Double(value) })
    }

    func squareRoot() -> TensorValue {
        TensorValue(dataType: dataType, dims: dims, reals: reals.map { Self.numeric($0, dataType).squareRoot() })
    }

    /// ORT's `Initializer::scale_by_axis`: the tensor is split at `axis` into blocks of the trailing elements;
    /// row-major uses one scaler per block, column-major one scaler per position inside a block. A one-element
    /// `scalers` scales everything.
    func scaledByAxis(_ scalers: TensorValue, axis: Int, columnMajor: Bool = false) -> TensorValue? {
        guard isReal, scalers.isReal, axis >= 0, axis <= dims.count else { return nil }
        let blockSize = Int(dims[axis...].reduce(1, *))
        let blocks = Int(dims[..<axis].reduce(1, *))
        guard blockSize * blocks == count,
              scalers.count == 1 || scalers.count == (columnMajor ? blockSize : blocks) else { return nil }
        var out = reals
        for b in 0..<blocks {
            for j in 0..<blockSize {
                let s = scalers.count == 1 ? scalers.reals[0] : scalers.reals[columnMajor ? j : b]
                out[b * blockSize + j] = Self.numeric(out[b * blockSize + j], dataType) * Self.numeric(s, scalers.dataType)
            }
        }
        return TensorValue(dataType: dataType, dims: dims, reals: out)
    }

    /// The value as the kernel's numeric type sees it: float arithmetic for float/float16/bfloat16, double for
    /// double. Values are already representable, so this only matters for mixed float/double steps.
    private static func numeric(_ v: Double, _ t: DataType) -> Double {
        t == .double ? v : Double(Float(v))
    }
}
