import ArgumentParser
import Foundation
import Metrics

/// `f2lm eval`: frame-level AUC and EER of a per-frame score CSV (thin over `Metrics.EvaluationReport`).
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Compute frame-level AUC and EER from a per-frame score CSV.",
        discussion: """
            The CSV has columns video,frame,label and either the score components label_triplet, motion_triplet, \
            generator_mse, destroyer_mse (empty cells = absent component) or one precomputed score column. \
            Components are z-scored (per video or globally), weighted by γ and min-max scaled per video. \
            EER is the authors' definition (FPR where |FPR − (1 − TPR)| is smallest); the interpolated crossing \
            of FPR and FNR is shown beside it.
            """)

    @Option(name: .long, help: "The per-frame score CSV.")
    var scores: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "γ1,γ2,γ3,γ4 (label triplet, motion triplet, generator MSE, Destroyer MSE); 'search' to choose γ on "
                + "validation videos and report on the held-out ones; 'oracle' to choose on all test videos "
                + "(labelled oracle). Default 1,1,1,1.",
            valueName: "a,b,c,d|search|oracle"),
        transform: { try GammaSetting(parsing: $0) })
    var gamma: GammaSetting?

    @Option(name: .long, help: ArgumentHelp("Component standardisation scope.", valueName: "per-video|global"))
    var normalize: NormalizationScope = .perVideo

    @Option(name: .long, help: ArgumentHelp("Video split for --gamma search (default: alternate).", valueName: "alternate|half:SEED"),
            transform: { try VideoSplit(parsing: $0) })
    var split: VideoSplit = .alternate

    @Option(name: .long, help: "Grid step of γ1+γ2+γ3 = 5 for --gamma search/oracle (reported divided by 5).")
    var gridStep: Double = GammaGrid.paper.step

    @Flag(name: .long, help: "For a precomputed score column: min-max scale it within each video first.")
    var minMaxPerVideo = false

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    /// Checks the grid step before anything is read, so a bad flag is reported with the usage line (the other
    /// flags are parsed by ArgumentParser through their types).
    mutating func validate() throws {
        do {
            _ = try GammaGrid(step: gridStep).candidates()
        } catch let error as MetricsError {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        try reportingUserErrors {
            let table = try ScoreTable.read(from: URL(fileURLWithPath: scores))
            let report = try EvaluationReport(
                table: table, source: scores, gamma: gamma, normalization: normalize, minMaxPerVideo: minMaxPerVideo,
                search: GammaSearch(grid: GammaGrid(step: gridStep), split: split))
            print(json ? try report.json() : report.text)
        }
    }
}

/// `--normalize`: `per-video` or `global` (also `per_video`, any case).
extension NormalizationScope: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(parsing: argument) }
}
