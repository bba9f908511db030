#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes report files atomically: a temporary file in the destination folder, then rename. A failed write
/// leaves no partial file behind.
public enum OutputFile {
    public static func write(_ text: String, to path: String, protecting inputs: [String] = []) throws(CutlineError) {
        try write(Array(text.utf8), to: path, protecting: inputs)
    }

    /// Writes `bytes` to `path`, refusing when `path` is one of `inputs` (the same file, by device and inode).
    public static func write(_ bytes: [UInt8], to path: String, protecting inputs: [String] = []) throws(CutlineError) {
        if let target = fileIdentity(path) {
            for input in inputs where fileIdentity(input) == target {
                throw CutlineError(path: path, problem: "refusing to write over the input model '\(input)'")
            }
        }
        let dir: String = {
            guard let slash = path.lastIndex(of: "/") else { return "." }
            let d = String(path[..<slash])
            return d.isEmpty ? "/" : d
        }()
        var template = Array("\(dir)/.cutline-tmp-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw CutlineError(path: path, problem: "cannot create a file in \(dir): \(String(cString: strerror(errno)))") }
        let tmp = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var ok = true
        var written = 0
        bytes.withUnsafeBytes { buf in
            while written < buf.count {
                let r = sysWrite(fd, buf.baseAddress! + written, buf.count - written)
                if r <= 0 { ok = false; break }
                written += r
            }
        }
        if ok && fsync(fd) != 0 { ok = false }
        fchmod(fd, 0o644)
        close(fd)
        guard ok, rename(tmp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw CutlineError(path: path, problem: "cannot write: \(reason)")
        }
    }
}

private func sysWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(fd, p, n)
    #else
    Darwin.write(fd, p, n)
    #endif
}

/// Device and inode of an existing file (following links), nil when it does not exist.
private func fileIdentity(_ path: String) -> [UInt64]? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return [UInt64(st.st_dev), UInt64(st.st_ino)]
}
