import CSV
import F2LM
import Metrics
import Foundation
import JobRunner

/// `results/<spec>/runs.csv`: one row per run of a spec, in a stable column order
///
/// `spec, row, dataset, seed, <parameters…>, auc, eer, auc_label_triplet, auc_motion_triplet, auc_generator_mse,
/// auc_destroyer_mse, destroyer_difficulty_clean, destroyer_difficulty_noised, destroyer_change_inside,
/// destroyer_change_outside, label_triplet_zero, motion_triplet_zero, seconds_dataset, seconds_generator, seconds_destroyer, seconds_scores, seconds_evaluation,
/// run_hash, status`
///
/// A file whose table has a grid key's values as columns (`table.columns`) has a `column` column after `row`; rows are
/// then unique per (row, column, dataset, seed).
///
/// Parameter columns are the union of the records' parameter keys in order of first appearance (the caller passes
/// every run, finished or not, each time, so the columns do not change as runs finish). Metrics are fractions in
/// [0, 1] with 6 decimals, seconds have 3 decimals, an unknown value is an empty cell.
public struct RunsCSV: Sendable, Equatable {
    /// The state of a run in the results file.
    public enum Status: String, Sendable, Codable, CaseIterable {
        /// Evaluated: metrics present.
        case done
        /// One of its stages failed.
        case failed
        /// A stage was skipped because an upstream stage failed.
        case skipped
        /// Not run yet (or interrupted).
        case pending
    }

    /// One parameter of a run, as the spec names and prints it (e.g. key "destroyer.lambda", value "2").
    public struct Parameter: Sendable, Equatable, Hashable, Codable {
        /// Parameter name.
        public var key: String
        /// Value as text.
        public var value: String
        /// Creates a parameter.
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    /// One run's row.
    public struct Record: Sendable, Equatable {
        /// Spec name (file stem, e.g. "table8_lambda").
        public var spec: String
        /// Row label of the paper table the run belongs to (with what its cell pools, `table.average`, appended).
        public var row: String
        /// Column label inside the dataset when the table's columns are a grid key (`table.columns`), else nil.
        public var column: String?
        /// Dataset key.
        public var dataset: String
        /// Random seed.
        public var seed: Int
        /// Every parameter of the run, in the spec's order.
        public var parameters: [Parameter]
        /// Frame-level ROC AUC of the final score, in [0, 1].
        public var auc: Double?
        /// Equal error rate, in [0, 1].
        public var eer: Double?
        /// AUC of the label-triplet score component alone.
        public var aucLabelTriplet: Double?
        /// AUC of the motion-triplet score component alone.
        public var aucMotionTriplet: Double?
        /// AUC of the generator's prediction error alone.
        public var aucGeneratorMSE: Double?
        /// AUC of the Destroyer's reconstruction error alone.
        public var aucDestroyerMSE: Double?
        /// Mean diff_p of the patches the noise left clean in Destroyer training (`DestroyerDiagnostics`).
        public var destroyerDifficultyClean: Double?
        /// Mean diff_p of the noised patches in Destroyer training.
        public var destroyerDifficultyNoised: Double?
        /// The Destroyer's mean test-time change inside the anomaly masks (`DestroyerChange.inside`).
        public var destroyerChangeInside: Double?
        /// The Destroyer's mean test-time change over all other test pixels (`DestroyerChange.outside`).
        public var destroyerChangeOutside: Double?
        /// Fraction of scored test frames whose label-triplet hinge is exactly 0 (`TripletHingeDiagnostics`).
        public var labelTripletZero: Double?
        /// Fraction of scored test frames whose motion-triplet hinge is exactly 0.
        public var motionTripletZero: Double?
        /// Wall seconds per stage name ("dataset", "generator", "destroyer", "scores", "evaluation").
        public var stageSeconds: [String: Double]
        /// Content hash identifying the run (`PlannedRun.hash`: the `run` column of `f2lm plan`).
        public var runHash: String
        /// Run state.
        public var status: Status

