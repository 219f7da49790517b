/// An error raised by the metric computations when their input cannot give a meaningful result.
///
/// These are user-facing errors (the scores usually come from a file), so every case carries enough
/// detail to say what is wrong and where; `description` is the message to print.
public enum MetricsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No scores at all.
    case emptyInput
    /// The score and label arrays have different lengths.
    case lengthMismatch(scoreCount: Int, labelCount: Int)
    /// A score is NaN or infinite; `index` is its position in the input (row order).
    case nonFiniteScore(index: Int, value: Double)
    /// All labels belong to one class, so ROC, AUC and EER are undefined.
    case singleClass(positiveCount: Int, negativeCount: Int)
    /// A score table is unusable as given (mixed formats, a component on some rows only, duplicates, ...).
    case invalidTable(String)
    /// A γ weight setting or grid is invalid (wrong count, not a number, negative, step not dividing 5, ...).
    case invalidWeights(String)
    /// An option value is not one of the accepted ones (for example the normalisation scope).
    case invalidOption(String)
    /// The γ search cannot run (too few videos, a split part with one class only, no components, ...).
    case invalidSearch(String)

    /// The message to show the user.
    public var description: String {
        switch self {
        case .emptyInput:
            return "no scores: the input is empty"
        case let .lengthMismatch(scoreCount, labelCount):
            return "length mismatch: \(scoreCount) scores but \(labelCount) labels"
        case let .nonFiniteScore(index, value):
            return "score \(index) is \(value): every score must be a finite number"
        case let .singleClass(positiveCount, negativeCount):
            let only = positiveCount == 0 ? "normal (label 0)" : "anomalous (label 1)"
            return "all \(positiveCount + negativeCount) frames are \(only): ROC, AUC and EER need both "
                + "normal and anomalous frames"
        case let .invalidTable(message):
            return "invalid score table: \(message)"
        case let .invalidWeights(message):
            return "invalid γ weights: \(message)"
        case let .invalidOption(message):
            return message
        case let .invalidSearch(message):
            return "γ search: \(message)"
        }
    }
}

/// Checks that `scores` and `labels` can give an ROC curve: non-empty, same length, finite scores, both classes.
/// Returns the number of positive (anomalous) and negative (normal) labels.
@discardableResult
func validateBinaryInput(scores: [Double], labels: [Bool]) throws -> (positives: Int, negatives: Int) {
    guard scores.count == labels.count else {
        throw MetricsError.lengthMismatch(scoreCount: scores.count, labelCount: labels.count)
    }
    guard !scores.isEmpty else { throw MetricsError.emptyInput }
    if let index = scores.firstIndex(where: { !$0.isFinite }) {
        throw MetricsError.nonFiniteScore(index: index, value: scores[index])
    }
    let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
    let negatives = labels.count - positives
    guard positives > 0, negatives > 0 else {
        throw MetricsError.singleClass(positiveCount: positives, negativeCount: negatives)
    }
    return (positives, negatives)
}
