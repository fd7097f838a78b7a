/// What the facts say about a claim.
package enum Verdict: Sendable, Hashable {
    /// A fact proves it.
    case proven
    /// A fact disproves it.
    case disproved
    /// No recorded fact can tell; the check's text says what would prove it.
    case notVerified
}

/// One computed claim: proven, disproved or not verified, with Markdown saying what and, when it fails,
/// what to change. The guide, the build report and the completion report show the same checks.
package struct Check: Sendable, Hashable {
    /// Stable identifier of the kind of claim (`non-root-user`, `stack.security-headers`), shared by every
    /// document that shows it.
    package var id: String
    package var verdict: Verdict
    package var markdown: String

    package init(_ id: String, passed: Bool, markdown: String) {
        self.id = id
        self.verdict = passed ? .proven : .disproved
        self.markdown = markdown
    }

    package init(_ id: String, verdict: Verdict, markdown: String) {
        self.id = id
        self.verdict = verdict
        self.markdown = markdown
    }

    package var passed: Bool { verdict == .proven }

    package var mark: String {
        switch verdict {
        case .proven: "✓"
        case .disproved: "✗"
        case .notVerified: "not verified"
        }
    }
}

/// Package names that only building needs: compilers, headers, build systems.
package enum BuildTools {
    package static let names: Set<String> = [
        "gcc", "g++", "cc", "clang", "make", "cmake", "ninja", "build-base", "build-essential", "musl-dev",
        "libc-dev", "libc6-dev", "linux-headers", "autoconf", "automake", "libtool", "pkgconf", "pkg-config",
        "python3-dev", "python-dev", "rust", "cargo", "go",
    ]

    package static func isBuildTool(_ package: String) -> Bool {
        let name = bareName(package)
        return names.contains(name) || name.hasSuffix("-dev") || name.hasSuffix("-devel") || name.hasSuffix("-headers")
    }

    /// The package name without a version pin (`gcc=12.2-r0` → `gcc`).
    package static func bareName(_ package: String) -> String {
        let stops: Set<Character> = ["=", "<", ">", "~", "@", "["]
        return String(package.prefix { !stops.contains($0) }).lowercased()
    }
}
