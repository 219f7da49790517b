import Foundation
import XCTest
import NN
import TensorCore
import TestSupport

final class TrainingTests: XCTestCase {
    /// A tiny U-Net fits one batch: the MSE falls at least 10× within 300 AdamW steps.
    func testTinyUNetOverfitsOneBatch() {
        var g = RandomGenerator(seed: 7)
        let net = UNet(inputChannels: 2, width: 4, outputChannels: 1, generator: &g)
        let x = Tensor.randomUniform([2, 2, 16, 16], lowerBound: -1, upperBound: 1, generator: &g)
        let target = (x.sliced(channels: 0..<1) * 0.5 + x.sliced(channels: 1..<2) * 0.3).detached()
        let opt = AdamW(module: net, learningRate: 1e-2, weightDecay: 0)
        var first: Float = 0, last: Float = 0
        for step in 0..<300 {
            opt.zeroGrad()
            let loss = Losses.meanSquaredError(net(x), target)
            if step == 0 { first = loss.item }
            last = loss.item
            loss.backward()
            opt.step()
        }
        XCTAssertLessThan(last, first / 10, "loss went from \(first) to \(last)")
    }

    /// Live tensor memory does not grow from one training step to the next.
    func testMemoryDoesNotGrowStepToStep() {
        var g = RandomGenerator(seed: 8)
        let net = UNet(inputChannels: 1, width: 4, outputChannels: 1, generator: &g)
        let x = Tensor.randomNormal([2, 1, 16, 16], generator: &g)
        let opt = AdamW(module: net)
        func step() { opt.zeroGrad(); net(x).square().mean().backward(); opt.step() }
        step(); step()
        let baseline = MemoryStatistics.liveBytes
        for _ in 0..<3 { step() }
        XCTAssertEqual(MemoryStatistics.liveBytes, baseline)
    }

    /// Two models trained at the same time on two threads give exactly the results of training them one after
    /// the other (no shared mutable state in the engine; the no-grad scope of one thread does not leak).
    func testParallelTrainingMatchesSequentialTraining() {
        final class Outcome: @unchecked Sendable { var values: [[Float]] = [[], []] } // each thread writes its own slot
        @Sendable func train(seed: UInt64) -> [Float] {
            var g = RandomGenerator(seed: seed)
            let net = UNet(inputChannels: 1, width: 4, outputChannels: 1, generator: &g)
            let x = Tensor.randomNormal([2, 1, 16, 16], generator: &g)
            let opt = AdamW(module: net, learningRate: 1e-2)
            for step in 0..<10 {
                opt.zeroGrad()
                Losses.meanSquaredError(net(x), x).backward()
                opt.step()
                if step % 3 == 0 { _ = Tensor.withoutGrad { net(x) } }
            }
            return net.parameters().flatMap(\.scalars)
        }
        EngineThreads.set(1)
        defer { EngineThreads.set(2) }
        let sequential = [train(seed: 1), train(seed: 2)]
        let outcome = Outcome()
        let group = DispatchGroup()
        for index in 0..<2 {
            group.enter()
            Thread.detachNewThread {
                outcome.values[index] = train(seed: UInt64(index + 1))
                group.leave()
            }
        }
        group.wait()
        XCTAssertEqual(outcome.values[0], sequential[0])
        XCTAssertEqual(outcome.values[1], sequential[1])
    }
}
