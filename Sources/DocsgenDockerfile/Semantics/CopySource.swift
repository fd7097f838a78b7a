/// What a `COPY`/`ADD` source names, classified as BuildKit does (`convert_copy.go` with `dfgitutil` and
/// `gitutil`, `dockerfile/1.26.0`).
enum CopySource: Sendable, Hashable {
    /// A path in the build context or the `--from` stage.
    case path
    /// An `http://` or `https://` URL that is no git repository.
    case url
    /// A git repository: `git://`, `ssh://`, an HTTP(S) URL whose path ends in `.git`, or `user@host:path`.
    case git

    init(_ source: String) {
        let lower = source.lowercased()
        let scheme = lower.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        if !scheme.isEmpty, lower.dropFirst(scheme.count).hasPrefix("://") {
            switch scheme {
            case "git", "ssh":
                self = .git
            case "http", "https":
                let path = source.dropFirst(scheme.count + 3).drop { $0 != "/" }.prefix { $0 != "?" && $0 != "#" }
                // Only a lower-case scheme makes an HTTP source; `HTTP://…` is a path.
                let isHTTP = source.hasPrefix("http://") || source.hasPrefix("https://")
                self = path.hasSuffix(".git") ? .git : isHTTP ? .url : .path
            default:
                self = .path
            }
            return
        }
        self = Self.isSCPStyle(source) ? .git : .path
    }

    /// `^[a-zA-Z0-9-_]+@[a-zA-Z0-9-.]+:`
    private static func isSCPStyle(_ source: String) -> Bool {
        guard let at = source.firstIndex(of: "@"), let colon = source[at...].firstIndex(of: ":") else { return false }
        let user = source[..<at], host = source[source.index(after: at)..<colon]
        return !user.isEmpty && !host.isEmpty
            && user.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
            && host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
    }
}