        /// Creates a record.
        public init(spec: String, row: String, column: String? = nil, dataset: String, seed: Int, parameters: [Parameter] = [],
                    auc: Double? = nil, eer: Double? = nil, aucLabelTriplet: Double? = nil,
                    aucMotionTriplet: Double? = nil, aucGeneratorMSE: Double? = nil, aucDestroyerMSE: Double? = nil,
                    stageSeconds: [String: Double] = [:], runHash: String, status: Status) {
            self.spec = spec
            self.row = row
            self.column = column
            self.dataset = dataset
            self.seed = seed
            self.parameters = parameters
            self.auc = auc
            self.eer = eer
            self.aucLabelTriplet = aucLabelTriplet
            self.aucMotionTriplet = aucMotionTriplet
            self.aucGeneratorMSE = aucGeneratorMSE
            self.aucDestroyerMSE = aucDestroyerMSE
            self.stageSeconds = stageSeconds
            self.runHash = runHash
            self.status = status
        }

        /// The value of a metric or diagnostic column ("auc", "eer", "auc_label_triplet", …), nil when unknown or
        /// not such a column.
        public func metric(_ column: String) -> Double? {
            Metric(rawValue: column).flatMap(value)
        }

        /// The value of a metric or diagnostic column, nil when unknown.
        public func value(_ metric: Metric) -> Double? {
            switch metric {
            case .auc: return auc
            case .eer: return eer
            case .aucLabelTriplet: return aucLabelTriplet
            case .aucMotionTriplet: return aucMotionTriplet
            case .aucGeneratorMSE: return aucGeneratorMSE
            case .aucDestroyerMSE: return aucDestroyerMSE
            case .destroyerDifficultyClean: return destroyerDifficultyClean
            case .destroyerDifficultyNoised: return destroyerDifficultyNoised
            case .destroyerChangeInside: return destroyerChangeInside
            case .destroyerChangeOutside: return destroyerChangeOutside
            case .labelTripletZero: return labelTripletZero
            case .motionTripletZero: return motionTripletZero
            }
        }

        /// Sets the value of a metric or diagnostic column.
        public mutating func setValue(_ value: Double?, for metric: Metric) {
            switch metric {
            case .auc: auc = value
            case .eer: eer = value
            case .aucLabelTriplet: aucLabelTriplet = value
            case .aucMotionTriplet: aucMotionTriplet = value
            case .aucGeneratorMSE: aucGeneratorMSE = value
            case .aucDestroyerMSE: aucDestroyerMSE = value
            case .destroyerDifficultyClean: destroyerDifficultyClean = value
            case .destroyerDifficultyNoised: destroyerDifficultyNoised = value
            case .destroyerChangeInside: destroyerChangeInside = value
            case .destroyerChangeOutside: destroyerChangeOutside = value
            case .labelTripletZero: labelTripletZero = value
            case .motionTripletZero: motionTripletZero = value
            }
        }
    }

    /// A metric or diagnostic column of runs.csv, in file order; the raw value is the column name.
    public enum Metric: String, Sendable, CaseIterable, Codable {
        /// Frame-level ROC AUC of the final score.
        case auc
        /// Equal error rate.
        case eer
        /// AUC of the label-triplet component alone.
        case aucLabelTriplet = "auc_label_triplet"
        /// AUC of the motion-triplet component alone.
        case aucMotionTriplet = "auc_motion_triplet"
        /// AUC of the generator's prediction error alone.
        case aucGeneratorMSE = "auc_generator_mse"
        /// AUC of the Destroyer's reconstruction error alone.
        case aucDestroyerMSE = "auc_destroyer_mse"
        /// Mean training diff_p of the clean patches (`DestroyerDiagnostics`).
        case destroyerDifficultyClean = "destroyer_difficulty_clean"
        /// Mean training diff_p of the noised patches.
        case destroyerDifficultyNoised = "destroyer_difficulty_noised"
        /// The Destroyer's mean test-time change inside the anomaly masks (`DestroyerChange`).
        case destroyerChangeInside = "destroyer_change_inside"
        /// The Destroyer's mean test-time change outside them.
        case destroyerChangeOutside = "destroyer_change_outside"
        /// Share of scored frames whose label-triplet hinge is 0 (`TripletHingeDiagnostics`).
        case labelTripletZero = "label_triplet_zero"
        /// Share of scored frames whose motion-triplet hinge is 0.
        case motionTripletZero = "motion_triplet_zero"

