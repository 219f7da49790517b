import XCTest
import F2LM

/// A small deterministic generator for the tests (SplitMix64).
struct TestGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

final class PatchNoiseTests: XCTestCase {
    let batch = 2, channels = 3, size = 16, patch = 4

    func frames() -> [Float] { (0..<(batch * channels * size * size)).map { Float(($0 % 17) + 1) / 20 } }

    /// Pixels outside the chosen patches are untouched, for every mode.
    func assertOnlyChosenPatchesChange(_ mode: PatchNoise.Mode, seed: UInt64) -> (before: [Float], after: [Float], chosen: [Bool]) {
        let noise = PatchNoise(mode: mode, patchSize: patch, noiseRate: 0.4...0.4, dropoutRate: 0.5...0.5)
        let before = frames()
        var after = before
        var g = TestGenerator(state: seed)
        let chosen = noise.apply(to: &after, batch: batch, channels: channels, height: size, width: size, using: &g).chosen
        let cols = size / patch
        for n in 0..<batch { for c in 0..<channels { for y in 0..<size { for x in 0..<size {
            let i = ((n * channels + c) * size + y) * size + x
            if !chosen[(y / patch) * cols + x / patch] { XCTAssertEqual(after[i], before[i], "pixel \(i) outside chosen patches changed") }
        } } } }
        return (before, after, chosen)
    }

    func testChannelIndependentDropsWholeChannelsOfAPatchAndRescalesSurvivors() {
        let (before, after, chosen) = assertOnlyChosenPatchesChange(.channelIndependent, seed: 3)
        XCTAssertTrue(chosen.contains(true))
        var dropped = 0, kept = 0
        let cols = size / patch
        for (p, isChosen) in chosen.enumerated() where isChosen {
            let top = (p / cols) * patch, left = (p % cols) * patch
            for n in 0..<batch { for c in 0..<channels {
                let values = (top..<(top + patch)).flatMap { y in (left..<(left + patch)).map { x in ((n * channels + c) * size + y) * size + x } }
                if values.allSatisfy({ after[$0] == 0 }) { dropped += 1 }
                else {
                    kept += 1
                    for i in values { XCTAssertEqual(after[i], before[i] * 2, accuracy: 1e-6) } // 1 / (1 − 0.5)
                }
            } }
        }
        XCTAssertGreaterThan(dropped, 0); XCTAssertGreaterThan(kept, 0)
    }

    func testChannelDependentMaskIsSharedByChannelsWithoutRescaling() {
        let (before, after, chosen) = assertOnlyChosenPatchesChange(.channelDependent, seed: 11)
        XCTAssertTrue(chosen.contains(true))
        var zeroed = 0
        for n in 0..<batch { for y in 0..<size { for x in 0..<size {
            let idx = (0..<channels).map { c in ((n * channels + c) * size + y) * size + x }
            let zeros = idx.filter { after[$0] == 0 }.count
            XCTAssertTrue(zeros == 0 || zeros == channels, "mask not shared by channels at (\(n),\(y),\(x))")
            if zeros == 0 { for i in idx { XCTAssertEqual(after[i], before[i]) } } else { zeroed += 1 }
        } } }
        XCTAssertGreaterThan(zeroed, 0)
    }

    func testNoneChangesNothing() {
        let (before, after, chosen) = assertOnlyChosenPatchesChange(.none, seed: 5)
        XCTAssertEqual(before, after)
        XCTAssertFalse(chosen.contains(true))
    }

    func testPatchDifficultyIsZeroForPerfectPatchesAndSaturatesForBadOnes() {
        let h = 8, w = 8
        let target = (0..<(h * w)).map { Float(($0 * 13) % 29) / 14.5 - 1 }
        var noised = target
        for y in 0..<4 { for x in 4..<8 { noised[y * w + x] = -target[y * w + x] } } // top-right patch inverted
        // The earlier [0, 1] range: an inverted patch is dissimilar. (On the authors' [−1, 1] range an inverted
        // patch with a dark mean multiplies two negative SSIM terms and scores as fairly similar: see below.)
        let weights = PatchDifficulty(patchSize: 4, lambda: 4, range: .unit).weights(
            noised: noised, target: target, batch: 1, channels: 1, height: h, width: w)
        XCTAssertEqual(weights.count, 4)
        XCTAssertEqual(weights[0], 0, accuracy: 1e-6)
        XCTAssertEqual(weights[1], 1, accuracy: 1e-6)
        XCTAssertEqual(weights[2], 0, accuracy: 1e-6)
        let authors = PatchDifficulty(patchSize: 4, lambda: 4, range: .authors).weights(
            noised: noised, target: target, batch: 1, channels: 1, height: h, width: w)
        XCTAssertEqual(authors[0], 0, accuracy: 1e-6)
        XCTAssertLessThan(authors[1], 0.5)
        // λ scales the dissimilarity before the clamp at 1.
        var mild = target
        for i in 0..<4 { mild[i] += 0.05 }
        let w1 = PatchDifficulty(patchSize: 4, lambda: 1, range: .unit).weights(noised: mild, target: target, batch: 1, channels: 1, height: h, width: w)
        let w3 = PatchDifficulty(patchSize: 4, lambda: 3, range: .unit).weights(noised: mild, target: target, batch: 1, channels: 1, height: h, width: w)
        XCTAssertGreaterThan(w1[0], 0)
        XCTAssertEqual(w3[0], min(3 * w1[0], 1), accuracy: 1e-5)
    }
}
