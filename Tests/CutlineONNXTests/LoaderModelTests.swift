import CutlineIR
@testable import CutlineONNX
import XCTest

final class LoaderModelTests: XCTestCase {
    func testLoadsEveryBundledModel() throws {
        let files = TestSupport.onnxFiles(in: ["models", "fixtures/graphs", "fixtures/thirdparty"])
        XCTAssertFalse(files.isEmpty)
        for f in files {
            do {
                let m = try ONNXLoader.load(path: f)
                XCTAssertGreaterThan(m.graph.liveNodeCount, 0, f)
                try Verifier.verify(m.graph)
            } catch {
                XCTFail("\(error)")
            }
        }
    }
}
