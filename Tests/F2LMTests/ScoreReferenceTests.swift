import Foundation
import XCTest
import F2LM
import Metrics
import NN
import TensorCore

/// The score composition against fixture 6 of Tests/Fixtures/reference (README §6): their `z_score`,
/// `min_max_normalize`, `gaussian_filter1d(σ = 10)`, scikit-learn's ROC / AUC, `calculate_eer` and the whole γ grid
/// of `val_test_eval`, run on three synthetic videos (83 scored frames).
///
/// Tolerances: everything is float64 on both sides from the same float32 components; only summation order differs
/// (numpy sums pairwise), so scores agree to 1e-12 absolute. AUC and EER are ratios of frame counts: once the
/// ordering of the scores agrees they agree to the last bits (1e-12).
final class ScoreReferenceTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/reference")
    nonisolated(unsafe) static let components: [String: Tensor] = {
        (try? SafeTensors.read(from: folder.appendingPathComponent("scores_components.safetensors")).tensors) ?? [:]
    }()
    static func json(_ name: String) -> [String: Any] {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(name)),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return object
    }
    nonisolated(unsafe) static let scores = json("scores.json")
    nonisolated(unsafe) static let grid = json("scores_grid.json")

    /// Their three videos as a score table: motion = siml_m, label = siml_l, generator = sse, Destroyer = sse2
    /// (when `withDestroyer`), labels gt[4:].
    func table(withDestroyer: Bool) throws -> ScoreTable {
        let videos = try XCTUnwrap(Self.scores["videos"] as? [String: Any])
        let gt = try XCTUnwrap(videos["gt_full_length"] as? [[Int]])
        var rows: [ScoreRow] = []
        for (i, labels) in gt.enumerated() {
            func column(_ name: String) throws -> [Float] {
                // The fixture numbers its videos from 1, like the authors' result folders.
                try XCTUnwrap(Self.components["video\(i + 1).\(name)"], "video\(i + 1).\(name) missing").scalars
            }
            let motion = try column("siml_m"), label = try column("siml_l"), sse = try column("sse"), sse2 = try column("sse2")
            XCTAssertEqual(motion.count, labels.count - 4)
            for j in 0..<motion.count {
                rows.append(ScoreRow(video: "video\(i)", frame: j + 4, isAnomalous: labels[j + 4] == 1,
                                     labelTriplet: Double(label[j]), motionTriplet: Double(motion[j]),
                                     generatorMSE: Double(sse[j]), destroyerMSE: withDestroyer ? Double(sse2[j]) : nil))
            }
        }
        return ScoreTable(rows: rows)
    }

    func fixedResult(_ key: String) throws -> [String: Any] {
        let results = try XCTUnwrap(Self.scores["fixed_weight_results"] as? [String: Any])
        return try XCTUnwrap(results[key] as? [String: Any], key)
    }

    /// Their order is [a, b, c, d] = [motion, label, generator, Destroyer]; the fixture's [1.2, 0.8, 3.0, 0.5].
    let theirWeights = ScoreWeights(labelTriplet: 0.8, motionTriplet: 1.2, generatorMSE: 3.0, destroyerMSE: 0.5)

    func testFixedWeightScoresAUCAndEERWithAndWithoutSmoothing() throws {
        for destroyer in [true, false] {
            for gaussian in [false, true] {
                let key = "\(destroyer ? "generator_plus_destroyer" : "generator_only")_gaussian_\(gaussian ? "True" : "False")"
                let expected = try fixedResult(key)
                let table = try table(withDestroyer: destroyer)
                let combination = ScoreCombination(weights: theirWeights, normalization: .perVideo,
                                                   smoothing: gaussian ? GaussianSmoothing(sigma: 10) : nil)
                let ours = try combination.scores(for: table)
                let theirs = try XCTUnwrap(expected["per_video_scores"] as? [[Double]]).flatMap { $0 }
                XCTAssertEqual(ours.count, theirs.count)
                let worst = zip(ours, theirs).map { abs($0 - $1) }.max() ?? .infinity
                XCTAssertLessThan(worst, 1e-12, key)
                let curve = try ROCCurve(scores: ours, labels: table.labels)
                XCTAssertEqual(curve.area, try XCTUnwrap(expected["auc"] as? Double), accuracy: 1e-12, key)
                XCTAssertEqual(curve.equalErrorRate.nearest, try XCTUnwrap(expected["eer"] as? Double), accuracy: 1e-12, key)
                // The reduced curve is scikit-learn's drop_intermediate=True curve, point for point.
                let reduced = curve.reducedIndices
                let fpr = try XCTUnwrap(expected["fpr"] as? [Double]), tpr = try XCTUnwrap(expected["tpr"] as? [Double])
                // (Their rates come out of a float cumulative sum and can differ from k / N in the last bit.)
                XCTAssertEqual(reduced.count, fpr.count, key)
                for (k, i) in reduced.enumerated() where k < fpr.count {
                    XCTAssertEqual(curve.falsePositiveRates[i], fpr[k], accuracy: 1e-12, "\(key) point \(k)")
                    XCTAssertEqual(curve.truePositiveRates[i], tpr[k], accuracy: 1e-12, "\(key) point \(k)")
                }
                // On every point the EER would be another value in the smoothed cases (README quirk 11).
                let allPoints = try XCTUnwrap(expected["eer_if_drop_intermediate_False"] as? Double)
                var best = Double.infinity, eerAll = 0.0
                for i in 0..<curve.count {
                    let gap = abs(curve.falsePositiveRates[i] - (1 - curve.truePositiveRates[i]))
                    if gap < best { best = gap; eerAll = curve.falsePositiveRates[i] }
                }
                XCTAssertEqual(eerAll, allPoints, accuracy: 1e-12, key)
            }
        }
    }

    func testGaussianFilterMatchesScipy() throws {
        let examples = try XCTUnwrap(Self.scores["gaussian_filter1d_examples"] as? [String: Any])
        XCTAssertEqual(GaussianSmoothing(sigma: 10).radius, 40)
        for length in ["5", "26", "45", "100"] {
            let example = try XCTUnwrap(examples[length] as? [String: Any])
            let input = try XCTUnwrap(example["input"] as? [Double]), output = try XCTUnwrap(example["output"] as? [Double])
            let ours = GaussianSmoothing(sigma: 10).apply(input)
            for i in ours.indices { XCTAssertEqual(ours[i], output[i], accuracy: 1e-12, "length \(length) index \(i)") }
        }
    }

    func testGridPointsAreTheAuthors() throws {
        let definition = try XCTUnwrap(Self.scores["grid_definition"] as? [String: Any])
        let points = GammaGrid.authorsPoints()
        XCTAssertEqual(points.count, definition["points_abc"] as? Int)
        let theirs = try XCTUnwrap((Self.grid["gaussian_False"] as? [String: Any])?["generator [a,b,c,auc]"] as? [[Double]])
        XCTAssertEqual(points.count, theirs.count)
        for (ours, row) in zip(points, theirs) {
            XCTAssertEqual([ours.a, ours.b, ours.c], Array(row[0..<3]))
        }
        let zeros = points.filter { $0.c == 0 }.map { [$0.a, $0.b, $0.c] }
        XCTAssertEqual(zeros, try XCTUnwrap(definition["points_with_c_zero"] as? [[Double]]))
        XCTAssertEqual(try GammaGrid.authors.candidates().count, 1179 * 4)
    }

    /// The AUC of every grid point and the best γ, as their `val_test_eval` reported it, with and without smoothing.
    func testEveryGridAUCAndTheirBest() throws {
        for gaussian in [false, true] {
            let smoothing = gaussian ? GaussianSmoothing(sigma: 10) : nil
            let key = "gaussian_\(gaussian ? "True" : "False")"
            let reported = try XCTUnwrap((Self.scores["grid_by_their_val_test_eval"] as? [String: Any])?[key] as? [String: Any])
            let all = try XCTUnwrap(Self.grid[key] as? [String: Any])
            for destroyer in [false, true] {
                let table = try table(withDestroyer: destroyer)
                let search = GammaSearch(grid: .authors, normalization: .perVideo, smoothing: smoothing)
                let ours = try search.candidateAUCs(on: table)
                let theirs = try XCTUnwrap(all[destroyer ? "generator+destroyer [a,b,c,d,auc]" : "generator [a,b,c,auc]"]
                                               as? [[Double]])
                XCTAssertEqual(ours.count, theirs.count, key)
                var mismatches = 0
                for (candidate, row) in zip(ours, theirs) {
                    XCTAssertEqual(candidate.weights.motionTriplet, row[0])
                    XCTAssertEqual(candidate.weights.labelTriplet, row[1])
                    XCTAssertEqual(candidate.weights.generatorMSE, row[2])
                    if destroyer { XCTAssertEqual(candidate.weights.destroyerMSE, row[3]) }
                    if abs(candidate.auc - row[row.count - 1]) > 1e-12 { mismatches += 1 }
                }
                XCTAssertEqual(mismatches, 0, "\(key) destroyer \(destroyer): grid AUCs that differ")
                let best = try XCTUnwrap(reported[destroyer ? "autoencoder" : "generator"] as? [String: Any])
                let result = try search.runOracle(on: table)
                let bestWeights = try XCTUnwrap(best["best_weights"] as? [Double])
                XCTAssertEqual([result.weights.motionTriplet, result.weights.labelTriplet, result.weights.generatorMSE],
                               Array(bestWeights[0..<3]), key)
                if destroyer, bestWeights.count == 4 { XCTAssertEqual(result.weights.destroyerMSE, bestWeights[3]) }
                XCTAssertEqual(result.selectionAUC, try XCTUnwrap(best["best_auc"] as? Double), accuracy: 1e-12)
                XCTAssertEqual(result.evaluation.auc, try XCTUnwrap(best["best_auc"] as? Double), accuracy: 1e-12)
                XCTAssertEqual(result.evaluation.equalErrorRate.nearest, try XCTUnwrap(best["best_eer"] as? Double),
                               accuracy: 1e-12)
            }
        }
    }

    /// `authors` weight scale: Table 10's γ (grid / 5 for γ1–γ3, γ4 = d) give back the weights of their runs, and
    /// Table 10's γ of every dataset are points of their grid that way.
    func testWeightScaleMapsTable10ToTheirGrid() throws {
        let table10 = ScoreWeights(labelTriplet: 0.8 / 5, motionTriplet: 1.2 / 5, generatorMSE: 3.0 / 5, destroyerMSE: 0.5)
        let effective = ScoreWeightScale.authors.effective(table10)
        let ours = try ScoreCombination(weights: effective).scores(for: table(withDestroyer: true))
        let theirs = try XCTUnwrap(try fixedResult("generator_plus_destroyer_gaussian_False")["per_video_scores"] as? [[Double]])
            .flatMap { $0 }
        XCTAssertLessThan(zip(ours, theirs).map { abs($0 - $1) }.max() ?? .infinity, 1e-12)
        XCTAssertEqual(ScoreWeightScale.literal.effective(table10), table10)
        let points = GammaGrid.authorsPoints()
        for gamma in [ScoreWeights.ped2, .avenue, .shanghaiTech] {
            let w = ScoreWeightScale.authors.effective(gamma)
            XCTAssertTrue(points.contains { abs($0.a - w.motionTriplet) < 1e-9 && abs($0.b - w.labelTriplet) < 1e-9
                                            && abs($0.c - w.generatorMSE) < 1e-9 }, "\(gamma)")
            XCTAssertTrue([0.25, 0.5, 0.75, 1].contains(w.destroyerMSE))
        }
        // Literal Table 10 weighs the Destroyer 5× more relative to the rest, and it changes the AUC here.
        let literal = try ScoreCombination(weights: table10).evaluate(table(withDestroyer: true)).auc
        let authors = try ScoreCombination(weights: effective).evaluate(table(withDestroyer: true)).auc
        XCTAssertNotEqual(literal, authors)
    }

    /// The stored per-frame number is the MSE of [0, 1]-mapped frames (README quirk 8), as `FrameScorer` computes.
    func testPerFrameComponentIsTheMSEOfUnitFrames() throws {
        let example = try XCTUnwrap(Self.scores["per_frame_component_example"] as? [String: Any])
        let pred = try XCTUnwrap(example["pred"] as? [Double]).map(Float.init)
        let target = try XCTUnwrap(example["target"] as? [Double]).map(Float.init)
        let value = FrameScorer.frameMSE(Tensor(shape: [1, 3, 4, 4], scalars: pred), Tensor(shape: [1, 3, 4, 4], scalars: target))
        let expected = try XCTUnwrap(example["SSE (stored per frame)"] as? Double)
        XCTAssertEqual(value.count, 1)
        XCTAssertEqual(value[0], expected, accuracy: 1e-6 * expected)
    }
}
