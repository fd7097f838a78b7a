import DocsgenCore

/// A syntax error that stops parsing, as BuildKit's parser stops at the first one.
public struct DockerfileSyntaxError: Error, Sendable, Hashable {
    /// What is wrong.
    public var message: String
    /// Stable identifier (`dockerfile.unterminated-heredoc`).
    public var id: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    init(_ message: String, id: String, line: Int, column: Int = 1) {
        self.message = message
        self.id = id
        self.line = line
        self.column = column
    }

    /// The error as a diagnostic in `file`.
    public func diagnostic(file: String) -> Diagnostic {
        Diagnostic(.error, message, id: id, at: SourceLocation(file: file, line: line, column: column))
    }
}
