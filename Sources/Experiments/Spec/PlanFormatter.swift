import CSV
import F2LM
import Foundation

/// Renders a `Plan` as a text table, CSV or JSON (the output of `f2lm plan`).
public enum PlanFormatter {
    /// Output formats.
    public enum Format: String, Sendable, CaseIterable {
        /// Aligned columns followed by the summary.
        case table
        /// One CSV row per run with the full hash and every stage key.
        case csv
        /// A JSON object: runs (with their full config) and the per-stage node counts.
        case json
    }

    /// The plan in `format`.
    public static func render(_ plan: Plan, format: Format) -> String {
        switch format {
        case .table: return table(plan)
        case .csv: return csv(plan)
        case .json: return json(plan)
        }
    }

    static func changesText(_ run: PlannedRun) -> String {
        run.changes.isEmpty ? "-" : run.changes.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    static func table(_ plan: Plan) -> String {
        let header = ["spec", "row", "dataset", "seed", "changes", "run"]
        let rows = plan.runs.map { run in
            [run.specName, run.label, run.dataset.rawValue, String(run.seed), changesText(run), String(run.hash.prefix(12))]
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
            }.joined(separator: "  ")
        }
        return ([line(header)] + rows.map(line) + [plan.summary]).joined(separator: "\n") + "\n"
    }

    static func csv(_ plan: Plan) -> String {
        var text = "spec,row,dataset,seed,changes,run_hash,dataset_key,generator_key,destroyer_key,scores_key,evaluation_key\n"
        for run in plan.runs {
            let keys = run.stageKeys
            text += CSVWriter.line([run.specName, run.label, run.dataset.rawValue, String(run.seed), changesText(run),
                                    run.hash, keys.dataset, keys.generator, keys.destroyer, keys.scores, keys.evaluation])
        }
        return text
    }

    struct JSONRun: Encodable {
        var spec: String
        var row: String
        var rowKey: String?
        var dataset: String
        var seed: Int
        var changes: [String: String]
        var hash: String
        var stageKeys: StageKeys
        var config: RunConfig
    }

    struct JSONPlan: Encodable {
        var runs: [JSONRun]
        var distinctNodes: [String: Int]
    }

    static func json(_ plan: Plan) -> String {
        let document = JSONPlan(
            runs: plan.runs.map { run in
                JSONRun(spec: run.specName, row: run.label, rowKey: run.rowKey, dataset: run.dataset.rawValue,
                        seed: run.seed,
                        changes: Dictionary(uniqueKeysWithValues: run.changes.map { ($0.key, $0.value.description) }),
                        hash: run.hash, stageKeys: run.stageKeys, config: run.config)
            },
            distinctNodes: Dictionary(uniqueKeysWithValues: PipelineStage.allCases.map { ($0.rawValue, plan.distinctNodes($0)) }))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(document) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
