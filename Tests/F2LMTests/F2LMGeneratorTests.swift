import XCTest
import F2LM
import NN
import TensorCore

final class F2LMGeneratorTests: XCTestCase {
    let shape = GeneratorInputShape(channels: 3, classCount: 6, history: 4)

    func inputs(batch: Int, size: Int, generator g: inout RandomGenerator) -> (Tensor, Tensor, Tensor) {
        (Tensor.randomUniform([batch, shape.frameChannels, size, size], lowerBound: -1, upperBound: 1, generator: &g),
         Tensor.randomUniform([batch, shape.labelChannels, size, size], generator: &g),
         Tensor.randomNormal([batch, shape.flowChannels, size, size], generator: &g))
    }

    func model(_ encoders: [EncoderKind], ftc: Bool, fusion: FusionKind = .concatSE,
               architecture: GeneratorArchitecture = .f2lm, width: Int) -> ModelConfig {
        ModelConfig(architecture: architecture, width: width, encoders: encoders, ftc: ftc, fusion: fusion, alpha: 0.2,
                    seReduction: 8)
    }

    /// Every variant of the encoder ablation, both fusions, FFP, two widths: prediction `[N, C, H, W]` in (−1, 1),
    /// features `[N, 8w, H/8, W/8]` of unit norm over channels, and exactly the expected optional parts.
    func testShapesOfEveryVariantAndWidth() {
        var g = RandomGenerator(seed: 3)
        let variants: [([EncoderKind], Bool, FusionKind, GeneratorArchitecture)] = [
            ([.frame], false, .concatSE, .ffp),
            ([.frame], false, .concatSE, .f2lm),
            ([.frame, .label], true, .concatSE, .f2lm),
            ([.frame, .motion], true, .concatSE, .f2lm),
            ([.frame, .label, .motion], true, .concatSE, .f2lm),
            ([.frame, .label, .motion], true, .add, .f2lm),
            ([.frame, .label, .motion], false, .concatSE, .f2lm),
            ([.frame, .label, .motion], false, .add, .f2lm),
            ([.frame, .label, .motion], true, .concatSE, .ffp),
        ]
        for width in [4, 8] {
            for (encoders, ftc, fusion, architecture) in variants {
                let name = "\(architecture) \(encoders) ftc=\(ftc) \(fusion) w=\(width)"
                let net = F2LMGenerator(model: model(encoders, ftc: ftc, fusion: fusion, architecture: architecture, width: width),
                                        inputShape: shape, generator: &g)
                let (frames, labels, flow) = inputs(batch: 2, size: 16, generator: &g)
                let out = net(frames: frames, labels: labels, flow: flow)
                XCTAssertEqual(out.prediction.shape, [2, 3, 16, 16], name)
                XCTAssertTrue(out.prediction.scalars.allSatisfy { abs($0) < 1 }, name)
                XCTAssertEqual(out.frameFeature.shape, [2, 8 * width, 2, 2], name)
                let f2lm = architecture == .f2lm
                XCTAssertEqual(out.labelFeature != nil, f2lm && encoders.contains(.label), name)
                XCTAssertEqual(out.motionFeature != nil, f2lm && encoders.contains(.motion), name)
                XCTAssertEqual(out.convertedLabelFeature != nil, f2lm && ftc && encoders.contains(.label), name)
                XCTAssertEqual(out.convertedMotionFeature != nil, f2lm && ftc && encoders.contains(.motion), name)
                XCTAssertEqual(net.tripletLoss(out, margin: 0.2) != nil, f2lm && ftc && encoders.count > 1, name)
                XCTAssertEqual(net.isFramePredictionBaseline, !f2lm || encoders == [.frame], name)
                for feature in [out.frameFeature, out.convertedLabelFeature, out.labelFeature].compactMap({ $0 }) {
                    let v = feature.scalars
                    let c = 8 * width, plane = 4
                    for n in 0..<2 { for p in 0..<plane {
                        let norm = (0..<c).map { v[(n * c + $0) * plane + p] }.reduce(0) { $0 + $1 * $1 }
                        XCTAssertEqual(norm, 1, accuracy: 1e-4, name)
                    } }
                }
            }
        }
    }

