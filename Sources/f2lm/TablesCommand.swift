import ArgumentParser
import Experiments
import Foundation

/// `f2lm tables [--results DIR]`: re-renders every table from the results folder's plan.json and run records
/// (`<spec>/runs.json`) without running anything or reading the cache (older spec folders: from runs.csv and
/// table.json).
struct TablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tables",
        abstract: "Re-render results/<spec>/table.{md,csv,json} and results/TABLES.md from results/plan.json and the run records.")

    @Option(name: .long, help: "The results folder.")
    var results: String = "results"

    func run() throws {
        let folder = ResultsFolder(root: URL(fileURLWithPath: results))
        let specs = try folder.rerenderAll()
        if specs.isEmpty {
            print("no tables found in \(folder.root.path) (each needs plan.json and <spec>/runs.json, or <spec>/runs.csv and "
                  + "<spec>/table.json)")
        } else {
            print("rendered \(specs.count) table\(specs.count == 1 ? "" : "s"): \(specs.joined(separator: ", "))")
            print("wrote \(folder.tablesURL.path)")
        }
    }
}
