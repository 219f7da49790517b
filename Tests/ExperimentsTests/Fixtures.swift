@testable import Experiments
import Foundation
import XCTest
@testable import YAML

/// Temporary folders holding YAML fixtures, and the repository's `experiments/` folder.
enum Fixtures {
    /// `<repository>/experiments`, located from this file's path.
    static let experiments: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("experiments").path

    /// A fresh temporary folder with a copy of `experiments/defaults.yaml`, `experiments/scales/` and
    /// `experiments/datasets/`.
    static func folder() throws -> String {
        let path = NSTemporaryDirectory() + "f2lm-spec-tests-" + UUID().uuidString
        let manager = FileManager.default
        try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
        try manager.copyItem(atPath: experiments + "/defaults.yaml", toPath: path + "/defaults.yaml")
        try manager.copyItem(atPath: experiments + "/scales", toPath: path + "/scales")
        try manager.copyItem(atPath: experiments + "/datasets", toPath: path + "/datasets")
        return path
    }

    /// Writes `text` to `folder/name` and returns the path.
    @discardableResult
    static func write(_ text: String, to name: String, in folder: String) throws -> String {
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Writes a spec and expands it.
    static func expand(_ text: String, options: PlanOptions = PlanOptions(scale: "smoke")) throws -> ExpandedSpec {
        let folder = try folder()
        let path = try write(text, to: "spec.yaml", in: folder)
        return try SpecExpander.expand(SpecParser.parse(file: path, options: options))
    }

    /// Expands a spec that must fail, and returns the error.
    static func failure(_ text: String, options: PlanOptions = PlanOptions(scale: "smoke"),
                        file: StaticString = #filePath, line: UInt = #line) -> SourceError? {
        do {
            _ = try expand(text, options: options)
            XCTFail("expected an error", file: file, line: line)
        } catch let error as SourceError {
            return error
        } catch {
            XCTFail("expected a SourceError, got \(error)", file: file, line: line)
        }
        return nil
    }
}
