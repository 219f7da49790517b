import Foundation

/// Simulated experiments with a known AUC difference, generated the way real results arise (per-frame scores of
/// every (row, seed, test video) → `VideoPairCounts` → `ClaimTest`), to measure the coverage of
/// `PairedDifferenceInterval` and the false-verdict rates of `ClaimTest`.
///
/// Model. A test set has V videos; video v has `P_v` anomalous frames (0 for a fifth of the videos, else 4…16) and
/// `N_v` normal frames (10…40). Row r, seed s scores a normal frame `ε` and an anomalous frame of video v
/// `m_r + a_s + a_rs + b_v + b_rv + g_rsv + ε`, with ε ~ N(0, 1) per frame and independent normal effects: a seed
/// effect shared by all rows (`a_s`, as rows sharing a generator) and one of the row (`a_rs`, σ_seed), a video effect
/// shared by all rows (`b_v`) and one of the row (`b_rv`, σ_video), and a row × seed × video interaction (`g_rsv`,
/// σ_inter). A normal frame carries no effect, so every (anomalous, normal) pair is ranked correctly with
/// probability `Φ((m_r + effects)/√2)` whatever video the normal frame comes from, and the expected AUC of row r
/// is exactly `Φ(m_r / τ)` with `τ² = 2 + σ²_a + σ²_seed + σ²_b + σ²_video + σ²_inter` at every design size: the
/// true difference is `Φ(m_A / τ) − Φ(m_B / τ)`.
public struct IntervalCalibration: Sendable {
    /// Standard deviations of the random effects on the anomalous frames' separation (normal frames have unit noise).
    public struct Noise: Sendable, Equatable {
        /// Name shown in the calibration table.
        public var name: String
        /// Seed effect shared by all rows.
        public var sharedSeed: Double
        /// Seed effect of each row.
        public var seed: Double
        /// Video effect shared by all rows.
        public var sharedVideo: Double
        /// Video effect of each row.
        public var video: Double
        /// Row × seed × video interaction.
        public var interaction: Double

        /// Creates a noise setting.
        public init(name: String, sharedSeed: Double, seed: Double, sharedVideo: Double, video: Double, interaction: Double) {
            self.name = name
            self.sharedSeed = sharedSeed
            self.seed = seed
            self.sharedVideo = sharedVideo
            self.video = video
            self.interaction = interaction
        }

        /// τ: the standard deviation of a pair's score difference (anomalous − normal) over everything random.
        public var tau: Double {
            (2 + sharedSeed * sharedSeed + seed * seed + sharedVideo * sharedVideo + video * video
                + interaction * interaction).squareRoot()
        }

        /// Seed effects of the rows dominate the difference's variance.
        public static let seedDominated = Noise(name: "seed-dominated", sharedSeed: 0.3, seed: 0.35, sharedVideo: 0.5,
                                                video: 0.05, interaction: 0.1)
        /// Video effects of the rows dominate.
        public static let videoDominated = Noise(name: "video-dominated", sharedSeed: 0.3, seed: 0.02, sharedVideo: 0.5,
                                                 video: 0.6, interaction: 0.1)
        /// The row × seed × video interaction dominates.
        public static let interactionDominated = Noise(name: "interaction-dominated", sharedSeed: 0.3, seed: 0.02,
                                                       sharedVideo: 0.5, video: 0.05, interaction: 0.7)
    }

    /// Row separations `m_r` (row 0 first).
    public var separations: [Double]
    /// Random effects.
    public var noise: Noise
    /// Seeds per experiment.
    public var seeds: Int
    /// Test videos per experiment.
    public var videos: Int

    /// A design.
    public init(separations: [Double], noise: Noise, seeds: Int, videos: Int) {
        precondition(separations.count >= 2 && seeds >= 1 && videos >= 2, "two rows, a seed and two videos")
        self.separations = separations
        self.noise = noise
        self.seeds = seeds
        self.videos = videos
    }

    /// The true `AUC(row i) − AUC(row j)`.
    public func trueDifference(_ i: Int, _ j: Int) -> Double {
        Self.normalCDF(separations[i] / noise.tau) - Self.normalCDF(separations[j] / noise.tau)
    }

