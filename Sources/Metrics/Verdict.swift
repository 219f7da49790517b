/// What the data says about a claim.
public enum Verdict: String, Sendable, Equatable, Codable, CaseIterable {
    /// Every comparison the claim asserts holds beyond noise (interval above 0).
    case supports
    /// Some comparison goes the other way beyond noise (interval below 0).
    case contradicts
    /// Neither: some interval contains 0 and none lies on the wrong side.
    case cannotTell = "cannot tell"
    /// A row the claim needs has no finished run with per-frame scores (nothing to test yet).
    case untested
}
