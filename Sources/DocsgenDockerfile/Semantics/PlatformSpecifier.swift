/// Checks a `--platform` value the way `containerd/platforms.Parse` does (vendored in BuildKit
/// `dockerfile/1.26.0`): `os[(version[+feature…])][/arch[/variant]]`, or a lone known OS or architecture.
enum PlatformSpecifier {
    static let knownOS: Set<String> = [
        "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl",
        "netbsd", "openbsd", "plan9", "solaris", "windows", "zos",
    ]
    static let knownArchitectures: Set<String> = [
        "386", "amd64", "amd64p32", "arm", "armbe", "arm64", "arm64be", "ppc64", "ppc64le", "loong64", "mips",
        "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "riscv", "riscv64", "s390", "s390x",
        "sparc", "sparc64", "wasm",
    ]
    /// Spellings `normalizeArch` turns into a known architecture.
    static let architectureAliases: [String: String] = [
        "i386": "386", "x86_64": "amd64", "x86-64": "amd64", "aarch64": "arm64", "armhf": "arm", "armel": "arm",
    ]

    /// The library's error for `specifier`, or `nil` when it parses.
    static func error(in specifier: String) -> String? {
        let quoted = "\"\(specifier)\""
        if specifier.contains("*") { return "\(quoted): wildcards not yet supported: invalid argument" }
        var parts: [Substring] = []
        var rest = Substring(specifier)
        while parts.count < 3, let slash = rest.firstIndex(of: "/") {
            parts.append(rest[..<slash])
            rest = rest[rest.index(after: slash)...]
        }
        parts.append(rest)
        for (index, part) in parts.enumerated() {
            if index == 0 {
                guard isOSComponent(part) else {
                    return "\"\(part)\" is an invalid OS component of \(quoted): OSAndVersion specifier component must "
                        + "match \"^([A-Za-z0-9_-]+)(?:\\\\(([A-Za-z0-9_.%-]*)((?:\\\\+[A-Za-z0-9_.%-]+)*)\\\\))?$\": "
                        + "invalid argument"
                }
            } else if part.isEmpty || !part.utf8.allSatisfy(isSpecifierByte) {
                return "\"\(part)\" is an invalid component of \(quoted): platform specifier component must match "
                    + "\"^[A-Za-z0-9_.-]+$\": invalid argument"
            }
        }
        switch parts.count {
        case 1:
            let os = String(parts[0].prefix { $0 != "(" }).lowercased()
            let arch = parts[0].lowercased()
            if knownOS.contains(os == "macos" ? "darwin" : os) { return nil }
            if knownArchitectures.contains(architectureAliases[arch] ?? arch) { return nil }
            return "\(quoted): unknown operating system or architecture: invalid argument"
        case 2, 3:
            return nil
        default:
            return "\(quoted): cannot parse platform specifier: invalid argument"
        }
    }

    /// `^([A-Za-z0-9_-]+)(?:\(([A-Za-z0-9_.%-]*)((?:\+[A-Za-z0-9_.%-]+)*)\))?$`
    private static func isOSComponent(_ part: Substring) -> Bool {
        let name = part.prefix { $0 != "(" }
        guard !name.isEmpty, name.utf8.allSatisfy({ isSpecifierByte($0) && $0 != UInt8(ascii: ".") }) else { return false }
        let options = part.dropFirst(name.count)
        if options.isEmpty { return true }
        guard options.last == ")" else { return false }
        let inner = options.dropFirst().dropLast().split(separator: "+", omittingEmptySubsequences: false)
        let isOption: (Substring) -> Bool = { $0.utf8.allSatisfy { isSpecifierByte($0) || $0 == UInt8(ascii: "%") } }
        return isOption(inner[0]) && inner.dropFirst().allSatisfy { !$0.isEmpty && isOption($0) }
    }

    /// `[A-Za-z0-9_.-]`
    private static func isSpecifierByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 95 || b == 46 || b == 45
    }
}
