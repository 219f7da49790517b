import XCTest
@testable import Report

final class MarkdownTableHTMLTests: XCTestCase {
    func testTableHeadingAndNotes() throws {
        let markdown = """
        ## Table 8: λ

        | λ | Ped2 AUC | paper |
        |:--|--:|--:|
        | 0.1 | **97.1 ± 0.2** | 97.0 |
        | a \\| b | — | <x> |

        AUC in %.
        """
        let html = MarkdownTableHTML.render(markdown)
        XCTAssertTrue(html.contains("<h2>Table 8: λ</h2>"))
        XCTAssertTrue(html.contains("<th>Ped2 AUC</th>"))
        XCTAssertTrue(html.contains("<td><strong>97.1 ± 0.2</strong></td>"))
        XCTAssertTrue(html.contains("<th scope=\"row\">a | b</th>"))
        XCTAssertTrue(html.contains("<td>&lt;x&gt;</td>"))
        XCTAssertTrue(html.contains("<p class=\"note\">AUC in %.</p>"))
        XCTAssertFalse(html.contains("--:"))
        XCTAssertNotNil(SVGInspector.parse("<div>" + html + "</div>"), "the table HTML is not well-formed")
    }
}
