import DocsgenCore
import DocsgenEngine
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Prints diagnostics as `path:line:column: error: message [id]`, then the source line and a caret.
/// Colour only on a terminal and never when `NO_COLOR` is set.
struct DiagnosticPrinter {
    var useColor: Bool
    /// Returns the text of a file for showing its line, or `nil`.
    var source: (String) -> String?
    /// Lines of the files read so far: each file is read and split once however many diagnostics it has.
    private let lines = LineCache()

    init(useColor: Bool, source: @escaping (String) -> String?) {
        self.useColor = useColor
        self.source = source
    }

    private final class LineCache {
        var files: [String: [Substring.UnicodeScalarView]?] = [:]
    }

    private func lines(of file: String) -> [Substring.UnicodeScalarView]? {
        if let cached = lines.files[file] { return cached }
        // By scalars: "\r\n" is one Character, so splitting the String would not see CRLF line ends.
        let split = source(file).map { Substring($0).unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) }
        lines.files[file] = .some(split)
        return split
    }

    /// A printer to standard error that shows lines of files inside `root` only.
    static func standardError(root: URL) -> DiagnosticPrinter {
        standardError(environment: ProcessInfo.processInfo.environment) { FileAccess.sourceForDiagnostics($0, root: root) }
    }

    static func standardError(environment: [String: String], source: @escaping (String) -> String?) -> DiagnosticPrinter {
        let color = isatty(STDERR_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        return DiagnosticPrinter(useColor: color, source: source)
    }

    func format(_ diagnostic: Diagnostic) -> String {
        let (on, off) = useColor ? (color(for: diagnostic.severity), "\u{1B}[0m") : ("", "")
        let bold = useColor ? "\u{1B}[1m" : ""
        var text = ""
        if let location = diagnostic.location {
            text += "\(bold)\(location):\(off) "
        }
        text += "\(on)\(diagnostic.severity.rawValue):\(off) \(bold)\(diagnostic.message)\(off) [\(diagnostic.id)]\n"
        if let location = diagnostic.location, let lines = lines(of: location.file) {
            if location.line >= 1, location.line <= lines.count {
                let line = String(Substring(lines[location.line - 1])).replacingOccurrences(of: "\r", with: "")
                let gutter = String(location.line)
                let pad = String(repeating: " ", count: gutter.count)
                let prefix = line.prefix(max(0, location.column - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
                text += " \(gutter) | \(line)\n \(pad) | \(prefix)\(on)^\(off)\n"
            }
        }
        return text
    }

    private func color(for severity: Severity) -> String {
        switch severity {
        case .error: "\u{1B}[31;1m"
        case .warning: "\u{1B}[33;1m"
        case .note: "\u{1B}[36;1m"
        }
    }

    func print(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics {
            Console.err(format(diagnostic))
        }
    }
}

/// Writes to standard output and standard error with `write(2)`: a reader that went away (`docsgen … | head`)
/// ends docsgen quietly with status 141, as SIGPIPE would, instead of a crash in FileHandle.
enum Console {
    static func out(_ text: String) { write(text, to: STDOUT_FILENO) }

    static func err(_ text: String) { write(text, to: STDERR_FILENO) }

    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { raw in Glibc.write(descriptor, raw.baseAddress, raw.count) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { exit(141) }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
