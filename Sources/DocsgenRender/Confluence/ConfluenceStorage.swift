internal import CCmarkGFM

/// Converts a document's Markdown to Confluence storage format (XHTML with `ac:`/`ri:` elements) from the
/// cmark-gfm tree, so a published page reads as the HTML page does: headings, paragraphs, lists, task lists
/// as `ac:task-list`, tables, code blocks as the `code` macro, images of attached SVG charts, links.
///
/// ```swift
/// let xml = ConfluenceStorage(pageTitle: "Docker Build Report").render(markdown)
/// ```
///
/// Raw HTML in the Markdown is shown as text, as in docsgen's HTML pages. The result is well-formed XML when
/// wrapped in one root element declaring the `ac` and `ri` namespaces (Confluence stores it without one).
public struct ConfluenceStorage: Sendable {
    /// The page's title: Confluence anchors headings as `Title-Heading`, so value links to the Sources row
    /// (`#fact-KEY`) go to `#Title-Sources`.
    public var pageTitle: String
    /// Titles of other published documents by file name (`build-report.md` → `Docker Build Report`), for
    /// links between pages (`ac:link`).
    public var pages: [String: String]

    public init(pageTitle: String, pages: [String: String] = [:]) {
        self.pageTitle = pageTitle
        self.pages = pages
    }

    /// The storage-format body.
    public func render(_ markdown: String) -> String {
        guard let parsed = CmarkDocument(markdown) else { return "" }
        var out = ""
        var taskID = 0
        children(of: parsed.document, into: &out, taskID: &taskID)
        return withExtendedLifetime(parsed) { out }
    }

    private func children(of node: OpaquePointer, into out: inout String, taskID: inout Int) {
        var child = cmark_node_first_child(node)
        while let current = child {
            render(current, into: &out, taskID: &taskID)
            child = cmark_node_next(current)
        }
    }

