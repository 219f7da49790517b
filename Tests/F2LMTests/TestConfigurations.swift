import Foundation
import F2LM
import VideoData

/// Small run configurations and a shared synthetic smoke dataset for the model tests.
enum TestConfigurations {
    /// The paper's configuration shrunk to `resolution` and `width`, a few steps, checkpoints every 2 steps.
    static func small(resolution: Int = 16, width: Int = 4, encoders: [EncoderKind] = [.frame, .label, .motion],
                      ftc: Bool = true, fusion: FusionKind = .concatSE, architecture: GeneratorArchitecture = .f2lm,
                      generatorSteps: Int = 4, destroyerSteps: Int = 3) -> RunConfig {
        var config = RunConfig.paperDefaults
        config.data.labels = .onehot // the model tests' recorded numbers use one-hot maps (LabelScoresTests: scores)
        config.data.resolution = resolution
        config.model.width = width
        config.model.encoders = encoders
        config.model.ftc = ftc
        config.model.fusion = fusion
        config.model.architecture = architecture
        config.destroyer.patchSize = 64 // 64 × 16 / 256 = 4 pixels at 16 × 16
        config.train.generatorSteps = generatorSteps
        config.train.destroyerSteps = destroyerSteps
        config.train.batch = 2
        config.train.checkpointEvery = 2
        return config
    }

    /// A fresh temporary folder.
    static func temporaryFolder(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("f2lm-model-tests-\(ProcessInfo.processInfo.processIdentifier)-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The smoke-scale synthetic walkway dataset, written once per test process.
    static let smokeDataset: URL = {
        let url = temporaryFolder("dataset")
        try! SyntheticDatasetWriter(family: .walkway, scale: .smoke, seed: 7).write(to: url.path)
        return url
    }()
}
