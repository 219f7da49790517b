@testable import Experiments
import XCTest
@testable import YAML

final class YAMLParserTests: XCTestCase {
    func testNodesKeepOneBasedLineAndColumn() throws {
        let text = """
        data:
          resolution: 32
          name: "walkway"
        grid:
          destroyer.lambda: [1, 2.0]
        """
        let root = try YAMLParser.parse(text, file: "t.yaml")
        let resolution = try XCTUnwrap(root.node(at: ["data", "resolution"]))
        XCTAssertEqual(resolution.mark, SourceMark(file: "t.yaml", line: 2, column: 15))
        XCTAssertEqual(resolution.content, .scalar("32", plain: true))
        let name = try XCTUnwrap(root.node(at: ["data", "name"]))
        XCTAssertEqual(name.content, .scalar("walkway", plain: false))
        let values = try XCTUnwrap(root["grid"]?["destroyer.lambda"]?.sequenceItems)
        XCTAssertEqual(values.map(\.mark.column), [22, 25])
        XCTAssertEqual(root.keyNode(at: ["grid", "destroyer.lambda"])?.mark.line, 5)
        XCTAssertEqual(root.keyNode(at: ["grid", "destroyer.lambda"])?.mark.column, 3)
    }

    func testSyntaxErrorGivesFileLineColumn() {
        XCTAssertThrowsError(try YAMLParser.parse("a: 1\nb: [1, 2\nc: 3\n", file: "bad.yaml")) { error in
            let error = error as? SourceError
            XCTAssertEqual(error?.mark?.file, "bad.yaml")
            XCTAssertEqual(error?.mark?.line, 3)
            XCTAssertTrue(error?.description.hasPrefix("bad.yaml:3:") ?? false, "\(String(describing: error))")
            XCTAssertTrue(error?.message.contains("YAML syntax error") ?? false)
        }
    }

    func testDuplicateKeyIsAnError() {
        XCTAssertThrowsError(try YAMLParser.parse("a: 1\nb: 2\na: 3\n", file: "dup.yaml")) { error in
            let error = error as? SourceError
            XCTAssertEqual(error?.mark?.line, 3)
            XCTAssertEqual(error?.mark?.column, 1)
            XCTAssertEqual(error?.keyPath, "a")
        }
    }

    func testAnchorsAreResolvedAndEmptyDocumentIsEmptyMapping() throws {
        let root = try YAMLParser.parse("x: &g [1, 2]\ny: *g\n", file: "a.yaml")
        XCTAssertEqual(root["y"]?.sequenceItems?.compactMap(\.scalarText), ["1", "2"])
        XCTAssertEqual(try YAMLParser.parse("", file: "e.yaml").mappingPairs?.count, 0)
        XCTAssertEqual(try YAMLParser.parse("# only a comment\n", file: "e.yaml").mappingPairs?.count, 0)
    }

    func testNestingBeyondTheLimitIsAnErrorNotAStackOverflow() {
        // 8000 nested sequences overflowed the recursive reader's stack (Tests/FuzzCorpus/spec/crashes/).
        let text = "seeds: " + String(repeating: "[", count: 8000) + String(repeating: "]", count: 8000)
        XCTAssertThrowsError(try YAMLParser.parse(text, file: "deep.yaml")) { error in
            XCTAssertEqual("\(error)", "deep.yaml:1:\(8 + YAMLParser.maximumDepth - 1): YAML nested deeper than \(YAMLParser.maximumDepth) levels")
        }
        XCTAssertNoThrow(try YAMLParser.parse("a: " + String(repeating: "[", count: 20) + String(repeating: "]", count: 20), file: "ok.yaml"))
    }

    func testOnlyRegularFilesAreRead() {
        XCTAssertThrowsError(try YAMLParser.parse(contentsOf: "/dev/zero")) { error in
            XCTAssertEqual("\(error)", "/dev/zero: not a regular file")
        }
    }

    func testMultipleDocumentsAreRejected() {
        XCTAssertThrowsError(try YAMLParser.parse("a: 1\n---\nb: 2\n", file: "m.yaml"))
    }

    func testDeepMergeAndDottedSet() throws {
        let base = try YAMLParser.parse("a: {b: 1, c: 2}\nd: [1]\n", file: "base.yaml")
        let overlay = try YAMLParser.parse("a: {c: 3}\nd: [2, 3]\n", file: "over.yaml")
        let merged = base.merged(with: overlay)
        XCTAssertEqual(merged.node(at: ["a", "b"])?.scalarText, "1")
        XCTAssertEqual(merged.node(at: ["a", "c"])?.scalarText, "3")
        XCTAssertEqual(merged.node(at: ["a", "c"])?.mark.file, "over.yaml")
        XCTAssertEqual(merged["d"]?.sequenceItems?.count, 2)
        let mark = SourceMark(file: "s.yaml", line: 9, column: 4)
        let set = merged.setting(path: ["a", "e", "f"], to: .scalar("5", at: mark), keyMark: mark)
        XCTAssertEqual(set.node(at: ["a", "e", "f"])?.scalarText, "5")
        XCTAssertEqual(set.node(at: ["a", "b"])?.scalarText, "1")
    }

    func testEditDistanceSuggestions() {
        XCTAssertEqual(KeySuggestion.editDistance("lamda", "lambda"), 1)
        XCTAssertEqual(KeySuggestion.closest(to: "lamda", among: ["alpha", "lambda", "zp"]), "lambda")
        XCTAssertNil(KeySuggestion.closest(to: "xyz", among: ["resolution", "history"]))
    }
}
