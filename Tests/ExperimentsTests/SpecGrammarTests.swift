import F2LM
import XCTest
@testable import Experiments

final class SpecGrammarTests: XCTestCase {
    func testGrammarDatasetsSeedsGridAndTable() throws {
        let expanded = try Fixtures.expand("""
        name: lambda_test
        title: "λ"
        extends: [defaults.yaml]
        datasets:
          - {name: walkway, set: {score.gamma: [0.02, 0.50, 0.48, 1.00]}}
          - plaza
        seeds: [0, 1]
        grid:
          destroyer.lambda: [1, 2, 3]
        table:
          rows: destroyer.lambda
          metrics: [auc, eer]
          paper: {1: [97.5, 90.2], 2.0: [97.6, null]}
        """)
        XCTAssertEqual(expanded.spec.name, "lambda_test")
        XCTAssertEqual(expanded.spec.title, "λ")
        XCTAssertEqual(expanded.runs.count, 2 * 3 * 2)
        XCTAssertEqual(expanded.runs.map(\.dataset).filter { $0 == .plaza }.count, 6)
        XCTAssertEqual(Set(expanded.runs.map(\.seed)), [0, 1])
        XCTAssertEqual(expanded.runs.map(\.config.destroyer.lambda).prefix(6), [1, 1, 2, 2, 3, 3])
        XCTAssertEqual(expanded.runs.map(\.rowKey).prefix(3), ["1", "1", "2"])
        let table = try XCTUnwrap(expanded.spec.table)
        XCTAssertEqual(table.rowKeys, ["1", "2", "3"])
        XCTAssertEqual(table.metrics, ["auc", "eer"])
        XCTAssertEqual(table.paperAUC["1"], [97.5, 90.2])
        XCTAssertEqual(table.paperAUC["2"], [97.6, nil])
        // The scale preset was applied, the per-dataset γ too.
        XCTAssertEqual(expanded.runs[0].config.data.resolution, 32)
        XCTAssertEqual(expanded.runs[0].config.score.gamma,
                       .fixed(GammaWeights(label: 0.02, motion: 0.5, generator: 0.48, destroyer: 1)))
        XCTAssertEqual(expanded.runs[0].changes.map(\.key), ["destroyer.lambda"])
    }

    func testVariantsAreLabelledRowsNeverCrossed() throws {
        let expanded = try Fixtures.expand("""
        extends: [defaults.yaml]
        datasets: [walkway, campus]
        variants:
          - {label: "E_f only", set: {model.encoders: [frame], model.ftc: false}}
          - {label: "All", set: {}}
        table: {rows: variant, paper: {"E_f only": [95.4, 72.8]}}
        """)
        XCTAssertEqual(expanded.spec.name, "spec")
        XCTAssertEqual(expanded.runs.map(\.label), ["E_f only", "All", "E_f only", "All"])
        XCTAssertEqual(expanded.runs[0].config.model.encoders, [.frame])
        XCTAssertEqual(expanded.runs[0].config.model.ftc, false)
        XCTAssertEqual(expanded.runs[1].config.model.encoders, [.frame, .label, .motion])
        XCTAssertEqual(expanded.runs[0].changes.map(\.key), ["model.encoders", "model.ftc"])
    }

    func testGridIsACartesianProductCrossedWithVariants() throws {
        let expanded = try Fixtures.expand("""
        extends: [defaults.yaml]
        datasets: [walkway]
        grid:
          destroyer.lambda: [1, 2]
          model.alpha: [0.2, 0.5, 0.8]
        variants:
          - {label: A, set: {model.fusion: add}}
          - {label: B}
        """)
        XCTAssertEqual(expanded.runs.count, 2 * 2 * 3)
        XCTAssertEqual(Set(expanded.runs.map(\.label)).count, 12)
        XCTAssertEqual(expanded.runs[0].label, "A, destroyer.lambda=1, model.alpha=0.2")
    }