    private func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    private func render(_ node: OpaquePointer, into out: inout String, taskID: inout Int) {
        let typeName = cmark_node_get_type_string(node).map { String(cString: $0) } ?? ""
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            // Paragraphs inside tight list items and table cells are not wrapped.
            let parent = cmark_node_parent(node)
            let tight = parent.map { cmark_node_get_type($0) == CMARK_NODE_ITEM && cmark_node_get_list_tight(cmark_node_parent($0)) != 0 } ?? false
            if !tight { out += "<p>" }
            children(of: node, into: &out, taskID: &taskID)
            if !tight { out += "</p>" }
        case CMARK_NODE_HEADING:
            let level = max(1, min(6, Int(cmark_node_get_heading_level(node))))
            out += "<h\(level)>"
            children(of: node, into: &out, taskID: &taskID)
            out += "</h\(level)>"
        case CMARK_NODE_TEXT:
            out += Self.escape(literal(node))
        case CMARK_NODE_SOFTBREAK:
            out += " "
        case CMARK_NODE_LINEBREAK:
            out += "<br/>"
        case CMARK_NODE_CODE:
            out += "<code>" + Self.escape(literal(node)) + "</code>"
        case CMARK_NODE_HTML_INLINE, CMARK_NODE_HTML_BLOCK:
            // Shown as text: raw HTML never becomes markup.
            let text = Self.escape(literal(node))
            out += cmark_node_get_type(node) == CMARK_NODE_HTML_BLOCK ? "<p>\(text)</p>" : text
        case CMARK_NODE_EMPH:
            out += "<em>"; children(of: node, into: &out, taskID: &taskID); out += "</em>"
        case CMARK_NODE_STRONG:
            out += "<strong>"; children(of: node, into: &out, taskID: &taskID); out += "</strong>"
        case CMARK_NODE_THEMATIC_BREAK:
            out += "<hr/>"
        case CMARK_NODE_BLOCK_QUOTE:
            out += "<blockquote>"; children(of: node, into: &out, taskID: &taskID); out += "</blockquote>"
        case CMARK_NODE_CODE_BLOCK:
            let language = cmark_node_get_fence_info(node).map { String(cString: $0) }?.split(separator: " ").first.map(String.init) ?? ""
            out += "<ac:structured-macro ac:name=\"code\">"
            if !language.isEmpty { out += "<ac:parameter ac:name=\"language\">\(Self.escape(language))</ac:parameter>" }
            out += "<ac:plain-text-body>" + Self.cdata(literal(node)) + "</ac:plain-text-body></ac:structured-macro>"
        case CMARK_NODE_LIST:
            list(node, into: &out, taskID: &taskID)
        case CMARK_NODE_ITEM:
            out += "<li>"; children(of: node, into: &out, taskID: &taskID); out += "</li>"
        case CMARK_NODE_LINK:
            link(node, into: &out, taskID: &taskID)
        case CMARK_NODE_IMAGE:
            let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            if url.hasPrefix("assets/") {
                out += "<ac:image><ri:attachment ri:filename=\"\(Self.escape(String(url.dropFirst("assets/".count))))\"/></ac:image>"
            } else {
                out += "<ac:image><ri:url ri:value=\"\(Self.escape(url))\"/></ac:image>"
            }
        default:
            switch typeName {
            case "table":
                out += "<table><tbody>"; children(of: node, into: &out, taskID: &taskID); out += "</tbody></table>"
            case "table_row", "table_header":
                out += "<tr>"
                let header = typeName == "table_header" || cmark_gfm_extensions_get_table_row_is_header(node) != 0
                var cell = cmark_node_first_child(node)
                while let current = cell {
                    out += header ? "<th>" : "<td>"
                    children(of: current, into: &out, taskID: &taskID)
                    out += header ? "</th>" : "</td>"
                    cell = cmark_node_next(current)
                }
                out += "</tr>"
            case "strikethrough":
                out += "<del>"; children(of: node, into: &out, taskID: &taskID); out += "</del>"
            default:
                children(of: node, into: &out, taskID: &taskID)
            }
        }
    }

    /// A list; one whose items are all task items becomes a Confluence task list.
    private func list(_ node: OpaquePointer, into out: inout String, taskID: inout Int) {
        var items: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            items.append(current)
            child = cmark_node_next(current)
        }
        let isTaskList = !items.isEmpty && items.allSatisfy { (cmark_node_get_type_string($0).map { String(cString: $0) } ?? "") == "tasklist" }
        if isTaskList {
            out += "<ac:task-list>"
            for item in items {
                taskID += 1
                let done = cmark_gfm_extensions_get_tasklist_item_checked(item)
                out += "<ac:task><ac:task-id>\(taskID)</ac:task-id><ac:task-status>\(done ? "complete" : "incomplete")</ac:task-status><ac:task-body>"
                // The body is inline content: the item's paragraphs without their wrappers.
                var part = cmark_node_first_child(item)
                var first = true
                while let current = part {
                    if !first { out += " " }
                    if cmark_node_get_type(current) == CMARK_NODE_PARAGRAPH {
                        children(of: current, into: &out, taskID: &taskID)
                    } else {
                        render(current, into: &out, taskID: &taskID)
                    }
                    first = false
                    part = cmark_node_next(current)
                }
                out += "</ac:task-body></ac:task>"
            }
            out += "</ac:task-list>"
            return
        }
        let ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST
        out += ordered ? "<ol>" : "<ul>"
        for item in items { render(item, into: &out, taskID: &taskID) }
        out += ordered ? "</ol>" : "</ul>"
    }

    private func link(_ node: OpaquePointer, into out: inout String, taskID: inout Int) {
        let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
        if let title = pages[url] {
            var body = ""
            children(of: node, into: &body, taskID: &taskID)
            out += "<ac:link><ri:page ri:content-title=\"\(Self.escape(title))\"/><ac:link-body>\(body)</ac:link-body></ac:link>"
            return
        }
        let href = url.hasPrefix("#fact-") || url == "#sources" ? "#" + Self.anchor(pageTitle) + "-Sources" : url
        out += "<a href=\"\(Self.escape(href))\">"
        children(of: node, into: &out, taskID: &taskID)
        out += "</a>"
    }

    /// Confluence's heading anchor prefix: the title without spaces.
    static func anchor(_ title: String) -> String {
        title.filter { !$0.isWhitespace }
    }

    /// Escapes text and attribute values for XML: HTML's escaping, and characters XML 1.0 forbids replaced.
    public static func escape(_ text: String) -> String {
        HTMLEscaping.escape(escapeControl(text))
    }

    /// A CDATA section holding `text` exactly (a `]]>` inside is split across two sections).
    static func cdata(_ text: String) -> String {
        "<![CDATA[" + escapeControl(text).replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>") + "]]>"
    }

    private static func escapeControl(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            switch scalar {
            case "\u{0}"..."\u{8}", "\u{B}", "\u{C}", "\u{E}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": "\u{FFFD}"
            default: scalar
            }
        }))
    }
}
