import TensorCore

/// Batch normalisation over channels (PyTorch's `nn.BatchNorm2d`): parameters `weight` (γ, ones) and `bias`
/// (β, zeros) of shape `[C]`; buffers `running_mean` (zeros) and `running_var` (ones). Training mode uses batch
/// statistics and updates the buffers with `momentum`; evaluation mode uses the buffers.
public final class BatchNorm2d: Module, UnaryLayer {
    /// γ, shape `[featureCount]`.
    public let weight: Tensor
    /// β, shape `[featureCount]`.
    public let bias: Tensor
    /// Running mean (buffer, checkpoint name `running_mean`).
    public let runningMean: Tensor
    /// Running unbiased variance (buffer, checkpoint name `running_var`).
    public let runningVariance: Tensor
    /// Weight of the newest batch statistic in the running averages.
    public let momentum: Float
    /// Added to the variance before the square root.
    public let epsilon: Float

    /// A batch norm for `featureCount` channels.
    public init(featureCount: Int, momentum: Float = 0.1, epsilon: Float = 1e-5) {
        weight = Tensor.ones([featureCount], requiresGrad: true)
        bias = Tensor.zeros([featureCount], requiresGrad: true)
        runningMean = Tensor.zeros([featureCount])
        runningVariance = Tensor.ones([featureCount])
        self.momentum = momentum
        self.epsilon = epsilon
    }

    /// The running statistics are buffers.
    public override var bufferLabels: Set<String> { ["runningMean", "runningVariance"] }
    /// PyTorch's names for the running statistics (or flattened children).
    public override var labelOverrides: [String: String] { ["runningMean": "running_mean", "runningVariance": "running_var"] }

    /// Normalises `[N, C, H, W]` input (batch statistics in training mode, running statistics in evaluation mode).
    public func callAsFunction(_ input: Tensor) -> Tensor {
        Tensor.batchNorm2d(input, weight: weight, bias: bias, runningMean: runningMean, runningVariance: runningVariance,
                           training: isTraining, momentum: momentum, epsilon: epsilon)
    }

    /// `relu(self(input))` in one fused pass (same values and gradients, less memory traffic).
    public func withReLU(_ input: Tensor) -> Tensor {
        Tensor.batchNorm2d(input, weight: weight, bias: bias, runningMean: runningMean, runningVariance: runningVariance,
                           training: isTraining, momentum: momentum, epsilon: epsilon, fusingReLU: true)
    }
}
