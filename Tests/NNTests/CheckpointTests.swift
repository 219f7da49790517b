import Foundation
import XCTest
import NN
import TensorCore
import TestSupport

final class CheckpointTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("nn-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    /// Written by Python's safetensors 0.8:
    /// ```python
    /// from safetensors.numpy import save
    /// save({"encoder.weight": np.arange(6, dtype=np.float32).reshape(2,3) * 0.5,
    ///       "bn.num_batches_tracked": np.array(7, dtype=np.int64),
    ///       "bias": np.array([-1.25, 3.0], dtype=np.float64)}, metadata={"format": "pt"})
    /// ```
    static let pythonFile = "6AAAAAAAAAB7Il9fbWV0YWRhdGFfXyI6eyJmb3JtYXQiOiJwdCJ9LCJibi5udW1fYmF0Y2hlc190cmFja2VkIjp7ImR0eXBlIjoiSTY0Iiwic2hhcGUiOltdLCJkYXRhX29mZnNldHMiOlswLDhdfSwiYmlhcyI6eyJkdHlwZSI6IkY2NCIsInNoYXBlIjpbMl0sImRhdGFfb2Zmc2V0cyI6WzgsMjRdfSwiZW5jb2Rlci53ZWlnaHQiOnsiZHR5cGUiOiJGMzIiLCJzaGFwZSI6WzIsM10sImRhdGFfb2Zmc2V0cyI6WzI0LDQ4XX19BwAAAAAAAAAAAAAAAAD0vwAAAAAAAAhAAAAAAAAAAD8AAIA/AADAPwAAAEAAACBA"

    func testShapeIsCheckedForOverflowBeforeUse() throws {
        // Tests/FuzzCorpus/safetensors/crashes/known-overflowing-shape.safetensors: shape [2^40, 2^40], no data.
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FuzzCorpus/safetensors/crashes/known-overflowing-shape.safetensors")
        XCTAssertThrowsError(try SafeTensors.read(from: path)) { error in
            XCTAssertEqual((error as? CheckpointError)?.file, path.path)
            XCTAssertTrue("\(error)".contains("more elements than the file has bytes"), "\(error)")
        }
    }

    func testReadsAFileWrittenByPython() throws {
        let contents = try SafeTensors.decode(Data(base64Encoded: Self.pythonFile)!, file: "python.safetensors")
        XCTAssertEqual(contents.metadata, ["format": "pt"])
        XCTAssertEqual(contents.tensors["encoder.weight"]?.shape, [2, 3])
        XCTAssertEqual(contents.tensors["encoder.weight"]?.scalars, [0, 0.5, 1, 1.5, 2, 2.5])
        XCTAssertEqual(contents.tensors["bn.num_batches_tracked"]?.scalars, [7])
        XCTAssertEqual(contents.tensors["bias"]?.scalars, [-1.25, 3])
    }

    func testRoundTripAndHeaderLayout() throws {
        let a = Tensor(shape: [2, 2], scalars: [1, -2, 3.5, 4]), b = Tensor(shape: [3], scalars: [0, 1e-8, -7])
        let data = SafeTensors.encode([("b\"name", b), ("a", a)], metadata: ["step": "3"])
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | (Int($1.element) << (8 * $1.offset)) }
        XCTAssertEqual(headerLength % 8, 0)
        XCTAssertEqual(data.count, 8 + headerLength + 7 * 4)
        let back = try SafeTensors.decode(data, file: "x")
        XCTAssertEqual(back.tensors["a"]?.scalars, a.scalars)
        XCTAssertEqual(back.tensors["b\"name"]?.scalars, b.scalars)
        XCTAssertEqual(back.metadata, ["step": "3"])
    }

    func testCorruptFilesThrowErrorsNamingTheFile() {
        let good = SafeTensors.encode([("w", Tensor.ones([4]))])
        XCTAssertThrowsError(try SafeTensors.decode(good.prefix(5), file: "short.st")) { error in
            XCTAssertTrue("\(error)".contains("short.st"))
        }
        XCTAssertThrowsError(try SafeTensors.decode(good.prefix(good.count - 4), file: "cut.st")) { error in
            XCTAssertTrue("\(error)".contains("cut.st") && "\(error)".contains("'w'"), "\(error)")
        }
        var garbage = good
        garbage[10] = 0x7B
        garbage[11] = 0x7B
        XCTAssertThrowsError(try SafeTensors.decode(garbage, file: "bad.st"))
        XCTAssertThrowsError(try SafeTensors.read(from: directory.appendingPathComponent("missing.safetensors"))) { error in
            XCTAssertTrue("\(error)".contains("missing.safetensors"))
        }
    }

    func testStrictLoadNamesMissingExtraAndMisshapedKeys() throws {
        var g = RandomGenerator(seed: 5)
        let model = DoubleConv(inputChannels: 1, outputChannels: 2, generator: &g)
        var state = Dictionary(uniqueKeysWithValues: model.stateDictionary().map { ($0.name, $0.tensor.copy()) })
        state["bn1.weight"] = nil
        state["extra.weight"] = Tensor.ones([1])
        state["conv2.weight"] = Tensor.ones([2, 2, 1, 1])
        XCTAssertThrowsError(try model.loadStateDictionary(state, file: "ckpt.safetensors")) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("ckpt.safetensors"))
            XCTAssertTrue(text.contains("bn1.weight"), text)
            XCTAssertTrue(text.contains("extra.weight"), text)
            XCTAssertTrue(text.contains("conv2.weight"), text)
        }
        state["conv2.weight"] = model.conv2.weight.copy()
        XCTAssertNoThrow(try model.loadStateDictionary(state, strict: false))
    }

    /// Train, checkpoint model and optimiser, continue; a fresh model restored from the files continues bit-exactly.
    func testTrainingResumesBitExactly() throws {
        func makeModel() -> UNet {
            var g = RandomGenerator(seed: 11)
            return UNet(inputChannels: 1, width: 2, outputChannels: 1, generator: &g)
        }
        var g = RandomGenerator(seed: 12)
        let x = Tensor.randomNormal([2, 1, 8, 8], generator: &g), target = Tensor.randomNormal([2, 1, 8, 8], generator: &g)
        func train(_ model: UNet, _ opt: AdamW, steps: Int) {
            for _ in 0..<steps {
                opt.zeroGrad()
                Losses.meanSquaredError(model(x), target).backward()
                opt.step()
            }
        }
        let model = makeModel()
        let opt = AdamW(module: model, learningRate: 1e-2, weightDecay: 1e-4)
        train(model, opt, steps: 3)
        let modelFile = directory.appendingPathComponent("model.safetensors"), optFile = directory.appendingPathComponent("adamw.safetensors")
        try model.saveCheckpoint(to: modelFile, metadata: ["phase": "1"])
        try opt.saveState(to: optFile)
        train(model, opt, steps: 2)

        let resumed = makeModel()
        let resumedOpt = AdamW(module: resumed, learningRate: 1e-2, weightDecay: 1e-4)
        XCTAssertEqual(try resumed.loadCheckpoint(from: modelFile), ["phase": "1"])
        try resumedOpt.loadState(from: optFile)
        train(resumed, resumedOpt, steps: 2)
        for ((name, a), (_, b)) in zip(model.stateDictionary(), resumed.stateDictionary()) {
            XCTAssertEqual(a.scalars, b.scalars, name)
        }
    }
}
