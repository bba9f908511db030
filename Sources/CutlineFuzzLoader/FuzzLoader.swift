import CutlineIR
import CutlineONNX

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One fuzz input: bytes → loader → verifier → writer → loader again. Any Swift trap, sanitizer report or
/// leak is a finding; thrown `ONNXError`s are the expected outcome for malformed bytes.
func fuzzLoaderOnce(_ bytes: [UInt8]) {
    // External data is resolved against an empty folder so an input can never read files of the host.
    let model: Model
    do {
        model = try ONNXLoader.load(bytes: bytes, path: "fuzz.onnx", directory: FuzzSandbox.directory)
    } catch {
        return
    }
    // The loader already verified the graph; a failure here means the loader built an inconsistent IR.
    if let first = Verifier.failures(model.graph).first {
        FuzzSandbox.fail("loader accepted a graph the verifier rejects: \(first)")
    }
    let written: [UInt8]
    do {
        written = try ONNXWriter.serialize(model)
    } catch {
        // Refusals (e.g. a model whose external data cannot be read) are allowed; crashes are not.
        return
    }
    do {
        let again = try ONNXLoader.load(bytes: written, path: "fuzz-rewritten.onnx", directory: FuzzSandbox.directory)
        if again.graph.liveNodeIDs.count != model.graph.liveNodeIDs.count {
            FuzzSandbox.fail("node count changed in a write/read round trip: \(model.graph.liveNodeIDs.count) → \(again.graph.liveNodeIDs.count)")
        }
    } catch {
        FuzzSandbox.fail("the writer produced bytes the loader rejects: \(error)")
    }
}

/// An empty folder that external-data lookups resolve against.
enum FuzzSandbox {
    static let directory: String = {
        var template = Array("/tmp/cutline-fuzz-XXXXXX".utf8CString)
        let made: String? = template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, let result = mkdtemp(base) else { return nil }
            return String(cString: result)
        }
        return made ?? "/nonexistent-cutline-fuzz"
    }()

    static func printError(_ message: String) {
        var line = message + "\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }

    static func fail(_ message: String) -> Never {
        printError("cutline-fuzz: \(message)")
        abort()
    }
}

#if CUTLINE_FUZZ
/// libFuzzer's entry for a program that owns `main`. SwiftPM renames an executable's `main` on Linux, so the
/// usual libFuzzer `main` cannot be used; instead `@main` below hands control to the driver. Declared here
/// because libFuzzer ships no module map; all arguments are pointers, passed the same way by Swift and C.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The callback libFuzzer's own `main` looks for (linked in by lld), and the one `@main` passes to the driver.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    fuzzLoaderOnce(bytes)
    return 0
}

@main
enum FuzzLoaderMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzTestOneInput(data, size) }
        exit(status)
    }
}
#else
/// Without libFuzzer the target replays inputs given as file arguments (crash reproduction).
@main
enum FuzzLoaderReplay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let f = fopen(path, "rb") else { FuzzSandbox.printError("cannot open \(path)"); exit(1) }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = fread(&chunk, 1, chunk.count, f)
                if n <= 0 { break }
                bytes.append(contentsOf: chunk[0..<n])
            }
            fclose(f)
            fuzzLoaderOnce(bytes)
            print("ok \(path)")
        }
    }
}
#endif
