import XCTest
@testable import F2LM
import NN
import TensorCore
import VideoData

final class GeneratorTrainerTests: XCTestCase {
    /// The discriminator is frozen while the generator's loss is backpropagated through it (its parameter gradients
    /// of that pass would be discarded). After a step it is trainable again, and its gradients are exactly those
    /// of its own loss on the step's real and (detached) generated frames at its weights before the step.
    func testDiscriminatorGetsOnlyTheGradientsOfItsOwnLoss() throws {
        let config = TestConfigurations.small()
        let folder = TestConfigurations.smokeDataset
        let data = try StageData.dataset(folder)
        let sampler = try StageData.sampler(data: config.data, dataset: data, split: .training)
        let trainer = try GeneratorTrainer(config: config, sampler: sampler, source: folder.path)
        _ = trainer.step(0)
        let before = trainer.discriminator.stateDictionary()
        let weights = Dictionary(uniqueKeysWithValues: before.map { ($0.name, $0.tensor.copy()) })
        _ = trainer.step(1)

        XCTAssertTrue(trainer.discriminator.parameters().allSatisfy(\.requiresGrad), "trainable again")
        XCTAssertTrue(trainer.generator.parameters().allSatisfy(\.requiresGrad))
        let (inputs, prediction) = try XCTUnwrap(trainer.lastStep)
        var random = RandomGenerator(seed: 0)
        let discriminator = PatchDiscriminator(channels: inputs.target.shape[1], width: config.model.width,
                                               generator: &random)
        try discriminator.loadStateDictionary(weights)
        discriminator.train()
        Losses.leastSquaresDiscriminator(real: discriminator(inputs.target), fake: discriminator(prediction))
            .backward()
        for ((name, expected), actual) in zip(discriminator.namedParameters(), trainer.discriminator.parameters()) {
            XCTAssertEqual(actual.grad?.scalars.map(\.bitPattern), expected.grad?.scalars.map(\.bitPattern), name)
        }
    }
}
