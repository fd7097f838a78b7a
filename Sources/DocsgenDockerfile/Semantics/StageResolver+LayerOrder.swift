import DocsgenCore

/// Which context copies are dependency manifests, and whether they come before the source.
extension StageResolver {
    static let manifestNames = [
        "requirements.txt", "package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml",
        "Pipfile", "Pipfile.lock", "poetry.lock", "pyproject.toml", "go.mod", "go.sum", "Gemfile", "Gemfile.lock",
        "Cargo.toml", "Cargo.lock", "composer.json", "composer.lock", "uv.lock",
    ]

    /// Whether a source path or pattern names only dependency manifests.
    static func isManifest(_ source: String) -> Bool {
        let base = source.split(separator: "/").last.map(String.init) ?? source
        if base.hasPrefix("requirements") && base.hasSuffix(".txt") { return true }
        return manifestNames.contains { Glob.matches(pattern: base, name: $0) }
    }

    /// `true` when every manifest copy precedes the first other copy from the context; `nil` without manifests.
    static func manifestsBeforeSource(_ copies: [ContextCopy]) -> Bool? {
        guard let lastManifest = copies.lastIndex(where: \.isManifest) else { return nil }
        guard let firstSource = copies.firstIndex(where: { !$0.isManifest }) else { return true }
        return lastManifest < firstSource
    }
}
