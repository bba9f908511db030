import CutlineIR

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// File-system steps of an atomic write.
enum FileIO {
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let d = String(path[..<slash])
        return d.isEmpty ? "/" : d
    }

    static func realPath(_ p: String) -> String? {
        guard let r = realpath(p, nil) else { return nil }
        defer { free(r) }
        return String(cString: r)
    }

    /// A new temporary file beside `final`, opened for writing.
    static func createTemp(beside final: String) throws(DecodeError) -> (path: String, fd: Int32) {
        let dir = directory(of: final)
        let base = final.split(separator: "/").last.map(String.init) ?? "model"
        var template = Array("\(dir)/.\(base).tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw DecodeError("cannot create a temporary file in '\(dir)': \(String(cString: strerror(errno)))")
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        fchmod(fd, 0o644)
        return (path, fd)
    }

    /// Writes chunks to a temporary file beside `final`; returns its path.
    static func writeTemp(_ chunks: [Chunk], beside final: String, storage: ModelStorage?) throws(DecodeError) -> String {
        let (path, fd) = try createTemp(beside: final)
        do throws(DecodeError) {
            let sink = FileSink(fd: fd)
            try sink.write(chunks, storage: storage)
            guard fsync(fd) == 0 else { throw DecodeError("cannot flush: \(String(cString: strerror(errno)))") }
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
        close(fd)
        return path
    }

    /// Copies a file to a temporary file beside `final`.
    static func copyToTemp(_ source: String, beside final: String) throws(DecodeError) -> String {
        var st = stat()
        guard stat(source, &st) == 0 else { throw DecodeError("cannot read '\(source)'") }
        let ext = ExternalData(location: source.split(separator: "/").last.map(String.init) ?? source, offset: 0,
                               length: Int64(st.st_size))
        let storage = ModelStorage(bytes: [], path: source, directory: directory(of: source))
        return try writeTemp([.external(ext, count: Int(st.st_size))], beside: final, storage: storage)
    }

    /// Creates the folders between `below` and `path`'s folder.
    static func makeParentFolders(of path: String, below root: String) throws(DecodeError) {
        let dir = directory(of: path)
        guard dir.count > root.count, dir.hasPrefix(root) else { return }
        var current = root
        for part in dir.dropFirst(root.count).split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw DecodeError("cannot create folder '\(current)': \(String(cString: strerror(errno)))")
            }
        }
    }
}

/// The external data files a model's payloads refer to.
enum ExternalLocations {
    static func collect(_ model: Model) -> Set<String> {
        var out = Set<String>()
        collect(model.graph, into: &out)
        for f in model.functions {
            collect(f.body, into: &out)
            for a in f.attributeDefaults { collect(a, into: &out) }
        }
        return out
    }

    private static func collect(_ g: Graph, into out: inout Set<String>) {
        for id in g.initializerOrder where !g[id].isRemoved {
            if let t = g[id].initializer { collect(t, into: &out) }
        }
        for id in g.sparseInitializerOrder where !g[id].isRemoved {
            if let s = g[id].sparseInitializer { collect(s.values, into: &out); collect(s.indices, into: &out) }
        }
        for n in g.liveNodeIDs { for a in g[n].attributes { collect(a, into: &out) } }
    }

    private static func collect(_ a: Attribute, into out: inout Set<String>) {
        switch a.value {
        case .tensor(let t): collect(t, into: &out)
        case .tensors(let ts): for t in ts { collect(t, into: &out) }
        case .sparseTensor(let s): collect(s.values, into: &out); collect(s.indices, into: &out)
        case .sparseTensors(let ss): for s in ss { collect(s.values, into: &out); collect(s.indices, into: &out) }
        case .graph(let g): collect(g, into: &out)
        case .graphs(let gs): for g in gs { collect(g, into: &out) }
        default: break
        }
    }

    private static func collect(_ t: Tensor, into out: inout Set<String>) {
        if case .external(let e) = t.payload { out.insert(e.location) }
    }
}
