import ArgumentParser
import Foundation
import VideoData

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
        var family: String
        @Option(help: "Scale preset: smoke, default or paper.")
        var scale: String = "default"
        @Option(help: "Output dataset folder (becomes <root>/<name>).")
        var out: String
        @Option(help: "Generation seed.")
        var seed: UInt64 = 0
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

        func run() throws {
            guard let family = SyntheticFamily(rawValue: family) else {
                throw ValidationError("--family must be walkway, plaza or campus, got '\(self.family)'")
            }
            guard var scale = SyntheticScale.named(scale) else {
                throw ValidationError("--scale must be smoke, default or paper, got '\(self.scale)'")
            }
            if let trainVideos { scale.trainVideos = trainVideos }
            if let testVideos { scale.testVideos = testVideos }
            if let minFrames { scale.minFrames = minFrames }
            if let maxFrames { scale.maxFrames = maxFrames }
            if let frameSize { scale.frameSize = frameSize }
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

        func run() throws {
            let check = try DatasetCheck(path: path)
            print(check.report)
        }
    }

    /// `f2lm data baseline`: the trivial frame-difference AUC of a synthetic family (the difficulty check).
    struct Baseline: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the frame-level AUC of a mean-absolute-frame-difference score on a synthetic family's test videos.")

        @Option(help: "Family: walkway, plaza, campus, or all.")
        var family: String = "all"
        @Option(help: "Scale preset: smoke, default or paper.")
        var scale: String = "default"
        @Option(help: "Generation seed.")
        var seed: UInt64 = 0

        func run() throws {
            guard let scale = SyntheticScale.named(scale) else {
                throw ValidationError("--scale must be smoke, default or paper, got '\(self.scale)'")
            }
            let families: [SyntheticFamily]
            if family == "all" { families = SyntheticFamily.allCases } else {
                guard let f = SyntheticFamily(rawValue: family) else { throw ValidationError("unknown --family '\(family)'") }
                families = [f]
            }
            for f in families {
                let result = FrameDifferenceBaseline.evaluate(family: f, scale: scale, seed: seed)
                print(String(format: "%@: frame-difference AUC %.1f %%, anomalous frames %.1f %%", f.rawValue,
                             100 * result.auc, 100 * result.anomalousFraction))
            }
        }
    }
}
