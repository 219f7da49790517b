extension VideoPairCounts {
    /// Each test video's contribution to the run's pooled AUC, linearised (the influence of a cluster on a ratio of
    /// U-statistics), scaled so that their mean is the AUC.
    ///
    /// With `U = ½ Σ_{v,w} K[v][w]` (correct pairs), `P`, `N` the anomalous and normal frame totals and `A = U / (P N)`,
    /// video `v` owns the pairs of its anomalous frames with every normal frame, `R_v = ½ Σ_w K[v][w]`, and of every
    /// anomalous frame with its normal frames, `C_v = ½ Σ_w K[w][v]`. Its influence is
    /// `ψ_v = (R_v + C_v − A (P_v N + P N_v)) / (P N)`, with `Σ_v ψ_v = 0`, and the AUC is, to first order, its
    /// population value plus `Σ_v ψ_v`. The contribution is `c_v = A + V ψ_v` (V videos), so `(1/V) Σ_v c_v = A`
    /// exactly and `Var(A) ≈ Var(c) / V`: the per-video values a variance-components analysis of the seed × video
    /// design needs.
    public var videoContributions: [Double] {
        let count = videos.count
        let p = Double(positives.reduce(0, +))
        let n = Double(negatives.reduce(0, +))
        guard p > 0, n > 0 else { return [Double](repeating: .nan, count: count) }
        var rows = [Double](repeating: 0, count: count)
        var columns = [Double](repeating: 0, count: count)
        var total = 0.0
        for v in 0..<count {
            for w in 0..<count {
                let pairs = Double(twiceOrderedPairs[v][w]) / 2
                rows[v] += pairs
                columns[w] += pairs
                total += pairs
            }
        }
        let auc = total / (p * n)
        return (0..<count).map { v in
            let influence = (rows[v] + columns[v] - auc * (Double(positives[v]) * n + p * Double(negatives[v]))) / (p * n)
            return auc + Double(count) * influence
        }
    }
}
