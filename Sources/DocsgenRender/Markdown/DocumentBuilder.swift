import DocsgenCore

/// Builds a ``Document`` section by section and records every fact it states.
///
/// ```swift
/// var doc = DocumentBuilder(name: "guide", title: "Guide")
/// let user = doc.cite(key: "backend.runtime.user", label: "backend: runtime user", value: "appuser", source: src)
/// doc.paragraph("The runtime stage runs as \(user).")
/// let document = doc.build()
/// ```
public struct DocumentBuilder: Sendable {
    private let name: String
    private let title: String
    private var blocks: [String] = []
    private var citations: [Citation] = []
    private var citedKeys: [String: Int] = [:]

    /// Creates an empty document.
    public init(name: String, title: String) {
        self.name = name
        self.title = title
    }

    /// Records a fact and returns its value as Markdown linking to the fact's Sources row.
    ///
    /// Citing the same key twice reuses the first citation.
    /// - Parameters:
    ///   - key: Stable fact key (`backend.runtime.user`).
    ///   - label: What the fact is, in words.
    ///   - value: The value as the document shows it (plain text; it is escaped here).
    ///   - source: Where the value comes from.
    ///   - code: Whether to show the value as code.
    /// - Returns: `[value](#fact-key)`.
    public mutating func cite(key: String, label: String, value: String, source: FactSource, code: Bool = false) -> String {
        // Two different facts may sanitise to the same key (`a.b` and `a-b` labels): number the later ones.
        var unique = key
        var suffix = 2
        while let index = citedKeys[unique], citations[index].label != label || citations[index].value != value {
            unique = "\(key)-\(suffix)"
            suffix += 1
        }
        let citation = Citation(key: unique, label: label, value: value, source: source)
        if citedKeys[unique] == nil {
            citedKeys[unique] = citations.count
            citations.append(citation)
        }
        let text = code ? MarkdownText.code(value) : MarkdownText.escape(value)
        return MarkdownText.link(text, anchor: citation.anchor)
    }

    /// Appends another document's body (a prose page) and its citations.
    ///
    /// A citation whose key this document already uses for a different value is renumbered, and the page's
    /// links to it follow.
    public mutating func include(_ section: Document, headingLevel: Int = 2) {
        var body = section.body
        for citation in section.citations {
            var unique = citation.key
            var suffix = 2
            while let index = citedKeys[unique], citations[index].value != citation.value {
                unique = "\(citation.key)-\(suffix)"
                suffix += 1
            }
            if unique != citation.key {
                body = body.replacingOccurrences(of: "](#fact-\(citation.key))", with: "](#fact-\(unique))")
            }
            if citedKeys[unique] == nil {
                citedKeys[unique] = citations.count
                var renamed = citation
                renamed.key = unique
                citations.append(renamed)
            }
        }
        heading(headingLevel, section.title)
        blocks.append(body.trimmingTrailingNewlines())
    }

    /// Adds a heading; `text` is plain text.
    public mutating func heading(_ level: Int, _ text: String) {
        blocks.append(String(repeating: "#", count: max(1, min(6, level))) + " " + MarkdownText.escape(text))
    }

    /// Adds a paragraph of Markdown.
    public mutating func paragraph(_ markdown: String) {
        blocks.append(markdown)
    }

    /// Adds a bullet list of Markdown items.
    public mutating func bullets(_ items: [String]) {
        guard !items.isEmpty else { return }
        blocks.append(items.map { "- " + $0 }.joined(separator: "\n"))
    }

    /// Adds a task list: `- [x] item` for passed checks, `- [ ] item` for failed ones.
    public mutating func checklist(_ items: [(passed: Bool, markdown: String)]) {
        guard !items.isEmpty else { return }
        blocks.append(items.map { "- [\($0.passed ? "x" : " ")] \($0.markdown)" }.joined(separator: "\n"))
    }

    /// Adds a table.
    public mutating func table(_ table: MarkdownTable) {
        blocks.append(table.markdown.trimmingTrailingNewlines())
    }

    /// Adds a fenced code block holding `text` literally.
    public mutating func codeBlock(_ text: String, language: String = "") {
        var fence = "```"
        while text.contains(fence) { fence += "`" }
        blocks.append(fence + language + "\n" + text.trimmingTrailingNewlines() + "\n" + fence)
    }

    /// The finished document.
    public func build() -> Document {
        Document(name: name, title: title, body: blocks.joined(separator: "\n\n") + "\n", citations: citations)
    }
}

extension String {
    func trimmingTrailingNewlines() -> String {
        var text = self
        while text.last?.isNewline == true { text.removeLast() }
        return text
    }
}
