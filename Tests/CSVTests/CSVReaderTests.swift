import CSV
import XCTest

final class CSVReaderTests: XCTestCase {
    func testQuotedFieldsLineBreaksAndLineNumbers() throws {
        let text = "\u{FEFF}a,b\r\n\"x, \"\"y\"\"\",\"two\nlines\"\n\n  \t\nlast,\n"
        let records = try CSVReader.records(in: text, file: "t.csv")
        XCTAssertEqual(records, [CSVRecord(line: 1, fields: ["a", "b"]),
                                 CSVRecord(line: 2, fields: ["x, \"y\"", "two\nlines"]),
                                 CSVRecord(line: 6, fields: ["last", ""])])
    }

    func testSpacesAroundQuotedFieldsAreDroppedAndUnquotedSpacesKept() throws {
        let records = try CSVReader.records(in: " \"a\" , b ,\"\"", file: "t.csv")
        XCTAssertEqual(records.map(\.fields), [["a", " b ", ""]])
    }

    func testErrorsNameFileLineAndColumn() {
        let cases: [(String, String)] = [
            ("a,b\nc,d\"e\n", "t.csv:2: column 2: a quote inside an unquoted field (quote the whole field and double inner quotes)"),
            ("a,\"b\"c\n", "t.csv:1: column 2: text after a closing quote"),
            ("a\n\"open,b\n", "t.csv:2: column 1: a quoted field is never closed"),
        ]
        for (text, message) in cases {
            XCTAssertThrowsError(try CSVReader.records(in: text, file: "t.csv"), text) { error in
                XCTAssertEqual((error as? CSVError)?.description, message)
            }
        }
    }

    func testWriterQuotesOnlyWhenNeededAndReadsBack() throws {
        let fields = ["plain", "1.5", "a,b", "say \"hi\"", "two\nlines", " padded ", "", "cr\r"]
        let line = CSVWriter.line(fields)
        XCTAssertEqual(line, "plain,1.5,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded \",,\"cr\r\"\n")
        XCTAssertEqual(try CSVReader.records(in: line, file: "t.csv").map(\.fields), [fields])
    }
}
