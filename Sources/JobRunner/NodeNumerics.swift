/// The numerical kernels a node computes with, as its `done.json` records them (`CompletionRecord.kernels` and
/// `.portableNumerics`). The runner knows no kernels: the program that runs the nodes tells the `Scheduler`.
public struct NodeNumerics: Sendable, Equatable {
    /// A description of the kernels, e.g. `oneDNN AVX2, OpenBLAS Haswell`: nodes with different kernels give
    /// different last bits for the same seed.
    public var kernels: String
    /// Whether the kernels are pinned to a portable instruction set (the same bits on any x86-64 machine).
    public var isPortable: Bool

    /// Creates a description.
    public init(kernels: String, isPortable: Bool) {
        self.kernels = kernels
        self.isPortable = isPortable
    }
}
