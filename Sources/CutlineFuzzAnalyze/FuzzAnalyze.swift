import Cutline
import CutlineIR
import CutlineONNX

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One fuzz input through the whole analysis: load → optimize → infer shapes → coverage → partition →
/// report, for every built-in EP and both rule modes. Thrown errors are expected for malformed bytes;
/// traps, sanitizer reports and hangs are findings.
func fuzzAnalyzeOnce(_ bytes: [UInt8]) {
    var model: Model
    do {
        model = try ONNXLoader.load(bytes: bytes, path: "fuzz.onnx", directory: FuzzSandbox.directory)
    } catch {
        return
    }
    let options = AnalyzeOptions(eps: ["coreml-neuralnetwork", "coreml-mlprogram", "nnapi"])
    let prepared: PreparedModel
    do {
        prepared = try Analyzer.prepare(model: &model, path: "fuzz.onnx", options: options)
    } catch {
        return
    }
    // The optimizer and shape inference rewrite the graph; whatever they leave must still be a valid IR.
    if let first = Verifier.failures(prepared.model.graph).first {
        FuzzSandbox.fail("the prepared graph breaks an IR invariant: \(first)")
    }
    for ep in options.effectiveEPs {
        guard let analysis = try? Analyzer.analyze(prepared, ep: ep, options: options) else { continue }
        if analysis.verdicts.count != prepared.model.graph.nodes.count {
            FuzzSandbox.fail("\(ep): \(analysis.verdicts.count) verdicts for \(prepared.model.graph.nodes.count) node slots")
        }
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
/// libFuzzer's entry for a program that owns `main` (see scripts/fuzz/build.sh for why both exist).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    fuzzAnalyzeOnce(bytes)
    return 0
}

@main
enum FuzzAnalyzeMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzTestOneInput(data, size) })
    }
}
#else
/// Without libFuzzer the target replays inputs given as file arguments (crash reproduction).
@main
enum FuzzAnalyzeReplay {
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
            fuzzAnalyzeOnce(bytes)
            print("ok \(path)")
        }
    }
}
#endif