    /// What lets the FFP spellings share one generator key (`RunConfig.parameters(readBy:)`): ffp, and f2lm with the
    /// frame encoder alone with or without FTC, build the same parameters with the same initial values from one seed
    /// and compute the same prediction bit for bit.
    func testEveryFramePredictionSpellingBuildsTheSameNetwork() {
        let spellings = [model([.frame], ftc: false, architecture: .ffp, width: 4), model([.frame], ftc: false, width: 4),
                         model([.frame], ftc: true, width: 4)]
        XCTAssertTrue(spellings.allSatisfy(\.isFramePredictionBaseline))
        XCTAssertFalse(model([.frame, .motion], ftc: false, width: 4).isFramePredictionBaseline)
        var g = RandomGenerator(seed: 9)
        let (frames, labels, flow) = inputs(batch: 2, size: 16, generator: &g)
        var results: [([String], [UInt32], [UInt32])] = []
        for spelling in spellings {
            var weights = RandomGenerator(seed: 4)
            let net = F2LMGenerator(model: spelling, inputShape: shape, generator: &weights)
            let state = net.stateDictionary()
            let prediction = Tensor.withoutGrad { net(frames: frames, labels: labels, flow: flow).prediction }
            results.append((state.map(\.name), state.flatMap { $0.tensor.scalars.map(\.bitPattern) },
                            prediction.scalars.map(\.bitPattern)))
        }
        for result in results.dropFirst() {
            XCTAssertEqual(result.0, results[0].0)
            XCTAssertEqual(result.1, results[0].1)
            XCTAssertEqual(result.2, results[0].2)
        }
    }

