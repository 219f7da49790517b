import Foundation

/// Difficulty levers of a synthetic family (issue 30: a stand-in as hard as the dataset it stands for), read from
/// `data.synthetic.*`. Every lever has a neutral value that leaves the family exactly as it was before the levers
/// existed (same random draws, same pixels), and a lever at its neutral value is not part of a run's identity, so
/// the committed results keep their run hashes. Calibrated values live in experiments/studies/calibration.yaml.
///
/// - `actor_scale` s: every person (and what it rides or drives) is drawn `s` times its family's base height.
/// - `anomaly_speed` v: the family's speed multiplier of fast anomalies (cyclists, skaters, vehicles, runners and
///   the fight jitter) is multiplied by `v`.
/// - `crowd_density` d: the mean arrival rate of normal walkers is multiplied by `d` (0 is an empty scene apart
///   from standers and anomalies).
/// - `anomaly_kinds`: the anomaly mix, one kind drawn uniformly per event from this list (repeat a kind to weigh
///   it); empty keeps the family's own mix. Kinds: `running` (campus: chasing, two runners), `wrong_direction`
///   (walkway: across the grass; plaza: out of the door towards the camera; not campus), `throwing`, `dropping`
///   (a bag left behind), `cyclist`, `skater`, `vehicle`, `falling`, `fighting`.
public struct FamilyTuning: Hashable, Codable, Sendable {
    /// Multiplier on actor sizes (`actor_scale`, > 0).
    public var actorScale: Double
    /// Multiplier on fast anomalies' speeds (`anomaly_speed`, > 0).
    public var anomalySpeed: Double
    /// Multiplier on the normal crowd's arrival rate (`crowd_density`, ≥ 0).
    public var crowdDensity: Double
    /// The anomaly mix by name (`anomaly_kinds`); empty: the family's own.
    public var anomalyKinds: [String]

    /// Creates levers; the defaults are neutral.
    public init(actorScale: Double = 1, anomalySpeed: Double = 1, crowdDensity: Double = 1, anomalyKinds: [String] = []) {
        self.actorScale = actorScale; self.anomalySpeed = anomalySpeed
        self.crowdDensity = crowdDensity; self.anomalyKinds = anomalyKinds
    }

    /// Whether every lever is at its neutral value (the family as committed).
    public var isNeutral: Bool { self == FamilyTuning() }

    /// The anomaly kind names and the actor each stands for.
    static let kinds: [(name: String, kind: ActorKind)] = [
        ("running", .runner), ("wrong_direction", .walker), ("throwing", .thrower), ("dropping", .bagDropper),
        ("cyclist", .cyclist), ("skater", .skater), ("vehicle", .vehicle), ("falling", .faller), ("fighting", .fighter),
    ]

    /// The names `anomaly_kinds` accepts.
    public static var kindNames: [String] { kinds.map(\.name) }

    /// The actors of `anomalyKinds` (nil when the list is empty: the family's own mix).
    var actorKinds: [ActorKind]? {
        anomalyKinds.isEmpty ? nil : anomalyKinds.compactMap { name in Self.kinds.first { $0.name == name }?.kind }
    }

    /// The levers out of range, as (`field`, message), fields named like their `data.synthetic` keys.
    public var issues: [(field: String, message: String)] {
        var issues: [(String, String)] = []
        if !(actorScale > 0 && actorScale <= 4) { issues.append(("actor_scale", "expected a multiplier in (0, 4], found \(actorScale)")) }
        if !(anomalySpeed > 0 && anomalySpeed <= 10) {
            issues.append(("anomaly_speed", "expected a multiplier in (0, 10], found \(anomalySpeed)"))
        }
        if !(crowdDensity >= 0 && crowdDensity <= 10) {
            issues.append(("crowd_density", "expected a multiplier in [0, 10], found \(crowdDensity)"))
        }
        for name in anomalyKinds where !Self.kindNames.contains(name) {
            issues.append(("anomaly_kinds", "unknown kind '\(name)': expected one of \(Self.kindNames.joined(separator: ", "))"))
        }
        return issues
    }

    /// The levers that do not apply to `family` (`wrong_direction` has no path in campus's scenes).
    public func issues(family: SyntheticFamily) -> [(field: String, message: String)] {
        family == .campus && anomalyKinds.contains("wrong_direction")
            ? [("anomaly_kinds", "'wrong_direction' is defined for walkway and plaza only")] : []
    }

    /// `setup` with the levers applied (the identity for neutral levers: multiplying by 1 changes no value).
    func applied(to setup: SceneSetup) -> SceneSetup {
        var tuned = setup
        tuned.baseHeight *= actorScale
        tuned.anomalySpeed *= anomalySpeed
        tuned.arrivalRate *= crowdDensity
        if let kinds = actorKinds, !kinds.isEmpty { tuned.anomalyKinds = kinds }
        return tuned
    }
}
