import ArgumentParser
import Experiments
import Foundation

/// `f2lm tables [--results DIR]`: re-renders every table from runs.csv and table.json without running anything.
struct TablesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tables",
        abstract: "Re-render results/<spec>/table.{md,csv} and results/TABLES.md from the CSV files.")

    @Option(name: .long, help: "The results folder.")
    var results: String = "results"

    func run() throws {
        let folder = ResultsFolder(root: URL(fileURLWithPath: results))
        let specs = try folder.rerenderAll()
        if specs.isEmpty {
            print("no tables found in \(folder.root.path) (each needs <spec>/runs.csv and <spec>/table.json)")
        } else {
            print("rendered \(specs.count) table\(specs.count == 1 ? "" : "s"): \(specs.joined(separator: ", "))")
            print("wrote \(folder.tablesURL.path)")
        }
    }
}
