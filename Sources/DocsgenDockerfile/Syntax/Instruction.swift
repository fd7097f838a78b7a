import DocsgenCore

/// A heredoc attached to a `RUN`, `COPY` or `ADD` instruction.
public struct Heredoc: Sendable, Hashable, Codable {
    /// The delimiter word, without quotes.
    public var name: String
    /// The body, each line with its original line ending.
    public var content: String
    /// Whether leading tabs are stripped (`<<-`).
    public var chomp: Bool
    /// Whether variables in the body are expanded (the delimiter was not quoted).
    public var expand: Bool
    /// The file descriptor before `<<` (`3<<EOF`), 0 when absent.
    public var fileDescriptor: Int
}

/// One instruction as BuildKit's parser sees it: the syntax level, before any meaning is given to it.
public struct Instruction: Sendable, Hashable {
    /// The instruction word as written (`FROM`, `from`, `Run`).
    public var keyword: String
    /// The lower-cased instruction word.
    public var command: String { keyword.lowercased() }
    /// The logical line: physical lines joined after removing continuations, comments and empty lines,
    /// followed by heredoc bodies and their delimiters.
    public var original: String
    /// First physical line (1-based).
    public var startLine: Int
    /// Last physical line (1-based), including heredoc bodies.
    public var endLine: Int
    /// Column of the instruction word on its first line (1-based).
    public var column: Int
    /// Flags before the arguments (`--from=builder`), as written.
    public var flags: [String]
    /// Arguments, split the way BuildKit splits them for this instruction.
    public var values: [String]
    /// Whether the arguments were written in JSON (exec) form.
    public var isJSON: Bool
    /// Heredocs of the instruction, in order.
    public var heredocs: [Heredoc]
    /// The instruction an `ONBUILD` registers.
    public var trigger: Trigger?

    /// The instruction inside `ONBUILD`, kept apart to avoid a recursive value type.
    public struct Trigger: Sendable, Hashable {
        /// Its instruction word as written.
        public var keyword: String
        /// Its flags.
        public var flags: [String]
        /// Its arguments.
        public var values: [String]
        /// Whether it used JSON form.
        public var isJSON: Bool
        /// The text after `ONBUILD`.
        public var original: String
    }
}

/// The syntax-level result of parsing a Dockerfile.
public struct ParsedDockerfile: Sendable, Hashable {
    /// The `# syntax=` directive, if any.
    public var syntax: String?
    /// The escape character in effect.
    public var escape: Character
    /// The instructions in order.
    public var instructions: [Instruction]
    /// Warnings the parser found (empty continuation lines).
    public var warnings: [Diagnostic]
}
