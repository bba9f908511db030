import CutlineIR
import Foundation

/// Small graphs built in code, with every value typed, for the cost tests.
struct GraphBuilder {
    var editor = GraphEditor(Graph(name: "test"))

    static func tensor(_ dims: [Int64], _ type: DataType = .float) -> ValueType {
        .tensor(type, Shape(static: dims))
    }

    mutating func input(_ name: String, _ type: ValueType) -> ValueID {
        let v = editor.addValue(name: name, type: type)
        editor.appendInput(ValueInfo(value: v, type: type))
        return v
    }

    /// A constant initializer (no payload: the cost model only reads its type).
    mutating func weight(_ name: String, _ dims: [Int64], _ type: DataType = .float) -> ValueID {
        editor.addInitializer(Tensor(name: name, dataType: type, dims: dims, payload: .none))
    }

    @discardableResult
    mutating func node(_ op: String, _ inputs: [ValueID?], _ outType: ValueType, name: String? = nil,
                       attributes: [Attribute] = []) throws -> ValueID {
        let n = name ?? "\(op)_\(editor.graph.nodes.count)"
        let id = try editor.addNode(Node(name: n, opType: op, attributes: attributes), inputs: inputs,
                                    outputNames: [n + "_out"], outputTypes: [outType])
        guard let out = editor.graph[id].outputs[0] else { throw IRError.invalid("no output") }
        return out
    }

    mutating func output(_ v: ValueID) {
        editor.appendOutput(ValueInfo(value: v, type: editor.graph[v].type))
    }

    var graph: Graph { editor.graph }
}

enum Repo {
    /// The package root, found from this file's path.
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    static func bytes(_ relative: String) throws -> [UInt8] {
        guard let d = FileManager.default.contents(atPath: path(relative)) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path(relative)])
        }
        return Array(d)
    }
}
