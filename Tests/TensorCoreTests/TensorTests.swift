import XCTest
import TensorCore
import TestSupport

final class TensorTests: XCTestCase {
    func testGradientsAccumulateAcrossBackwardCalls() {
        let x = Tensor(shape: [2], scalars: [1, 2], requiresGrad: true)
        (x * x).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [2, 4])
        (x * 3).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [5, 7])
    }

    func testFanOutSumsBothPaths() {
        let x = Tensor(shape: [1, 2, 1, 1], scalars: [1, -2], requiresGrad: true)
        let y = x.relu()
        (y + y * x).sum().backward()
        // d/dx [relu(x) + relu(x)·x] = relu'(x) + relu'(x)·x + relu(x)
        XCTAssertEqual(x.grad?.scalars, [1 + 1 + 1, 0])
    }

    func testNoGradScopeRecordsNothingAndIsPerThread() {
        let x = Tensor.ones([2, 2], requiresGrad: true)
        let y = Tensor.withoutGrad { x * 2 }
        XCTAssertFalse(y.requiresGrad)
        XCTAssertTrue((x * 2).requiresGrad)
        XCTAssertTrue(Tensor.isRecordingGradients)
        // A no-grad scope on one thread does not switch off recording on another.
        let done = expectation(description: "other thread")
        Tensor.withoutGrad {
            Thread.detachNewThread {
                let z = Tensor.ones([2], requiresGrad: true) * 3
                XCTAssertTrue(z.requiresGrad)
                done.fulfill()
            }
            wait(for: [done], timeout: 10)
        }
    }

    func testGraphIsReleasedAfterBackward() {
        var g = RandomGenerator(seed: 1)
        let w = Tensor.randomNormal([4, 3, 3, 3], generator: &g, requiresGrad: true)
        let x = Tensor.randomNormal([2, 3, 8, 8], generator: &g)
        func step() {
            w.grad = nil
            let y = Tensor.conv2d(x, weight: w, padding: (1, 1)).relu().maxPool2d()
            y.square().mean().backward()
        }
        step()
        let baseline = MemoryStatistics.liveBytes
        for _ in 0..<5 { step() }
        XCTAssertEqual(MemoryStatistics.liveBytes, baseline, "live tensor memory grew from step to step")
    }

    func testShapesSlicingAndConcatenation() {
        let x = Tensor(shape: [2, 3, 1, 2], scalars: (0..<12).map(Float.init))
        XCTAssertEqual(x.sliced(channels: 1..<2).scalars, [2, 3, 8, 9])
        XCTAssertEqual(x.sliced(batch: 1..<2).scalars, [6, 7, 8, 9, 10, 11])
        let joined = Tensor.concatenate(channels: [x.sliced(channels: 0..<1), x.sliced(channels: 1..<3)])
        XCTAssertEqual(joined.scalars, x.scalars)
        XCTAssertEqual(x.permuted([0, 3, 1, 2]).shape, [2, 2, 3, 1])
        XCTAssertEqual(x.permuted([0, 3, 1, 2]).scalars.prefix(6), [0, 2, 4, 1, 3, 5])
        XCTAssertEqual(x.reshaped([4, -1]).shape, [4, 3])
        XCTAssertEqual((x * Tensor(shape: [1, 3, 1, 1], scalars: [1, 0, -1])).scalars, [0, 1, 0, 0, -4, -5, 6, 7, 0, 0, -10, -11])
    }

    func testRandomGeneratorIsDeterministicAndWellDistributed() {
        var a = RandomGenerator(seed: 2024), b = RandomGenerator(seed: 2024), c = RandomGenerator(seed: 2025)
        let ta = Tensor.randomNormal([10_000], generator: &a), tb = Tensor.randomNormal([10_000], generator: &b)
        let tc = Tensor.randomNormal([10_000], generator: &c)
        XCTAssertEqual(ta.scalars, tb.scalars)
        XCTAssertNotEqual(ta.scalars, tc.scalars)
        XCTAssertEqual(ta.mean().item, 0, accuracy: 0.03)
        XCTAssertEqual(ta.square().mean().item, 1, accuracy: 0.05)
        let t = Tensor.randomTruncatedNormal([10_000], standardDeviation: 0.02, generator: &a)
        XCTAssertLessThanOrEqual(t.scalars.map { Swift.abs($0) }.max()!, 0.04)
        let u = Tensor.randomUniform([10_000], lowerBound: -1, upperBound: 3, generator: &a)
        XCTAssertGreaterThanOrEqual(u.scalars.min()!, -1)
        XCTAssertLessThan(u.scalars.max()!, 3)
        XCTAssertEqual(u.mean().item, 1, accuracy: 0.05)
    }

    func testResultsAreDeterministicForAFixedThreadCount() {
        func run() -> [Float] {
            var g = RandomGenerator(seed: 5)
            let x = Tensor.randomNormal([4, 8, 16, 16], generator: &g)
            let w = Tensor.randomNormal([8, 8, 3, 3], generator: &g, requiresGrad: true)
            Tensor.conv2d(x, weight: w, padding: (1, 1)).square().mean().backward()
            return w.grad!.scalars
        }
        EngineThreads.set(2)
        let first = run()
        XCTAssertEqual(first, run())
        EngineThreads.set(1)
        XCTAssertEqual(run(), run())
    }
}
