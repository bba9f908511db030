import Foundation
import Testing

/// Outputs are written atomically (temporary file beside the target, then rename) and the input model is
/// never written: not through `-o` pointing at it, not through another spelling of its path.
@Suite("Write safety") struct WriteSafetyTests {
    struct FileState: Equatable {
        var bytes: Data
        var inode: UInt64
        var modified: Date

        init(_ path: String) throws {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
            modified = attributes[.modificationDate] as? Date ?? .distantPast
        }
    }

    /// A copy of a small real model in a fresh folder.
    static func modelCopy(_ scratch: Scratch) throws -> String {
        let source = CLIRunner.repoRoot.appendingPathComponent("fixtures/graphs/coreml-small-cnn-op13.onnx")
        return try scratch.write("model.onnx", [UInt8](Data(contentsOf: source)))
    }

    /// Other spellings of the same file: relative with `..`, through a symlink, through a hard link.
    static func aliases(of model: String, in scratch: Scratch) throws -> [String] {
        let dir = scratch.dir.path
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.onnx", withDestinationPath: model)
        try FileManager.default.linkItem(atPath: model, toPath: dir + "/hard.onnx")
        return [model, dir + "/sub/../model.onnx", dir + "/link.onnx", dir + "/hard.onnx"]
    }

    /// The path itself, `sub/../model.onnx`, and a symlink are refused. A hard link is another directory entry:
    /// the rename replaces that entry and the model keeps its bytes, so either answer is safe there.
    @Test("roundtrip refuses to write over its input", arguments: [0, 1, 2, 3])
    func roundtripOverInput(alias: Int) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let model = try Self.modelCopy(scratch)
        let target = try Self.aliases(of: model, in: scratch)[alias]
        let before = try FileState(model)
        let r = try CLIRunner.run(["roundtrip", model, "-o", target])
        #expect(!r.crashed)
        if alias < 3 {
            #expect(r.status == 2, "exit \(r.status): \(r.stderr)")
            #expect(r.stderr.contains("refusing to overwrite"), "\(r.stderr)")
        }
        #expect(try FileState(model) == before, "the input changed")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.dir.path).allSatisfy { !$0.hasPrefix(".") },
                "a temporary file was left behind")
    }

    /// Reports written with `-o` onto the model itself must be refused and leave the model untouched.
    /// Through a symlink or hard link the rename replaces only that entry, so the model survives there.
    /// `OutputFile.write` compares its target with the inputs by device and inode and refuses.
    @Test("report commands refuse to write over their input", arguments: ["inspect", "analyze"], [0, 1, 2, 3])
    func reportOverInput(command: String, alias: Int) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let model = try Self.modelCopy(scratch)
        let target = try Self.aliases(of: model, in: scratch)[alias]
        let before = try FileState(model)
        let r = try CLIRunner.run([command, model, "-o", target])
        #expect(!r.crashed)
        if alias >= 2 {
            #expect(try FileState(model) == before, "\(command) -o \(target) changed the model (exit \(r.status))")
            return
        }
        let after = try FileState(model)
        #expect(after == before, "\(command) -o \(target) changed the model (exit \(r.status))")
        #expect(r.status == 2, "\(command) -o \(target): exit \(r.status), expected a refusal")
        #expect(r.stderr.contains("refusing to write over the input model"), "\(r.stderr)")
    }

    /// Reading never writes: every command leaves the input's bytes, inode and modification time alone.
    @Test("commands leave their input untouched", arguments: Command.allCases)
    func inputUntouched(command: Command) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let model = try Self.modelCopy(scratch)
        let before = try FileState(model)
        let out = scratch.outDir.appendingPathComponent("out").path
        let r = try CLIRunner.run(command.arguments(model: model, output: out))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileState(model) == before)
    }

    /// An existing output is replaced by rename, not rewritten in place: its inode changes, and no
    /// temporary file is left beside it.
    @Test("an existing output is replaced atomically", arguments: Command.allCases)
    func replacedByRename(command: Command) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let model = try Self.modelCopy(scratch)
        let out = scratch.outDir.appendingPathComponent("out").path
        try Data("old contents\n".utf8).write(to: URL(fileURLWithPath: out))
        let before = try FileState(out)
        let r = try CLIRunner.run(command.arguments(model: model, output: out))
        #expect(r.status == 0, "\(r.stderr)")
        let after = try FileState(out)
        #expect(after.inode != before.inode, "the output was rewritten in place")
        #expect(after.bytes != before.bytes)
        let left = try scratch.outputs()
        #expect(left == ["out"], "left behind: \(left)")
    }

    /// A write that cannot complete (the target is a folder, or its folder is missing) fails with one line
    /// and leaves nothing behind.
    @Test("a failed write leaves no partial file", arguments: Command.allCases)
    func failedWrite(command: Command) throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let model = try Self.modelCopy(scratch)
        let folderTarget = scratch.outDir.appendingPathComponent("a-folder").path
        try FileManager.default.createDirectory(atPath: folderTarget, withIntermediateDirectories: false)
        for target in [folderTarget, scratch.outDir.appendingPathComponent("missing/out").path] {
            let r = try CLIRunner.run(command.arguments(model: model, output: target))
            #expect(!r.crashed)
            #expect(r.status == 2, "\(command) -o \(target): exit \(r.status)")
            #expect(r.stderrLines.count == 1, "\(r.stderr)")
            let left = try scratch.outputs()
            #expect(left == ["a-folder"], "left behind: \(left)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folderTarget).isEmpty)
        }
    }
}