    func testPrecedenceExtendsScaleSpecDatasetVariantGridCommandLine() throws {
        let folder = try Fixtures.folder()
        try Fixtures.write("extends: defaults.yaml\nmodel: {width: 5, alpha: 0.3}\ndestroyer: {lambda: 2}\n",
                           to: "base.yaml", in: folder)
        let spec = try Fixtures.write("""
        extends: [base.yaml]
        set: {model.width: 6, train.batch: 3}
        datasets:
          - {name: walkway, set: {model.width: 7, destroyer.lambda: 3, train.batch: 5}}
        variants:
          - {label: v, set: {destroyer.lambda: 5, model.se_reduction: 2}}
        grid:
          model.alpha: [0.6]
        """, to: "spec.yaml", in: folder)
        func run(_ options: PlanOptions) throws -> RunConfig {
            try SpecExpander.expand(SpecParser.parse(file: spec, options: options)).runs[0].config
        }
        let noScale = try run(PlanOptions())
        XCTAssertEqual(noScale.data.resolution, 256)      // defaults.yaml
        XCTAssertEqual(noScale.model.width, 7)            // dataset set > spec set > extends
        XCTAssertEqual(noScale.train.batch, 5)            // dataset set > spec set
        XCTAssertEqual(noScale.destroyer.lambda, 5)       // variant > dataset > extends
        XCTAssertEqual(noScale.model.alpha, 0.6)          // grid > extends
        XCTAssertEqual(noScale.model.seReduction, 2)
        let smoke = try run(PlanOptions(scale: "smoke"))
        XCTAssertEqual(smoke.data.resolution, 32)         // scale > extends
        XCTAssertEqual(smoke.model.width, 7)              // spec/dataset set > scale
        let cli = try run(PlanOptions(scale: "smoke", overrides: ["model.alpha=0.9", "destroyer.lambda=6",
                                                                   "model.width=9"]))
        XCTAssertEqual(cli.model.alpha, 0.9)              // command line > grid
        XCTAssertEqual(cli.destroyer.lambda, 6)           // command line > variant
        XCTAssertEqual(cli.model.width, 9)
    }

    func testScalePresetSeedsApplyUnlessTheSpecListsSeeds() throws {
        let text = "extends: [defaults.yaml]\ndatasets: [walkway]\n"
        XCTAssertEqual(try Fixtures.expand(text, options: PlanOptions(scale: "paper")).runs.map(\.seed), [0, 1, 2])
        XCTAssertEqual(try Fixtures.expand(text + "seeds: [7]\n", options: PlanOptions(scale: "paper")).runs.map(\.seed), [7])
        XCTAssertEqual(try Fixtures.expand(text, options: PlanOptions()).runs.map(\.seed), [0])
    }

    func testExtendsChainIsRelativeToTheFileAndDeepMerged() throws {
        let folder = try Fixtures.folder()
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        try Fixtures.write("extends: [../defaults.yaml]\ndestroyer: {lambda: 3}\n", to: "sub/mid.yaml", in: folder)
        try Fixtures.write("extends: [mid.yaml]\ndestroyer: {zp: background}\n", to: "sub/top.yaml", in: folder)
        let spec = try Fixtures.write("extends: [sub/top.yaml]\ndatasets: [walkway]\n", to: "spec.yaml", in: folder)
        let config = try SpecExpander.expand(SpecParser.parse(file: spec, options: PlanOptions())).runs[0].config
        XCTAssertEqual(config.destroyer.lambda, 3)
        XCTAssertEqual(config.destroyer.zp, .background)
        XCTAssertEqual(config.destroyer.patchSize, 32)
    }

    func testSpecFilesSkipsConfigFiles() throws {
        let specs = SpecFiles.specs(among: [Fixtures.experiments + "/defaults.yaml",
                                            Fixtures.experiments + "/table8_lambda.yaml"])
        XCTAssertEqual(specs, [Fixtures.experiments + "/table8_lambda.yaml"])
    }

    func testPlanFormats() throws {
        let plan = try Plan.load(files: [Fixtures.experiments + "/table8_lambda.yaml"], options: PlanOptions(scale: "smoke"))
        let csv = PlanFormatter.render(plan, format: .csv).split(separator: "\n")
        XCTAssertEqual(csv.count, 1 + 18)
        XCTAssertTrue(csv[1].hasPrefix("table8_lambda,λ = 1,walkway,0,destroyer.lambda=1,"), String(csv[1]))
        let table = PlanFormatter.render(plan, format: .table)
        XCTAssertTrue(table.contains("datasets: 3, generators: 3, destroyers: 18"), table)
        let json = PlanFormatter.render(plan, format: .json)
        XCTAssertTrue(json.contains("\"distinctNodes\""))
        XCTAssertTrue(json.contains("\"lambda\" : 1"))
    }
}
