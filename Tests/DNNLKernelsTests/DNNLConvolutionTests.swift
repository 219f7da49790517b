import DNNLKernels
import Foundation
import XCTest

final class DNNLConvolutionTests: XCTestCase {
    /// Shapes covering the networks' cases (3×3 p1, 1×1, 4×4 s2 p2, transposed 2×2 s2) and awkward ones.
    static let shapes: [(Convolution2dShape, bias: Bool)] = [
        (Convolution2dShape(batch: 2, inputChannels: 3, outputChannels: 5, inputHeight: 7, inputWidth: 6,
                            kernelSize: 3, stride: 1, padding: 1), true),
        (Convolution2dShape(batch: 2, inputChannels: 4, outputChannels: 3, inputHeight: 9, inputWidth: 8,
                            kernelSize: 4, stride: 2, padding: 2), true),
        (Convolution2dShape(batch: 3, inputChannels: 6, outputChannels: 4, inputHeight: 5, inputWidth: 5,
                            kernelSize: 1), false),
        (Convolution2dShape(batch: 1, inputChannels: 2, outputChannels: 3, inputHeight: 6, inputWidth: 7,
                            kernelHeight: 3, kernelWidth: 2, strideHeight: 2, strideWidth: 1,
                            paddingTop: 0, paddingLeft: 1, paddingBottom: 2, paddingRight: 0), false),
        (Convolution2dShape(batch: 2, inputChannels: 17, outputChannels: 9, inputHeight: 5, inputWidth: 3,
                            kernelSize: 3, stride: 1, padding: 1), true),
        (Convolution2dShape(batch: 2, inputChannels: 6, outputChannels: 3, inputHeight: 4, inputWidth: 5,
                            kernelSize: 2, stride: 2, padding: 0, transposed: true), true),
        (Convolution2dShape(batch: 1, inputChannels: 3, outputChannels: 2, inputHeight: 5, inputWidth: 4,
                            kernelSize: 3, stride: 2, padding: 1, transposed: true), false),
        (Convolution2dShape(batch: 2, inputChannels: 16, outputChannels: 8, inputHeight: 3, inputWidth: 4,
                            kernelHeight: 2, kernelWidth: 3, strideHeight: 2, strideWidth: 1,
                            paddingTop: 1, paddingLeft: 0, paddingBottom: 0, paddingRight: 2, transposed: true), true),
    ]

    func assertClose(
        _ actual: [Float], _ expected: [Double], _ what: String, tolerance: Double = 2e-5,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertEqual(actual.count, expected.count, what, file: file, line: line)
        var worst = 0.0
        for (a, e) in zip(actual, expected) {
            let error = abs(Double(a) - e) / max(1, abs(e))
            worst = a.isNaN ? .infinity : max(worst, error)
        }
        XCTAssertLessThan(worst, tolerance, "\(what): worst relative error \(worst)", file: file, line: line)
    }

    func testAllPassesMatchNestedLoopReference() {
        for (index, (shape, withBias)) in Self.shapes.enumerated() {
            let operands = Operands(shape, withBias: withBias, seed: UInt64(index + 1))
            guard let results = operands.run(shape) else {
                XCTFail("oneDNN refused \(shape)")
                continue
            }
            assertClose(
                results.output,
                ReferenceConvolution.forward(shape, input: operands.input, weight: operands.weight,
                                             bias: operands.bias), "forward \(shape)")
            assertClose(
                results.inputGradient,
                ReferenceConvolution.backwardData(shape, outputGradient: operands.outputGradient,
                                                  weight: operands.weight), "backward-data \(shape)")
            let reference = ReferenceConvolution.backwardWeights(
                shape, input: operands.input, outputGradient: operands.outputGradient)
            assertClose(results.weightGradient, reference.weight, "backward-weights \(shape)")
            if let biasGradient = results.biasGradient {
                assertClose(biasGradient, reference.bias, "backward-bias \(shape)")
            }
        }
    }

