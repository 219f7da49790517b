import XCTest
import F2LM
import NN
import TensorCore
import TestSupport

/// Our generator (width 64) against fixture 1 of `Tests/Fixtures/reference` (the authors' `UNet` of F2LM run
/// unchanged in PyTorch 1.13, float32, oneDNN, one thread) and the weight formula the fixtures are built on.
///
/// Tolerances are stated relative to each reference tensor's largest magnitude (`TensorComparison.scaledError`).
/// Forward values go through 20+ convolutions whose summation order differs from PyTorch's (oneDNN's blocked
/// kernels, another blocking): each layer adds float32 rounding of ~1e-7 relative, so after ~25 layers and the
/// BatchNorm divisions ~1e-6 is expected; 1e-5 leaves a decade of margin and still fails for any real difference
/// (the smallest structural change tried, e.g. the channel distance or normalised fusion, moves values by ≥ 1e-2).
final class ReferenceGeneratorTests: XCTestCase {
    nonisolated(unsafe) static let io = try! ReferenceFixture.tensors("generator_io")

    /// The weight formula reproduces `weight_formula.json`'s self-test values, and every regenerated parameter of
    /// the three networks has exactly the first 8 and last values of the JSON and its sum (float64 of the float32
    /// values; relative 1e-9 of the sum of |values| since only the summation order can differ).
    func testWeightFormulaMatchesSelfTestAndEveryParameterDescription() throws {
        XCTAssertEqual(ReferenceFixture.fnv1a64("generator/outc.weight"), 0xaf5d_c3f6_6509_2870)
        XCTAssertEqual((1...3).map { ReferenceFixture.splitMix64(seed: 0, index: UInt64($0)) },
                       [0xe220_a839_7b1d_cdaf, 0x6e78_9e6a_a1b9_65f4, 0x06c4_5d18_8009_454f])
        XCTAssertEqual((1...3).map { ReferenceFixture.uniform(seed: 0, index: UInt64($0)) },
                       [0.7666215896606445, -0.13694405555725098, -0.9471324682235718])
        for model in ["generator", "discriminator", "destroyer"] {
            let parameters = try XCTUnwrap(ReferenceFixture.json(model)["parameters"] as? [String: [String: Any]])
            let state = try ReferenceFixture.stateDictionary(model: model)
            var checked = 0
            for (key, entry) in parameters where entry["source"] as? String == "formula" {
                let values = try XCTUnwrap(state[key]).scalars
                let first8 = try XCTUnwrap(entry["first8"] as? [Double]).map(Float.init)
                XCTAssertEqual(Array(values.prefix(8)), first8, "\(model)/\(key) first values")
                XCTAssertEqual(values.last, (entry["last"] as? Double).map(Float.init), "\(model)/\(key) last value")
                let sum = values.reduce(0.0) { $0 + Double($1) }
                let sumAbs = try XCTUnwrap(entry["sum_abs"] as? Double)
                XCTAssertEqual(sum, try XCTUnwrap(entry["sum"] as? Double), accuracy: 1e-9 * sumAbs, "\(model)/\(key) sum")
                checked += 1
            }
            XCTAssertGreaterThan(checked, 0, model)
        }
    }

    /// Every key of the authors' state dict maps to one of ours and the loaded generator has every key set.
    func testStateDictionaryMapsOneToOne() throws {
        let generator = try ReferenceModels.generator()
        XCTAssertEqual(generator.stateDictionary().count, try ReferenceFixture.stateDictionary(model: "generator").count)
    }

    func runForward(_ generator: F2LMGenerator) -> GeneratorOutput {
        let io = Self.io
        return generator(frames: io["input.frames"]!, labels: io["input.labels"]!, flow: io["input.flows"]!)
    }

    /// The fixture's names for our outputs, in the authors' return order.
    func outputs(_ output: GeneratorOutput) -> [(String, Tensor)] {
        [("pred", output.prediction), ("x4", output.frameFeature), ("y4", output.motionFeature!),
         ("x_y", output.convertedMotionFeature!), ("z4", output.labelFeature!), ("x_z", output.convertedLabelFeature!)]
    }

    /// Evaluation mode (running statistics from `generator_bn`): the prediction and the five normalised features.
    func testEvalForwardMatchesAuthors() throws {
        let generator = try ReferenceModels.generator()
        generator.eval()
        let output = Tensor.withoutGrad { runForward(generator) }
        for (name, ours) in outputs(output) {
            let comparison = TensorComparison(ours, Self.io["eval.\(name)"]!)
            XCTAssertLessThan(comparison.scaledError, 1e-5, "eval.\(name): \(comparison)")
        }
    }

    /// Training mode (batch statistics): the outputs, and every BatchNorm's running mean and variance after the
    /// forward (momentum 0.1, unbiased batch variance). Running statistics are sums over 2·H·W values of
    /// activations with the same ~1e-6 error: 1e-5 of their largest magnitude.
    func testTrainForwardAndRunningStatisticsMatchAuthors() throws {
        let generator = try ReferenceModels.generator()
        generator.train()
        let output = Tensor.withoutGrad { runForward(generator) }
        for (name, ours) in outputs(output) {
            let comparison = TensorComparison(ours, Self.io["train.\(name)"]!)
            XCTAssertLessThan(comparison.scaledError, 1e-5, "train.\(name): \(comparison)")
        }
        let ours = Dictionary(uniqueKeysWithValues: generator.stateDictionary().map { ($0.name, $0.tensor) })
        var checked = 0
        for (key, reference) in Self.io where key.hasPrefix("bn_after_train.") {
            let theirs = String(key.dropFirst("bn_after_train.".count))
            let comparison = TensorComparison(try XCTUnwrap(ours[ReferenceModels.generatorKey(theirs)]), reference)
            XCTAssertLessThan(comparison.scaledError, 1e-5, "\(key): \(comparison)")
            checked += 1
        }
        XCTAssertEqual(checked, 72, "running mean and variance of all 36 BatchNorms")
    }

    /// The same weights with our former choices (`normalized` fusion input) give a different prediction: the
    /// fixture distinguishes the two, so the test above is a real check of `fusion_input: raw`.
    func testNormalizedFusionInputDiffersFromAuthors() throws {
        var model = ReferenceModels.model
        model.fusionInput = .normalized
        let generator = try ReferenceModels.generator(model: model)
        generator.eval()
        let output = Tensor.withoutGrad { runForward(generator) }
        XCTAssertGreaterThan(TensorComparison(output.prediction, Self.io["eval.pred"]!).scaledError, 1e-3)
    }
}
