import Foundation

/// Over which frames a score component's mean and standard deviation are taken when it is standardised.
public enum NormalizationScope: String, Sendable, Hashable, Codable, CaseIterable {
    /// `μ`, `σ` of each test video separately (the authors' choice, following FFP).
    case perVideo = "per-video"
    /// `μ`, `σ` over all frames being scored together.
    case global

    /// Parses `per-video` or `global` (also `per_video`, `pervideo`, any case).
    public init(parsing text: String) throws {
        switch text.lowercased().replacingOccurrences(of: "_", with: "-") {
        case "per-video", "pervideo": self = .perVideo
        case "global": self = .global
        default:
            throw MetricsError.invalidOption("normalisation '\(text)' is not one of: per-video, global")
        }
    }
}