    /// PyTorch fixes the weight layouts and output sizes; these literals check our reading of them.
    func testMatchesPyTorchLiterals() {
        // /usr/bin/python3:
        // x=torch.arange(12.).reshape(1,2,3,2)/10-0.3; w=torch.arange(36.).reshape(2,3,2,3)/20-0.4
        // b=torch.tensor([0.5,-0.25,0.125]); conv_transpose2d(x,w,b,stride=(2,1),padding=(0,1))  # [1,3,6,2]
        let transposed = Convolution2dShape(
            batch: 1, inputChannels: 2, outputChannels: 3, inputHeight: 3, inputWidth: 2, kernelHeight: 2,
            kernelWidth: 3, strideHeight: 2, strideWidth: 1, paddingTop: 0, paddingLeft: 1, paddingBottom: 0,
            paddingRight: 1, transposed: true)
        XCTAssertEqual([transposed.outputHeight, transposed.outputWidth], [6, 2])
        let expectedTransposed: [Double] = [
            1.05, 1.06, 1.08, 1.09, 1.11, 1.16, 1.26, 1.31, 1.17, 1.26, 1.44, 1.53, 0.36, 0.37, 0.39, 0.4, 0.66,
            0.71, 0.81, 0.86, 0.96, 1.05, 1.23, 1.32, 0.795, 0.805, 0.825, 0.835, 1.335, 1.385, 1.485, 1.535,
            1.875, 1.965, 2.145, 2.235,
        ]
        var output = [Float](repeating: .nan, count: transposed.outputCount)
        let x = (0..<12).map { Float($0) / 10 - 0.3 }
        let w = (0..<36).map { Float($0) / 20 - 0.4 }
        XCTAssertTrue(DNNLConvolution.forward(transposed, input: x, weight: w, bias: [0.5, -0.25, 0.125],
                                              output: &output))
        assertClose(output, expectedTransposed, "conv_transpose2d vs PyTorch")

        // x2=torch.arange(40.).reshape(1,2,5,4)/40-0.5; w2=torch.arange(54.).reshape(3,2,3,3)/30-0.3
        // conv2d(x2,w2,None,stride=2,padding=1)  # [1,3,3,2]
        let convolution = Convolution2dShape(
            batch: 1, inputChannels: 2, outputChannels: 3, inputHeight: 5, inputWidth: 4, kernelSize: 3, stride: 2,
            padding: 1)
        XCTAssertEqual([convolution.outputHeight, convolution.outputWidth], [3, 2])
        let expectedConvolution: [Double] = [
            0.246667, 0.426667, 0.5325, 0.805, 0.276667, 0.366667, -0.653333, -0.653333, 0.2625, 0.805, 0.816667,
            1.44667, -1.55333, -1.73333, -0.00749987, 0.805, 1.35667, 2.52667,
        ]
        var output2 = [Float](repeating: .nan, count: convolution.outputCount)
        let x2 = (0..<40).map { Float($0) / 40 - 0.5 }
        let w2 = (0..<54).map { Float($0) / 30 - 0.3 }
        XCTAssertTrue(DNNLConvolution.forward(convolution, input: x2, weight: w2, bias: nil, output: &output2))
        for (a, e) in zip(output2, expectedConvolution) { XCTAssertEqual(Double(a), e, accuracy: 2e-5) }
    }

    /// conv_transpose2d(x, W) equals the input gradient of conv2d with the same W (the adjoint identity).
    func testTransposedForwardEqualsConvolutionBackwardData() {
        let cases: [(kernel: Int, stride: Int, padding: Int, size: Int)] = [(2, 2, 0, 4), (4, 2, 1, 5), (3, 1, 1, 6)]
        for (index, c) in cases.enumerated() {
            let transposed = Convolution2dShape(
                batch: 2, inputChannels: 8, outputChannels: 5, inputHeight: c.size, inputWidth: c.size + 1,
                kernelSize: c.kernel, stride: c.stride, padding: c.padding, transposed: true)
            let convolution = Convolution2dShape(
                batch: 2, inputChannels: 5, outputChannels: 8, inputHeight: transposed.outputHeight,
                inputWidth: transposed.outputWidth, kernelSize: c.kernel, stride: c.stride, padding: c.padding)
            XCTAssertEqual([convolution.outputHeight, convolution.outputWidth], [c.size, c.size + 1])
            var generator = SeededGenerator(seed: 100 + UInt64(index))
            let x = generator.uniform(transposed.inputCount)
            let w = generator.uniform(transposed.weightCount)
            var viaTransposed = [Float](repeating: .nan, count: transposed.outputCount)
            var viaBackward = [Float](repeating: .nan, count: convolution.inputCount)
            XCTAssertTrue(DNNLConvolution.forward(transposed, input: x, weight: w, bias: nil, output: &viaTransposed))
            XCTAssertTrue(DNNLConvolution.backwardData(convolution, outputGradient: x, weight: w,
                                                       inputGradient: &viaBackward))
            assertClose(viaTransposed, viaBackward.map(Double.init), "adjoint \(transposed)")
        }
    }

