import XCTest
@testable import F2LM

/// The Destroyer trainer's logged diagnostics: mean diff_p over the patches the noise left unchanged and over the
/// noised ones.
final class DestroyerDiagnosticsTests: XCTestCase {
    func testDifficultyIsSplitByWhetherThePatchWasNoised() {
        // One sample, two channels, 4 × 4, patches of 2: four patches with diff_p 0.1, 0.9, 0.5, 0.3.
        let clean = [Float](repeating: 0.25, count: 2 * 16)
        var noised = clean
        noised[16 + 1 * 4 + 3] = 0.5   // channel 1, row 1, column 3: patch (0, 1)
        noised[3 * 4 + 2] = -1         // channel 0, row 3, column 2: patch (1, 1)
        let split = DestroyerTrainer.difficultyByNoise([0.1, 0.9, 0.5, 0.3], clean: clean, noised: noised, batch: 1,
                                                       channels: 2, height: 4, width: 4, patchSize: 2)
        XCTAssertEqual(split.cleanFraction, 0.5)
        XCTAssertEqual(split.clean, (0.1 + 0.5) / 2, accuracy: 1e-7)
        XCTAssertEqual(split.noised, (0.9 + 0.3) / 2, accuracy: 1e-7)
        let none = DestroyerTrainer.difficultyByNoise([0.1, 0.9, 0.5, 0.3], clean: clean, noised: clean, batch: 1,
                                                      channels: 2, height: 4, width: 4, patchSize: 2)
        XCTAssertEqual(none.cleanFraction, 1)
        XCTAssertEqual(none.noised, 0)
    }
}
