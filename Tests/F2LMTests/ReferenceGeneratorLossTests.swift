import XCTest
import F2LM
import NN
import TensorCore
import TestSupport

/// Our discriminator, generator losses, gradients and one AdamW step of G and D against fixtures 2 and 3 of
/// `Tests/Fixtures/reference` (the authors' `PixelDiscriminator`, `losses.py` and `train_func.first_direction`).
final class ReferenceGeneratorLossTests: XCTestCase {
    nonisolated(unsafe) static let io = try! ReferenceFixture.tensors("generator_io")
    nonisolated(unsafe) static let discriminatorIO = try! ReferenceFixture.tensors("discriminator_io")
    nonisolated(unsafe) static let grads = try! ReferenceFixture.tensors("generator_grads")
    nonisolated(unsafe) static let losses = try! ReferenceFixture.json("generator_losses")

    /// The authors' numbers are direct float32 convolutions, so these tests run without oneDNN's Winograd kernels
    /// (which the planner picks on AVX-512 for the fusion's 512-channel 3×3 convolutions on 4 × 4 maps). With them,
    /// on an AVX-512 EPYC (Zen 4), the fusion knife edge below lay at −1.8e-5 instead of within 1e-5 of 0 and the
    /// discriminator's AdamW step was 1.01e-6 of its scale off: Winograd's transform rounds differently, which is
    /// not what these tests are about. Every other test keeps the planner's default.
    private var allowedWinograd = true

    override func setUp() {
        super.setUp()
        allowedWinograd = Convolution.allowsWinograd
        Convolution.allowsWinograd = false
    }

    override func tearDown() {
        Convolution.allowsWinograd = allowedWinograd
        super.tearDown()
    }

    /// The discriminator on the target and on the prediction: sigmoid outputs and logits (the logits are the
    /// sharper check: the sigmoid sits near 0.5). Four convolutions deep: 1e-5 of the largest magnitude.
    func testDiscriminatorOutputsAndLogitsMatchAuthors() throws {
        let discriminator = try ReferenceModels.discriminator()
        let io = Self.discriminatorIO
        func logits(_ x: Tensor) -> Tensor {
            var y = discriminator.conv1(x).leakyRelu(negativeSlope: 0.2)
            y = discriminator.conv2(y).leakyRelu(negativeSlope: 0.2)
            y = discriminator.conv3(y).leakyRelu(negativeSlope: 0.2)
            y = discriminator.conv4(y).leakyRelu(negativeSlope: 0.2)
            return discriminator.conv5(y)
        }
        Tensor.withoutGrad {
            for (input, name) in [("input.target", "d_target"), ("input.pred", "d_pred")] {
                let output = TensorComparison(discriminator(io[input]!), io[name]!)
                XCTAssertLessThan(output.scaledError, 1e-5, "\(name): \(output)")
                let raw = TensorComparison(logits(io[input]!), io["\(name)_logits"]!)
                XCTAssertLessThan(raw.scaledError, 1e-5, "\(name)_logits: \(raw)")
            }
        }
    }

    /// The deep generator gradients' comparisons of the last `checkAuthorsStep` run.
    var deepGradients: [(String, TensorComparison)] = []

