import XCTest
import NN
import TensorCore
import TestSupport

final class ModuleTests: XCTestCase {
    func testParameterNamesAndCountsMatchThePyTorchPeer() {
        var g = RandomGenerator(seed: 0)
        let unet = UNet(inputChannels: 4, width: 16, outputChannels: 1, generator: &g)
        // torch_peer.py: sum(p.numel() for p in UNet(4,16,1).parameters()) = 483009 in 50 tensors, 92 state entries.
        XCTAssertEqual(unet.parameterCount, 483_009)
        XCTAssertEqual(unet.parameters().count, 50)
        XCTAssertEqual(unet.stateDictionary().count, 50 + 28) // PyTorch adds 14 num_batches_tracked (int64) we do not keep
        let names = unet.namedParameters().map(\.name)
        XCTAssertEqual(names.first, "encoder.inc.conv1.weight")
        XCTAssertTrue(names.contains("encoder.downs.2.bn2.bias"))
        XCTAssertTrue(names.contains("decoder.ups.0.weight"))
        XCTAssertTrue(names.contains("decoder.outc.bias"))
        XCTAssertEqual(Set(names).count, names.count)
        let buffers = unet.namedBuffers().map(\.name)
        XCTAssertTrue(buffers.contains("encoder.inc.bn1.running_mean"))
        XCTAssertTrue(buffers.contains("decoder.convs.2.bn2.running_var"))
        let sequential = Sequential([Conv2d(inputChannels: 1, outputChannels: 2, kernelSize: 3, generator: &g), ReLU(),
                                     BatchNorm2d(featureCount: 2)])
        XCTAssertEqual(sequential.stateDictionary().map(\.name), ["0.weight", "0.bias", "2.weight", "2.bias", "2.running_mean", "2.running_var"])
    }

    func testTrainEvalPropagatesAndChangesBatchNorm() {
        var g = RandomGenerator(seed: 1)
        let block = DoubleConv(inputChannels: 2, outputChannels: 3, generator: &g)
        let x = Tensor.randomNormal([2, 2, 4, 4], mean: 3, generator: &g)
        block.eval()
        XCTAssertFalse(block.bn2.isTraining)
        let before = block.bn1.runningMean.scalars
        let evalOut = Tensor.withoutGrad { block(x) }
        XCTAssertEqual(block.bn1.runningMean.scalars, before)
        block.train()
        XCTAssertTrue(block.bn1.isTraining && block.conv2.isTraining)
        let trainOut = Tensor.withoutGrad { block(x) }
        XCTAssertNotEqual(block.bn1.runningMean.scalars, before)
        XCTAssertGreaterThan(Reference.maxDifference(evalOut, trainOut), 1e-3)
    }

    func testFreezingExcludesParametersFromGradients() {
        var g = RandomGenerator(seed: 2)
        let first = Conv2d(inputChannels: 1, outputChannels: 2, kernelSize: 3, padding: 1, generator: &g)
        let second = Conv2d(inputChannels: 2, outputChannels: 1, kernelSize: 3, padding: 1, generator: &g)
        first.freeze()
        let x = Tensor.randomNormal([1, 1, 5, 5], generator: &g)
        second(first(x)).square().mean().backward()
        XCTAssertNil(first.weight.grad)
        XCTAssertNotNil(second.weight.grad)
        first.freeze(false)
        second(first(x)).square().mean().backward()
        XCTAssertNotNil(first.weight.grad)
    }

    func testBlocksHaveCorrectGradients() {
        var g = RandomGenerator(seed: 3)
        let se = SEBlock(channels: 8, reduction: 4, generator: &g)
        let x = Tensor.randomNormal([2, 8, 3, 3], generator: &g)
        let result = GradientChecker.check([x, se.fc1.weight, se.fc2.bias!]) { se($0[0]) }
        XCTAssertTrue(result.passed, "\(result)")
        let block = DoubleConv(inputChannels: 2, outputChannels: 2, generator: &g)
        let y = Tensor.randomNormal([2, 2, 4, 4], generator: &g)
        // Smooth stand-in for the ReLU kinks: the check runs on the BN → conv path with small steps.
        let check = GradientChecker.check([y, block.conv1.weight], step: 1e-3, absoluteTolerance: 5e-3, relativeTolerance: 5e-2) { block($0[0]) }
        XCTAssertTrue(check.passed, "\(check)")
    }

    func testInitialisers() {
        var g = RandomGenerator(seed: 4)
        let net = UNet(inputChannels: 1, width: 4, outputChannels: 1, generator: &g)
        net.initializeWeights(.truncatedNormal(standardDeviation: 0.02), generator: &g)
        let w = net.encoder.inc.conv1.weight.scalars
        XCTAssertLessThanOrEqual(w.map { Swift.abs($0) }.max()!, 0.04)
        XCTAssertEqual(net.decoder.outc.bias!.scalars, [0])
        XCTAssertEqual(net.encoder.inc.bn1.weight.scalars, [1, 1, 1, 1])
        let kaiming = Initializer.kaimingNormal.make([64, 32, 3, 3], generator: &g)
        let variance = kaiming.square().mean().item
        XCTAssertEqual(variance, 2 / 288, accuracy: 0.1 * 2 / 288)
    }
}
