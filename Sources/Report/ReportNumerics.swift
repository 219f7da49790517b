/// Which kernels a report draws its montages with. The report re-runs generators to draw predicted frames, and a
/// generator re-run with other kernels (AVX-512 against AVX2, Winograd against direct) gives frames that differ in
/// the last bits from the ones its scores came from; so the report follows what the runs' generator nodes recorded
/// in their `done.json` (`portableNumerics`).
public enum ReportNumerics: Equatable, Sendable {
    /// Every generator that recorded its numerics trained with portable numerics: draw with them.
    case portable
    /// None did (or none recorded it): draw with this machine's kernels.
    case native
    /// Some did and some did not: no single choice reproduces every montage; the report draws with this
    /// machine's kernels and says so.
    case mixed

    /// The choice for generators whose records say `recorded` (`nil`: no record, or a record from a cache older
    /// than the field; such generators do not vote).
    public static func choice(recorded: [Bool?]) -> ReportNumerics {
        let known = recorded.compactMap { $0 }
        if known.isEmpty || known.allSatisfy({ !$0 }) { return .native }
        return known.allSatisfy { $0 } ? .portable : .mixed
    }

    /// The choice for `runs`, reading each distinct generator key's record through `portableNumerics(key)`.
    public static func choice(runs: [ReportRun], portableNumerics: (String) -> Bool?) -> ReportNumerics {
        var seen = Set<String>()
        let keys = runs.map(\.generatorKey).filter { seen.insert($0).inserted }
        return choice(recorded: keys.map(portableNumerics))
    }
}
