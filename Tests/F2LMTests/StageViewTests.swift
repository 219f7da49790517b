import Foundation
import XCTest
import F2LM
import VideoData

/// Every field a stage's view carries is a parameter that stage or one upstream of it reads (or a key that is not
/// identity), checked against the parameter table: a view that gained, say, `lr_destroyer` in the generator stage
/// would let a trainer depend on a key outside its cache key, and fails here.
final class StageViewTests: XCTestCase {
    /// The dotted key paths of an encodable section, e.g. `train.generator_steps`.
    func keyPaths(_ value: some Encodable, prefix: String) throws -> Set<String> {
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(value), options: [.fragmentsAllowed])
        func walk(_ node: Any, _ path: String) -> Set<String> {
            guard let dictionary = node as? [String: Any] else { return [path] }
            return dictionary.reduce(into: Set<String>()) { $0.formUnion(walk($1.value, path + "." + $1.key)) }
        }
        return walk(object, prefix)
    }

    /// Keys a stage may read: identity parameters of its own stage and of the stages before it, and non-identity keys
    /// of those stages (`data.root`, `train.checkpoint_every`).
    func allowed(upTo stage: PipelineStage, config: RunConfig) -> Set<String> {
        let order = PipelineStage.allCases
        let limit = order.firstIndex(of: stage)!
        return Set(config.parameters.filter { order.firstIndex(of: $0.stage)! <= limit }.map(\.key))
    }

    func testViewsCarryOnlyTheirOwnAndUpstreamKeys() throws {
        var config = RunConfig.paperDefaults
        config.data.root = "/data"  // so that the optional key is encoded too
        // The family levers are encoded only away from their neutral values: move them so they are checked too.
        config.data.synthetic.tuning = FamilyTuning(actorScale: 2, anomalySpeed: 2, crowdDensity: 2, anomalyKinds: ["running"])
        let generator = config.generatorStage
        var generatorKeys = try keyPaths(generator.data, prefix: "data")
        generatorKeys.formUnion(try keyPaths(generator.model, prefix: "model"))
        generatorKeys.formUnion(try keyPaths(generator.loss, prefix: "loss"))
        generatorKeys.formUnion(try keyPaths(generator.train, prefix: "train"))
        generatorKeys.insert("seed")
        let allowedForGenerator = allowed(upTo: .generator, config: config)
        XCTAssertEqual(generatorKeys.subtracting(allowedForGenerator), [], "generator view reads keys outside its key")
        // …and it carries every key its stage reads (nothing the trainer needs is missing).
        XCTAssertEqual(allowedForGenerator.subtracting(generatorKeys), [])

        let destroyer = config.destroyerStage
        var destroyerKeys = generatorKeys
        destroyerKeys.formUnion(try keyPaths(destroyer.destroyer, prefix: "destroyer"))
        destroyerKeys.formUnion(try keyPaths(destroyer.train, prefix: "train"))
        let allowedForDestroyer = allowed(upTo: .destroyer, config: config)
        XCTAssertEqual(destroyerKeys.subtracting(allowedForDestroyer), [], "destroyer view reads keys outside its key")
        XCTAssertEqual(allowedForDestroyer.subtracting(destroyerKeys), [])
        XCTAssertTrue(destroyerKeys.allSatisfy { !$0.hasPrefix("score.") })

        // The scores stage: the Destroyer's view and score.split, exactly what its key covers.
        let scores = config.scoresStage
        XCTAssertEqual(scores.destroyer, destroyer)
        let scoresKeys = destroyerKeys.union(["score.split"])
        XCTAssertEqual(scoresKeys, allowed(upTo: .scores, config: config))

        XCTAssertEqual(try keyPaths(config.data, prefix: "data"),
                       Set(config.parameters.filter { $0.stage == .dataset }.map(\.key)))
        XCTAssertEqual(try keyPaths(config.score, prefix: "score"),
                       Set(config.parameters.filter { $0.stage == .evaluation || $0.stage == .scores }.map(\.key)))
    }

    /// The views carry the configuration's values.
    func testViewsCopyTheValues() {
        var config = RunConfig.paperDefaults
        config.train.lrDestroyer = 0.125
        config.train.checkpointEvery = 7
        config.seed = 3
        XCTAssertEqual(config.destroyerStage.train.lrDestroyer, 0.125)
        XCTAssertEqual(config.generatorStage.train.checkpointEvery, 7)
        XCTAssertEqual(config.destroyerStage.generator, config.generatorStage)
        XCTAssertEqual(config.generatorStage.seed, 3)
        config.score.split = .validation
        XCTAssertEqual(config.scoresStage.split, .validation)
    }
}
