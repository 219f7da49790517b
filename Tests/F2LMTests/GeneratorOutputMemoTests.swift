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

    /// The scoring outputs of `memo` against the generator's own forward pass and `perSampleTriplets`.
    func assertBitIdentical(_ memo: GeneratorOutputMemo, _ net: F2LMGenerator, _ x: ModelInputs, _ message: String,
                            line: UInt = #line) {
        let expected = direct(net, x)
        let triplets = net.perSampleTriplets(expected, margin: 0.2)
        let got = memo.scoringOutputs(of: net, digest: GeneratorOutputMemo.digest(of: net), inputs: x, margin: 0.2)
        let pairs: [(Tensor?, Tensor?)] = [(got.prediction, expected.prediction), (got.labelTriplet, triplets.label),
                                          (got.motionTriplet, triplets.motion)]
        XCTAssertNotNil(triplets.label, line: line)
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
        assertBitIdentical(memo, first, x, "miss")
        XCTAssertEqual(memo.statistics.hits, 0)
        XCTAssertEqual(GeneratorOutputMemo.digest(of: twin), GeneratorOutputMemo.digest(of: first))
        assertBitIdentical(memo, twin, inputs(seed: 10), "hit")
        XCTAssertEqual(memo.statistics.hits, 1)
        // The prediction alone is its own entry, equal to the forward pass's.
        let prediction = memo.prediction(of: twin, digest: GeneratorOutputMemo.digest(of: twin), inputs: x)
        XCTAssertEqual(prediction.scalars.map(\.bitPattern), direct(first, x).prediction.scalars.map(\.bitPattern))
        XCTAssertEqual(memo.statistics.misses, 2)
        _ = memo.scoringOutputs(of: first, digest: GeneratorOutputMemo.digest(of: first), inputs: x, margin: 0.3)
        XCTAssertEqual(memo.statistics.misses, 3, "another margin")

        _ = memo.prediction(of: first, digest: GeneratorOutputMemo.digest(of: first), inputs: inputs(seed: 11))
        XCTAssertEqual(memo.statistics.misses, 4, "other inputs")
        assertBitIdentical(memo, generator(seed: 2), x, "other weights")
        XCTAssertEqual(memo.statistics.misses, 5)
        // One running-variance element changed: a different generator in evaluation mode.
        let edited = generator(seed: 1)
        let buffer = edited.frameEncoder.inc.bn1.runningVariance
        buffer.storage.pointer[0] += 0.5
        XCTAssertNotEqual(GeneratorOutputMemo.digest(of: edited), GeneratorOutputMemo.digest(of: first))
        assertBitIdentical(memo, edited, x, "edited buffer")
        XCTAssertEqual(memo.statistics.misses, 6)
    }

    /// Threads asking for the same batch at once compute it once; every one gets the forward pass's values.
    func testConcurrentLookUpsOfOneBatchComputeItOnce() {
        let memo = GeneratorOutputMemo(capacityBytes: 64 << 20)
        nonisolated(unsafe) let nets = (0..<4).map { _ in generator(seed: 5) }
        nonisolated(unsafe) let x = inputs(seed: 30)
        let expected = direct(nets[0], x).prediction.scalars.map(\.bitPattern)
        let results = Collected()
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            let net = nets[index]
            let p = memo.prediction(of: net, digest: GeneratorOutputMemo.digest(of: net), inputs: x)
            results.append(p.scalars.map(\.bitPattern))
        }
        XCTAssertEqual(results.values.count, 4)
        XCTAssertTrue(results.values.allSatisfy { $0 == expected })
        XCTAssertEqual(memo.statistics.misses, 1)
        XCTAssertEqual(memo.statistics.hits, 3)
    }

    /// Beyond its capacity the memo drops the least recently used entries, and never holds more than it allows.
    func testLeastRecentlyUsedEntriesAreDroppedBeyondCapacity() {
        let net = generator(seed: 3)
        let digest = GeneratorOutputMemo.digest(of: net)
        let probe = GeneratorOutputMemo(capacityBytes: 64 << 20)
        _ = probe.prediction(of: net, digest: digest, inputs: inputs(seed: 20))
        let entryBytes = probe.storedBytes
        XCTAssertGreaterThan(entryBytes, 0)

        let memo = GeneratorOutputMemo(capacityBytes: 2 * entryBytes)
        _ = memo.prediction(of: net, digest: digest, inputs: inputs(seed: 20))
        _ = memo.prediction(of: net, digest: digest, inputs: inputs(seed: 21))
        _ = memo.prediction(of: net, digest: digest, inputs: inputs(seed: 20))  // 20 is now the most recent
        _ = memo.prediction(of: net, digest: digest, inputs: inputs(seed: 22))  // drops 21
        XCTAssertEqual(memo.storedBytes, 2 * entryBytes)
        XCTAssertEqual(memo.statistics.hits, 1)
        _ = memo.prediction(of: net, digest: digest, inputs: inputs(seed: 20))
        XCTAssertEqual(memo.statistics.hits, 2, "the recently used entry stayed")
        _ = memo.prediction(of: net, digest: digest, inputs: inputs(seed: 21))
        XCTAssertEqual(memo.statistics.hits, 2, "the least recently used entry was dropped")
    }

    /// Looked up by a digest that stands for the inputs (what the stages pass: `ClipSampler.inputsDigest`), the
    /// inputs are built only on a miss, and both the miss and the hit are the forward pass bit for bit.
    func testALookUpByInputsDigestBuildsTheInputsOnlyOnAMiss() {
        let memo = GeneratorOutputMemo(capacityBytes: 64 << 20)
        let net = generator(seed: 4), digest = GeneratorOutputMemo.digest(of: net)
        let x = inputs(seed: 30), key = GeneratorOutputMemo.digest(of: inputs(seed: 31))
        let expected = direct(net, x), triplets = net.perSampleTriplets(expected, margin: 0.2)
        var built = 0
        for _ in 0..<2 {
            let got = memo.scoringOutputs(of: net, digest: digest, inputsDigest: key, inputs: { built += 1; return x },
                                          margin: 0.2)
            XCTAssertEqual(got.prediction.scalars.map(\.bitPattern), expected.prediction.scalars.map(\.bitPattern))
            XCTAssertEqual(got.labelTriplet?.scalars.map(\.bitPattern), triplets.label?.scalars.map(\.bitPattern))
            XCTAssertEqual(got.motionTriplet?.scalars.map(\.bitPattern), triplets.motion?.scalars.map(\.bitPattern))
        }
        XCTAssertEqual(built, 1)
        for _ in 0..<2 {
            let got = memo.prediction(of: net, digest: digest, inputsDigest: key, inputs: { built += 1; return x })
            XCTAssertEqual(got.scalars.map(\.bitPattern), expected.prediction.scalars.map(\.bitPattern))
        }
        XCTAssertEqual(built, 2, "the prediction alone is its own entry")
        XCTAssertEqual(memo.statistics.hits, 2)
    }
}

/// Values appended from several threads.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [[UInt32]] = []
    func append(_ value: [UInt32]) { lock.withLock { stored.append(value) } }
    var values: [[UInt32]] { lock.withLock { stored } }
}
