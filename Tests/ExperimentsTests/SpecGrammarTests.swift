@testable import Experiments
import F2LM
import Metrics
import XCTest
@testable import YAML

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
                       .fixed(ScoreWeights(labelTriplet: 0.02, motionTriplet: 0.5, generatorMSE: 0.48, destroyerMSE: 1)))
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

    func testPrecedenceExtendsProfileScaleSpecDatasetVariantGridCommandLine() throws {
        let folder = try Fixtures.folder()
        try Fixtures.write("extends: defaults.yaml\nmodel: {width: 5, alpha: 0.3}\ndestroyer: {lambda: 2}\n",
                           to: "base.yaml", in: folder)
        try Fixtures.write("score: {gamma: [0.1, 0.2, 0.3, 0.4]}\ntrain: {lr_generator: 3.0e-4, weight_decay: 0.5}\n"
                           + "model: {se_reduction: 3}\n", to: "datasets/walkway.yaml", in: folder)
        let spec = try Fixtures.write("""
        extends: [base.yaml]
        set: {model.width: 6, train.weight_decay: 0.25}
        datasets:
          - {name: walkway, set: {model.width: 7, destroyer.lambda: 3}}
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
        XCTAssertEqual(Self.gamma(noScale), [0.1, 0.2, 0.3, 0.4]) // profile > extends
        XCTAssertEqual(noScale.train.lrGenerator, 3.0e-4) // profile > extends
        XCTAssertEqual(noScale.train.weightDecay, 0.25)   // spec set > profile
        XCTAssertEqual(noScale.model.width, 7)            // dataset set > spec set > extends
        XCTAssertEqual(noScale.destroyer.lambda, 5)       // variant > dataset > extends
        XCTAssertEqual(noScale.model.alpha, 0.6)          // grid > extends
        XCTAssertEqual(noScale.model.seReduction, 2)      // variant > profile
        let smoke = try run(PlanOptions(scale: "smoke"))
        XCTAssertEqual(smoke.data.resolution, 32)         // scale > extends
        XCTAssertEqual(smoke.train.generatorSteps, 4)     // scale > extends
        XCTAssertEqual(smoke.model.width, 7)              // spec/dataset set > scale
        let cli = try run(PlanOptions(scale: "smoke", overrides: ["model.alpha=0.9", "destroyer.lambda=6",
                                                                   "model.width=9", "train.generator_steps=3"]))
        XCTAssertEqual(cli.model.alpha, 0.9)              // command line > grid
        XCTAssertEqual(cli.destroyer.lambda, 6)           // command line > variant
        XCTAssertEqual(cli.model.width, 9)
        XCTAssertEqual(cli.train.generatorSteps, 3)       // command line > the scale's budget
    }

    /// The fixed γ of a config as a list.
    static func gamma(_ config: RunConfig) -> [Double]? {
        if case .fixed(let weights) = config.score.gamma { return weights.values }
        return nil
    }

    func testTheDatasetProfileHoldsTable10ValuesOnce() throws {
        let spec = try SpecParser.parse(file: Fixtures.experiments + "/table8_lambda.yaml",
                                        options: PlanOptions(scale: "smoke"))
        let runs = try SpecExpander.expand(spec).runs
        let plaza = try XCTUnwrap(runs.first { $0.dataset == .plaza }).config
        XCTAssertEqual(Self.gamma(plaza), [0.94, 0.02, 0.04, 1.00])
        XCTAssertEqual([plaza.train.lrGenerator, plaza.train.lrDiscriminator, plaza.train.lrDestroyer,
                        plaza.train.weightDecay], [2.0e-4, 2.0e-5, 2.0e-4, 2.0e-4])
        let campus = try XCTUnwrap(runs.first { $0.dataset == .campus }).config
        XCTAssertEqual(Self.gamma(campus), [0.68, 0.06, 0.26, 0.25])
        let walkway = try XCTUnwrap(runs.first { $0.dataset == .walkway }).config
        XCTAssertEqual(Self.gamma(walkway), [0.02, 0.50, 0.48, 1.00])
        XCTAssertEqual(walkway.train.lrGenerator, 1.0e-4)
        // The synthetic family and the real dataset it stands for share one set of numbers.
        let real = try Fixtures.expand("extends: [defaults.yaml]\ndatasets: [avenue]\nset: {data.root: /nowhere}\n")
        XCTAssertEqual(real.runs[0].config.score, plaza.score)
        XCTAssertEqual(real.runs[0].config.train, plaza.train)
    }

    func testTheScalesLearningRateMultiplierScalesEveryDatasetsRates() throws {
        let folder = try Fixtures.folder()
        try Fixtures.write("extends: smoke.yaml\nlr_multiplier: 2\n", to: "scales/fast.yaml", in: folder)
        let spec = try Fixtures.write("""
        extends: [defaults.yaml]
        datasets: [walkway, plaza]
        variants:
          - {label: base}
          - {label: slow, set: {train.lr_destroyer: 1.0e-6}}
        """, to: "spec.yaml", in: folder)
        func runs(_ options: PlanOptions) throws -> [PlannedRun] {
            try SpecExpander.expand(SpecParser.parse(file: spec, options: options)).runs
        }
        let fast = try runs(PlanOptions(scale: "fast"))
        let plaza = try XCTUnwrap(fast.first { $0.dataset == .plaza && $0.label == "base" }).config.train
        XCTAssertEqual([plaza.lrGenerator, plaza.lrDiscriminator, plaza.lrDestroyer], [4.0e-4, 4.0e-5, 4.0e-4])
        XCTAssertEqual(plaza.weightDecay, 2.0e-4)
        XCTAssertEqual(plaza.generatorSteps, 4)            // the rest of the preset it extends
        let walkway = try XCTUnwrap(fast.first { $0.dataset == .walkway && $0.label == "slow" }).config.train
        XCTAssertEqual(walkway.lrGenerator, 2.0e-4)
        XCTAssertEqual(walkway.lrDestroyer, 2.0e-6)        // a spec's rate is scaled too
        let cli = try runs(PlanOptions(scale: "fast", overrides: ["train.lr_generator=0.01"]))
        XCTAssertEqual(cli[0].config.train.lrGenerator, 0.01) // --set is taken as written
        try Fixtures.write("lr_multiplier: 0\n", to: "scales/bad.yaml", in: folder)
        XCTAssertThrowsError(try runs(PlanOptions(scale: "bad"))) { error in
            XCTAssertEqual((error as? SourceError)?.keyPath, "lr_multiplier")
            XCTAssertEqual((error as? SourceError)?.mark?.line, 1)
        }
    }

    func testADatasetWithoutAProfileOrAProfileNamingADatasetIsAnError() throws {
        let folder = try Fixtures.folder()
        try FileManager.default.removeItem(atPath: folder + "/datasets/campus.yaml")
        let spec = try Fixtures.write("extends: [defaults.yaml]\ndatasets: [walkway, campus]\n", to: "spec.yaml", in: folder)
        let cwd = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(folder))   // no experiments/datasets to fall back on
        defer { _ = FileManager.default.changeCurrentDirectoryPath(cwd) }
        XCTAssertThrowsError(try SpecParser.parse(file: spec, options: PlanOptions())) { error in
            let error = error as? SourceError
            XCTAssertEqual(error?.mark?.line, 2)
            XCTAssertEqual(error?.mark?.column, 21)
            XCTAssertTrue(error?.message.contains("no profile for dataset 'campus'") ?? false, "\(String(describing: error))")
        }
        try Fixtures.write("data: {name: plaza}\n", to: "datasets/campus.yaml", in: folder)
        XCTAssertThrowsError(try SpecParser.parse(file: spec, options: PlanOptions())) { error in
            XCTAssertEqual((error as? SourceError)?.keyPath, "data.name")
            XCTAssertEqual((error as? SourceError)?.mark?.file, folder + "/datasets/campus.yaml")
        }
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
