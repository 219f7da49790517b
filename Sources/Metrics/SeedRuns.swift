/// The runs of one table row on one dataset: per training seed, the AUC broken down by test-video pairs.
public typealias SeedRuns = [Int: VideoPairCounts]
