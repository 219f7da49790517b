/// Standardisation and min-max scaling of per-frame scores, within groups (videos) or over everything.
///
/// Groups are given as one non-negative integer per value (for example the index of the frame's video);
/// the order of the values does not matter.
public enum ScoreNormalization {
    /// z-score within each group as the authors' `z_score`: `SL = (L − μ_g) / (σ_g + 1e-8)`, with `μ_g` the mean
    /// and `σ_g` the population standard deviation (divisor n, numpy's default `ddof=0`) of the group's values.
    ///
    /// A group whose values are all equal (`σ_g = 0`) gets 0 everywhere, so a component that is constant in a
    /// video contributes nothing to that video's score.
    public static func standardized(_ values: [Double], groups: [Int]) -> [Double] {
        precondition(values.count == groups.count, "standardized: \(values.count) values but \(groups.count) groups")
        var result = [Double](repeating: 0, count: values.count)
        for members in indicesByGroup(groups) {
            var minimum = Double.infinity
            var maximum = -Double.infinity
            var sum = 0.0
            for i in members {
                sum += values[i]
                minimum = min(minimum, values[i])
                maximum = max(maximum, values[i])
            }
            // Equal values: σ is 0 mathematically, even if rounding in the mean would make it tiny.
            guard maximum > minimum else { continue }
            let mean = sum / Double(members.count)
            var squares = 0.0
            for i in members { squares += (values[i] - mean) * (values[i] - mean) }
            let deviation = (squares / Double(members.count)).squareRoot()
            guard deviation > 0 else { continue }
            for i in members { result[i] = (values[i] - mean) / (deviation + epsilon) }
        }
        return result
    }

    /// z-score over all values (one group); see `standardized(_:groups:)`.
    public static func standardized(_ values: [Double]) -> [Double] {
        standardized(values, groups: [Int](repeating: 0, count: values.count))
    }

    /// The authors' guard against division by zero, added to σ and to the min-max range.
    public static let epsilon = 1e-8

    /// Min-max scaling within each group as the authors' `min_max_normalize`: `(s − min_g) / (max_g − min_g + 1e-8)`,
    /// in [0, 1).
    ///
    /// A group whose values are all equal gets 0 everywhere (it has no frame more anomalous than another).
    public static func minMaxScaled(_ values: [Double], groups: [Int]) -> [Double] {
        precondition(values.count == groups.count, "minMaxScaled: \(values.count) values but \(groups.count) groups")
        return minMaxScaled(values, groupMembers: indicesByGroup(groups))
    }

    /// `minMaxScaled(_:groups:)` with the groups given as lists of positions (from `indicesByGroup`).
    static func minMaxScaled(_ values: [Double], groupMembers: [[Int]]) -> [Double] {
        var result = [Double](repeating: 0, count: values.count)
        for members in groupMembers {
            var minimum = Double.infinity
            var maximum = -Double.infinity
            for i in members {
                minimum = min(minimum, values[i])
                maximum = max(maximum, values[i])
            }
            guard maximum > minimum else { continue }
            let range = maximum - minimum + epsilon
            for i in members { result[i] = (values[i] - minimum) / range }
        }
        return result
    }

    /// The positions of each group's values, groups in order of first appearance.
    static func indicesByGroup(_ groups: [Int]) -> [[Int]] {
        var slot: [Int: Int] = [:]
        var members: [[Int]] = []
        for (index, group) in groups.enumerated() {
            if let existing = slot[group] {
                members[existing].append(index)
            } else {
                slot[group] = members.count
                members.append([index])
            }
        }
        return members
    }
}