    func testConcurrentCallsMatchSerialResults() {
        let picked = [0, 1, 4, 5, 7].map { Self.shapes[$0] }
        let operands = picked.enumerated().map { Operands($1.0, withBias: $1.bias, seed: 50 + UInt64($0)) }
        DNNLConvolution.clearCache()  // let both threads also race on primitive creation
        let serial = zip(picked, operands).map { $1.run($0.0) }
        XCTAssertFalse(serial.contains(nil))
        DNNLConvolution.clearCache()
        final class Box: @unchecked Sendable {
            // Each thread writes only its own slot, and the test reads after `concurrentPerform` returns.
            var results: [[KernelResults?]] = [[], []]
        }
        let box = Box()
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            var mine: [KernelResults?] = []
            for _ in 0..<3 {
                for (shape, operand) in zip(picked, operands).reversed() where thread == 1 {
                    mine.append(operand.run(shape.0))
                }
                for (shape, operand) in zip(picked, operands) where thread == 0 { mine.append(operand.run(shape.0)) }
            }
            box.results[thread] = mine
        }
        let expected0 = Array(repeating: serial, count: 3).flatMap { $0 }
        let expected1 = Array(repeating: Array(serial.reversed()), count: 3).flatMap { $0 }
        XCTAssertEqual(box.results[0], expected0)
        XCTAssertEqual(box.results[1], expected1)
    }

    func testInvalidShapesAreRefusedWithoutCrashing() {
        let invalid = [
            Convolution2dShape(batch: 1, inputChannels: 1, outputChannels: 1, inputHeight: 2, inputWidth: 2,
                               kernelSize: 5),
            Convolution2dShape(batch: 0, inputChannels: 1, outputChannels: 1, inputHeight: 4, inputWidth: 4,
                               kernelSize: 3),
            Convolution2dShape(batch: 1, inputChannels: 1, outputChannels: 1, inputHeight: 4, inputWidth: 4,
                               kernelSize: 3, padding: -1),
            Convolution2dShape(batch: 1, inputChannels: 1, outputChannels: 1, inputHeight: 1, inputWidth: 1,
                               kernelSize: 1, stride: 1, padding: 1, transposed: true),
        ]
        var buffer = [Float](repeating: 0, count: 64)
        let values = [Float](repeating: 1, count: 64)
        for shape in invalid {
            XCTAssertFalse(shape.isValid, "\(shape)")
            XCTAssertFalse(DNNLConvolution.forward(shape, input: values, weight: values, bias: nil, output: &buffer))
            XCTAssertFalse(DNNLConvolution.backwardData(shape, outputGradient: values, weight: values,
                                                        inputGradient: &buffer))
            XCTAssertFalse(DNNLConvolution.backwardWeights(shape, input: values, outputGradient: values,
                                                           weightGradient: &buffer, biasGradient: nil))
            XCTAssertFalse(DNNLConvolution.prepare(shape))
        }
        XCTAssertEqual(buffer, [Float](repeating: 0, count: 64), "refused calls must not write")
    }

    func testOutputSizeFormulasMatchPyTorch() {
        // PyTorch: conv2d out = floor((in + 2p − k)/s) + 1; conv_transpose2d out = (in − 1)s − 2p + k.
        let conv = Convolution2dShape(batch: 1, inputChannels: 1, outputChannels: 1, inputHeight: 64, inputWidth: 31,
                                      kernelSize: 4, stride: 2, padding: 2)
        XCTAssertEqual([conv.outputHeight, conv.outputWidth], [33, 16])
        let up = Convolution2dShape(batch: 1, inputChannels: 1, outputChannels: 1, inputHeight: 8, inputWidth: 5,
                                    kernelSize: 2, stride: 2, transposed: true)
        XCTAssertEqual([up.outputHeight, up.outputWidth], [16, 10])
        XCTAssertEqual(up.weightShape, [1, 1, 2, 2])
        let asymmetric = Convolution2dShape(
            batch: 1, inputChannels: 2, outputChannels: 3, inputHeight: 6, inputWidth: 7, kernelHeight: 3,
            kernelWidth: 2, strideHeight: 2, strideWidth: 1, paddingTop: 0, paddingLeft: 1, paddingBottom: 2,
            paddingRight: 0)
        XCTAssertEqual([asymmetric.outputHeight, asymmetric.outputWidth], [3, 7])
        XCTAssertEqual(asymmetric.weightShape, [3, 2, 3, 2])
    }

    func testThreadCountSettingAppliesAndResultsStayCorrect() {
        let previous = DNNLRuntime.threadCount
        defer { DNNLRuntime.threadCount = previous }
        DNNLRuntime.threadCount = 1
        XCTAssertEqual(DNNLRuntime.effectiveThreadCount, 1)
        let (shape, withBias) = Self.shapes[1]
        let operands = Operands(shape, withBias: withBias, seed: 7)
        let oneThread = operands.run(shape)
        XCTAssertNotNil(oneThread)
        DNNLRuntime.threadCount = 2
        XCTAssertEqual(DNNLRuntime.effectiveThreadCount, 2)
        if let oneThread {
            assertClose(oneThread.output, ReferenceConvolution.forward(
                shape, input: operands.input, weight: operands.weight, bias: operands.bias), "1 thread")
        }
    }

    /// oneDNN fixes a primitive's thread partition when it is created, so a plan made for one team size must not
    /// serve another: each team size gets its own plans, created with that size applied.
    func testPlansAreKeptPerTeamSize() {
        let previous = DNNLRuntime.threadCount
        defer { DNNLRuntime.threadCount = previous }
        DNNLConvolution.clearCache()
        let (shape, withBias) = Self.shapes[0]
        let operands = Operands(shape, withBias: withBias, seed: 5)
        let reference = ReferenceConvolution.forward(shape, input: operands.input, weight: operands.weight,
                                                     bias: operands.bias)
        DNNLRuntime.threadCount = 1
        if let result = operands.run(shape) { assertClose(result.output, reference, "1 thread") } else { XCTFail("1 thread") }
        XCTAssertEqual(DNNLConvolution.cachedEntryCount, 3, "forward, backward-data, backward-weights for 1 thread")
        DNNLRuntime.threadCount = 2
        if let result = operands.run(shape) { assertClose(result.output, reference, "2 threads") } else { XCTFail("2 threads") }
        XCTAssertEqual(DNNLConvolution.cachedEntryCount, 6, "the same three passes again for a team of 2")
        DNNLRuntime.threadCount = 1
        XCTAssertNotNil(operands.run(shape))
        XCTAssertEqual(DNNLConvolution.cachedEntryCount, 6, "1 thread reuses its own plans")
    }

    /// A 3×3 stride-1 convolution with ≥ 16 channels in and out on a ≥ 16 × 16 input, or ≥ 64 channels in and out
    /// on a smaller one, runs oneDNN's Winograd kernels when oneDNN has them (AVX-512; not under the AVX2 cap of
    /// portable numerics); one channel fewer runs direct; all three passes of each match the nested-loop reference
    /// (Winograd within its larger rounding error).
    func testWinogradIsUsedForLargeThreeByThreeConvolutionsAndMatchesTheReference() {
        let eligible = Convolution2dShape(batch: 2, inputChannels: 16, outputChannels: 16, inputHeight: 16,
                                          inputWidth: 16, kernelSize: 3, stride: 1, padding: 1)
        var narrow = eligible
        narrow.inputChannels = 15
        let wideSmall = Convolution2dShape(batch: 2, inputChannels: 64, outputChannels: 64, inputHeight: 8,
                                           inputWidth: 8, kernelSize: 3, stride: 1, padding: 1)
        var narrowSmall = wideSmall
        narrowSmall.outputChannels = 63
        let winogradExpected = DNNLInstructionSet.effective.hasPrefix("AVX512_CORE")
            && ProcessInfo.processInfo.environment["F2LM_CONV_ALGORITHM"] != "direct"
        let cases = [(eligible, winogradExpected), (narrow, false), (wideSmall, winogradExpected), (narrowSmall, false)]
        for (index, (shape, expected)) in cases.enumerated() {
            guard let names = DNNLConvolution.implementationNames(shape) else {
                XCTFail("oneDNN refused \(shape)")
                continue
            }
            XCTAssertEqual(names.map { $0.contains("wino") }, Array(repeating: expected, count: 3),
                           "\(shape): \(names) on \(DNNLInstructionSet.effective)")
            let operands = Operands(shape, withBias: true, seed: UInt64(40 + index))
            guard let results = operands.run(shape) else { XCTFail("oneDNN refused \(shape)"); continue }
            // Winograd F(4×4, 3×3) transforms tiles with coefficients up to about 5, which costs some bits (measured
            // worst relative errors 1.0e-5 to 1.4e-5 over the three passes, against 2e-5 allowed for direct).
            let tolerance = expected ? 5e-5 : 2e-5
            assertClose(results.output, ReferenceConvolution.forward(shape, input: operands.input,
                        weight: operands.weight, bias: operands.bias), "forward \(shape)", tolerance: tolerance)
            assertClose(results.inputGradient, ReferenceConvolution.backwardData(
                shape, outputGradient: operands.outputGradient, weight: operands.weight),
                "backward-data \(shape)", tolerance: tolerance)
            let reference = ReferenceConvolution.backwardWeights(shape, input: operands.input,
                                                                 outputGradient: operands.outputGradient)
            assertClose(results.weightGradient, reference.weight, "backward-weights \(shape)", tolerance: tolerance)
        }
    }

    /// `allowsWinograd = false` plans every pass direct, also a shape that would otherwise take Winograd, and its
    /// plans are kept apart from the Winograd ones (switching back finds those again).
    func testWinogradCanBeSwitchedOffForTheProcess() {
        let shape = Convolution2dShape(batch: 2, inputChannels: 64, outputChannels: 64, inputHeight: 8,
                                       inputWidth: 8, kernelSize: 3, stride: 1, padding: 1)
        let before = DNNLConvolution.allowsWinograd
        defer { DNNLConvolution.allowsWinograd = before }
        DNNLConvolution.allowsWinograd = true
        let usual = DNNLConvolution.implementationNames(shape)
        DNNLConvolution.allowsWinograd = false
        let direct = DNNLConvolution.implementationNames(shape)
        XCTAssertEqual(direct?.map { $0.contains("wino") }, [false, false, false], "\(direct ?? [])")
        let operands = Operands(shape, withBias: true, seed: 47)
        guard let results = operands.run(shape) else { return XCTFail("oneDNN refused \(shape)") }
        assertClose(results.output, ReferenceConvolution.forward(shape, input: operands.input, weight: operands.weight,
                    bias: operands.bias), "direct forward \(shape)", tolerance: 2e-5)
        DNNLConvolution.allowsWinograd = true
        XCTAssertEqual(DNNLConvolution.implementationNames(shape), usual)
    }

    func testPrimitivesAreCachedOncePerShapePassAndBias() {
        DNNLConvolution.clearCache()
        XCTAssertEqual(DNNLConvolution.cachedEntryCount, 0)
        let (shape, _) = Self.shapes[0]
        let withBias = Operands(shape, withBias: true, seed: 3)
        for _ in 0..<3 { XCTAssertNotNil(withBias.run(shape)) }
        XCTAssertEqual(DNNLConvolution.cachedEntryCount, 3, "forward, backward-data, backward-weights with bias")
        XCTAssertNotNil(Operands(shape, withBias: false, seed: 4).run(shape))
        XCTAssertEqual(DNNLConvolution.cachedEntryCount, 5, "no-bias forward and backward-weights are new keys")
        XCTAssertTrue(DNNLConvolution.prepare(shape, withBias: false))
        XCTAssertEqual(DNNLConvolution.cachedEntryCount, 5)
    }
}
