import Foundation
import Testing
@testable import CutlineCost

@Suite struct DeviceProfileTests {
    @Test(arguments: DeviceProfiles.bundledNames)
    func bundledProfilesLoadAndCiteEveryFigure(name: String) throws {
        let p = try DeviceProfiles.bundled(name)
        #expect(p.name == name)
        #expect(DeviceProfiles.validate(p) == nil)
        var figures = [p.cpu.peakGflops, p.cpu.efficiency, p.cpu.memoryBandwidthGBs, p.coreml.partitionRoundTripUs,
                       p.coreml.perOpDispatchUs, p.coreml.compileMsPerPartition, p.coreml.copyBandwidthGBs]
        for u in [p.gpu, p.neuralEngine].compactMap({ $0 }) { figures += [u.peakGflops, u.efficiency, u.memoryBandwidthGBs] }
        for f in figures { #expect(f.source.count > 10, "figure \(f.value) of \(name) has no real source") }
        // The EP overheads are the ORT PR #28293 figures (midpoints of 50–100 µs and 10–14 µs).
        #expect(p.coreml.partitionRoundTripUs.source.contains("#28293"))
        #expect(p.coreml.perOpDispatchUs.source.contains("#28293"))
    }

    @Test func unknownDeviceListsTheKnownOnes() {
        #expect(throws: CostError.unknownDevice(name: "m9", known: DeviceProfiles.bundledNames)) {
            try DeviceProfiles.bundled("m9")
        }
    }

    @Test func userFileErrorsNameTheFileAndField() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cutline-cost-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = try DeviceProfiles.bundled("m1")

        func write(_ name: String, _ text: String) throws -> String {
            let url = dir.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            return url.path
        }
        func message(_ path: String) -> String {
            do { _ = try DeviceProfiles.load(path: path); return "" } catch { return error.description }
        }
        let notJSON = try write("broken.json", "{ not json")
        #expect(message(notJSON).hasPrefix("\(notJSON): invalid device profile: not valid JSON"))

        let missing = try write("missing.json", #"{"name": "x", "description": ""}"#)
        #expect(message(missing).contains("\(missing):") && message(missing).contains("missing field 'cpu'"))

        var negative = good
        negative.cpu.memoryBandwidthGBs.value = -5
        let neg = try write("negative.json", String(decoding: DeviceProfiles.encode(negative), as: UTF8.self))
        #expect(message(neg).contains("\(neg):") && message(neg).contains("'cpu.memoryBandwidthGBs.value' must be a positive number"))

        var unsourced = good
        unsourced.coreml.perOpDispatchUs.source = " "
        let uns = try write("unsourced.json", String(decoding: DeviceProfiles.encode(unsourced), as: UTF8.self))
        #expect(message(uns).contains("'coreml.perOpDispatchUs.source' is empty"))

        let ok = try write("ok.json", String(decoding: DeviceProfiles.encode(good), as: UTF8.self))
        #expect(try DeviceProfiles.load(path: ok) == good)
        #expect(message(dir.appendingPathComponent("absent.json").path).contains("cannot read the file"))
    }
}