    /// One simulated experiment: every row's runs (seeds 0..<seeds), from the generator seeded with `seed`.
    public func experiment(seed: UInt64) -> [SeedRuns] {
        var random = NormalGenerator(seed: seed)
        var positives: [Int] = []
        var negatives: [Int] = []
        repeat {
            positives = (0..<videos).map { _ in random.uniform() < 0.2 ? 0 : 4 + Int(random.uniform() * 13) }
        } while positives.allSatisfy { $0 == 0 }
        negatives = (0..<videos).map { _ in 10 + Int(random.uniform() * 31) }
        let sharedSeed = (0..<seeds).map { _ in noise.sharedSeed * random.normal() }
        let sharedVideo = (0..<videos).map { _ in noise.sharedVideo * random.normal() }
        let names = (0..<videos).map { "video\($0)" }
        return separations.map { separation in
            let rowVideo = (0..<videos).map { _ in noise.video * random.normal() }
            var runs: SeedRuns = [:]
            for s in 0..<seeds {
                let rowSeed = noise.seed * random.normal()
                var scores: [Double] = []
                var labels: [Bool] = []
                var frameVideos: [String] = []
                for v in 0..<videos {
                    let shift = separation + sharedSeed[s] + rowSeed + sharedVideo[v] + rowVideo[v]
                        + noise.interaction * random.normal()
                    for _ in 0..<positives[v] {
                        scores.append(shift + random.normal())
                        labels.append(true)
                        frameVideos.append(names[v])
                    }
                    for _ in 0..<negatives[v] {
                        scores.append(random.normal())
                        labels.append(false)
                        frameVideos.append(names[v])
                    }
                }
                runs[s] = try! VideoPairCounts(scores: scores, labels: labels, videos: frameVideos)
            }
            return runs
        }
    }

    /// Measured behaviour of the interval over simulated experiments.
    public struct Coverage: Sendable, Equatable {
        /// Experiments simulated.
        public var experiments: Int
        /// Fraction whose 95% interval of row 0 − row 1 holds the true difference.
        public var coverage: Double
        /// Mean half-width of the intervals (AUC fraction).
        public var meanHalfWidth: Double
        /// Standard deviation of the estimates over experiments (AUC fraction).
        public var estimateSpread: Double
        /// Mean standard error the intervals claimed.
        public var meanStandardError: Double
        /// Fraction of intervals of zero width (the pivot is 0 with probability ≥ 5%: both the seed and the video
        /// mean square far below the residual's).
        public var zeroWidth: Double
    }

    /// Coverage of the `level` interval of row 0 − row 1 over `experiments` experiments (generator seeds
    /// `firstSeed`, `firstSeed + 1`, …).
    public func coverage(experiments: Int, level: Double = 0.95, firstSeed: UInt64 = 1) -> Coverage {
        let truth = trueDifference(0, 1)
        var covered = 0
        var widths = 0.0
        var errors = 0.0
        var zeroWidth = 0
        var estimates: [Double] = []
        for index in 0..<experiments {
            let rows = experiment(seed: firstSeed + UInt64(index))
            let difference = try! PairedDifferenceInterval().difference(better: "0", rows[0], worse: "1", rows[1],
                                                                          level: level)
            if difference.lower <= truth && truth <= difference.upper { covered += 1 }
            widths += (difference.upper - difference.lower) / 2
            errors += difference.standardError
            if difference.standardError == 0 { zeroWidth += 1 }
            estimates.append(difference.estimate)
        }
        let mean = estimates.reduce(0, +) / Double(experiments)
        let spread = (estimates.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(experiments - 1)).squareRoot()
        return Coverage(experiments: experiments, coverage: Double(covered) / Double(experiments),
                        meanHalfWidth: widths / Double(experiments), estimateSpread: spread,
                        meanStandardError: errors / Double(experiments),
                        zeroWidth: Double(zeroWidth) / Double(experiments))
    }

    /// Rates of each verdict of `claim` (rows named "0", "1", …) over `experiments` experiments.
    public func verdictRates(_ claim: Claim, experiments: Int, firstSeed: UInt64 = 1) -> [Verdict: Double] {
        let names = separations.indices.map(String.init)
        var counts: [Verdict: Int] = [:]
        for index in 0..<experiments {
            let runs = experiment(seed: firstSeed + UInt64(index))
            let rows = Dictionary(uniqueKeysWithValues: zip(names, runs))
            counts[ClaimTest().evaluate(claim, rows: rows, allRows: names).verdict, default: 0] += 1
        }
        return counts.mapValues { Double($0) / Double(experiments) }
    }

    /// Φ, the standard normal CDF.
    static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }
}

/// Normal and uniform draws from SplitMix64 (Box–Muller).
struct NormalGenerator {
    private var generator: SplitMix64
    private var spare: Double?

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(generator.next() >> 11) / Double(1 << 53) }

    /// Standard normal.
    mutating func normal() -> Double {
        if let value = spare {
            spare = nil
            return value
        }
        let u = 1 - uniform()
        let v = uniform()
        let radius = (-2 * log(u)).squareRoot()
        spare = radius * sin(2 * .pi * v)
        return radius * cos(2 * .pi * v)
    }
}