    /// The gradients below outc at 1e-4 of their largest magnitude, with two ReLU decisions made as in the authors'
    /// run. Why: a ReLU whose pre-activation lies within float32 rounding of 0 passes or blocks its gradient
    /// depending on the last bits, and one flipped element spreads through every layer below it.
    ///
    /// 1. The last decoder block, `up3.conv.conv` BatchNorm 4 at (n 0, c 32, h 5, w 13): −3.24e-7 in float64 and
    ///    −1.24e-7 in the authors' float32, but +1.25e-6 in ours (a 1.6e-6 error on an O(1) BatchNorm output,
    ///    ordinary float32 rounding). Passed by our ReLU, it is the whole 0.2–0.7 % difference of the unmodified
    ///    fixture on AVX-512 machines (`up3.up` 0.45 %, `inc_x` 0.38 %, `se.fc1` 0.30 %, `transform_xtoy[0:8]`
    ///    0.34 %, `fusion_conv[0:8]` 0.73 % of each tensor's largest magnitude). Measured with a float64 rebuild of
    ///    their network from the fixture weights (issue 12's note): their float32 gradients agree with float64 to
    ///    4e-6, ours to 1.7e-2 as they are and to 4.5e-6 with that one ReLU mask flipped.
    /// 2. The fusion's first BatchNorm, `fusion_conv.conv.1` at (n 0, c 243, h 3, w 2): blocked in the authors' run
    ///    and in ours on AVX-512 machines (this test passed there without shifting it), but +7.2e-7, so passed, with
    ///    oneDNN's AVX2 kernels (an AMD EPYC without AVX-512, issue 14's session): `inc_x` then differed by 0.055 %
    ///    and `transform_xtoy[0:8]` by 0.23 %. Of the seven BatchNorm pre-activations within 4e-6 of 0 on that
    ///    machine, flipping this one mask alone brought every checked gradient below 8e-6 of its scale; flipping
    ///    any of four others made them worse. (Its float64 value was not measured.)
    ///
    /// Either side of 0 is a legitimate float32 outcome, so this test lowers each of the two BatchNorm biases for its
    /// channel by 1e-5 (each channel's other pre-activations stay ≥ 1e-4 from 0; the prediction still matches
    /// `train.pred` to 1e-5), which puts both elements on the side the authors' run put them (for the first, also
    /// float64's) on any CPU, and then requires every checked gradient to match at the tolerance stated above.
    func testDeepGeneratorGradientsMatchAuthors() throws {
        let knifeEdges: [(key: String, channel: Int, element: [Int], preActivation: (PreActivations) -> Tensor)] = [
            ("up3.conv.conv.4.bias", 32, [0, 32, 5, 13], \.lastDecoder),
            ("fusion_conv.conv.1.bias", 243, [0, 243, 3, 2], \.fusion),
        ]
        let original = try Self.preActivations(try ReferenceModels.generator())
        let lowerBiases: (inout [String: Tensor]) -> Void = { state in
            for edge in knifeEdges {
                var bias = state[edge.key]!.scalars
                bias[edge.channel] -= 1e-5
                state[edge.key] = Tensor(shape: state[edge.key]!.shape, scalars: bias)
            }
        }
        let shifted = try Self.preActivations(try ReferenceModels.generator(edit: lowerBiases))
        for edge in knifeEdges {
            let value = { (t: Tensor) in t[edge.element[0], edge.element[1], edge.element[2], edge.element[3]] }
            // Within the shift of 0 on any CPU (measured: the first +1.25e-6 on AVX-512, the second +7.2e-7 on AVX2; the
            // two ISAs round these sums about 1e-6 apart).
            XCTAssertLessThan(Swift.abs(value(edge.preActivation(original))), 1e-5,
                              "\(edge.key): the knife-edge pre-activation this test is about")
            XCTAssertLessThan(value(edge.preActivation(shifted)), 0,
                              "\(edge.key): after the shift the ReLU blocks that element, as in the authors' run")
            let channel = edge.preActivation(shifted).sliced(axis: 1, range: edge.channel..<(edge.channel + 1)).scalars
                .map { Swift.abs($0) }.sorted()
            XCTAssertGreaterThan(channel[1], 1e-4, "\(edge.key): no other element of the channel changes side")
        }
        try checkAuthorsStep(generator: try ReferenceModels.generator(edit: lowerBiases))
        for (name, comparison) in deepGradients {
            print("grad.\(name) with the shifted biases: \(comparison)")
            XCTAssertLessThan(comparison.scaledError, 1e-4, "grad.\(name): \(comparison)")
        }
    }

    /// BatchNorm outputs before their ReLU in a train-mode forward of the fixture batch.
    struct PreActivations {
        /// The fusion's first BatchNorm (`fusion_conv.conv.1`), `[2, 512, 4, 4]`.
        var fusion: Tensor
        /// The last decoder block's second BatchNorm (`up3.conv.conv.4`), `[2, 64, 32, 32]`.
        var lastDecoder: Tensor
    }

