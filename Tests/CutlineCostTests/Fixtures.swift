@testable import CutlineCost

enum Fixtures {
    /// The default bundled profile; tests that depend on its numbers read them from the profile, never restate them.
    static var profile: DeviceProfile {
        (try? DeviceProfiles.bundled(DeviceProfiles.defaultName)) ?? fallback
    }

    /// Used only if the bundle cannot be read, so that test fails in DeviceProfileTests instead of crashing here.
    static let fallback = DeviceProfile(
        name: "fallback", description: "",
        cpu: ComputeUnit(peakGflops: Figure(100, source: "test"), efficiency: Figure(1, source: "test"),
                         memoryBandwidthGBs: Figure(10, source: "test"), perNodeOverheadUs: Figure(1, source: "test")),
        coreml: EPOverheads(partitionRoundTripUs: Figure(75, source: "test"), perOpDispatchUs: Figure(12, source: "test"),
                            compileMsPerPartition: Figure(50, source: "test"), copyBandwidthGBs: Figure(18, source: "test")))
}
