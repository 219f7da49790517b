import JobRunner

extension ArtifactCache {
    /// The default cache root, `.f2lm-cache` in the current directory (git-ignored).
    public static let defaultRootName = ".f2lm-cache"
}
