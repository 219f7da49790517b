import XCTest
import F2LM
import NN
import TensorCore
import TestSupport

/// Our Destroyer network (width 64) against fixture 4 of `Tests/Fixtures/reference` (the authors' DUNet `UNet(3, 3)`):
/// evaluation and training forwards, running statistics, gradients of the λ = 4 loss, one AdamW step.
///
/// The loss itself is the other fixture's subject (`destroyer_loss`); here it is rebuilt from the stored per-patch
/// `diff` values (`rand_ld4.diff`) with `DestroyerLoss` — whose sum over pixels is the authors' sum over patches
/// of per-patch means times C·p² = 3·4·4 = 48 — divided by 48, so the gradients test the network, not the SSIM.
final class ReferenceDestroyerTests: XCTestCase {
    nonisolated(unsafe) static let io = try! ReferenceFixture.tensors("destroyer_io")
    nonisolated(unsafe) static let grads = try! ReferenceFixture.tensors("destroyer_grads")
    nonisolated(unsafe) static let loss = try! ReferenceFixture.tensors("destroyer_loss")

    /// The authors' λ = 4 loss of output `g` with the stored difficulties: Σ over batch and patches of
    /// diff·mean((G − BG)²) + (1 − diff)·mean((G − A)²), BG = −1, 4-pixel patches.
    func authorsLoss(_ g: Tensor) -> Tensor {
        let diff = Self.loss["rand_ld4.diff"]!.scalars
        let weights = DestroyerLoss.pixelWeights(diff, batch: 2, channels: 3, height: 32, width: 32, patchSize: 4)
        let weightTensor = Tensor.zeros([2, 3, 32, 32])
        weightTensor.withUnsafeMutableBufferPointer { for i in $0.indices { $0[i] = weights[i] } }
        return DestroyerLoss.loss(output: g, kept: Self.io["input.A"]!, destroyed: Self.loss["BG"]!,
                                  weights: weightTensor) * (1 / 48)
    }

    /// Evaluation mode on N and on A (the test-time use), then the training forward on N and the running
    /// statistics after it. 18 convolutions deep: 1e-5 of each tensor's largest magnitude (see
    /// `ReferenceGeneratorTests` for the reasoning).
    func testForwardsAndRunningStatisticsMatchAuthors() throws {
        let destroyer = try ReferenceModels.destroyer()
        let io = Self.io
        destroyer.eval()
        Tensor.withoutGrad {
            for (input, name) in [("input.N", "eval.out_on_N"), ("input.A", "eval.out_on_A")] {
                let comparison = TensorComparison(destroyer(io[input]!), io[name]!)
                XCTAssertLessThan(comparison.scaledError, 1e-5, "\(name): \(comparison)")
            }
        }
        destroyer.train()
        let out = Tensor.withoutGrad { destroyer(io["input.N"]!) }
        let comparison = TensorComparison(out, io["train.out"]!)
        XCTAssertLessThan(comparison.scaledError, 1e-5, "train.out: \(comparison)")
        let ours = Dictionary(uniqueKeysWithValues: destroyer.stateDictionary().map { ($0.name, $0.tensor) })
        var checked = 0
        for (key, reference) in io where key.hasPrefix("bn_after_train.") {
            let theirs = String(key.dropFirst("bn_after_train.".count))
            let stat = TensorComparison(try XCTUnwrap(ours[ReferenceModels.destroyerKey(theirs)]), reference)
            XCTAssertLessThan(stat.scaledError, 1e-5, "\(key): \(stat)")
            checked += 1
        }
        XCTAssertEqual(checked, 28, "running mean and variance of all 14 BatchNorms")
    }

    /// The loss value, ∂loss/∂G, the listed parameter gradients, and one AdamW step (lr 1e-4, weight decay 1e-4).
    /// The loss sums 128 patch terms of ~1: 1e-5 relative. ∂loss/∂G is elementwise (2·(G − target)·weight / 48):
    /// 1e-6 of its largest magnitude. Parameter gradients go back through the U-Net: 1e-4, as for the generator;
    /// the AdamW after-values 1e-6 (see `ReferenceGeneratorLossTests`).
    func testGradientsAndAdamWStepMatchAuthors() throws {
        let io = Self.io
        let json = try ReferenceFixture.json("destroyer")
        let step = try XCTUnwrap(json["training_step"] as? [String: Any])
        let reference = try XCTUnwrap(step["loss"] as? Double)

        let g = io["train.out"]!.copy()
        g.requiresGrad = true
        let leafLoss = authorsLoss(g)
        XCTAssertEqual(Double(leafLoss.item), reference, accuracy: 1e-5 * reference, "loss on the stored G")
        leafLoss.backward()
        let gradG = TensorComparison(try XCTUnwrap(g.grad), Self.grads["grad.G"]!)
        XCTAssertLessThan(gradG.scaledError, 1e-6, "grad.G: \(gradG)")

        let destroyer = try ReferenceModels.destroyer()
        destroyer.train()
        let optimizer = AdamW(module: destroyer, learningRate: 1e-4, weightDecay: 1e-4)
        optimizer.zeroGrad()
        let loss = authorsLoss(destroyer(io["input.N"]!))
        XCTAssertEqual(Double(loss.item), reference, accuracy: 1e-5 * reference, "loss")
        loss.backward()
        let ours = Dictionary(uniqueKeysWithValues: destroyer.namedParameters().map { ($0.name, $0.tensor) })
        for key in ["inc.conv.conv.0.weight", "up3.up.weight", "outc.weight", "outc.bias"] {
            let grad = try XCTUnwrap(ours[ReferenceModels.destroyerKey(key)]?.grad, key)
            let comparison = TensorComparison(grad, Self.grads["grad.\(key)"]!)
            XCTAssertLessThan(comparison.scaledError, 1e-4, "grad.\(key): \(comparison)")
        }
        optimizer.step()
        for key in ["outc.weight", "outc.bias"] {
            let comparison = TensorComparison(try XCTUnwrap(ours[ReferenceModels.destroyerKey(key)]),
                                              Self.grads["adamw.\(key).after"]!)
            XCTAssertLessThan(comparison.scaledError, 1e-6, "adamw.\(key).after: \(comparison)")
        }
    }
}
