internal import CCmarkGFM
import Foundation

/// A heading found while rendering, with the anchor given to it.
public struct RenderedHeading: Sendable, Hashable {
    /// 1–6.
    public var level: Int
    /// The heading's plain text.
    public var text: String
    /// The `id` attribute of the heading element.
    public var anchor: String
}

/// HTML rendered from Markdown, and the headings it contains.
public struct RenderedHTML: Sendable, Hashable {
    /// The HTML fragment.
    public var html: String
    /// Headings in document order.
    public var headings: [RenderedHeading]
}

/// Renders GitHub-flavoured Markdown to HTML with cmark-gfm (tables, task lists, strikethrough,
/// autolinks) in safe mode: raw HTML in the input never reaches the output.
public struct HTMLRenderer: Sendable {
    /// Creates a renderer.
    public init() {}

    /// Renders Markdown.
    ///
    /// Headings get GitHub-style `id`s; table rows whose first cell is a code span equal to one of
    /// `rowAnchors`' keys get `id="fact-<key>"`, so links to facts land on their Sources row.
    /// - Parameters:
    ///   - markdown: The Markdown text.
    ///   - rowAnchors: Keys of the Sources table rows.
    /// - Returns: The HTML fragment and its headings.
    public func render(_ markdown: String, rowAnchors: [String] = []) -> RenderedHTML {
        guard let parsed = CmarkDocument(markdown) else { return RenderedHTML(html: "", headings: []) }
        let document = parsed.document
        defer { withExtendedLifetime(parsed) {} }
        let texts = headingTexts(document)
        guard let rendered = cmark_render_html(document, CmarkDocument.options, cmark_parser_get_syntax_extensions(parsed.parser)) else {
            return RenderedHTML(html: "", headings: [])
        }
        defer { free(rendered) }
        var html = String(cString: rendered)

        var slugs = SlugRegistry()
        let headings = texts.map { RenderedHeading(level: $0.level, text: $0.text, anchor: slugs.anchor(for: $0.text)) }
        html = Self.addAnchors(html, headings: headings, rowAnchors: Set(rowAnchors.map(HTMLEscaping.escape)))
        return RenderedHTML(html: html, headings: headings)
    }

    /// One linear pass over the HTML: the n-th `<hN>` tag gets the n-th heading's id (safe mode guarantees
    /// every `<hN>` comes from a heading node, in document order), and a table row whose first cell is exactly
    /// a code span naming one of `rowAnchors` (already escaped) gets `id="fact-<key>"`.
    static func addAnchors(_ html: String, headings: [RenderedHeading], rowAnchors: Set<String>) -> String {
        let bytes = Array(html.utf8)
        let rowStart = Array("<tr>\n<td><code>".utf8), codeEnd = Array("</code></td>".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + headings.count * 24 + rowAnchors.count * 32)
        var next = 0
        var index = 0
        func matches(_ pattern: [UInt8], at position: Int) -> Bool {
            position + pattern.count <= bytes.count && bytes[position..<position + pattern.count].elementsEqual(pattern)
        }
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else {
                out.append(bytes[index])
                index += 1
                continue
            }
            if next < headings.count, index + 3 < bytes.count, bytes[index + 1] == UInt8(ascii: "h"),
                bytes[index + 2] == UInt8(ascii: "0") + UInt8(headings[next].level), bytes[index + 3] == UInt8(ascii: ">")
            {
                out += Array("<h\(headings[next].level) id=\"\(HTMLEscaping.escape(headings[next].anchor))\">".utf8)
                index += 4
                next += 1
                continue
            }
            if !rowAnchors.isEmpty, matches(rowStart, at: index) {
                let keyStart = index + rowStart.count
                // The code span ends at its first `<` (its text is escaped); the key is a match only when the
                // cell ends right after it.
                var end = keyStart
                while end < bytes.count, bytes[end] != UInt8(ascii: "<") { end += 1 }
                if matches(codeEnd, at: end), rowAnchors.contains(String(decoding: bytes[keyStart..<end], as: UTF8.self)) {
                    out += Array("<tr id=\"fact-".utf8) + bytes[keyStart..<end] + Array("\">\n<td><code>".utf8)
                    index = keyStart
                    continue
                }
            }
            out.append(bytes[index])
            index += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func headingTexts(_ document: OpaquePointer) -> [(level: Int, text: String)] {
        var result: [(Int, String)] = []
        guard let iterator = cmark_iter_new(document) else { return [] }
        defer { cmark_iter_free(iterator) }
        var current: (level: Int, text: String)?
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            if type == CMARK_NODE_HEADING {
                if event == CMARK_EVENT_ENTER {
                    current = (Int(cmark_node_get_heading_level(node)), "")
                } else if let heading = current {
                    result.append(heading)
                    current = nil
                }
            } else if event == CMARK_EVENT_ENTER, current != nil,
                type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE, let literal = cmark_node_get_literal(node)
            {
                current?.text += String(cString: literal)
            }
        }
        return result
    }
}

/// A Markdown text parsed by cmark-gfm with the GFM extensions docsgen renders with; freed when released.
final class CmarkDocument {
    /// Safe mode (no raw HTML in output) with UTF-8 validation.
    static let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8
    private static let extensionNames = ["table", "tasklist", "strikethrough", "autolink"]

    let parser: OpaquePointer
    let document: OpaquePointer

    init?(_ markdown: String) {
        CmarkSetup.ensureRegistered()
        guard let parser = cmark_parser_new(Self.options) else { return nil }
        for name in Self.extensionNames {
            if let syntax = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, syntax)
            }
        }
        var bytes = Array(markdown.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                cmark_parser_feed(parser, pointer, buffer.count)
            }
        }
        guard let document = cmark_parser_finish(parser) else {
            cmark_parser_free(parser)
            return nil
        }
        self.parser = parser
        self.document = document
    }

    deinit {
        cmark_node_free(document)
        cmark_parser_free(parser)
    }

    /// Calls `body` with each node on entering it, in document order.
    func forEachNode(_ body: (OpaquePointer) -> Void) {
        guard let iterator = cmark_iter_new(document) else { return }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = cmark_iter_get_node(iterator) { body(node) }
        }
    }
}

/// Registers cmark-gfm's core extensions exactly once (the call takes no lock).
private enum CmarkSetup {
    static let registered: Bool = {
        cmark_gfm_core_extensions_ensure_registered()
        return true
    }()

    static func ensureRegistered() { _ = registered }
}

/// GitHub-style heading anchors: lower-case, punctuation removed, spaces to `-`, duplicates numbered.
struct SlugRegistry {
    private var used: [String: Int] = [:]

    mutating func anchor(for text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_" {
                slug.unicodeScalars.append(scalar)
            } else if scalar == " " {
                slug.append("-")
            }
        }
        if slug.isEmpty { slug = "section" }
        let count = used[slug, default: 0]
        used[slug] = count + 1
        return count == 0 ? slug : "\(slug)-\(count)"
    }
}

/// HTML escaping for text and attribute values.
public enum HTMLEscaping {
    /// Escapes `& < > " '`.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
