import Metrics

/// How a config file writes `score.gamma`: a list of four numbers `[γ1, γ2, γ3, γ4]` or the string `search`
/// (`oracle`, which selects γ on the reported videos, is written `oracle` but never read from a config).
/// Also the form of the parameter in a run's identity (`ConfigParameter`).
struct ConfigGamma: Codable {
    /// The setting.
    var setting: GammaSetting

    init(_ setting: GammaSetting) {
        self.setting = setting
    }

    /// The parameter value of the setting in a run's identity.
    var parameterValue: ParameterValue {
        switch setting {
        case .search: return .string("search")
        case .oracle: return .string("oracle")
        case .fixed(let weights): return .list(weights.values.map { .number($0) })
        }
    }

    /// Decodes `[γ1, γ2, γ3, γ4]` (exactly four numbers) or the string `search`.
    init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let text = try? single.decode(String.self) {
            guard text == "search" else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected four numbers [γ1, γ2, γ3, γ4] or 'search', found '\(text)'"))
            }
            setting = .search
            return
        }
        guard var list = try? decoder.unkeyedContainer(), list.count == 4 else {
            let count = (try? decoder.unkeyedContainer())?.count
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "expected four numbers [γ1, γ2, γ3, γ4] or 'search'"
                    + (count.map { ", found \($0) items" } ?? "")))
        }
        setting = .fixed(ScoreWeights(labelTriplet: try list.decode(Double.self), motionTriplet: try list.decode(Double.self),
                                      generatorMSE: try list.decode(Double.self), destroyerMSE: try list.decode(Double.self)))
    }

    /// Encodes as a list of four numbers or the string `search` (`oracle`).
    func encode(to encoder: any Encoder) throws {
        switch setting {
        case .search, .oracle:
            var container = encoder.singleValueContainer()
            try container.encode(setting.description)
        case .fixed(let weights):
            var container = encoder.unkeyedContainer()
            for value in weights.values { try container.encode(value) }
        }
    }
}

/// How a config file and a run's identity write `score.normalize`: `per_video` or `global` (the command line and
/// the evaluation's metrics write the same scopes `per-video`, `global`: `NormalizationScope.rawValue`).
enum ConfigNormalization: String, Codable, CaseIterable {
    /// `NormalizationScope.perVideo`.
    case perVideo = "per_video"
    /// `NormalizationScope.global`.
    case global

    init(_ scope: NormalizationScope) {
        switch scope {
        case .perVideo: self = .perVideo
        case .global: self = .global
        }
    }

    /// The scope.
    var scope: NormalizationScope {
        switch self {
        case .perVideo: return .perVideo
        case .global: return .global
        }
    }
}
