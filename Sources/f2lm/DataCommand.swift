import ArgumentParser
import Experiments
import Foundation
import VideoData

extension SyntheticFamily: ExpressibleByArgument {}

/// `f2lm data`: generate synthetic datasets and check dataset folders.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Generate synthetic video anomaly datasets and check dataset folders.",
        subcommands: [Synth.self, Check.self, Baseline.self])

    /// `f2lm data synth`: write one synthetic family in the common dataset layout.
    struct Synth: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a synthetic family (walkway, plaza, campus).")

        @Option(help: "Family: walkway (Ped2 stand-in), plaza (Avenue), campus (ShanghaiTech).")
        var family: SyntheticFamily
        @Option(help: "Scale: experiments/scales/<name>.yaml over experiments/defaults.yaml when they exist (the runs' videos), else the built-in smoke, default or paper preset.")
        var scale: String = "default"
        @Option(help: "Output dataset folder (becomes <root>/<name>).")
        var out: String
        @Option(help: "Generation seed (default: the runs' data.seed, so these are the videos the runs use).")
        var seed: UInt64?
        @Option(help: "Also write a montage PNG of a few test frames, labels and flow.")
        var preview: String?
        @Option(help: "Override the preset's number of training videos.")
        var trainVideos: Int?
        @Option(help: "Override the preset's number of test videos.")
        var testVideos: Int?
        @Option(help: "Override the preset's shortest video length (frames).")
        var minFrames: Int?
        @Option(help: "Override the preset's longest video length (frames).")
        var maxFrames: Int?
        @Option(help: "Override the preset's frame size (pixels, square).")
        var frameSize: Int?
        @Option(help: "Validation videos to write into validation/ (test-like, own seed stream, never test videos).")
        var validationVideos: Int = 0

        func run() throws {
            try reportingUserErrors { try write() }
        }

        func write() throws {
            let videos = try DataCommand.videos(scale: self.scale, family: family)
            var scale = videos.scale
            let seed = self.seed ?? videos.seed
            if let trainVideos { scale.trainVideos = trainVideos }
            if let testVideos { scale.testVideos = testVideos }
            if let minFrames { scale.minFrames = minFrames }
            if let maxFrames { scale.maxFrames = maxFrames }
            if let frameSize { scale.frameSize = frameSize }
            scale.validationVideos = validationVideos
            do { try scale.validate(source: "f2lm data synth") } catch { throw ValidationError("\(error)") }
            let writer = SyntheticDatasetWriter(family: family, scale: scale, seed: seed)
            try writer.write(to: out) { done, total in print("video \(done)/\(total)") }
            print("wrote \(family.rawValue) (\(family.standsInFor) stand-in) to \(out)")
            if let preview {
                let montage = PreviewMontage.make(videos: Array(writer.videos(.testing).prefix(2)))
                try ImageCodec.writePNG(montage, to: preview)
                print("preview: \(preview)")
            }
        }
    }

    /// `f2lm data check`: validate a dataset folder and print its summary.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a dataset folder: videos, frames, anomalous frames, what is missing.")

        @Argument(help: "The dataset folder (<root>/<name>) or a UCSD original folder (UCSDped2).")
        var path: String
        @Option(help: "Also read every flow and label-score file (scripts/prepare-inputs.py) as a run at this working resolution would.")
        var inputs: Int?

        func run() throws {
            try reportingUserErrors {
                let check = try DatasetCheck(path: path)
                print(check.report)
                if let inputs {
                    if let manifest = try PreparedInputsManifest.read(datasetFolder: path) { try manifest.check(workingResolution: inputs) }
                    print(try PreparedInputsCheck.run(dataset: check.dataset, resolution: inputs))
                }
            }
        }
    }

    /// `f2lm data baseline`: the trivial frame-difference AUC of a synthetic family (the difficulty check).
    struct Baseline: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the frame-level AUC of a mean-absolute-frame-difference score on a synthetic family's test videos.")

        @Option(help: "Family: walkway, plaza, campus, or all.")
        var family: FamilyChoice = .all
        @Option(help: "Scale: experiments/scales/<name>.yaml over experiments/defaults.yaml when they exist (the runs' videos), else the built-in smoke, default or paper preset.")
        var scale: String = "default"
        @Option(help: "Generation seed (default: the runs' data.seed, so these are the videos the runs use).")
        var seed: UInt64?
        @Option(help: "Which videos: test (the runs' test videos) or validation (own seed stream, never test videos).")
        var split: Split = .test
        @Option(help: "Number of validation videos with --split validation (default: the preset's test video count).")
        var validationVideos: Int?

        /// `--family`: one family or all three.
        enum FamilyChoice: String, CaseIterable, ExpressibleByArgument {
            case all, walkway, plaza, campus
        }

        /// `--split`: which videos.
        enum Split: String, CaseIterable, ExpressibleByArgument {
            case test, validation
        }

        func run() throws {
            try reportingUserErrors { try evaluate() }
        }

        func evaluate() throws {
            let families = family == .all ? SyntheticFamily.allCases : [SyntheticFamily(rawValue: family.rawValue)!]
            let validation = split == .validation
            for f in families {
                let videos = try DataCommand.videos(scale: self.scale, family: f)
                var scale = videos.scale
                let seed = self.seed ?? videos.seed
                scale.validationVideos = validationVideos ?? scale.testVideos
                do { try scale.validate(source: "f2lm data baseline") } catch { throw ValidationError("\(error)") }
                if validation && scale.validationVideos == 0 { throw ValidationError("--validation-videos must be at least 1") }
                let result = FrameDifferenceBaseline.evaluate(family: f, scale: scale, seed: seed, validation: validation)
                print(String(format: "%@ (%@, seed %llu): frame-difference AUC %.1f %% scored like the runs (grey, first 4 frames unscored, per-video min-max), %.1f %% raw (all channels, videos concatenated); anomalous frames %.1f %%", f.rawValue,
                             validation ? "\(scale.validationVideos) validation videos" : "\(scale.testVideos) test videos",
                             seed, 100 * result.likeRunsAUC, 100 * result.auc, 100 * result.anomalousFraction))
            }
        }
    }

    /// The runs' synthetic sizes, levers and data seed for a scale and family (`ScaleDataSettings`: defaults.yaml,
    /// the family's dataset profile, the scale file), else a built-in preset with the runs' seed; an error for an
    /// unknown name.
    static func videos(scale: String, family: SyntheticFamily) throws -> (scale: SyntheticScale, seed: UInt64) {
        if let settings = try ScaleDataSettings.synthetic(scale: scale, family: family.rawValue) { return settings }
        guard let preset = SyntheticScale.named(scale) else {
            throw ValidationError("--scale must be smoke, default or paper, got '\(scale)'")
        }
        return (preset, SyntheticDatasetWriter.runsSeed)
    }
}
