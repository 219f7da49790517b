import Foundation

/// A micro benchmark of the oneDNN convolution kernels: per pass, the median time of one call on plain NCHW
/// buffers (reorders included), the achieved GFLOP/s, and the median time of the primitive alone on buffers
/// already in its blocked layouts, whose difference is what the reorders at the op boundary cost.
public enum DNNLKernelBenchmark {
    /// One timed pass of one shape.
    public struct Measurement: Sendable {
        /// The measured shape.
        public var shape: Convolution2dShape
        /// `forward`, `backward-data` or `backward-weights`.
        public var pass: String
        /// Median milliseconds of a full call (reorders from and to NCHW included).
        public var milliseconds: Double
        /// Median milliseconds of the primitive alone on blocked buffers (no reorders).
        public var blockedOnlyMilliseconds: Double
        /// `shape.forwardFlops / milliseconds`, in GFLOP/s.
        public var gigaflopsPerSecond: Double { shape.forwardFlops / (milliseconds * 1e6) }
        /// Fraction of the full call spent outside the primitive (reorders and call overhead).
        public var reorderShare: Double { max(0, 1 - blockedOnlyMilliseconds / milliseconds) }
    }

    /// The 3×3 stride-1 padding-1 shapes measured in DESIGN.md: (batch, C→C, H×W) = (8, 16, 64²), (8, 8, 64²),
    /// (4, 32, 128²), (4, 64, 64²), (4, 256, 16²).
    public static let designShapes: [Convolution2dShape] = [
        (8, 16, 64), (8, 8, 64), (4, 32, 128), (4, 64, 64), (4, 256, 16),
    ].map { batch, channels, size in
        Convolution2dShape(
            batch: batch, inputChannels: channels, outputChannels: channels, inputHeight: size, inputWidth: size,
            kernelSize: 3, stride: 1, padding: 1)
    }

    /// Times forward (with bias), backward-data and backward-weights (with bias gradient) of `shape`: `warmup`
    /// untimed calls, then the median of `repetitions` timed calls each. Returns an empty array when oneDNN
    /// refuses the shape.
    public static func measure(_ shape: Convolution2dShape, repetitions: Int = 10, warmup: Int = 3) -> [Measurement] {
        var state: UInt64 = 0x1234_5678
        func random(_ count: Int) -> [Float] {
            (0..<count).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return Float(Int64(bitPattern: state >> 11) % 2001 - 1000) / 1000
            }
        }
        let input = random(shape.inputCount)
        let weight = random(shape.weightCount)
        let bias = random(shape.outputChannels)
        let outputGradient = random(shape.outputCount)
        var output = [Float](repeating: 0, count: shape.outputCount)
        var inputGradient = [Float](repeating: 0, count: shape.inputCount)
        var weightGradient = [Float](repeating: 0, count: shape.weightCount)
        var biasGradient = [Float](repeating: 0, count: shape.outputChannels)

        let passes: [(String, DNNLConvolution.Operation, () -> Bool)] = [
            ("forward", .forward, {
                DNNLConvolution.forward(shape, input: input, weight: weight, bias: bias, output: &output)
            }),
            ("backward-data", .backwardData, {
                DNNLConvolution.backwardData(
                    shape, outputGradient: outputGradient, weight: weight, inputGradient: &inputGradient)
            }),
            ("backward-weights", .backwardWeights, {
                DNNLConvolution.backwardWeights(
                    shape, input: input, outputGradient: outputGradient, weightGradient: &weightGradient,
                    biasGradient: &biasGradient)
            }),
        ]
        var measurements: [Measurement] = []
        for (name, operation, call) in passes {
            guard let plan = DNNLConvolution.plan(shape, operation, withBias: true) else { return [] }
            for _ in 0..<warmup {
                guard call(), plan.executeBlockedOnly(repetitions: 1) else { return [] }
            }
            let full = median((0..<repetitions).map { _ in time { _ = call() } })
            let blocked = median((0..<repetitions).map { _ in time { _ = plan.executeBlockedOnly(repetitions: 1) } })
            measurements.append(
                Measurement(shape: shape, pass: name, milliseconds: full, blockedOnlyMilliseconds: blocked))
        }
        return measurements
    }

    /// Measures `shapes` and returns a text table: shape, pass, median ms, GFLOP/s, blocked-only ms, reorder share.
    public static func run(shapes: [Convolution2dShape] = designShapes, repetitions: Int = 10) -> String {
        var lines = [
            "oneDNN \(DNNLRuntime.version), \(DNNLRuntime.effectiveThreadCount) threads, median of \(repetitions)",
            pad("shape", 34) + pad("pass", 18) + pad("ms", 9) + pad("GFLOP/s", 9) + pad("blocked ms", 11)
                + "reorder share",
        ]
        for shape in shapes {
            let measurements = measure(shape, repetitions: repetitions)
            if measurements.isEmpty { lines.append(pad(shape.description, 34) + "refused by oneDNN") }
            for m in measurements {
                lines.append(
                    pad(shape.description, 34) + pad(m.pass, 18) + pad(format(m.milliseconds, 2), 9)
                        + pad(format(m.gigaflopsPerSecond, 0), 9) + pad(format(m.blockedOnlyMilliseconds, 2), 11)
                        + format(m.reorderShare * 100, 0) + " %")
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func time(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let elapsed = clock.measure(body)
        return Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    private static func format(_ value: Double, _ decimals: Int) -> String {
        String(format: "%.\(decimals)f", value)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
