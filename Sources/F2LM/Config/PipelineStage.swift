/// The stages of one run, in order; each parameter of `RunConfig` is read by exactly one of them.
///
/// A stage's cache key is the hash of the parameters it reads plus the key of the stage before it
/// (dataset → generator → destroyer → scores → evaluation), so changing a parameter re-runs its stage and
/// everything downstream, nothing upstream.
public enum PipelineStage: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    /// Building or indexing the frames (synthetic rendering or a real dataset's folders).
    case dataset
    /// Phase 1: training the F2LM generator (or the FFP baseline) with its discriminator.
    case generator
    /// Phase 2: training the Destroyer on the frozen generator's predictions.
    case destroyer
    /// Per-frame score components on the test videos (triplet, generator MSE, Destroyer MSE).
    case scores
    /// Weighting, normalising and evaluating the scores (AUC, EER).
    case evaluation

    /// Position in the pipeline, 0 for `dataset`.
    public var order: Int { Self.allCases.firstIndex(of: self)! }

    /// Stages compare by pipeline order.
    public static func < (lhs: PipelineStage, rhs: PipelineStage) -> Bool { lhs.order < rhs.order }
}