    /// The pre-activations of the two knife-edge BatchNorms in a train-mode forward of the fixture batch through
    /// the authors' configuration (raw fusion input, concat + SE); checks the prediction against `train.pred`.
    static func preActivations(_ generator: F2LMGenerator) throws -> PreActivations {
        let io = Self.io
        let f = generator.frameEncoder(io["input.frames"]!)
        let xf = f[3]
        let motion = try XCTUnwrap(generator.motionConversion)(xf)
        let label = try XCTUnwrap(generator.labelConversion)(xf)
        let fused = Tensor.concatenate(channels: [xf, motion, label])
        let fusion = try XCTUnwrap(generator.fusion)
        let fusionPre = fusion.bn1(fusion.conv1(fused))
        var z = try XCTUnwrap(generator.excitation)(fusion.bn2.withReLU(fusion.conv2(fusionPre.relu())))
        let decoder = generator.decoder
        for (level, skip) in [f[2], f[1]].enumerated() {
            z = decoder.convs[level](Tensor.concatenate(channels: [skip, decoder.ups[level](z)]))
        }
        let last = decoder.convs[2]
        let input = Tensor.concatenate(channels: [f[0], decoder.ups[2](z)])
        let pre = last.bn2(last.conv2(last.bn1.withReLU(last.conv1(input))))
        let prediction = decoder.outc(pre.relu()).tanh()
        let check = TensorComparison(prediction, io["train.pred"]!)
        XCTAssertLessThan(check.scaledError, 1e-5, "manual forward: \(check)")
        return PreActivations(fusion: fusionPre, lastDecoder: pre)
    }

    /// Number at `terms.<name>` of `generator_losses.json`.
    func term(_ name: String) -> Float { Float(ReferenceFixture.number(Self.losses, "terms.\(name)")!) }

    /// One authors' training step from the fixture weights: each loss term, G_total, D_total and its halves, the
    /// listed gradients, and one AdamW step of G (lr 1e-4) and D (lr 1e-5), both with weight decay 1e-4.
    ///
    /// Tolerances: loss values are means of thousands of forward values with errors ~1e-6 relative: 1e-5 relative.
    /// Gradients come back through the same ~25 layers plus BatchNorm's backward (which subtracts means of
    /// products, losing relative precision where the result is small): 1e-4 of each tensor's largest magnitude
    /// (one decade above the ~1e-5 seen for the deepest one), and the JSON's sums over the full tensors for the
    /// two stored as slices. AdamW's first step moves every weight by ≈ lr·sign(g) = 1e-4 whatever |g| is, except
    /// where |g| is within ~1e-8 (eps) of 0; the after-values are compared with 1e-6 of their magnitude (a 1 % error
    /// of one step is 1e-6 absolute against weights of ~0.04).
    func testLossesGradientsAndAdamWStepMatchAuthors() throws {
        try checkAuthorsStep(generator: try ReferenceModels.generator())
    }

