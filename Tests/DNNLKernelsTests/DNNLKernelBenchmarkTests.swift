import DNNLKernels
import XCTest

final class DNNLKernelBenchmarkTests: XCTestCase {
    func testMeasureReportsThreePassesAndTableListsEveryShape() {
        let shape = Convolution2dShape(batch: 2, inputChannels: 8, outputChannels: 8, inputHeight: 8, inputWidth: 8,
                                       kernelSize: 3, stride: 1, padding: 1)
        let measurements = DNNLKernelBenchmark.measure(shape, repetitions: 2, warmup: 1)
        XCTAssertEqual(measurements.map(\.pass), ["forward", "backward-data", "backward-weights"])
        // Times are not asserted (a test never asserts a time); the rate is the shape's flops over the time.
        for m in measurements {
            XCTAssertEqual(m.gigaflopsPerSecond, shape.forwardFlops / (m.milliseconds * 1e6), accuracy: 1e-9)
        }
        let refused = Convolution2dShape(batch: 1, inputChannels: 1, outputChannels: 1, inputHeight: 2, inputWidth: 2,
                                         kernelSize: 5)
        let table = DNNLKernelBenchmark.run(shapes: [shape, refused], repetitions: 1)
        XCTAssertEqual(table.split(separator: "\n").count, 2 + 3 + 1, table)
        XCTAssertTrue(table.contains("refused by oneDNN"), table)
    }
}
