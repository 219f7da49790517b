/// `score.split`: which videos the scores stage scores and the evaluation reports on.
///
/// `test` (the default) are the dataset's test videos, what the tables report. `validation` are test-like videos
/// rendered for a synthetic family from its own seed stream (never one of its test videos; as many as
/// `data.synthetic.test_videos`, the same videos `f2lm data baseline --split validation` scores), scored by the same
/// trained networks: settings (steps, rates, sizes, γ) are chosen on them so the test videos stay unseen. The
/// real datasets ship no validation videos, so they only take `test`.
public enum ScoreSplit: String, Sendable, Hashable, Codable, CaseIterable {
    /// The dataset's test videos.
    case test
    /// A synthetic family's validation videos.
    case validation
}
