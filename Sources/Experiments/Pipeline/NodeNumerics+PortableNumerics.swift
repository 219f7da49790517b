import JobRunner
import TensorCore

extension NodeNumerics {
    /// The kernels this process computes with (`PortableNumerics.kernels`, `.isActive`): what a stage node's
    /// `done.json` records.
    public static func current() -> NodeNumerics? {
        NodeNumerics(kernels: PortableNumerics.kernels, isPortable: PortableNumerics.isActive)
    }
}
