import CutlineIR

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the IR back to ONNX. Lossless for everything the loader read: unmodelled fields are re-emitted.
public enum ONNXWriter {
    /// Protobuf refuses messages of 2 GB or more.
    static let protobufLimit = Int(Int32.max)

    /// The model as ONNX bytes. External data stays referenced (as in `.keep`).
    public static func serialize(_ model: Model) throws(ONNXError) -> [UInt8] {
        let path = model.storage?.path ?? "<memory>"
        do throws(DecodeError) {
            let chunks = try encode(model, mode: .keep).model
            let sink = FileSink()
            try sink.write(chunks, storage: model.storage)
            return sink.memory
        } catch {
            throw ONNXError(path: path, problem: error.problem)
        }
    }

    /// Writes the model to `path` atomically (temporary file in the same folder, then rename).
    public static func write(_ model: Model, to path: String, externalData: ExternalDataMode = .keep) throws(ONNXError) {
        do throws(DecodeError) {
            try writeChecked(model, to: path, mode: externalData)
        } catch {
            throw ONNXError(path: path, problem: error.problem)
        }
    }

    private static func writeChecked(_ model: Model, to path: String, mode: ExternalDataMode) throws(DecodeError) {
        let dir = FileIO.directory(of: path)
        guard let realDir = FileIO.realPath(dir) else { throw DecodeError("the folder '\(dir)' does not exist") }
        if let source = model.storage?.path, let a = FileIO.realPath(source), let b = FileIO.realPath(path), a == b {
            throw DecodeError("refusing to overwrite the model's own source file; write to another path")
        }
        if case .externalize(let name, _) = mode {
            guard !name.isEmpty, !name.hasPrefix("/"), !name.split(separator: "/").contains("..") else {
                throw DecodeError("external data file name '\(name)' must be a path inside the output folder")
            }
        }
        let (chunks, data) = try encode(model, mode: mode)
        var pending: [(temp: String, final: String)] = []
        do throws(DecodeError) {
            if case .externalize(let name, _) = mode, let data {
                let dataPath = realDir + "/" + name
                try FileIO.makeParentFolders(of: dataPath, below: realDir)
                pending.append((try FileIO.writeTemp(data, beside: dataPath, storage: model.storage), dataPath))
            }
            if mode == .keep, let storage = model.storage, let sourceDir = FileIO.realPath(storage.directory),
               sourceDir != realDir {
                for location in ExternalLocations.collect(model).sorted() {
                    let from: String
                    do { from = try storage.resolveExternal(location) } catch { throw DecodeError("\(error)") }
                    let to = realDir + "/" + location
                    if FileIO.realPath(to) == from { continue }
                    try FileIO.makeParentFolders(of: to, below: realDir)
                    pending.append((try FileIO.copyToTemp(from, beside: to), to))
                }
            }
            pending.append((try FileIO.writeTemp(chunks, beside: path, storage: model.storage), path))
            for p in pending {
                guard rename(p.temp, p.final) == 0 else {
                    throw DecodeError("cannot rename into place: \(String(cString: strerror(errno)))")
                }
            }
        } catch {
            for p in pending { unlink(p.temp) }
            throw error
        }
    }

    private static func encode(_ model: Model, mode: ExternalDataMode) throws(DecodeError) -> (model: [Chunk], data: [Chunk]?) {
        var encoder = ModelEncoder(model: model, mode: mode)
        var e = try encoder.encodeModel()
        if e.count > protobufLimit {
            throw DecodeError("the model would be \(e.count) bytes, over protobuf's 2 GB limit; write it with external data")
        }
        var data: [Chunk]?
        if case .externalize = mode {
            var d = encoder.dataFile
            data = d.finish()
        }
        return (e.finish(), data)
    }
}

/// Where encoded chunks go: memory or a file descriptor.
final class FileSink {
    private(set) var memory: [UInt8] = []
    private let fd: Int32?

    init(fd: Int32? = nil) { self.fd = fd }

    func write(_ chunks: [Chunk], storage: ModelStorage?) throws(DecodeError) {
        for c in chunks {
            switch c {
            case .bytes(let b):
                if let problem = b.withUnsafeBytes({ put($0) }) { throw DecodeError(problem) }
            case .file(let offset, let count):
                guard let storage, offset >= 0, count >= 0, offset <= storage.count, count <= storage.count - offset else {
                    throw DecodeError("a tensor refers to bytes \(offset)..<\(offset + count) of a source file that does not hold them")
                }
                if let problem = put(UnsafeRawBufferPointer(rebasing: storage.bytes[offset..<(offset + count)])) {
                    throw DecodeError(problem)
                }
            case .external(let ext, let count):
                try copyExternal(ext, count: count, storage: storage)
            }
        }
    }

    /// Appends bytes; returns the problem on failure.
    private func put(_ p: UnsafeRawBufferPointer) -> String? {
        guard let fd else {
            memory.append(contentsOf: p)
            return nil
        }
        guard let base = p.baseAddress else { return nil }
        var done = 0
        while done < p.count {
            let n = systemWrite(fd, base + done, p.count - done)
            guard n > 0 else { return "cannot write: \(String(cString: strerror(errno)))" }
            done += n
        }
        return nil
    }

    /// Streams an external payload in 4 MB pieces so big files are never held whole.
    private func copyExternal(_ ext: ExternalData, count: Int, storage: ModelStorage?) throws(DecodeError) {
        guard let storage else {
            throw DecodeError("external data '\(ext.location)' cannot be resolved without the source model's folder")
        }
        let path: String
        do { path = try storage.resolveExternal(ext.location) } catch { throw DecodeError("\(error)") }
        let source = open(path, O_RDONLY)
        guard source >= 0 else { throw DecodeError("cannot open external data file '\(ext.location)'") }
        defer { close(source) }
        var buffer = [UInt8](repeating: 0, count: max(1, min(count, 4 << 20)))
        var done = 0
        while done < count {
            let want = min(buffer.count, count - done)
            let offset = off_t(ext.offset) + off_t(done)
            let n = buffer.withUnsafeMutableBytes { pread(source, $0.baseAddress, want, offset) }
            guard n > 0 else {
                throw DecodeError("external data file '\(ext.location)' ends before byte \(ext.offset + Int64(count))")
            }
            if let problem = buffer.withUnsafeBytes({ put(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }) {
                throw DecodeError(problem)
            }
            done += n
        }
    }
}

/// The libc `write`, named apart from `FileSink.write`.
@inline(__always)
func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, p, n)
    #else
    Darwin.write(fd, p, n)
    #endif
}