    /// The checks of `testLossesGradientsAndAdamWStepMatchAuthors` on `generator`; records the deep gradients'
    /// comparisons in `deepGradients`.
    func checkAuthorsStep(generator: F2LMGenerator) throws {
        let io = Self.io
        let discriminator = try ReferenceModels.discriminator()
        let config = RunConfig.paperDefaults
        XCTAssertEqual(config.loss.gradientEdges, .pad)
        XCTAssertEqual(config.model.tripletDistance, .width)
        XCTAssertEqual(config.model.fusionInput, .raw)
        let optimizerG = AdamW(module: generator, learningRate: 1e-4, weightDecay: 1e-4)
        let optimizerD = AdamW(module: discriminator, learningRate: 1e-5, weightDecay: 1e-4)
        generator.train()
        discriminator.train()

        let output = generator(frames: io["input.frames"]!, labels: io["input.labels"]!, flow: io["input.flows"]!)
        let target = io["input.target"]!
        let intensity = Losses.meanSquaredError(output.prediction, target)
        let gradient = Losses.gradientDifference(output.prediction, target, edges: config.loss.gradientEdges.edges)
        let adversarial = Losses.leastSquaresGenerator(fake: discriminator(output.prediction))
        let margin = Float(config.model.alpha)
        let motion = Losses.triplet(anchor: output.convertedMotionFeature!, positive: output.motionFeature!,
                                    negative: output.frameFeature, margin: margin, axis: config.model.tripletDistance.axis)
        let label = Losses.triplet(anchor: output.convertedLabelFeature!, positive: output.labelFeature!,
                                   negative: output.frameFeature, margin: margin, axis: config.model.tripletDistance.axis)
        let triplet = try XCTUnwrap(generator.tripletLoss(output, margin: margin))
        let total = intensity * Float(config.loss.deltaInt) + gradient * Float(config.loss.deltaGd)
            + adversarial * Float(config.loss.deltaAdv) + triplet * Float(config.loss.deltaTri)
        for (name, value) in [("intensity", intensity), ("gradient", gradient), ("adversarial", adversarial),
                              ("triplet_motion", motion), ("triplet_label", label), ("triplet_sum", triplet),
                              ("G_total", total)] {
            XCTAssertEqual(value.item, term(name), accuracy: 1e-5 * Swift.abs(term(name)), name)
        }

        optimizerG.zeroGrad()
        total.backward()
        let ours = Dictionary(uniqueKeysWithValues: generator.namedParameters().map { ($0.name, $0.tensor) })
        // Diagnostics: F2LM_DUMP_GENERATOR_GRADS=<file.safetensors> writes every generator gradient (`grad.<key>`) and
        // parameter (`param.<key>`) under the authors' state-dict key, for comparison with a float64 recomputation outside the test.
        if let path = ProcessInfo.processInfo.environment["F2LM_DUMP_GENERATOR_GRADS"] {
            let keys = try ReferenceFixture.stateDictionary(model: "generator").keys.sorted()
            let dump = keys.compactMap { key in ours[ReferenceModels.generatorKey(key)]?.grad.map { (name: "grad.\(key)", tensor: $0) } }
                + keys.compactMap { key in ours[ReferenceModels.generatorKey(key)].map { (name: "param.\(key)", tensor: $0.detached()) } }
            let discriminatorParameters = discriminator.namedParameters().map { (name: "disc.param.\($0.name)", tensor: $0.tensor.detached()) }
            try SafeTensors.write(dump + discriminatorParameters, to: URL(fileURLWithPath: path))
        }
        for key in ["outc.weight", "outc.bias"] {
            let grad = try XCTUnwrap(ours[ReferenceModels.generatorKey(key)]?.grad, key)
            let comparison = TensorComparison(grad, Self.grads["grad.\(key)"]!)
            XCTAssertLessThan(comparison.scaledError, 1e-4, "grad.\(key): \(comparison)")
        }
        // The gradients below outc depend on one ReLU decision at a pre-activation of −3e-7: checked in
        // `testDeepGeneratorGradientsMatchAuthors` (and a second one that AVX2 kernels put on the other side).
        deepGradients = try ["inc_x.conv.conv.0.weight", "se.fc1.weight", "up3.up.weight"].map { key in
            (key, TensorComparison(try XCTUnwrap(ours[ReferenceModels.generatorKey(key)]?.grad, key), Self.grads["grad.\(key)"]!))
        }
        for key in ["transform_xtoy.conv.0.weight", "fusion_conv.conv.0.weight"] {
            let grad = try XCTUnwrap(ours[ReferenceModels.generatorKey(key)]?.grad, key)
            deepGradients.append(("\(key)[0:8]", TensorComparison(grad.sliced(axis: 0, range: 0..<8), Self.grads["grad.\(key)[0:8]"]!)))
        }
        optimizerG.step()
        for key in ["outc.weight", "outc.bias"] {
            let after = try XCTUnwrap(ours[ReferenceModels.generatorKey(key)])
            let comparison = TensorComparison(after, Self.grads["adamw.\(key).after"]!)
            XCTAssertLessThan(comparison.scaledError, 1e-6, "adamw.\(key).after: \(comparison)")
        }

        optimizerD.zeroGrad()
        let real = Losses.leastSquaresGenerator(fake: discriminator(target))
        let fake = discriminator(output.prediction.detached()).square().mean() * 0.5
        let discriminatorLoss = Losses.leastSquaresDiscriminator(real: discriminator(target),
                                                                 fake: discriminator(output.prediction.detached()))
        XCTAssertEqual(real.item, term("D_real_term"), accuracy: 1e-5 * term("D_real_term"), "D real half")
        XCTAssertEqual(fake.item, term("D_fake_term"), accuracy: 1e-5 * term("D_fake_term"), "D fake half")
        XCTAssertEqual(discriminatorLoss.item, term("D_total"), accuracy: 1e-5 * term("D_total"), "D_total")
        optimizerD.zeroGrad()
        discriminatorLoss.backward()
        let ourD = Dictionary(uniqueKeysWithValues: discriminator.namedParameters().map { ($0.name, $0.tensor) })
        for key in ["net.0.weight", "net.0.bias", "net.8.weight", "net.8.bias"] {
            let grad = try XCTUnwrap(ourD[ReferenceModels.discriminatorKey(key)]?.grad, key)
            let comparison = TensorComparison(grad, Self.grads["disc_grad.\(key)"]!)
            XCTAssertLessThan(comparison.scaledError, 1e-4, "disc_grad.\(key): \(comparison)")
        }
        optimizerD.step()
        for key in ["net.8.weight", "net.8.bias"] {
            let after = try XCTUnwrap(ourD[ReferenceModels.discriminatorKey(key)])
            let comparison = TensorComparison(after, Self.grads["adamw.disc.\(key).after"]!)
            XCTAssertLessThan(comparison.scaledError, 1e-6, "adamw.disc.\(key).after: \(comparison)")
        }
    }

