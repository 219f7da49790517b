/// The frame-level AUC of one run broken down by pairs of test videos, so that the AUC of any resample of the
/// videos (with replacement) is exact and cheap to compute.
///
/// The pooled AUC is the Mann–Whitney statistic over (anomalous frame, normal frame) pairs, ties counted ½:
/// `AUC = Σ_{i ∈ pos, j ∈ neg} [s_i > s_j] + ½ [s_i = s_j]  /  (P N)`. Grouping the pairs by the videos `v`, `w` the
/// two frames come from, `K[v][w] = Σ_{i ∈ pos(v), j ∈ neg(w)} 2 [s_i > s_j] + [s_i = s_j]` (twice the count, so it
/// is an integer). A resample that takes video `v` `m_v` times (copies are distinct videos) has
/// `AUC(m) = Σ_{v,w} m_v m_w K[v][w] / (2 Σ_v m_v P_v · Σ_w m_w N_w)`, which equals `ROCCurve.area` of the
/// resampled frames. With every `m_v = 1` it is the run's AUC.
public struct VideoPairCounts: Sendable, Equatable, Codable {
    /// Video identifiers, in natural order.
    public let videos: [String]
    /// Anomalous frames per video, `P_v`.
    public let positives: [Int]
    /// Normal frames per video, `N_v`.
    public let negatives: [Int]
    /// `twiceOrderedPairs[v][w] = K[v][w]`: twice the number of (anomalous frame of `v`, normal frame of `w`) pairs
    /// ranked correctly, ties counted once (½ pair).
    public let twiceOrderedPairs: [[Int]]

    /// Stores given counts; `precondition`s that the shapes agree (a programmer error otherwise).
    public init(videos: [String], positives: [Int], negatives: [Int], twiceOrderedPairs: [[Int]]) {
        precondition(positives.count == videos.count && negatives.count == videos.count
            && twiceOrderedPairs.count == videos.count && twiceOrderedPairs.allSatisfy { $0.count == videos.count },
            "VideoPairCounts: one count per video and a videos × videos pair matrix")
        self.videos = videos
        self.positives = positives
        self.negatives = negatives
        self.twiceOrderedPairs = twiceOrderedPairs
    }

    /// Counts the pairs of per-frame `scores` (higher = more anomalous), `labels` (`true` = anomalous) and the video
    /// each frame belongs to. Throws `MetricsError` for unusable input (lengths, non-finite scores, one class).
    ///
    /// Cost: one sort plus `O(frames × videos)`: frames are swept by increasing score, keeping per video the number
    /// of normal frames seen below the current score and the number tied with it.
    public init(scores: [Double], labels: [Bool], videos frameVideos: [String]) throws {
        try validateBinaryInput(scores: scores, labels: labels)
        guard frameVideos.count == scores.count else {
            throw MetricsError.lengthMismatch(scoreCount: scores.count, labelCount: frameVideos.count)
        }
        let ids = VideoOrder.sorted(Array(Set(frameVideos)))
        let slot = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        let count = ids.count
        var positives = [Int](repeating: 0, count: count)
        var negatives = [Int](repeating: 0, count: count)
        var pairs = [[Int]](repeating: [Int](repeating: 0, count: count), count: count)
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var below = [Int](repeating: 0, count: count)  // normal frames per video with a lower score
        var position = 0
        while position < order.count {
            let value = scores[order[position]]
            var end = position
            var tiedNormals = [Int](repeating: 0, count: count)
            while end < order.count, scores[order[end]] == value {
                let frame = order[end]
                if !labels[frame] { tiedNormals[slot[frameVideos[frame]]!] += 1 }
                end += 1
            }
            for k in position..<end {
                let frame = order[k]
                let v = slot[frameVideos[frame]]!
                if labels[frame] {
                    positives[v] += 1
                    for w in 0..<count { pairs[v][w] += 2 * below[w] + tiedNormals[w] }
                } else {
                    negatives[v] += 1
                }
            }
            for w in 0..<count { below[w] += tiedNormals[w] }
            position = end
        }
        self.init(videos: ids, positives: positives, negatives: negatives, twiceOrderedPairs: pairs)
    }

    /// The run's AUC (every video once).
    public var auc: Double { auc(multiplicities: [Int](repeating: 1, count: videos.count))! }

    /// `AUC(m)` for video multiplicities `m` (one non-negative count per video, in `videos` order); `nil` when the
    /// resample has no anomalous or no normal frame.
    public func auc(multiplicities m: [Int]) -> Double? {
        precondition(m.count == videos.count, "one multiplicity per video")
        var p = 0
        var n = 0
        var twice = 0
        for v in 0..<videos.count where m[v] != 0 {
            p += m[v] * positives[v]
            n += m[v] * negatives[v]
            let row = twiceOrderedPairs[v]
            var inner = 0
            for w in 0..<videos.count where m[w] != 0 { inner += m[w] * row[w] }
            twice += m[v] * inner
        }
        guard p > 0, n > 0 else { return nil }
        return Double(twice) / (2 * Double(p) * Double(n))
    }

    /// Whether `other` covers the same videos with the same anomalous and normal frame counts (same test data).
    public func hasSameFrames(as other: VideoPairCounts) -> Bool {
        videos == other.videos && positives == other.positives && negatives == other.negatives
    }
}
