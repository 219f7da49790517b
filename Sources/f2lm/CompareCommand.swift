import ArgumentParser
import Experiments
import Foundation

/// `f2lm compare A.csv B.csv [--by hash|row|config]`: two results files side by side with the difference per metric, and
/// whether each AUC difference is beyond noise with its minimum detectable difference (`ComparisonNoiseTest`: the t
/// interval from the seed × video variance components
/// when `video_pairs.json` lies beside both files, else a paired t interval over seeds).
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Align two runs.csv files and print each metric side by side with the difference, and whether the AUC difference is beyond noise.")

    @Argument(help: "The first runs.csv (A).")
    var first: String

    @Argument(help: "The second runs.csv (B).")
    var second: String

    @Option(name: .long, help: "Pair rows by run hash (else by row, dataset and seed), by row and dataset averaged over seeds, or by resolved configuration (any spec or row label) averaged over seeds: hash | row | config.")
    var by: ResultsComparison.Alignment = .hash

    func run() throws {
        let comparison = try ResultsComparison(contentsOf: URL(fileURLWithPath: first), URL(fileURLWithPath: second),
                                               by: by)
        print(comparison.render(nameA: first, nameB: second), terminator: "")
    }
}