        /// The column of a score component's own AUC (`auc_<component column>`).
        public init(componentAUC component: ScoreComponent) {
            self.init(rawValue: "auc_" + component.columnName)!
        }

        /// The metric columns (before the diagnostics).
        public static let metrics: [Metric] = [.auc, .eer, .aucLabelTriplet, .aucMotionTriplet, .aucGeneratorMSE, .aucDestroyerMSE]
        /// The diagnostic columns, in file order.
        public static let diagnostics: [Metric] = allCases.filter { !metrics.contains($0) }
    }

    /// The leading identity columns.
    public static let leadingColumns = ["spec", "row", "dataset", "seed"]
    /// The leading identity columns of a file whose table has grid values as columns (`table.columns`): `column`
    /// after `row`. Written only when some record has a column, so files of other tables keep their format.
    public static let sweepLeadingColumns = ["spec", "row", "column", "dataset", "seed"]
    /// The metric columns, in order.
    public static let metricColumns = Metric.metrics.map(\.rawValue)
    /// The diagnostics columns, written after the metrics (absent in files written before them): the Destroyer's
    /// (`DestroyerDiagnostics`, `DestroyerChange`), then the triplet hinges' (`TripletHingeDiagnostics`).
    public static let diagnosticColumns = Metric.diagnostics.map(\.rawValue)
    /// The stages timed in `seconds_<stage>` columns, in order.
    public static let stages = PipelineStage.allCases.map(\.rawValue)
    /// How many of `diagnosticColumns` files of each format have, newest first: all; the four Destroyer columns
    /// (before the triplet hinges); the two training diff_p columns (before the test-time change); none (before the
    /// diagnostics). Every format is still read.
    static let diagnosticCounts = [diagnosticColumns.count, 4, 2, 0]
    /// The trailing columns after the parameters of a file with the first `diagnosticCount` diagnostic columns.
    static func trailingColumns(diagnosticCount: Int) -> [String] {
        metricColumns + Array(diagnosticColumns.prefix(diagnosticCount)) + stages.map { "seconds_\($0)" } + ["run_hash", "status"]
    }
    /// The trailing columns after the parameters.
    public static let trailingColumns = trailingColumns(diagnosticCount: diagnosticColumns.count)
    /// The trailing columns of files written before the diagnostics columns (still read).
    static let legacyTrailingColumns = trailingColumns(diagnosticCount: 0)

    /// The rows, in the order they are written.
    public var records: [Record]

    /// A file holding these records.
    public init(records: [Record]) {
        self.records = records
    }

    /// `<results>/<spec>/runs.csv`.
    public static func url(results: URL, spec: String) -> URL {
        results.appendingPathComponent(spec, isDirectory: true).appendingPathComponent("runs.csv")
    }

    /// Parameter column names: the union of the records' keys in order of first appearance.
    public var parameterColumns: [String] {
        var seen = Set<String>()
        var columns: [String] = []
        for record in records {
            for parameter in record.parameters where seen.insert(parameter.key).inserted {
                columns.append(parameter.key)
            }
        }
        return columns
    }

    /// The leading columns this file writes: `sweepLeadingColumns` when some record has a column.
    public var leadingColumns: [String] {
        records.contains { $0.column != nil } ? Self.sweepLeadingColumns : Self.leadingColumns
    }

    /// Every column, in file order.
    public var columns: [String] {
        leadingColumns + parameterColumns + Self.trailingColumns
    }