    func testCheckpointKeysAreDottedAndFollowTheArchitecture() {
        var g = RandomGenerator(seed: 1)
        let full = F2LMGenerator(model: model([.frame, .label, .motion], ftc: true, width: 4), inputShape: shape, generator: &g)
        let names = Set(full.stateDictionary().map(\.name))
        for key in ["frameEncoder.inc.conv1.weight", "frameEncoder.downs.2.bn2.running_var", "labelEncoder.inc.conv1.weight",
                    "motionEncoder.downs.0.conv2.weight", "labelConversion.conv1.weight", "motionConversion.bn2.running_mean",
                    "fusion.conv1.weight", "excitation.fc1.weight", "excitation.fc2.bias", "decoder.ups.0.weight",
                    "decoder.convs.2.conv1.weight", "decoder.outc.weight", "decoder.outc.bias"] {
            XCTAssertTrue(names.contains(key), "missing key \(key)")
        }
        XCTAssertEqual(full.namedParameters().first { $0.name == "fusion.conv1.weight" }?.tensor.shape, [32, 96, 3, 3])
        XCTAssertEqual(full.namedParameters().first { $0.name == "frameEncoder.inc.conv1.weight" }?.tensor.shape, [4, 12, 3, 3])
        XCTAssertEqual(full.namedParameters().first { $0.name == "labelEncoder.inc.conv1.weight" }?.tensor.shape, [4, 24, 3, 3])
        XCTAssertEqual(full.namedParameters().first { $0.name == "motionEncoder.inc.conv1.weight" }?.tensor.shape, [4, 6, 3, 3])
        let ffp = F2LMGenerator(model: model([.frame], ftc: false, architecture: .ffp, width: 4), inputShape: shape, generator: &g)
        XCTAssertTrue(ffp.stateDictionary().allSatisfy { $0.name.hasPrefix("frameEncoder.") || $0.name.hasPrefix("decoder.") })
        let add = F2LMGenerator(model: model([.frame, .label, .motion], ftc: true, fusion: .add, width: 4), inputShape: shape, generator: &g)
        XCTAssertFalse(add.stateDictionary().contains { $0.name.hasPrefix("fusion.") || $0.name.hasPrefix("excitation.") })
        var d = RandomGenerator(seed: 2)
        let discriminator = PatchDiscriminator(channels: 3, width: 4, generator: &d)
        XCTAssertEqual(discriminator.namedParameters().map(\.name),
                       ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "conv3.weight", "conv3.bias",
                        "conv4.weight", "conv4.bias", "conv5.weight", "conv5.bias"])
        XCTAssertEqual(discriminator.conv3.weight.shape, [32, 16, 4, 4])
        let destroyer = Destroyer(channels: 3, width: 4, generator: &d)
        XCTAssertTrue(destroyer.stateDictionary().contains { $0.name == "unet.encoder.inc.conv1.weight" })
    }

    func testDiscriminatorAndDestroyerShapes() {
        var g = RandomGenerator(seed: 5)
        for width in [4, 8] {
            let x = Tensor.randomUniform([2, 3, 32, 32], lowerBound: -1, upperBound: 1, generator: &g)
            let d = PatchDiscriminator(channels: 3, width: width, generator: &g)(x)
            XCTAssertEqual(d.shape, [2, 1, 7, 7]) // 32 → 17 → 9 → 5 → 6 → 7 (k 4, padding 2)
            XCTAssertTrue(d.scalars.allSatisfy { $0 > 0 && $0 < 1 })
            let r = Destroyer(channels: 3, width: width, generator: &g)(x)
            XCTAssertEqual(r.shape, [2, 3, 32, 32])
            XCTAssertTrue(r.scalars.allSatisfy { abs($0) < 1 })
        }
    }

    /// The default initialisation is the authors' (quirk 17): conv weights N(0, 0.02²) — their truncation bound is
    /// ±2 absolute, i.e. none in effect — and biases zero.
    func testInitialisation() {
        var g = RandomGenerator(seed: 9)
        let net = F2LMGenerator(model: model([.frame, .label, .motion], ftc: true, width: 4), inputShape: shape, generator: &g)
        let weights = net.namedParameters().filter { $0.name.hasSuffix("conv1.weight") }.flatMap { $0.tensor.scalars }
        let mean = weights.reduce(0, +) / Float(weights.count)
        let std = (weights.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(weights.count)).squareRoot()
        XCTAssertEqual(std, 0.02, accuracy: 0.002) // untruncated N(0, 0.02²); a ±2σ truncation would give ≈ 0.0176
        XCTAssertTrue(weights.contains { abs($0) > 0.04 }, "no weight beyond 2σ: the normal is truncated")
        XCTAssertEqual(net.decoder.outc.bias!.scalars, [0, 0, 0])
    }

    /// L_tri is the sum of the label and motion hinges, each averaged over batch and positions; the per-sample
    /// triplets average per frame. Hand-built features with known distances.
    func testTripletLossOfAnOutputAgainstHandComputedValues() {
        var g = RandomGenerator(seed: 4)
        let net = F2LMGenerator(model: model([.frame, .label, .motion], ftc: true, width: 4), inputShape: shape, generator: &g)
        // 2 channels, 1×2 positions, batch 2. Z_f = e1 everywhere; Z'_l = e1, Z_l = e2 → d(a,p) = √2, d(a,n) = 0:
        // hinge = √2 + 0.2. Z'_m = e2, Z_m = e2 → d(a,p) = 0, d(a,n) = √2: hinge = max(0.2 − √2, 0) = 0 in sample 0;
        // sample 1 has Z_m = e1 → d(a,p) = √2, d(a,n) = √2 → hinge 0.2.
        func t(_ v: [Float]) -> Tensor { Tensor(shape: [2, 2, 1, 2], scalars: v) }
        let e1: [Float] = [1, 1, 0, 0], e2: [Float] = [0, 0, 1, 1]
        let output = GeneratorOutput(prediction: Tensor.zeros([2, 3, 8, 8]), frameFeature: t(e1 + e1),
                                     labelFeature: t(e2 + e2), motionFeature: t(e2 + e1),
                                     convertedLabelFeature: t(e1 + e1), convertedMotionFeature: t(e2 + e2))
        let label = Float(2).squareRoot() + 0.2, motion: Float = (0 + 0.2) / 2
        XCTAssertEqual(net.tripletLoss(output, margin: 0.2)!.item, label + motion, accuracy: 1e-5)
        let perSample = net.perSampleTriplets(output, margin: 0.2)
        XCTAssertEqual(perSample.label!.scalars[0], label, accuracy: 1e-5)
        assertClose(perSample.motion!.scalars.map { Double($0) }, [0, 0.2], accuracy: 1e-5)
    }
}

/// Element-wise `XCTAssertEqual` with accuracy for arrays.
func assertClose(_ a: [Double], _ b: [Double], accuracy: Double, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}
