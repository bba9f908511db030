#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A model file mapped read-only into memory, plus the folder external data is resolved against.
/// Tensor payloads are ranges of this mapping; bytes are touched only when a value is read.
public final class ModelStorage: @unchecked Sendable {
    // Immutable after init; the mapping is read-only and unmapped in deinit.
    public let path: String
    public let directory: String
    private let base: UnsafeMutableRawPointer?
    public let count: Int
    private let ownsMemory: Bool

    /// Maps `path`. Throws `IRError.io` with the system's reason when it cannot.
    public init(mapping path: String) throws {
        self.path = path
        self.directory = ModelStorage.directory(of: path)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw IRError.io(ModelStorage.errnoText(prefix: "cannot open")) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw IRError.io(ModelStorage.errnoText(prefix: "cannot stat")) }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw IRError.io("is a directory") }
        let size = Int(st.st_size)
        self.count = size
        self.ownsMemory = false
        if size == 0 {
            self.base = nil
            return
        }
        let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else { throw IRError.io(ModelStorage.errnoText(prefix: "cannot map")) }
        // The loader skips over weight payloads; random access keeps the kernel from reading ahead into them.
        _ = madvise(p, size, Int32(MADV_RANDOM))
        self.base = p
    }

    /// Storage over bytes held in memory (tests, generated models). `directory` resolves external data.
    public init(bytes: [UInt8], path: String = "<memory>", directory: String = ".") {
        self.path = path
        self.directory = directory
        self.count = bytes.count
        self.ownsMemory = !bytes.isEmpty
        if bytes.isEmpty {
            self.base = nil
        } else {
            let p = UnsafeMutableRawPointer.allocate(byteCount: bytes.count, alignment: 16)
            bytes.withUnsafeBytes { p.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
            self.base = p
        }
    }

    deinit {
        guard let base else { return }
        if ownsMemory { base.deallocate() } else { munmap(base, count) }
    }

    /// The whole file.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Bytes of a payload source, copied out.
    public func bytes(_ source: ByteSource) throws -> [UInt8] {
        switch source {
        case .memory(let b): return b
        case .file(let offset, let n):
            guard offset >= 0, n >= 0, offset <= count, n <= count - offset else {
                throw IRError.io("tensor bytes \(offset)..<\(offset + n) lie outside the file (\(count) bytes)")
            }
            return Array(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]))
        }
    }

    // MARK: external data

    /// Resolves an external-data location against the model's folder. A location that is absolute or escapes
    /// the folder (through `..` or a symbolic link) is an error, as is a missing file.
    public func resolveExternal(_ location: String) throws -> String {
        if location.hasPrefix("/") { throw IRError.invalid("external data location '\(location)' is an absolute path") }
        if location.split(separator: "/").contains("..") {
            throw IRError.invalid("external data location '\(location)' escapes the model's folder")
        }
        let candidate = directory + "/" + location
        guard let real = ModelStorage.realPath(candidate) else {
            throw IRError.io("external data file '\(location)' not found")
        }
        guard let realDir = ModelStorage.realPath(directory), real.hasPrefix(realDir == "/" ? "/" : realDir + "/") else {
            throw IRError.invalid("external data location '\(location)' escapes the model's folder")
        }
        return real
    }

    /// Size in bytes of an external data file, after resolving it.
    public func externalFileSize(_ location: String) throws -> Int64 {
        let p = try resolveExternal(location)
        var st = stat()
        guard stat(p, &st) == 0 else { throw IRError.io("external data file '\(location)' not found") }
        return Int64(st.st_size)
    }

    /// Reads an external payload: `length` bytes (or the rest of the file) from `offset`.
    public func externalBytes(_ ext: ExternalData, expected: Int64?) throws -> [UInt8] {
        let p = try resolveExternal(ext.location)
        let fd = open(p, O_RDONLY)
        guard fd >= 0 else { throw IRError.io("cannot open external data file '\(ext.location)'") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw IRError.io("cannot stat external data file '\(ext.location)'") }
        let fileSize = Int64(st.st_size)
        let length = ext.length ?? expected ?? (fileSize - ext.offset)
        guard ext.offset >= 0, length >= 0, ext.offset <= fileSize, length <= fileSize - ext.offset else {
            throw IRError.io("external data '\(ext.location)' range \(ext.offset)+\(length) exceeds its file (\(fileSize) bytes)")
        }
        var out = [UInt8](repeating: 0, count: Int(length))
        var done = 0
        while done < out.count {
            let r = out.withUnsafeMutableBytes { buf in
                pread(fd, buf.baseAddress! + done, buf.count - done, off_t(ext.offset) + off_t(done))
            }
            guard r > 0 else { throw IRError.io("cannot read external data file '\(ext.location)'") }
            done += r
        }
        return out
    }

    // MARK: helpers

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

    static func errnoText(prefix: String) -> String {
        let code = errno
        switch code {
        case ENOENT: return "no such file"
        case EACCES: return "permission denied"
        default: return "\(prefix): \(String(cString: strerror(code)))"
        }
    }
}
