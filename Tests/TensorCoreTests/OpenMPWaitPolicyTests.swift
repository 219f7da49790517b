import TensorCore
import XCTest

/// What `OpenMPWaitPolicy.ensurePassive` sets before re-executing: the passive policy with a short spin when the
/// caller chose no policy, nothing of the caller's own choice overridden.
final class OpenMPWaitPolicyTests: XCTestCase {
    func variables(_ environment: [String: String], portable: Bool = false) -> [String: String] {
        let missing = OpenMPWaitPolicy.missingVariables(environment: environment, portableNumerics: portable)
        XCTAssertEqual(Set(missing.map(\.0)).count, missing.count, "each variable once")
        return Dictionary(uniqueKeysWithValues: missing)
    }

    func testNoPolicyGetsPassiveWithAShortSpin() {
        XCTAssertEqual(variables(["PATH": "/usr/bin"]), ["OMP_WAIT_POLICY": "PASSIVE", "GOMP_SPINCOUNT": "30000"])
    }

    func testTheCallersChoicesAreKept() {
        // A spin count of the caller's own stays; a policy of the caller's own means nothing is set (no re-exec).
        XCTAssertEqual(variables(["GOMP_SPINCOUNT": "0"]), ["OMP_WAIT_POLICY": "PASSIVE"])
        XCTAssertEqual(variables(["OMP_WAIT_POLICY": "ACTIVE"]), [:])
        XCTAssertEqual(variables(["OMP_WAIT_POLICY": "PASSIVE", "GOMP_SPINCOUNT": "30000"]), [:])
    }

    func testPortableNumericsAddsOnlyWhatDiffers() {
        let policy = ["OMP_WAIT_POLICY": "PASSIVE", "GOMP_SPINCOUNT": "30000"]
        XCTAssertEqual(variables(policy, portable: true), PortableNumerics.environment)
        var done = policy
        done.merge(PortableNumerics.environment) { $1 }
        XCTAssertEqual(variables(done, portable: true), [:], "after the re-exec nothing is missing: no second re-exec")
        done["ONEDNN_MAX_CPU_ISA"] = "AVX512_CORE"
        XCTAssertEqual(variables(done, portable: true), ["ONEDNN_MAX_CPU_ISA": "AVX2"])
    }
}
