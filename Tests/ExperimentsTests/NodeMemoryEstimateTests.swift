import Experiments
import F2LM
import NN
import TensorCore
import XCTest

/// The memory estimate of a node: exact parameter counts at any width, the terms growing with the keys they name,
/// and Slurm's `--mem` values read as users write them.
final class NodeMemoryEstimateTests: XCTestCase {
    let shape = GeneratorInputShape(channels: 3, classCount: 6, history: 4)

    func testParameterCountsEqualTheBuiltNetworksAtWidthsOutsideTheFit() {
        for width in [32, 40] {
            var model = RunConfig.paperDefaults.model
            model.width = width
            var random = RandomGenerator(seed: 1)
            XCTAssertEqual(NodeMemoryEstimate.parameterCount(.generator, model: model, shape: shape),
                           F2LMGenerator(model: model, inputShape: shape, generator: &random).parameterCount, "width \(width)")
            XCTAssertEqual(NodeMemoryEstimate.parameterCount(.discriminator, model: model, shape: shape),
                           PatchDiscriminator(channels: 3, width: width, generator: &random).parameterCount, "width \(width)")
            XCTAssertEqual(NodeMemoryEstimate.parameterCount(.destroyer, model: model, shape: shape),
                           Destroyer(channels: 3, width: width, generator: &random).parameterCount, "width \(width)")
            model.encoders = [.frame]
            model.architecture = .ffp
            XCTAssertEqual(NodeMemoryEstimate.parameterCount(.generator, model: model, shape: shape),
                           F2LMGenerator(model: model, inputShape: shape, generator: &random).parameterCount, "ffp width \(width)")
        }
    }

    /// The counts are remembered per architecture (not per width, α or initialisation, which a grid varies): every
    /// look-up still equals the network built with exactly that configuration.
    func testRememberedCountsEqualTheBuiltNetworkForEveryVariedKey() {
        var model = RunConfig.paperDefaults.model
        for (alpha, initialization, width, fusion) in [(0.2, WeightInitialization.allCases[0], 8, FusionKind.allCases[0]),
                                                       (1.0, WeightInitialization.allCases.last!, 8, FusionKind.allCases[0]),
                                                       (0.5, WeightInitialization.allCases[0], 32, FusionKind.allCases.last!),
                                                       (0.5, WeightInitialization.allCases.last!, 16, FusionKind.allCases.last!)] {
            model.alpha = alpha
            model.initialization = initialization
            model.width = width
            model.fusion = fusion
            var random = RandomGenerator(seed: 2)
            XCTAssertEqual(NodeMemoryEstimate.parameterCount(.generator, model: model, shape: shape),
                           F2LMGenerator(model: model, inputShape: shape, generator: &random).parameterCount,
                           "alpha \(alpha), \(initialization), width \(width), \(fusion)")
        }
        let other = GeneratorInputShape(channels: 1, classCount: 6, history: 4)
        var random = RandomGenerator(seed: 3)
        XCTAssertEqual(NodeMemoryEstimate.parameterCount(.destroyer, model: model, shape: other),
                       Destroyer(channels: 1, width: model.width, generator: &random).parameterCount)
        XCTAssertEqual(NodeMemoryEstimate.parameterCount(.generator, model: model, shape: other),
                       F2LMGenerator(model: model, inputShape: other, generator: &random).parameterCount)
    }

    func testTermsGrowWithWidthBatchAndResolution() {
        let base = RunConfig.paperDefaults
        func total(_ change: (inout RunConfig) -> Void) -> Int {
            var config = base
            change(&config)
            return NodeMemoryEstimate(stage: .generator, config: config).totalBytes
        }
        let reference = total { _ in }
        XCTAssertGreaterThan(total { $0.model.width *= 2 }, reference)
        XCTAssertGreaterThan(total { $0.train.batch *= 2 }, reference)
        XCTAssertGreaterThan(total { $0.data.resolution *= 2 }, reference)
        let huge = NodeMemoryEstimate(stage: .generator, config: { var c = base; c.model.width = 100_000; return c }())
        XCTAssertEqual(huge.drivingKeys.first?.key, "model.width")
        XCTAssertGreaterThan(huge.totalBytes, 1 << 50)
    }

    func testSlurmMemoryValues() {
        XCTAssertEqual(NodeMemoryCheck.slurmMemoryBytes("8G"), 8 << 30)
        XCTAssertEqual(NodeMemoryCheck.slurmMemoryBytes("500M"), 500 << 20)
        XCTAssertEqual(NodeMemoryCheck.slurmMemoryBytes("16000"), 16000 << 20)
        XCTAssertNil(NodeMemoryCheck.slurmMemoryBytes("lots"))
    }
}
