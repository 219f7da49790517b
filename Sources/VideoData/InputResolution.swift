/// The sizes a dataset's own label maps and flow files are accepted at. The F2LM authors compute both at
/// 256 × 256 whatever the frames' size (their DeepLabv3 and FlowNet2-SD see frames resized to 256 × 256), so a
/// user who computed them that way has them at 256 × 256; others have them at the frames' size, or already at the
/// working resolution (`scripts/prepare-inputs.py` writes them there). Every accepted size is resized to the
/// working size the same way derived inputs are (`PreparedVideo.workingLabels`, `PreparedVideo.workingFlow`).
public enum InputResolution {
    /// The F2LM authors' resolution: 256 × 256.
    public static let authors = (width: 256, height: 256)

    /// Checks that a `width × height` label map or flow file (`what`) at `path` has an accepted size: the working
    /// size only when it was `derived` by the dataset stage; else the frames' size, the working size or the
    /// authors' 256 × 256. The error names the file, its size and the accepted ones.
    public static func check(width: Int, height: Int, path: String, what: String, derived: Bool,
                             frames: (width: Int, height: Int), working: (width: Int, height: Int)?) throws {
        if derived {
            let expected = working ?? frames
            guard width == expected.width && height == expected.height else {
                throw VideoDataError(path, "derived \(what) is \(width)x\(height) but the working size is \(expected.width)x\(expected.height) (derived for another data.resolution?)")
            }
            return
        }
        var accepted = [frames, authors]
        if let working { accepted.append(working) }
        guard accepted.contains(where: { $0.width == width && $0.height == height }) else {
            let sizes = ["the frames' \(frames.width)x\(frames.height)", "the F2LM authors' 256x256"]
                + (working.map { ["the working \($0.width)x\($0.height)"] } ?? [])
            throw VideoDataError(path, "\(what) is \(width)x\(height); accepted sizes: " + sizes.joined(separator: ", "))
        }
    }
}
