import CDNNL

/// The instruction set oneDNN's JIT kernels use, and a cap on it for results that do not depend on the CPU.
///
/// oneDNN picks its kernels (and with them the order of the floating-point sums of a convolution) from the
/// newest instruction set the CPU has: an AVX-512 machine and an AVX2 machine give different last bits, which GAN
/// training amplifies. Capping every machine at AVX2 (`capAtAVX2()`, or the environment variable
/// `ONEDNN_MAX_CPU_ISA=AVX2` read by oneDNN itself) makes them run the same kernels.
public enum DNNLInstructionSet {
    /// The name of the instruction set oneDNN's kernels use in this process, as oneDNN spells it in
    /// `ONEDNN_MAX_CPU_ISA` (`AVX2`, `AVX512_CORE`, `AVX512_CORE_VNNI`, …).
    public static var effective: String {
        switch dnnl_get_effective_cpu_isa() {
        case dnnl_cpu_isa_sse41: return "SSE41"
        case dnnl_cpu_isa_avx: return "AVX"
        case dnnl_cpu_isa_avx2: return "AVX2"
        case dnnl_cpu_isa_avx2_vnni: return "AVX2_VNNI"
        case dnnl_cpu_isa_avx512_mic: return "AVX512_MIC"
        case dnnl_cpu_isa_avx512_mic_4ops: return "AVX512_MIC_4OPS"
        case dnnl_cpu_isa_avx512_core: return "AVX512_CORE"
        case dnnl_cpu_isa_avx512_core_vnni: return "AVX512_CORE_VNNI"
        case dnnl_cpu_isa_avx512_core_bf16: return "AVX512_CORE_BF16"
        case dnnl_cpu_isa_avx512_core_amx: return "AVX512_CORE_AMX"
        default: return "ALL"
        }
    }

    /// Caps oneDNN at AVX2 for the rest of the process. oneDNN fixes its instruction set when the first kernel is
    /// created, so this must run before any convolution; afterwards (or on a CPU without AVX2) it has no effect.
    /// Returns `true` when oneDNN now uses exactly AVX2.
    @discardableResult
    public static func capAtAVX2() -> Bool {
        _ = dnnl_set_max_cpu_isa(dnnl_cpu_isa_avx2)
        return effective == "AVX2"
    }
}
