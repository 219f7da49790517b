import CDISFlow
import VideoData

/// Dense optical flow by OpenCV's DIS (Dense Inverse Search; Kroeger et al. 2016) through the `CDISFlow` shim,
/// on grey frames. Compared with Horn–Schunck (the derived-flow default) on the synthetic families' exact flow in
/// `FlowEstimatorComparisonTests`; not used by the product (Horn–Schunck stays the default: see that test), so
/// `f2lm` does not link OpenCV.
public struct DISFlow: Sendable {
    /// OpenCV's preset: 0 ultrafast, 1 fast, 2 medium.
    public var preset: Int32

    /// Creates the estimator (`preset` 2, medium, by default).
    public init(preset: Int32 = 2) { self.preset = preset }

    /// Flow from `first` to `second` (same size), in pixels of their resolution.
    public func flow(from first: RasterImage, to second: RasterImage) -> FlowField {
        precondition(first.width == second.width && first.height == second.height, "DISFlow: frame sizes differ")
        let a = first.converted(toChannels: 1).pixels, b = second.converted(toChannels: 1).pixels
        var uv = [Float](repeating: 0, count: 2 * first.width * first.height)
        var message = [CChar](repeating: 0, count: 256)
        let status = f2lm_dis_flow(a, b, Int32(first.width), Int32(first.height), preset, &uv, &message, Int32(message.count))
        precondition(status == 0, "DISFlow: OpenCV failed on a \(first.width)x\(first.height) pair: \(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        return FlowField(width: first.width, height: first.height, uv: uv)
    }
}
