@testable import Experiments
import Foundation
@testable import JobRunner
import XCTest
@testable import YAML

/// Each kind of bad input stops expansion with `file:line:column`, the key path and what was expected.
final class BadInputTests: XCTestCase {
    func assertError(_ error: SourceError?, line: Int, column: Int, key: String, contains text: String,
                     file: StaticString = #filePath, sourceLine: UInt = #line) {
        guard let error else { return XCTFail("no error", file: file, line: sourceLine) }
        XCTAssertEqual(error.mark?.line, line, "\(error)", file: file, line: sourceLine)
        XCTAssertEqual(error.mark?.column, column, "\(error)", file: file, line: sourceLine)
        XCTAssertEqual(error.keyPath, key, "\(error)", file: file, line: sourceLine)
        XCTAssertTrue(error.message.contains(text), "'\(error.message)' lacks '\(text)'", file: file, line: sourceLine)
        // The rendered message carries all of it.
        XCTAssertTrue(error.description.contains(":\(line):\(column): \(key.isEmpty ? "" : key + ": ")"), "\(error)",
                      file: file, line: sourceLine)
    }

    func testASpecCannotChangeTheScalesTrainingBudget() throws {
        for (text, line, column, key) in [
            ("set: {train.generator_steps: 50}\n", 3, 7, "train.generator_steps"),
            ("set: {train: {batch: 8}}\n", 3, 7, "train"),
            ("grid:\n  train.destroyer_steps: [1, 2]\n", 4, 3, "train.destroyer_steps"),
            ("variants:\n  - {label: long, set: {train.checkpoint_every: 9}}\n", 4, 25, "train.checkpoint_every"),
        ] {
            let error = Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway]\n" + text)
            assertError(error, line: line, column: column, key: key, contains: "training budget of the scale preset")
        }
        // Without a scale, or for a key the scale leaves alone, the spec decides.
        XCTAssertEqual(try Fixtures.expand("extends: [defaults.yaml]\ndatasets: [walkway]\nset: {train.generator_steps: 50}\n",
                                           options: PlanOptions()).runs[0].config.train.generatorSteps, 50)
        XCTAssertEqual(try Fixtures.expand("extends: [defaults.yaml]\ndatasets: [walkway]\nset: {train.lr_generator: 0.5}\n")
            .runs[0].config.train.lrGenerator, 0.5)
    }

    func testYAMLSyntaxError() {
        let error = Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway\ngrid: {}\n")
        // libyaml notices the unclosed list at the ':' after 'grid' on line 3.
        assertError(error, line: 3, column: 5, key: "", contains: "YAML syntax error")
        XCTAssertTrue(error?.mark?.file.hasSuffix("spec.yaml") ?? false)
    }

    func testGridExpandingToTooManyRunsIsAnErrorBeforeExpanding() {
        // Eight axes of ten values (10^8 runs) exhausted memory while expanding (Tests/FuzzCorpus/spec/crashes/).
        let axes = ["destroyer.lambda", "model.alpha", "loss.delta_int", "loss.delta_gd", "loss.delta_adv", "loss.delta_tri",
                    "train.lr_generator", "train.lr_destroyer"]
        let error = Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway]\ngrid:\n"
            + axes.map { "  \($0): [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n" }.joined())
        XCTAssertEqual(error?.message, "the spec expands to 100000000 runs (datasets × variants × seeds × grid values: "
            + "1 × 1 × 1 × 10 × 10 × 10 × 10 × 10 × 10 × 10 × 10); at most \(SpecExpander.maximumRuns) per spec")
        XCTAssertTrue(error?.description.hasPrefix(error?.file ?? "?") == true, "\(String(describing: error))")
    }

    func testUnknownConfigKeyWithSuggestion() {
        let error = Fixtures.failure("""
        extends: [defaults.yaml]
        datasets: [walkway]
        grid:
          destroyer.lamda: [1, 2]
        """)
        assertError(error, line: 4, column: 3, key: "destroyer.lamda", contains: "unknown key (did you mean 'lambda'?)")
    }

    func testUnknownSpecKeyWithSuggestion() {
        let error = Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway]\ngird:\n  destroyer.lambda: [1]\n")
        assertError(error, line: 3, column: 1, key: "gird", contains: "did you mean 'grid'?")
    }

    func testWrongType() {
        let error = Fixtures.failure("""
        extends: [defaults.yaml]
        datasets: [walkway]
        set:
          model.width: wide
        """)
        assertError(error, line: 4, column: 16, key: "model.width", contains: "expected an integer, found 'wide'")
        let listError = Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway]\nset: {model.ftc: [1]}\n")
        assertError(listError, line: 3, column: 18, key: "model.ftc", contains: "expected true or false, found a list")
    }

    func testLambdaMustBePositive() {
        let error = Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway]\ngrid:\n  destroyer.lambda: [1, 0]\n")
        assertError(error, line: 4, column: 25, key: "destroyer.lambda", contains: "expected λ > 0, found 0")
    }

    func testAlphaMustNotBeNegative() {
        let error = Fixtures.failure("""
        extends: [defaults.yaml]
        datasets:
          - {name: walkway, set: {model.alpha: -0.1}}
        """)
        assertError(error, line: 3, column: 40, key: "model.alpha", contains: "expected α ≥ 0, found -0.1")
    }

    func testPatchSizeMustDivideTheResolution() {
        let error = Fixtures.failure("""
        extends: [defaults.yaml]
        datasets: [walkway]
        variants:
          - {label: odd, set: {destroyer.patch_size: 24}}
        """)
        assertError(error, line: 4, column: 46, key: "destroyer.patch_size", contains: "does not divide")
    }

    func testGammaMustBeFourNumbers() {
        let error = Fixtures.failure("""
        extends: [defaults.yaml]
        datasets:
          - {name: walkway, set: {score.gamma: [0.02, 0.5, 0.48]}}
        """)
        assertError(error, line: 3, column: 40, key: "score.gamma", contains: "expected four numbers")
        let wrongWord = Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway]\nset: {score.gamma: serch}\n")
        assertError(wrongWord, line: 3, column: 20, key: "score.gamma", contains: "or 'search', found 'serch'")
    }

    func testUnknownEnumValue() {
        let error = Fixtures.failure("""
        extends: [defaults.yaml]
        datasets: [walkway]
        variants:
          - {label: a, set: {destroyer.noise: dropout}}
        """)
        assertError(error, line: 4, column: 39, key: "destroyer.noise", contains: "expected one of ci, cd, none, found 'dropout'")
        let dataset = Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway, plaaza]\n")
        assertError(dataset, line: 2, column: 21, key: "datasets[1].name", contains: "did you mean 'plaza'?")
    }

    func testExtendsCycle() throws {
        let folder = try Fixtures.folder()
        try Fixtures.write("extends: [b.yaml]\nmodel: {width: 3}\n", to: "a.yaml", in: folder)
        try Fixtures.write("# b\nextends:\n  - defaults.yaml\n  - a.yaml\n", to: "b.yaml", in: folder)
        let spec = try Fixtures.write("extends: [a.yaml]\ndatasets: [walkway]\n", to: "spec.yaml", in: folder)
        XCTAssertThrowsError(try SpecParser.parse(file: spec)) { error in
            let error = error as? SourceError
            self.assertError(error, line: 4, column: 5, key: "extends", contains: "extends cycle: a.yaml → b.yaml → a.yaml")
            XCTAssertTrue(error?.mark?.file.hasSuffix("b.yaml") ?? false)
        }
    }

    func testExtendsMissingFile() {
        let error = Fixtures.failure("datasets: [walkway]\nextends: [defaults.yaml, nowhere.yaml]\n")
        assertError(error, line: 2, column: 26, key: "extends", contains: "nowhere.yaml' does not exist")
    }

    func testKeySetByBothVariantAndGrid() {
        let error = Fixtures.failure("""
        extends: [defaults.yaml]
        datasets: [walkway]
        grid:
          destroyer.lambda: [1, 2]
        variants:
          - {label: a, set: {model.alpha: 0.5}}
          - {label: b, set: {destroyer.lambda: 3}}
        """)
        assertError(error, line: 7, column: 22, key: "destroyer.lambda", contains: "by the grid key 'destroyer.lambda' (line 4")
    }

    func testEmptyExpansion() {
        let error = Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway]\ngrid:\n  model.alpha: []\n")
        assertError(error, line: 4, column: 16, key: "grid.model.alpha", contains: "empty expansion")
        let noDatasets = Fixtures.failure("extends: [defaults.yaml]\ndatasets: []\n")
        assertError(noDatasets, line: 2, column: 11, key: "datasets", contains: "empty expansion")
    }

    func testDuplicateLabels() {
        let error = Fixtures.failure("""
        extends: [defaults.yaml]
        datasets: [walkway]
        variants:
          - {label: "Zero vector", set: {destroyer.zp: zero}}
          - {label: "Zero vector", set: {destroyer.zp: background}}
        """)
        assertError(error, line: 5, column: 13, key: "variants[1].label", contains: "duplicate label 'Zero vector' (first at line 4")
    }

    func testRootOnlyForRealDatasets() {
        let synthetic = Fixtures.failure("extends: [defaults.yaml]\ndatasets:\n  - {name: plaza, set: {data.root: /data}}\n")
        assertError(synthetic, line: 3, column: 36, key: "data.root", contains: "synthetic: data.root is not allowed")
        let real = Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway, ped2]\n")
        XCTAssertEqual(real?.keyPath, "data.root")
        XCTAssertTrue(real?.message.contains("expected data.root") ?? false)
    }

    func testValidationSplitOnlyForSyntheticFamilies() {
        let error = Fixtures.failure("""
        extends: [defaults.yaml]
        datasets:
          - {name: ped2, set: {data.root: /data, score.split: validation}}
        """)
        assertError(error, line: 3, column: 55, key: "score.split", contains: "'ped2' has no validation videos")
        let word = Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway]\nset: {score.split: valid}\n")
        assertError(word, line: 3, column: 20, key: "score.split", contains: "expected one of test, validation, found 'valid'")
    }

    func testCommandLineOverrideErrorsPointIntoTheArgument() {
        let options = PlanOptions(scale: "smoke", overrides: ["model.alpha=0.2", "destroyer.lamda=3"])
        let error = Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway]\n", options: options)
        assertError(error, line: 1, column: 1, key: "destroyer.lamda", contains: "did you mean 'lambda'?")
        XCTAssertEqual(error?.mark?.file, "command line (--set destroyer.lamda=3)")
        let value = Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway]\n",
                                     options: PlanOptions(overrides: ["model.fusion=sum"]))
        assertError(value, line: 1, column: 14, key: "model.fusion", contains: "expected one of concat_se, add")
    }

    func testPaperRowsMustExistAndHaveOneNumberPerDataset() {
        let unknownRow = Fixtures.failure("""
        extends: [defaults.yaml]
        datasets: [walkway, plaza]
        grid: {destroyer.lambda: [1, 2]}
        table:
          rows: destroyer.lambda
          paper: {1: [97.5, 90.2], 7: [1, 2]}
        """)
        assertError(unknownRow, line: 6, column: 28, key: "table.paper.7", contains: "no such row")
        let shortRow = Fixtures.failure("""
        extends: [defaults.yaml]
        datasets: [walkway, plaza]
        grid: {destroyer.lambda: [1, 2]}
        table: {rows: destroyer.lambda, paper: {1: [97.5]}}
        """)
        assertError(shortRow, line: 4, column: 44, key: "table.paper.1", contains: "expected 2 numbers")
    }

    func testDatasetSetCannotRenameTheDataset() {
        let error = Fixtures.failure("extends: [defaults.yaml]\ndatasets:\n  - {name: plaza, set: {data.name: campus}}\n")
        assertError(error, line: 3, column: 25, key: "datasets[0].set.data.name", contains: "expected no data.name")
    }

    func testUnknownScale() {
        let error = Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway]\n", options: PlanOptions(scale: "smok"))
        XCTAssertEqual(error?.keyPath, "--scale")
        XCTAssertTrue(error?.message.contains("did you mean 'smoke'?") ?? false)
    }

    // One validation pass before anything runs: each rule the stages rely on is an error at planning time, from a
    // spec as from --set (the dataset and generator nodes would otherwise fail, or trap, later).

    /// The error of a walkway spec at the smoke scale with `--set` `overrides`.
    func commandLineFailure(_ overrides: [String], file: StaticString = #filePath, line: UInt = #line) -> SourceError? {
        Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway]\n",
                         options: PlanOptions(scale: "smoke", overrides: overrides), file: file, line: line)
    }

    func testHistoryBelowTheClipSamplersMinimumIsAnError() {
        let error = commandLineFailure(["data.history=1"])
        XCTAssertEqual(error?.keyPath, "data.history")
        XCTAssertEqual(error?.mark?.file, "command line (--set data.history=1)")
        XCTAssertTrue(error?.message.contains("expected at least 2") ?? false, "\(String(describing: error))")
        XCTAssertNil(try? Fixtures.expand("extends: [defaults.yaml]\ndatasets: [walkway]\n",
                                          options: PlanOptions(scale: "smoke", overrides: ["data.history=1"])))
        XCTAssertNoThrow(try Fixtures.expand("extends: [defaults.yaml]\ndatasets: [walkway]\n",
                                             options: PlanOptions(scale: "smoke", overrides: ["data.history=2"])))
    }

    func testNegativeDataSeedIsAnError() {
        let error = Fixtures.failure("extends: [defaults.yaml]\ndatasets: [walkway]\nset: {data.seed: -1}\n")
        assertError(error, line: 3, column: 18, key: "data.seed", contains: "expected a seed ≥ 0, found -1")
    }

    func testSyntheticSizesTheRendererCannotTakeAreErrors() {
        let small = commandLineFailure(["data.synthetic.frame_size=12"])
        XCTAssertEqual(small?.keyPath, "data.synthetic.frame_size")
        XCTAssertTrue(small?.message.contains("expected 16…1024 pixels, found 12") ?? false, "\(String(describing: small))")
        let large = commandLineFailure(["data.synthetic.frame_size=2048"])
        XCTAssertEqual(large?.keyPath, "data.synthetic.frame_size")
        let short = commandLineFailure(["data.synthetic.min_frames=7", "data.synthetic.max_frames=7", "data.history=2"])
        XCTAssertEqual(short?.keyPath, "data.synthetic.min_frames")
        XCTAssertTrue(short?.message.contains("expected at least 8, found 7") ?? false, "\(String(describing: short))")
        let videos = commandLineFailure(["data.synthetic.test_videos=0"])
        XCTAssertEqual(videos?.keyPath, "data.synthetic.test_videos")
    }

    func testSpecNameMustBeAPlainFileName() {
        for name in ["../../escaped", "a/b", ".hidden", "\"\"", "..", "back\\\\slash"] {
            let error = Fixtures.failure("name: \(name)\nextends: [defaults.yaml]\ndatasets: [walkway]\n")
            assertError(error, line: 1, column: 7, key: "name", contains: "expected a plain file name")
        }
        XCTAssertEqual(try Fixtures.expand("name: table8 λ-sweep_2\nextends: [defaults.yaml]\ndatasets: [walkway]\n")
            .spec.name, "table8 λ-sweep_2")
    }

    func testPollIntervalAndMaxArraySizeMustBePositive() {
        XCTAssertThrowsError(try SlurmExecutor.checkPollInterval(0)) { error in
            XCTAssertTrue("\(error)".contains("--interval"), "\(error)")
        }
        XCTAssertThrowsError(try SlurmExecutor.checkPollInterval(-1))
        XCTAssertThrowsError(try SlurmExecutor.checkPollInterval(.nan))
        XCTAssertNoThrow(try SlurmExecutor.checkPollInterval(0.5))
        XCTAssertThrowsError(try SlurmQueue.parseMaxArraySize("MaxArraySize            = 0\n")) { error in
            XCTAssertTrue("\(error)".contains("allows no job arrays"), "\(error)")
        }
        XCTAssertThrowsError(try SlurmQueue.parseMaxArraySize("MaxArraySize = -3\n"))
    }
}
