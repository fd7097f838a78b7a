import DocsgenCore

/// Builds stable fact keys (`backend.runtime.user`) from names found in input files.
enum FactKey {
    static func sanitize(_ part: String) -> String {
        var out = ""
        for scalar in part.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" {
                out.unicodeScalars.append(scalar)
            } else if !out.hasSuffix("-") {
                out.append("-")
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "x" : out
    }
}

extension DockerfileFacts {
    /// The source of a value set at a line of this Dockerfile.
    func source(line: Int, column: Int = 1) -> FactSource {
        FactSource(location(line: line, column: column), reader: "Dockerfile")
    }
}
