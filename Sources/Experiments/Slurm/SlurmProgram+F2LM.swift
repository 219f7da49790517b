import JobRunner

extension SlurmProgram {
    /// `f2lm`: each array task runs `f2lm node run KEY --manifest <cache>/slurm/<id>/plan.json`, with portable
    /// numerics unless the submitting shell sets `F2LM_PORTABLE_NUMERICS=0` (a cluster mixes CPUs).
    public static let f2lm = SlurmProgram(
        name: "f2lm", environmentPrefix: "F2LM",
        preamble: ["# Portable numerics by default (a cluster mixes CPUs); submit with F2LM_PORTABLE_NUMERICS=0 to turn it off.",
                   "export F2LM_PORTABLE_NUMERICS=\"${F2LM_PORTABLE_NUMERICS:-1}\""],
        nodeSubcommand: ["node", "run"])
}
