import Foundation

/// The three synthetic scene families that stand in for the paper's datasets.
///
/// - `walkway` (for UCSD Ped2): grey frames, fixed camera over a path through grass with a fence and bushes.
///   Normal: articulated pedestrians walking along the path both ways. Anomalies: cyclists, skaters, small
///   vehicles, people walking across the grass.
/// - `plaza` (for CUHK Avenue): colour, a building front over a tiled pavement. Normal: people walking sideways,
///   some standing, some carrying bags. Anomalies: running, walking towards the camera (forbidden direction),
///   throwing an object, a dropped bag left behind.
/// - `campus` (for ShanghaiTech): colour, four scenes with different backgrounds, perspectives, person sizes and
///   walking directions in one dataset, denser crowds. Anomalies: chasing, fighting (erratic motion), vehicles
///   and cyclists, a person falling.
///
/// All families share one class list (`classNames`): 0 background, 1 person, 2 bicycle, 3 vehicle, 4 bag (also
/// thrown objects), 5 skateboard. Walkway uses 0, 1, 2, 3, 5; plaza 0, 1, 4; campus 0, 1, 2, 3.
public enum SyntheticFamily: String, CaseIterable, Codable, Sendable {
    case walkway, plaza, campus

    /// Class names indexed by class id (shared by all families).
    public static let classNames = ["background", "person", "bicycle", "vehicle", "bag", "skateboard"]

    /// Colour channels of the family's frames: 1 for walkway (grey), 3 otherwise.
    public var channels: Int { self == .walkway ? 1 : 3 }

    /// The paper dataset this family stands in for.
    public var standsInFor: String {
        switch self { case .walkway: return "UCSD Ped2"; case .plaza: return "CUHK Avenue"; case .campus: return "ShanghaiTech" }
    }

    /// Number of distinct scenes (camera set-ups): campus has 4, the others 1.
    public var sceneCount: Int { self == .campus ? 4 : 1 }

    /// The name of video `index` (0-based) of a split: `01`, `02`… and for campus `<scene>_<n>` like
    /// ShanghaiTech (`01_001`, `02_001`…).
    public func videoName(split: DatasetSplit, index: Int) -> String {
        if self == .campus {
            return String(format: "%02d_%03d", index % sceneCount + 1, index / sceneCount + 1)
        }
        return String(format: "%02d", index + 1)
    }
}

/// Training (normal only) or testing (normal and anomalous stretches).
public enum DatasetSplit: String, CaseIterable, Codable, Sendable {
    case training, testing
}
