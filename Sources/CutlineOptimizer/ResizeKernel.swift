import CutlineIR
import Foundation

/// ORT's CPU Resize on constant inputs, for constant folding (e.g. a learned position embedding resized bicubically
/// to the model's grid, which ORT folds). Float tensors, modes nearest/linear/cubic, the coordinate transformations
/// half_pixel, pytorch_half_pixel, align_corners and asymmetric; anything else (antialias, axes, aspect-ratio
/// policies, tf_crop_and_resize, half_pixel_symmetric, integer data) is left unfolded. Interpolation is separable,
/// so each axis is resized in turn, as ONNX's reference `_interpolate_nd` computes it. Values are computed in
/// double precision and rounded to the tensor type once (ORT computes in float: the last bit may differ).
extension FoldKernels {
    static func resize(_ node: Node, _ inputs: Inputs, since: Int64) -> TensorValue? {
        guard let x = inputs.first.flatMap({ $0 }), x.isReal, x.rank > 0 else { return nil }
        let mode = node.attribute("mode")?.string ?? "nearest"
        let coordinateMode = since >= 11 ? (node.attribute("coordinate_transformation_mode")?.string ?? "half_pixel") : "asymmetric"
        guard ["nearest", "linear", "cubic"].contains(mode), since >= 11 || mode != "cubic",
              ["half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric"].contains(coordinateMode),
              (node.attribute("antialias")?.int ?? 0) == 0, node.attribute("axes") == nil,
              (node.attribute("keep_aspect_ratio_policy")?.string ?? "stretch") == "stretch" else { return nil }
        let a = node.attribute("cubic_coeff_a")?.float.map(Double.init) ?? -0.75
        let excludeOutside = (node.attribute("exclude_outside")?.int ?? 0) != 0
        // Resize-10 has no nearest_mode: its nearest is the Upsample floor.
        let nearestMode = since >= 11 ? (node.attribute("nearest_mode")?.string ?? "round_prefer_floor") : "floor"
        let rank = x.rank
        var scales: [Double] = []
        var outDims: [Int64] = []
        let scalesInput = since >= 11 ? 2 : 1
        if since >= 11, inputs.count > 3, let sizes = inputs[3], !sizes.isReal, sizes.ints.count == rank {
            if let s = inputs[scalesInput], s.count > 0 { return nil }  // both given: invalid
            outDims = sizes.ints
            scales = zip(sizes.ints, x.dims).map { $1 == 0 ? 0 : Double($0) / Double($1) }
        } else if inputs.count > scalesInput, let s = inputs[scalesInput], s.isReal, s.reals.count == rank {
            scales = s.reals
            outDims = zip(x.dims, s.reals).map { Int64((Double($0) * $1).rounded(.down)) }
        } else {
            return nil
        }
        guard outDims.allSatisfy({ $0 > 0 }), scales.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        let total = outDims.reduce(Int64(1)) { $0.multipliedReportingOverflow(by: $1).overflow ? Int64.max : $0 * $1 }
        guard total <= maxFoldedElements else { return nil }

        var dims = x.dims.map(Int.init)
        var data = x.reals
        for axis in 0..<rank where Int(outDims[axis]) != dims[axis] || scales[axis] != 1 {
            let taps = axisTaps(inLength: dims[axis], outLength: Int(outDims[axis]), scale: scales[axis], mode: mode,
                                coordinateMode: coordinateMode, cubicA: a, excludeOutside: excludeOutside,
                                nearestMode: nearestMode)
            guard let taps else { return nil }
            data = resample(data, dims: dims, axis: axis, taps: taps)
            dims[axis] = Int(outDims[axis])
        }
        return TensorValue(dataType: x.dataType, dims: outDims, reals: data)
    }

    /// For each output index along one axis, the input indexes and weights that make it.
    static func axisTaps(inLength: Int, outLength: Int, scale: Double, mode: String, coordinateMode: String,
                         cubicA: Double, excludeOutside: Bool, nearestMode: String) -> [[(Int, Double)]]? {
        guard inLength > 0 else { return nil }
        var out: [[(Int, Double)]] = []
        out.reserveCapacity(outLength)
        for i in 0..<outLength {
            let o = Double(i)
            let xo: Double
            switch coordinateMode {
            case "half_pixel": xo = (o + 0.5) / scale - 0.5
            case "pytorch_half_pixel": xo = outLength > 1 ? (o + 0.5) / scale - 0.5 : 0
            case "align_corners": xo = outLength == 1 ? 0 : o * Double(inLength - 1) / Double(outLength - 1)
            default: xo = o / scale
            }
            func clamp(_ k: Int) -> Int { min(max(k, 0), inLength - 1) }
            switch mode {
            case "nearest":
                let k: Int
                switch nearestMode {
                case "round_prefer_floor": k = xo == xo.rounded(.down) + 0.5 ? Int(xo.rounded(.down)) : Int(xo.rounded())
                case "round_prefer_ceil": k = Int(xo.rounded())
                case "floor": k = Int(xo.rounded(.down))
                case "ceil": k = Int(xo.rounded(.up))
                default: return nil
                }
                out.append([(clamp(k), 1)])
            case "linear":
                let c = min(max(xo, 0), Double(inLength - 1))
                let f = c.rounded(.down)
                let t = c - f
                out.append([(clamp(Int(f)), 1 - t), (clamp(Int(f) + 1), t)])
            default:
                let f = xo.rounded(.down)
                let t = xo - f
                let aa = cubicA
                func far(_ d: Double) -> Double { ((aa * d - 5 * aa) * d + 8 * aa) * d - 4 * aa }
                func near(_ d: Double) -> Double { ((aa + 2) * d - (aa + 3)) * d * d + 1 }
                let w = [far(t + 1), near(t), near(1 - t), far(2 - t)]
                var taps: [(Int, Double)] = []
                for (j, wj) in w.enumerated() {
                    let k = Int(f) - 1 + j
                    if excludeOutside && (k < 0 || k >= inLength) { continue }
                    taps.append((clamp(k), wj))
                }
                if excludeOutside {
                    let sum = taps.reduce(0) { $0 + $1.1 }
                    guard sum != 0 else { return nil }
                    taps = taps.map { ($0.0, $0.1 / sum) }
                }
                out.append(taps)
            }
        }
        return out
    }

    /// Resamples a row-major tensor along `axis` with per-output-index taps.
    static func resample(_ data: [Double], dims: [Int], axis: Int, taps: [[(Int, Double)]]) -> [Double] {
        let outer = dims[..<axis].reduce(1, *)
        let inner = dims[(axis + 1)...].reduce(1, *)
        let inLen = dims[axis], outLen = taps.count
        var out = [Double](repeating: 0, count: outer * outLen * inner)
        for o in 0..<outer {
            for i in 0..<outLen {
                let dst = (o * outLen + i) * inner
                for (k, w) in taps[i] {
                    let src = (o * inLen + k) * inner
                    for j in 0..<inner { out[dst + j] += w * data[src + j] }
                }
            }
        }
        return out
    }
}
