import JobRunner

extension SchedulerSummary {
    /// The state and per-stage wall seconds of one run, given the keys of its stage nodes (stage name → key): `done`
    /// when every node is done or reused, `failed` when one failed, `skipped` when one was skipped, else `pending`.
    /// Reused nodes report the seconds recorded in their done.json, so a resumed plan reports the same times.
    public func runState(stageKeys: [String: String]) -> (status: RunsCSV.Status, stageSeconds: [String: Double]) {
        var seconds: [String: Double] = [:]
        var statuses: [NodeStatus] = []
        for (stage, key) in stageKeys {
            guard let outcome = outcome(forKey: key) else { statuses.append(.cancelled); continue }
            statuses.append(outcome.status)
            if outcome.status == .done || outcome.status == .reused { seconds[stage] = outcome.seconds }
        }
        let status: RunsCSV.Status
        if statuses.allSatisfy({ $0 == .done || $0 == .reused }) { status = .done }
        else if statuses.contains(.failed) { status = .failed }
        else if statuses.contains(.skipped) { status = .skipped }
        else { status = .pending }
        return (status, seconds)
    }
}
