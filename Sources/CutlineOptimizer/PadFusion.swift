import CutlineIR

/// ORT's PadFusion: a constant-mode Pad with zero pad value, padding only spatial dims by non-negative amounts,
/// whose single consumer (possibly through one Cast) is a Conv, AveragePool or MaxPool with explicit padding,
/// disappears into that node's `pads` attribute.
enum PadFusion {
    static let castVersions: [Int64] = [1, 6, 9, 13, 19, 21, 23, 24, 25]

    /// ORT's VerifyNotCastChild: the node that absorbs the padding.
    static func canAbsorbPadding(_ og: OptGraph, _ id: NodeID) -> Bool {
        guard og.isOp(id, "Conv", [1, 11, 22]) || og.isOp(id, "AveragePool", [7, 10, 11, 19, 22])
            || og.isOp(id, "MaxPool", [1, 8, 10, 11, 12, 22]) else { return false }
        let node = og.graph[id]
        guard node.outputs.count <= 1 else { return false }
        if let autoPad = node.attribute("auto_pad")?.string, autoPad != "NOTSET" { return false }
        if node.opType == "AveragePool" {
            // count_include_pad defaults to 0 once ORT has filled in schema defaults.
            let hasPad = (node.attribute("pads")?.ints ?? []).contains { $0 != 0 }
            if hasPad && (node.attribute("count_include_pad")?.int ?? 0) == 0 { return false }
        }
        return true
    }

    static let rule = RewriteRule(name: "PadFusion", targets: ["Pad"]) { og, id in
        guard og.isOp(id, "Pad", [1, 2, 11, 13, 18, 19, 21, 23, 24, 25]), og.outputEdgeCount(id) == 1,
              og.graph[id].inputs.count <= 3, !og.producesGraphOutput(id) else { return .none }
        let pad = og.graph[id]
        if let mode = pad.attribute("mode")?.string, mode != "constant" { return .none }
        let inputForm = (og.sinceVersion(pad) ?? 0) >= 11
        if inputForm {
            guard og.isConstantInitializer(pad.input(1)) else { return .none }
            if pad.inputs.count > 2 {
                guard let c = og.constantInitializer(pad.input(2)),
                      let bytes = try? TensorData.rawBytes(of: c, storage: og.storage), bytes.allSatisfy({ $0 == 0 })
                else { return .none }
            }
        } else if let v = pad.attribute("value")?.float, v != 0 {
            return .none
        }
        guard let child = og.outputNodes(id).first else { return .none }
        var target = child
        if og.options.behaviour.padFusionThroughCast, og.isOp(child, "Cast", castVersions) {
            guard og.outputEdgeCount(child) == 1, !og.producesGraphOutput(child),
                  let c = og.outputNodes(child).first else { return .none }
            target = c
        }
        guard canAbsorbPadding(og, target), og.graph[child].input(0) == pad.output(0) else { return .none }

        // Apply: the pads themselves.
        let pads: [Int64]
        if inputForm {
            guard let t = og.constantInitializer(pad.input(1)), t.dataType == .int64, let v = og.tensorValue(t)
            else { return .none }
            pads = v.ints
        } else {
            guard let p = pad.attribute("pads")?.ints else { return .none }
            pads = p
        }
        let n = pads.count
        guard n >= 4, n % 2 == 0, pads[0] == 0, pads[1] == 0, pads[n / 2] == 0, pads[n / 2 + 1] == 0,
              pads.allSatisfy({ $0 >= 0 }) else { return .none }
        var childPads = og.graph[target].attribute("pads")?.ints ?? []
        if !childPads.isEmpty && childPads.count != n - 4 { return .none }
        if childPads.isEmpty { childPads = Array(repeating: 0, count: n - 4) }
        let half = childPads.count / 2
        for (k, i) in (2..<(n / 2)).enumerated() {
            childPads[k] += pads[i]
            childPads[k + half] += pads[i + n / 2]
        }
        og.editor.setAttribute(target, Attribute(name: "pads", value: .ints(childPads)))
        if og.opType(target) == "AveragePool" {
            og.editor.setAttribute(target, Attribute(name: "count_include_pad", value: .int(1)))
        }
        let padsInput = pad.input(1), valueInput = pad.input(2)
        og.editor.setInput(child, 0, pad.input(0))
        // ORT un-pads a Cast in between: its output takes the Pad input's shape, keeping the Cast's element type
        // (pad_fusion.cc sets the NodeArg's shape; later inference would only merge into the padded one).
        if child != target, let o = og.graph[child].output(0), let x = pad.input(0),
           case .tensor(let et, _)? = og.graph[o].type, let xt = og.graph[x].type {
            og.editor.setType(o, .tensor(et, xt.shape))
        }
        og.removeNode(id)
        og.dropIfUnused(padsInput)
        og.dropIfUnused(valueInput)
        return .removedCurrentNode
    }
}