    /// Our former choices give different loss values on the authors' prediction (so the defaults are what the
    /// test above checks): the cropped gradient loss and the channel triplet distance.
    func testFormerChoicesDifferFromAuthors() throws {
        let io = Self.io
        let pred = io["train.pred"]!, target = io["input.target"]!
        let cropped = Losses.gradientDifference(pred, target, edges: .crop).item
        XCTAssertEqual(Losses.gradientDifference(pred, target, edges: .zeroPad).item, term("gradient"),
                       accuracy: 1e-5 * term("gradient"))
        XCTAssertGreaterThan(Swift.abs(cropped - term("gradient")), 1e-4) // measured 2.0e-4; float error ~1e-7
        let channel = Losses.triplet(anchor: io["train.x_y"]!, positive: io["train.y4"]!, negative: io["train.x4"]!,
                                     margin: 0.2, axis: .channels).item
        XCTAssertEqual(Losses.triplet(anchor: io["train.x_y"]!, positive: io["train.y4"]!, negative: io["train.x4"]!,
                                      margin: 0.2, axis: .width).item, term("triplet_motion"),
                       accuracy: 1e-5 * term("triplet_motion"))
        XCTAssertGreaterThan(Swift.abs(channel - term("triplet_motion")), 1e-3)
    }

    /// Fixture 7: the width distance, its hinge and the loss on a [2,5,3,4] triple (H ≠ W), the same value as their
    /// `SIM_LOSS`; a handful of float32 operations per entry: 1e-6 relative. Gradients by finite differences.
    func testTripletDistanceMatchesPairwiseDistance() throws {
        let t = try ReferenceFixture.tensors("triplet")
        let json = try ReferenceFixture.json("triplet")
        let a = t["anchor"]!, p = t["positive"]!, n = t["negative"]!
        let pos = Tensor.widthDistance(a, p), neg = Tensor.widthDistance(a, n)
        XCTAssertEqual(pos.shape, [2, 5, 3, 1])
        XCTAssertLessThan(TensorComparison(pos, t["pos_dist"]!).scaledError, 1e-6)
        XCTAssertLessThan(TensorComparison(neg, t["neg_dist"]!).scaledError, 1e-6)
        let hinge = Losses.tripletHinge(anchor: a, positive: p, negative: n, margin: 0.2, axis: .width)
        XCTAssertLessThan(TensorComparison(hinge, t["hinge"]!).scaledError, 1e-6)
        let loss = Losses.triplet(anchor: a, positive: p, negative: n, margin: 0.2, axis: .width).item
        XCTAssertEqual(Double(loss), json["Triplet_loss"] as! Double, accuracy: 1e-6)
        XCTAssertEqual(Double(loss), json["SIM_LOSS"] as! Double, accuracy: 1e-6)
        let perSample = Losses.perSampleTriplet(anchor: a, positive: p, negative: n, margin: 0.2, axis: .width).scalars
        XCTAssertEqual(Double(perSample.reduce(0, +) / 2), json["SIM_LOSS"] as! Double, accuracy: 1e-6)
        let contrast = try XCTUnwrap(json["for_contrast_not_theirs"] as? [String: Any])
        let channel = Losses.triplet(anchor: a, positive: p, negative: n, margin: 0.2, axis: .channels).item
        XCTAssertEqual(Double(channel), contrast["reduce_over_channel_axis"] as! Double, accuracy: 1e-5)

        var random = RandomGenerator(seed: 5)
        let inputs = [Tensor.randomNormal([2, 3, 2, 4], generator: &random), Tensor.randomNormal([2, 3, 2, 4], generator: &random)]
        let result = GradientChecker.check(inputs, step: 1e-3) { Tensor.widthDistance($0[0], $0[1]) }
        XCTAssertTrue(result.passed, "\(result)")
    }

    /// Finite-difference check of the zero-padded gradient loss (edges included).
    func testZeroPaddedGradientLossGradient() {
        var random = RandomGenerator(seed: 6)
        let inputs = [Tensor.randomNormal([2, 2, 4, 5], generator: &random), Tensor.randomNormal([2, 2, 4, 5], generator: &random)]
        let result = GradientChecker.check(inputs, step: 1e-3) { Losses.gradientDifference($0[0], $0[1], edges: .zeroPad) }
        XCTAssertTrue(result.passed, "\(result)")
    }
}
