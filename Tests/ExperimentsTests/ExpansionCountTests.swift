import F2LM
import XCTest
@testable import Experiments

final class ExpansionCountTests: XCTestCase {
    /// Runs per spec with one seed: datasets (3; destroyer_regime: walkway only) × rows.
    static let runsPerSeed: [String: Int] = [
        "table4_fusion": 3 * 2, "table5_alpha": 3 * 4, "table6_noise": 3 * 3, "table7_patch": 3 * 4,
        "table8_lambda": 3 * 6, "table9_zp": 3 * 3, "encoders": 3 * 5, "destroyer_generality": 3 * 4,
        "destroyer_regime": 7,
    ]
    /// Dataset nodes per spec: one per dataset column (destroyer_regime: walkway at 32 and at 64 pixels).
    static let datasets: [String: Int] = ["destroyer_regime": 2]
    /// Distinct generators per spec with one seed: Tables 6–9 vary only the Destroyer (one generator per
    /// dataset); Table 4 two fusions, Table 5 four margins, five encoder settings, FFP and F2LM.
    static let generatorsPerSeed: [String: Int] = [
        "table4_fusion": 6, "table5_alpha": 12, "table6_noise": 3, "table7_patch": 3, "table8_lambda": 3,
        "table9_zp": 3, "encoders": 15, "destroyer_generality": 6, "destroyer_regime": 2,
    ]
    /// Specs of tables the paper does not have (no paper numbers to show).
    static let withoutPaperNumbers: Set<String> = ["destroyer_regime"]

    func specFiles() throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.experiments)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        return SpecFiles.specs(among: names.map { Fixtures.experiments + "/" + $0 })
    }

    func testEverySpecInExperimentsExpands() throws {
        let files = try specFiles()
        XCTAssertEqual(Set(files.map { URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent }),
                       Set(Self.runsPerSeed.keys))
        for (scale, scaleSeeds) in [("smoke", 1), ("default", 3), ("paper", 3)] {
            for file in files {
                let plan = try Plan.load(files: [file], options: PlanOptions(scale: scale))
                let name = plan.specs[0].spec.name
                let seeds = name == "destroyer_regime" ? 3 : scaleSeeds  // it lists its own seeds
                XCTAssertEqual(plan.specs[0].spec.seeds.count, seeds, "\(name) at \(scale)")
                XCTAssertEqual(plan.runs.count, Self.runsPerSeed[name]! * seeds, "\(name) at \(scale)")
                XCTAssertEqual(plan.distinctNodes(.dataset), Self.datasets[name] ?? 3, "\(name) at \(scale)")
                XCTAssertEqual(plan.distinctNodes(.generator), Self.generatorsPerSeed[name]! * seeds, "\(name) at \(scale)")
                XCTAssertEqual(plan.distinctRuns, plan.runs.count, "\(name): two rows are the same run")
                // Every paper row names a row of the table and has one number per dataset.
                let table = try XCTUnwrap(plan.specs[0].spec.table)
                XCTAssertEqual(table.paperAUC.isEmpty, Self.withoutPaperNumbers.contains(name), name)
                XCTAssertEqual(Set(plan.runs.compactMap(\.rowKey)), Set(table.rowKeys))
            }
        }
    }

    func testWholePlanSharesStages() throws {
        let plan = try Plan.load(files: try specFiles(), options: PlanOptions(scale: "default"))
        // Three seeds: 93 runs of the paper's tables per seed, and destroyer_regime's 7 rows (the studies in
        // experiments/studies/ are not part of `make ablation`).
        XCTAssertEqual(plan.runs.count, 93 * 3 + 7 * 3)
        // The three families, and walkway at 64 pixels (destroyer_regime).
        XCTAssertEqual(plan.distinctNodes(.dataset), 4)
        // Per dataset and seed: F2LM defaults, Add, α 0.5/0.8/1.0, three other encoder settings, and FFP, which the
        // encoder table's "E_f only" row shares (the same U-Net); and the 64-pixel walkway generator of
        // destroyer_regime (its 32-pixel one is the F2LM default).
        XCTAssertEqual(plan.distinctNodes(.generator), 27 * 3 + 3)
        // The default configuration (Ours, λ=4, 32 × 32, Dropout(CI), Zero vector) appears in five specs.
        XCTAssertLessThan(plan.distinctRuns, plan.runs.count)
        let ours = plan.runs.filter { $0.dataset == .walkway && $0.changes.isEmpty && $0.config.destroyer.enabled && $0.seed == 0 }
        XCTAssertGreaterThanOrEqual(ours.count, 5)
        XCTAssertEqual(Set(ours.map(\.hash)).count, 1)
    }

    /// The implementation-choices study (experiments/studies/, beside the tables): 10 rows on the three families,
    /// six distinct generators per family (the defaults and the four generator rows, and all earlier choices).
    func testImplementationChoicesStudyExpands() throws {
        let plan = try Plan.load(files: [Fixtures.experiments + "/studies/implementation_choices.yaml"],
                                 options: PlanOptions(scale: "default"))
        XCTAssertEqual(plan.runs.count, 3 * 10 * 3)
        XCTAssertEqual(plan.distinctNodes(.generator), 3 * 6 * 3)
        XCTAssertTrue(try XCTUnwrap(plan.specs[0].spec.table).paperAUC.isEmpty)
    }

    func testPatchSizesScaleToTheWorkingResolution() throws {
        let plan = try Plan.load(files: [Fixtures.experiments + "/table7_patch.yaml"], options: PlanOptions(scale: "default"))
        let walkway = plan.runs.filter { $0.dataset == .walkway && $0.seed == 0 }
        XCTAssertEqual(walkway.map(\.label), ["16 × 16", "32 × 32", "64 × 64", "128 × 128"])
        XCTAssertEqual(walkway.map { $0.config.destroyer.effectivePatchSize(resolution: $0.config.data.resolution) },
                       [2, 4, 8, 16])
    }
}
