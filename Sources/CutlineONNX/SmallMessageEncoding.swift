import CProtobufC
import CutlineIR
import ONNXProto

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Owns the C memory of protobuf-c structs built for packing; everything is freed together.
final class CArena {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit { for b in blocks { free(b) } }

    /// A zeroed struct initialised by protobuf-c's `init` function.
    func make<T>(_: T.Type, _ initialise: (UnsafeMutablePointer<T>) -> Void) -> UnsafeMutablePointer<T> {
        let raw = allocate(MemoryLayout<T>.stride)
        let p = raw.bindMemory(to: T.self, capacity: 1)
        initialise(p)
        return p
    }

    func pointers<T>(_ items: [UnsafeMutablePointer<T>]) -> UnsafeMutablePointer<UnsafeMutablePointer<T>?> {
        let raw = allocate(MemoryLayout<UnsafeMutablePointer<T>?>.stride * max(1, items.count))
        let p = raw.bindMemory(to: UnsafeMutablePointer<T>?.self, capacity: max(1, items.count))
        for (i, item) in items.enumerated() { p[i] = item }
        return p
    }

    func cString(_ s: String) -> UnsafeMutablePointer<CChar> {
        let utf8 = Array(s.utf8)
        let raw = allocate(utf8.count + 1)
        let p = raw.bindMemory(to: CChar.self, capacity: utf8.count + 1)
        for (i, b) in utf8.enumerated() { p[i] = CChar(bitPattern: b) }
        p[utf8.count] = 0
        return p
    }

    private func allocate(_ n: Int) -> UnsafeMutableRawPointer {
        // malloc only fails when memory is exhausted, where nothing else can proceed either.
        guard let raw = calloc(1, max(1, n)) else { preconditionFailure("out of memory") }
        blocks.append(raw)
        return raw
    }
}

/// Encoding of the small messages through protobuf-c.
enum SmallMessageEncoding {
    static func pack(_ message: UnsafePointer<ProtobufCMessage>) -> [UInt8] {
        let n = protobuf_c_message_get_packed_size(message)
        var out = [UInt8](repeating: 0, count: n)
        out.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress else { return }
            _ = protobuf_c_message_pack(message, base)
        }
        return out
    }

    static func typeProto(_ type: ValueType) -> [UInt8] {
        let arena = CArena()
        let p = makeType(type, arena)
        return p.withMemoryRebound(to: ProtobufCMessage.self, capacity: 1) { pack($0) }
    }

    static func opsetImport(_ o: OpsetImport) -> [UInt8] {
        let arena = CArena()
        let p = arena.make(Onnx__OperatorSetIdProto.self) { onnx__operator_set_id_proto__init($0) }
        if !o.domain.isEmpty { p.pointee.domain = arena.cString(o.domain) }
        p.pointee.has_version = 1
        p.pointee.version = o.version
        let packed = p.withMemoryRebound(to: ProtobufCMessage.self, capacity: 1) { pack($0) }
        // The loader records an explicitly empty domain as a leading `0a 00`; putting it back first keeps the
        // field order of the file.
        let extra = o.extraFields.bytes
        if o.domain.isEmpty, extra.starts(with: [0x0a, 0x00]) { return [0x0a, 0x00] + packed + extra.dropFirst(2) }
        return packed + extra
    }

    static func stringPair(_ s: StringPair) -> [UInt8] {
        let arena = CArena()
        let p = arena.make(Onnx__StringStringEntryProto.self) { onnx__string_string_entry_proto__init($0) }
        p.pointee.key = arena.cString(s.key)
        p.pointee.value = arena.cString(s.value)
        return p.withMemoryRebound(to: ProtobufCMessage.self, capacity: 1) { pack($0) }
    }

    private static func makeType(_ type: ValueType, _ arena: CArena) -> UnsafeMutablePointer<Onnx__TypeProto> {
        let p = arena.make(Onnx__TypeProto.self) { onnx__type_proto__init($0) }
        switch type {
        case .tensor(let dt, let shape):
            let t = arena.make(Onnx__TypeProto__Tensor.self) { onnx__type_proto__tensor__init($0) }
            t.pointee.has_elem_type = 1
            t.pointee.elem_type = dt.code
            if let shape { t.pointee.shape = makeShape(shape, arena) }
            p.pointee.value_case = ONNX__TYPE_PROTO__VALUE_TENSOR_TYPE
            p.pointee.tensor_type = t
        case .sparseTensor(let dt, let shape):
            let t = arena.make(Onnx__TypeProto__SparseTensor.self) { onnx__type_proto__sparse_tensor__init($0) }
            t.pointee.has_elem_type = 1
            t.pointee.elem_type = dt.code
            if let shape { t.pointee.shape = makeShape(shape, arena) }
            p.pointee.value_case = ONNX__TYPE_PROTO__VALUE_SPARSE_TENSOR_TYPE
            p.pointee.sparse_tensor_type = t
        case .sequence(let e):
            let s = arena.make(Onnx__TypeProto__Sequence.self) { onnx__type_proto__sequence__init($0) }
            if let e { s.pointee.elem_type = makeType(e, arena) }
            p.pointee.value_case = ONNX__TYPE_PROTO__VALUE_SEQUENCE_TYPE
            p.pointee.sequence_type = s
        case .optional(let e):
            let o = arena.make(Onnx__TypeProto__Optional.self) { onnx__type_proto__optional__init($0) }
            if let e { o.pointee.elem_type = makeType(e, arena) }
            p.pointee.value_case = ONNX__TYPE_PROTO__VALUE_OPTIONAL_TYPE
            p.pointee.optional_type = o
        case .map(let key, let value):
            let m = arena.make(Onnx__TypeProto__Map.self) { onnx__type_proto__map__init($0) }
            m.pointee.has_key_type = 1
            m.pointee.key_type = key.code
            if let value { m.pointee.value_type = makeType(value, arena) }
            p.pointee.value_case = ONNX__TYPE_PROTO__VALUE_MAP_TYPE
            p.pointee.map_type = m
        case .opaque(let domain, let name):
            let o = arena.make(Onnx__TypeProto__Opaque.self) { onnx__type_proto__opaque__init($0) }
            o.pointee.domain = arena.cString(domain)
            o.pointee.name = arena.cString(name)
            p.pointee.value_case = ONNX__TYPE_PROTO__VALUE_OPAQUE_TYPE
            p.pointee.opaque_type = o
        case .unspecified:
            break
        }
        return p
    }

    private static func makeShape(_ shape: Shape, _ arena: CArena) -> UnsafeMutablePointer<Onnx__TensorShapeProto> {
        let s = arena.make(Onnx__TensorShapeProto.self) { onnx__tensor_shape_proto__init($0) }
        var dims: [UnsafeMutablePointer<Onnx__TensorShapeProto__Dimension>] = []
        for d in shape.dims {
            let dim = arena.make(Onnx__TensorShapeProto__Dimension.self) { onnx__tensor_shape_proto__dimension__init($0) }
            switch d {
            case .value(let v):
                dim.pointee.value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_VALUE
                dim.pointee.dim_value = v
            case .param(let name):
                dim.pointee.value_case = ONNX__TENSOR_SHAPE_PROTO__DIMENSION__VALUE_DIM_PARAM
                dim.pointee.dim_param = arena.cString(name)
            case .unknown:
                break
            }
            dims.append(dim)
        }
        s.pointee.n_dim = dims.count
        s.pointee.dim = arena.pointers(dims)
        return s
    }
}
