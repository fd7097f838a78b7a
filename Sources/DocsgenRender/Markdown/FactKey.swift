/// Stable fact-key parts (`backend`, `label-org-opencontainers-image-title`) from names found in input files:
/// lower-case letters, digits and `-`, so keys are valid anchors and never carry markup.
public enum FactKey {
    /// `Org.OpenContainers Image` → `org-opencontainers-image`; never empty.
    public static func sanitize(_ part: String) -> String {
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