    /// The CSV text: header then one line per record.
    public func render() -> String {
        let parameterColumns = self.parameterColumns
        let leadingColumns = self.leadingColumns
        var text = CSVWriter.line(leadingColumns + parameterColumns + Self.trailingColumns)
        for record in records {
            var fields = [record.spec, record.row] + (leadingColumns.contains("column") ? [record.column ?? ""] : [])
                + [record.dataset, String(record.seed)]
            let values = Dictionary(record.parameters.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
            fields += parameterColumns.map { values[$0] ?? "" }
            fields += (Self.metricColumns + Self.diagnosticColumns).map { record.metric($0).map { String(format: "%.6f", $0) } ?? "" }
            fields += Self.stages.map { record.stageSeconds[$0].map { String(format: "%.3f", $0) } ?? "" }
            fields += [record.runHash, record.status.rawValue]
            text += CSVWriter.line(fields)
        }
        return text
    }

    /// Writes the file atomically (temporary file + rename), creating the folder.
    public func write(to url: URL) throws {
        try AtomicFile.write(render(), to: url)
    }

    /// Reads a runs.csv file; errors name the file and line.
    public static func read(from url: URL) throws -> RunsCSV {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CSVError(file: url.path, line: 0, message: "cannot read file: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CSVError(file: url.path, line: 0, message: "not UTF-8 text")
        }
        return try parse(text, file: url.path)
    }

    /// Parses runs.csv text; `file` names the source in errors.
    public static func parse(_ text: String, file: String) throws -> RunsCSV {
        let rows = try CSVReader.records(in: text, file: file)
        guard let header = rows.first else { throw CSVError(file: file, line: 1, message: "empty file, expected a header") }
        let names = header.fields
        let leadingColumns = names.count > 2 && names[2] == "column" ? Self.sweepLeadingColumns : Self.leadingColumns
        guard names.count >= leadingColumns.count + legacyTrailingColumns.count,
              Array(names.prefix(leadingColumns.count)) == leadingColumns else {
            throw CSVError(file: file, line: header.line,
                           message: "header must start with \(leadingColumns.joined(separator: ","))")
        }
        guard let diagnosticCount = diagnosticCounts.first(where: { count in
            let columns = trailingColumns(diagnosticCount: count)
            return names.count >= leadingColumns.count + columns.count && Array(names.suffix(columns.count)) == columns
        }) else {
            throw CSVError(file: file, line: header.line,
                           message: "header must end with \(trailingColumns.joined(separator: ","))")
        }
        let readDiagnostics = Array(diagnosticColumns.prefix(diagnosticCount))
        let trailing = trailingColumns(diagnosticCount: diagnosticCount)
        let parameterNames = Array(names[leadingColumns.count ..< names.count - trailing.count])
        if let duplicate = Dictionary(grouping: names, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw CSVError(file: file, line: header.line, message: "duplicate column '\(duplicate)'")
        }
        var records: [Record] = []
        for row in rows.dropFirst() {
            let fields = row.fields
            guard fields.count == names.count else {
                throw CSVError(file: file, line: row.line, message: "expected \(names.count) fields, found \(fields.count)")
            }
            let hasColumn = leadingColumns.count == Self.sweepLeadingColumns.count
            let seedField = fields[leadingColumns.count - 1]
            guard let seed = Int(seedField) else {
                throw CSVError(file: file, line: row.line, message: "seed '\(seedField)' is not an integer")
            }
            var record = Record(spec: fields[0], row: fields[1],
                                column: hasColumn && !fields[2].isEmpty ? fields[2] : nil,
                                dataset: fields[leadingColumns.count - 2], seed: seed, runHash: "", status: .pending)
            for (offset, name) in parameterNames.enumerated() {
                let value = fields[leadingColumns.count + offset]
                if !value.isEmpty { record.parameters.append(Parameter(name, value)) }
            }
            var position = names.count - trailing.count
            func number(_ column: String) throws -> Double? {
                let value = fields[position]
                position += 1
                if value.isEmpty { return nil }
                guard let number = Double(value), number.isFinite || value.lowercased() == "nan" else {
                    throw CSVError(file: file, line: row.line, message: "column \(column): '\(value)' is not a number")
                }
                return number
            }
            for column in metricColumns + readDiagnostics {
                record.setValue(try number(column), for: Metric(rawValue: column)!)
            }
            for stage in stages {
                if let seconds = try number("seconds_\(stage)") { record.stageSeconds[stage] = seconds }
            }
            record.runHash = fields[position]
            guard let status = Status(rawValue: fields[position + 1]) else {
                throw CSVError(file: file, line: row.line,
                               message: "status '\(fields[position + 1])' is not one of \(Status.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            record.status = status
            records.append(record)
        }
        return RunsCSV(records: records)
    }
}
