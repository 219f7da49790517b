import XCTest
import F2LM
import NN
import TensorCore

final class GeneratorOutputMemoTests: XCTestCase {
    let shape = GeneratorInputShape(channels: 3, classCount: 6, history: 4)

    func generator(seed: UInt64) -> F2LMGenerator {
        var g = RandomGenerator(seed: seed)
        let model = ModelConfig(architecture: .f2lm, width: 4, encoders: [.frame, .label, .motion], ftc: true,
                                fusion: .concatSE, alpha: 0.2, seReduction: 8)
        let net = F2LMGenerator(model: model, inputShape: shape, generator: &g)
        net.eval()
        net.freeze()
        return net
    }

    func inputs(seed: UInt64, batch: Int = 2, size: Int = 16) -> ModelInputs {
        var g = RandomGenerator(seed: seed)
        return ModelInputs(
            frames: Tensor.randomUniform([batch, shape.frameChannels, size, size], lowerBound: -1, upperBound: 1, generator: &g),
            labels: Tensor.randomUniform([batch, shape.labelChannels, size, size], generator: &g),
            flow: Tensor.randomNormal([batch, shape.flowChannels, size, size], generator: &g),
            target: Tensor.randomUniform([batch, shape.channels, size, size], lowerBound: -1, upperBound: 1, generator: &g))
    }

    func direct(_ net: F2LMGenerator, _ x: ModelInputs) -> GeneratorOutput {
        Tensor.withoutGrad { net(frames: x.frames, labels: x.labels, flow: x.flow) }
    }

    func assertBitIdentical(_ a: GeneratorOutput, _ b: GeneratorOutput, _ message: String, line: UInt = #line) {
        let pairs: [(Tensor?, Tensor?)] = [(a.prediction, b.prediction), (a.frameFeature, b.frameFeature),
                                          (a.labelFeature, b.labelFeature), (a.motionFeature, b.motionFeature),
                                          (a.convertedLabelFeature, b.convertedLabelFeature),
                                          (a.convertedMotionFeature, b.convertedMotionFeature)]
        for (index, (x, y)) in pairs.enumerated() {
            XCTAssertEqual(x?.shape, y?.shape, "\(message): output \(index)", line: line)
            XCTAssertEqual(x?.scalars.map(\.bitPattern), y?.scalars.map(\.bitPattern), "\(message): output \(index)", line: line)
        }
    }

    /// A second generator object loaded with the same weights hits the entry the first one made, and the hit is
    /// bit-identical to running the network; other inputs, other weights or other BatchNorm buffers miss.
    func testSameWeightsAndInputsHitAndReturnExactlyTheForwardPass() {
        let memo = GeneratorOutputMemo(capacityBytes: 64 << 20)
        let first = generator(seed: 1), twin = generator(seed: 1)
        let x = inputs(seed: 10)
        let expected = direct(first, x)
        assertBitIdentical(memo.output(of: first, digest: GeneratorOutputMemo.digest(of: first), inputs: x), expected, "miss")
        XCTAssertEqual(memo.statistics.hits, 0)
        XCTAssertEqual(GeneratorOutputMemo.digest(of: twin), GeneratorOutputMemo.digest(of: first))
        assertBitIdentical(memo.output(of: twin, digest: GeneratorOutputMemo.digest(of: twin), inputs: inputs(seed: 10)),
                           expected, "hit")
        XCTAssertEqual(memo.statistics.hits, 1)

        _ = memo.output(of: first, digest: GeneratorOutputMemo.digest(of: first), inputs: inputs(seed: 11))
        XCTAssertEqual(memo.statistics.misses, 2, "other inputs")
        let other = generator(seed: 2)
        assertBitIdentical(memo.output(of: other, digest: GeneratorOutputMemo.digest(of: other), inputs: x),
                           direct(other, x), "other weights")
        XCTAssertEqual(memo.statistics.misses, 3)
        // One running-variance element changed: a different generator in evaluation mode.
        let edited = generator(seed: 1)
        let buffer = edited.frameEncoder.inc.bn1.runningVariance
        buffer.storage.pointer[0] += 0.5
        XCTAssertNotEqual(GeneratorOutputMemo.digest(of: edited), GeneratorOutputMemo.digest(of: first))
        assertBitIdentical(memo.output(of: edited, digest: GeneratorOutputMemo.digest(of: edited), inputs: x),
                           direct(edited, x), "edited buffer")
        XCTAssertEqual(memo.statistics.misses, 4)
    }

    /// Beyond its capacity the memo drops the least recently used entries, and never holds more than it allows.
    func testLeastRecentlyUsedEntriesAreDroppedBeyondCapacity() {
        let net = generator(seed: 3)
        let digest = GeneratorOutputMemo.digest(of: net)
        let probe = GeneratorOutputMemo(capacityBytes: 64 << 20)
        _ = probe.output(of: net, digest: digest, inputs: inputs(seed: 20))
        let entryBytes = probe.storedBytes
        XCTAssertGreaterThan(entryBytes, 0)

        let memo = GeneratorOutputMemo(capacityBytes: 2 * entryBytes)
        _ = memo.output(of: net, digest: digest, inputs: inputs(seed: 20))
        _ = memo.output(of: net, digest: digest, inputs: inputs(seed: 21))
        _ = memo.output(of: net, digest: digest, inputs: inputs(seed: 20))  // 20 is now the most recent
        _ = memo.output(of: net, digest: digest, inputs: inputs(seed: 22))  // drops 21
        XCTAssertEqual(memo.storedBytes, 2 * entryBytes)
        XCTAssertEqual(memo.statistics.hits, 1)
        _ = memo.output(of: net, digest: digest, inputs: inputs(seed: 20))
        XCTAssertEqual(memo.statistics.hits, 2, "the recently used entry stayed")
        _ = memo.output(of: net, digest: digest, inputs: inputs(seed: 21))
        XCTAssertEqual(memo.statistics.hits, 2, "the least recently used entry was dropped")
    }
}
