/// One computed claim of the guide: passed or failed, with Markdown saying what and, when it fails,
/// what to change.
struct Check {
    var passed: Bool
    var markdown: String

    var mark: String { passed ? "✓" : "✗" }
}

/// Package names that only building needs: compilers, headers, build systems.
enum BuildTools {
    static let names: Set<String> = [
        "gcc", "g++", "cc", "clang", "make", "cmake", "ninja", "build-base", "build-essential", "musl-dev",
        "libc-dev", "libc6-dev", "linux-headers", "autoconf", "automake", "libtool", "pkgconf", "pkg-config",
        "python3-dev", "python-dev", "rust", "cargo", "go",
    ]

    static func isBuildTool(_ package: String) -> Bool {
        let name = bareName(package)
        return names.contains(name) || name.hasSuffix("-dev") || name.hasSuffix("-devel") || name.hasSuffix("-headers")
    }

    /// The package name without a version pin (`gcc=12.2-r0` → `gcc`).
    static func bareName(_ package: String) -> String {
        let stops: Set<Character> = ["=", "<", ">", "~", "@", "["]
        return String(package.prefix { !stops.contains($0) }).lowercased()
    }
}
