/// Where a fact comes from: a place in a text file, or a JSON pointer into a JSON file.
public struct FactSource: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file, relative to the project root.
    public var file: String
    /// 1-based line, for text sources.
    public var line: Int?
    /// 1-based column, for text sources.
    public var column: Int?
    /// RFC 6901 pointer, for JSON sources.
    public var pointer: String?
    /// What read the value (for example `Dockerfile (BuildKit syntax)`).
    public var reader: String

    /// A place in a text file.
    public init(_ location: SourceLocation, reader: String) {
        self.file = location.file
        self.line = location.line
        self.column = location.column
        self.pointer = nil
        self.reader = reader
    }

    /// A value inside a JSON document.
    public init(file: String, pointer: String, reader: String) {
        self.file = file
        self.line = nil
        self.column = nil
        self.pointer = pointer
        self.reader = reader
    }

    /// `file:line:column` or `file#pointer`.
    public var description: String {
        if let line {
            return "\(file):\(line):\(column ?? 1)"
        }
        return pointer.map { "\(file)#\($0)" } ?? file
    }
}

/// A fact a document states: a stable key, a human label, the value as shown and its source.
///
/// Documents end with a Sources table listing every citation; `docsgen check` compares citations of
/// the committed documents with fresh ones to name each fact that changed.
public struct Citation: Sendable, Hashable, Codable {
    /// Stable identifier such as `backend.runtime.user`; also the anchor `fact-<key>` of the Sources row.
    public var key: String
    /// What the fact is, in words (`backend: user of the runtime stage`).
    public var label: String
    /// The value exactly as the document shows it.
    public var value: String
    /// Where the value comes from.
    public var source: FactSource

    /// Creates a citation.
    public init(key: String, label: String, value: String, source: FactSource) {
        self.key = key
        self.label = label
        self.value = value
        self.source = source
    }

    /// The HTML anchor of the citation's row in the Sources table.
    public var anchor: String { "fact-\(key)" }
}
