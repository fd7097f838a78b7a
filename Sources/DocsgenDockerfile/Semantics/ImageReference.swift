/// Checks image references and digests the way BuildKit does before it resolves a base image:
/// `distribution/reference.ParseNormalizedNamed` and `go-digest`'s `Parse` (vendored in `dockerfile/1.26.0`),
/// written out by hand so that hostile input stays linear.
enum ImageReference {
    /// Why `reference` is not a valid image reference, in the library's words, or `nil` when it is one.
    static func error(in reference: String) -> String? {
        if reference.utf8.count == 64, reference.utf8.allSatisfy(isLowerHex) {
            return "invalid repository name (\(reference)), cannot specify 64-byte hexadecimal strings"
        }
        let (domain, remainder) = splitDockerDomain(reference)
        let remote = remainder.prefix { $0 != ":" }
        if remote.lowercased() != remote {
            return "invalid reference format: repository name (\(remote)) must be lowercase"
        }
        let full = domain + "/" + remainder
        guard let parts = Parts(full) else {
            return Parts(full.lowercased()) != nil ? "repository name must be lowercase" : "invalid reference format"
        }
        if parts.path.utf8.count > 255 { return "repository name must not be more than 255 characters" }
        if let digest = parts.digest { return digestError(digest) }
        return nil
    }

    /// Why `digest` (`sha256:…`) is not a valid digest, or `nil` when it is one.
    static func digestError(_ digest: String) -> String? {
        guard let colon = digest.firstIndex(of: ":"), colon != digest.startIndex,
            digest.index(after: colon) != digest.endIndex
        else { return "invalid checksum digest format" }
        let algorithm = digest[..<colon], encoded = digest[digest.index(after: colon)...]
        let sizes = ["sha256": 64, "sha384": 96, "sha512": 128]
        guard let length = sizes[String(algorithm)] else {
            return isDigestPattern(digest) ? "unsupported digest algorithm" : "invalid checksum digest format"
        }
        if encoded.utf8.count != length { return "invalid checksum digest length" }
        return encoded.utf8.allSatisfy(isLowerHex) ? nil : "invalid checksum digest format"
    }

    /// `splitDockerDomain`: Docker Hub unless the first part looks like a host; `library/` for official images.
    static func splitDockerDomain(_ name: String) -> (domain: String, remainder: String) {
        guard let slash = name.firstIndex(of: "/") else { return ("docker.io", "library/" + name) }
        let first = String(name[..<slash]), rest = String(name[name.index(after: slash)...])
        var domain = "docker.io", remainder = name
        if first == "localhost" || first.contains(".") || first.contains(":") || first.lowercased() != first {
            (domain, remainder) = (first, rest)
        }
        if first == "index.docker.io" { domain = "docker.io" }
        if domain == "docker.io" && !remainder.contains("/") { remainder = "library/" + remainder }
        return (domain, remainder)
    }

    /// A string matching `ReferencePat`: `[domain/]path[:tag][@digest]`.
    private struct Parts {
        var path: Substring
        var digest: String?

        init?(_ text: String) {
            var name = Substring(text)
            if let at = name.firstIndex(of: "@") {
                let digest = name[name.index(after: at)...]
                guard isDigestPattern(digest) else { return nil }
                self.digest = String(digest)
                name = name[..<at]
            }
            if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
                let tag = name[name.index(after: colon)...]
                guard let first = tag.utf8.first, isWord(first), tag.utf8.count <= 128,
                    tag.utf8.allSatisfy({ isWord($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") })
                else { return nil }
                name = name[..<colon]
            }
            if let slash = name.firstIndex(of: "/"), isDomainAndPort(name[..<slash]),
                isRemoteName(name[name.index(after: slash)...])
            {
                path = name[name.index(after: slash)...]
            } else if isRemoteName(name) {
                path = name
            } else {
                return nil
            }
        }
    }

    /// `pathComponent(/pathComponent)*`, each `[a-z0-9]+` joined by `.`, `_`, `__` or dashes.
    private static func isRemoteName(_ name: Substring) -> Bool {
        name.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { component in
            var separator = ""
            var sawAlphanumeric = false
            for byte in component.utf8 {
                if isLowerAlphanumeric(byte) {
                    guard separator.isEmpty || [".", "_", "__"].contains(separator) || separator.allSatisfy({ $0 == "-" })
                    else { return false }
                    separator = ""
                    sawAlphanumeric = true
                } else {
                    guard sawAlphanumeric else { return false }
                    separator.append(Character(Unicode.Scalar(byte)))
                }
            }
            return sawAlphanumeric && separator.isEmpty
        }
    }

    /// `host[:port]`: dot-separated labels of letters, digits and inner dashes, or a bracketed IPv6 address.
    private static func isDomainAndPort(_ text: Substring) -> Bool {
        var host = text
        if let colon = text.lastIndex(of: ":"), !text[colon...].contains("]") {
            let port = text[text.index(after: colon)...]
            guard !port.isEmpty, port.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
            host = text[..<colon]
        }
        if host.first == "[" {
            let inner = host.dropFirst().dropLast()
            return host.last == "]" && !inner.isEmpty
                && inner.utf8.allSatisfy { isHex($0) || $0 == UInt8(ascii: ":") }
        }
        return host.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.utf8.first, let last = label.utf8.last else { return false }
            return isAlphanumeric(first) && isAlphanumeric(last)
                && label.utf8.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// `[A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`.
    private static func isDigestPattern(_ text: some StringProtocol) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let encoded = text[text.index(after: colon)...]
        guard encoded.utf8.count >= 32, encoded.utf8.allSatisfy(isHex) else { return false }
        return text[..<colon].split(omittingEmptySubsequences: false) { "-_+.".contains($0) }.allSatisfy { part in
            guard let first = part.utf8.first, isLetter(first) else { return false }
            return part.utf8.allSatisfy { isLetter($0) || ($0 >= 48 && $0 <= 57) }
        }
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
    private static func isAlphanumeric(_ b: UInt8) -> Bool { isLetter(b) || (b >= 48 && b <= 57) }
    private static func isLowerAlphanumeric(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }
    private static func isWord(_ b: UInt8) -> Bool { isAlphanumeric(b) || b == UInt8(ascii: "_") }
    private static func isHex(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 70) || (b >= 97 && b <= 102) }
    private static func isLowerHex(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 97 && b <= 102) }
}
