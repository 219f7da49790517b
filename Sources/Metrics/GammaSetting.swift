import Foundation

/// How the γ weights of an evaluation are obtained (`score.gamma` in a run config, `--gamma` on the command line;
/// a run config writes it `[γ1, γ2, γ3, γ4]` or `search`, see `F2LM.ScoreConfig`).
public enum GammaSetting: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Fixed weights (for example the paper's Table 10 values).
    case fixed(ScoreWeights)
    /// Chosen by `GammaSearch.run(on:)` on validation videos; reported on the held-out videos.
    case search
    /// Chosen by `GammaSearch.runOracle(on:)` on all test videos (test-set selection, labelled "oracle").
    case oracle

    /// Parses `search`, `oracle`, or four comma-separated weights `γ1,γ2,γ3,γ4`.
    /// Throws `MetricsError.invalidWeights` otherwise.
    public init(parsing text: String) throws {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "search": self = .search
        case "oracle": self = .oracle
        default: self = .fixed(try ScoreWeights(parsing: text))
        }
    }

    /// `search`, `oracle`, or `γ1,γ2,γ3,γ4`.
    public var description: String {
        switch self {
        case let .fixed(weights): return weights.description
        case .search: return "search"
        case .oracle: return "oracle"
        }
    }
}
