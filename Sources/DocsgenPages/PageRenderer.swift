import DocsgenCore
import DocsgenRender
import Foundation
import Mustache
import Yams

/// A prose page of the content folder: front matter, then Markdown with Mustache placeholders over facts.
public struct Page: Sendable, Hashable {
    /// The page's path, relative to the project root.
    public var path: String
    /// The rendered document (name from the file name, title from the front matter).
    public var document: Document
    /// `order` from the front matter (pages sort by it, then by path).
    public var order: Int
    /// `plugin-section`: the built-in document this page is appended to, if any.
    public var pluginSection: String?
    /// Where `plugin-section` is written.
    public var pluginSectionLocation: SourceLocation?
}

/// Renders prose pages: validates every placeholder against the facts (an unknown key or a missing value
/// is an error at `file:line:column`, never an empty string), then renders with swift-mustache.
public struct PageRenderer: Sendable {
    /// The facts placeholders resolve against.
    public let tree: FactTree

    /// Creates a renderer over a project's facts.
    public init(facts: ProjectFacts, configFile: String, configLocations: [String: SourceLocation] = [:]) {
        tree = FactTreeBuilder.tree(facts, configFile: configFile, configLocations: configLocations)
    }

    /// Renders one page.
    ///
    /// - Parameters:
    ///   - text: The file's text.
    ///   - path: Its path relative to the project root.
    /// - Returns: The page, or `nil` with error diagnostics.
    public func render(_ text: String, path: String) -> (Page?, [Diagnostic]) {
        guard text.utf8.count <= Self.maximumPageSize else {
            return (nil, [Diagnostic(.error, "the page is larger than \(Self.maximumPageSize >> 20) MiB; split it into several pages",
                                     id: "pages.too-large", at: SourceLocation(file: path, line: 1, column: 1))])
        }
        // CRLF files read like LF files: positions stay the same, the output has LF line ends.
        let text = text.replacingOccurrences(of: "\r\n", with: "\n")
        let (front, bodyText, bodyLine, frontProblems) = FrontMatter.split(text, file: path)
        var diagnostics = frontProblems
        let (tags, scanProblems) = TemplateTag.scan(bodyText, file: path, firstLine: bodyLine)
        diagnostics += scanProblems
        let (nodes, nesting) = Self.nest(tags, file: path)
        if let nesting { diagnostics.append(nesting) }
        guard !diagnostics.containsErrors else { return (nil, diagnostics) }
        var validation = Validation(renderer: self, file: path)
        validation.check(nodes, in: [[tree]], keysOnly: false)
        if let failure = validation.failure { return (nil, diagnostics + [failure]) }
        let citations = validation.citations
        for html in MarkdownInspector.rawHTML(in: bodyText) {
            diagnostics.append(Diagnostic(
                .error, "raw HTML `\(html.text.prefix(60))` in a page: the HTML output omits it and wikis treat it differently; "
                    + "write Markdown, or put it in a code span", id: "pages.raw-html",
                at: SourceLocation(file: path, line: bodyLine + html.line - 1, column: html.column)))
        }
        guard !diagnostics.containsErrors else { return (nil, diagnostics) }
        let rendered: String
        do {
            rendered = try renderBody(bodyText, tags: tags)
        } catch {
            diagnostics.append(Diagnostic(.error, "invalid template: \(error)", id: "pages.syntax", at: SourceLocation(file: path, line: bodyLine, column: 1)))
            return (nil, diagnostics)
        }
        let name = "page-" + FactKey.sanitize(String(path.split(separator: "/").last ?? "page").replacingOccurrences(of: ".md", with: ""))
        // Blank lines between the front matter and the text are not part of the text.
        let document = Document(name: name, title: front.title, body: String(rendered.drop { $0 == "\n" }), citations: citations)
        return (Page(path: path, document: document, order: front.order, pluginSection: front.pluginSection,
                     pluginSectionLocation: front.pluginSectionLocation), diagnostics)
    }

    /// Renders the body: text outside tags as written, top-level values directly, and each top-level section
    /// or comment through swift-mustache on its own. swift-mustache's parser takes time quadratic in the
    /// length of the text it is given (it measures each text run from the template's start), so it is given
    /// each section's lines only; a section or comment alone on its lines is given those whole lines, so
    /// Mustache's standalone-line rule removes them exactly as it would in the whole page.
    func renderBody(_ text: String, tags: [TemplateTag]) throws -> String {
        let scalars = Array(text.unicodeScalars)
        func slice(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        var out = ""
        var position = 0
        var index = 0
        while index < tags.count {
            let tag = tags[index]
            if tag.kind == .variable {
                out += slice(position..<tag.range.lowerBound)
                if case let .found(node) = resolve(tag.name, in: [tree]) { out += MustacheNode(node).renderText }
                position = tag.range.upperBound
                index += 1
                continue
            }
            // The piece runs to the matching close (a comment is its own piece).
            var last = index
            if tag.kind == .section || tag.kind == .invertedSection {
                var depth = 0
                for candidate in index..<tags.count {
                    switch tags[candidate].kind {
                    case .section, .invertedSection: depth += 1
                    case .close: depth -= 1
                    default: break
                    }
                    if depth == 0 { last = candidate; break }
                }
            }
            var start = tag.range.lowerBound, end = tags[last].range.upperBound
            var lineStart = start
            while lineStart > position, scalars[lineStart - 1] == " " || scalars[lineStart - 1] == "\t" { lineStart -= 1 }
            var lineEnd = end
            while lineEnd < scalars.count, scalars[lineEnd] == " " || scalars[lineEnd] == "\t" { lineEnd += 1 }
            if lineStart == 0 || scalars[lineStart - 1] == "\n", lineEnd == scalars.count || scalars[lineEnd] == "\n" {
                start = lineStart
                end = min(scalars.count, lineEnd + 1)
            }
            out += slice(position..<start)
            // The pragma on a line of its own: a standalone tag, removed with its line, so the piece starts a line.
            let template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT }}\n" + slice(start..<end))
            out += template.render(MustacheNode(tree))
            position = end
            index = last + 1
        }
        return out + slice(position..<scalars.count)
    }

    /// Deepest nesting of sections a page may use (swift-mustache renders sections recursively).
    public static let maximumNesting = 16
    /// Most placeholder evaluations validation does: loops multiply (a loop in a loop over ten images each
    /// is a hundred), and a page that expands further would also render that much.
    public static let maximumEvaluations = 100_000
    /// Largest page read: 1 MiB of prose.
    public static let maximumPageSize = 1 << 20

    /// A section (`{{#x}}…{{/x}}`, `{{^x}}…{{/x}}`) or a variable, as the template nests them.
    indirect enum Node {
        case variable(TemplateTag)
        case section(TemplateTag, [Node])
    }

    /// Nests the tags into sections; mismatched or unclosed sections and nesting deeper than
    /// ``maximumNesting`` are errors at the tag.
    static func nest(_ tags: [TemplateTag], file: String) -> ([Node], Diagnostic?) {
        var levels: [(open: TemplateTag?, nodes: [Node])] = [(nil, [])]
        for tag in tags {
            let location = SourceLocation(file: file, line: tag.line, column: tag.column)
            switch tag.kind {
            case .comment:
                continue
            case .variable:
                levels[levels.count - 1].nodes.append(.variable(tag))
            case .section, .invertedSection:
                guard levels.count <= maximumNesting else {
                    return ([], Diagnostic(.error, "sections nest deeper than \(maximumNesting) levels", id: "pages.too-deep", at: location))
                }
                levels.append((tag, []))
            case .close:
                guard let open = levels.last?.open, open.name == tag.name else {
                    let what = levels.last?.open.map { "`{{#\($0.name)}}`, which it does not match" } ?? "no open section"
                    return ([], Diagnostic(.error, "`{{/\(tag.name)}}` closes \(what)", id: "pages.syntax", at: location))
                }
                let level = levels.removeLast()
                levels[levels.count - 1].nodes.append(.section(open, level.nodes))
            }
        }
        if let unclosed = levels.last?.open {
            return ([], Diagnostic(.error, "`{{#\(unclosed.name)}}` is never closed", id: "pages.syntax",
                                   at: SourceLocation(file: file, line: unclosed.line, column: unclosed.column)))
        }
        return (levels[0].nodes, nil)
    }

    /// Validation of one page: every tag resolved the way Mustache resolves it (the innermost context that has
    /// the first part of the name, then the rest from it), in every context it renders in.
    struct Validation {
        let renderer: PageRenderer
        let file: String
        var citations: [Citation] = []
        var citedKeys: Set<String> = []
        var budget = PageRenderer.maximumEvaluations
        var failure: Diagnostic?

        /// Checks `nodes` in each of `contexts` (a context is the stack of sections around the tag). With
        /// `keysOnly`, the nodes render nowhere with these facts: only unknown keys are errors, so a section
        /// that is empty today is still checked for typos.
        mutating func check(_ nodes: [Node], in contexts: [[FactTree]], keysOnly: Bool) {
            for node in nodes {
                guard failure == nil else { return }
                switch node {
                case let .variable(tag):
                    for context in contexts {
                        guard let found = resolve(tag, in: context) else { return }
                        guard !keysOnly else { continue }
                        switch found {
                        case let .value(value):
                            if citedKeys.insert(value.citation.key).inserted { citations.append(value.citation) }
                        case let .missing(reason):
                            return fail(tag, "fact '\(tag.name)' has no value: \(reason)", "pages.missing-fact")
                        case .object, .list:
                            return fail(tag, "'\(tag.name)' is a group of facts, not a value; loop over it with `{{#\(tag.name)}}…{{/\(tag.name)}}`", "pages.not-a-value")
                        }
                    }
                case let .section(tag, children):
                    var inner: [[FactTree]] = []
                    for context in contexts {
                        guard let found = resolve(tag, in: context) else { return }
                        let items = Self.items(of: found)
                        if tag.kind == .invertedSection {
                            // Renders only where the key has nothing to show, in the enclosing context.
                            if items.isEmpty { inner.append(context) }
                        } else {
                            inner += items.map { context + [$0] }
                        }
                    }
                    if inner.isEmpty {
                        check(children, in: contexts.map { $0 + [.missing("section not rendered")] }, keysOnly: true)
                    } else {
                        check(children, in: inner, keysOnly: keysOnly)
                    }
                }
            }
        }

        /// What a section over `node` renders its body with: each element of a list, each child of a group that
        /// is looped over, the node itself otherwise; nothing for a missing value or an empty list.
        static func items(of node: FactTree) -> [FactTree] {
            switch node {
            case let .list(items): return items
            case let .object(children, order, true): return order.compactMap { children[$0] }
            case .missing: return []
            default: return [node]
            }
        }

        mutating func resolve(_ tag: TemplateTag, in context: [FactTree]) -> FactTree? {
            budget -= 1
            guard budget >= 0 else {
                fail(tag, "the page's sections expand to more than \(PageRenderer.maximumEvaluations) placeholders; "
                     + "loop over fewer nested lists", "pages.too-large")
                return nil
            }
            switch renderer.resolve(tag.name, in: context) {
            case let .found(node):
                return node
            case let .unknown(suggestion):
                let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
                fail(tag, "unknown fact '\(tag.name)'\(hint)", "pages.unknown-fact")
                return nil
            }
        }

        mutating func fail(_ tag: TemplateTag, _ message: String, _ id: String) {
            failure = failure ?? Diagnostic(.error, message, id: id, at: SourceLocation(file: file, line: tag.line, column: tag.column))
        }
    }

    enum Resolution {
        case found(FactTree)
        case unknown(suggestion: String?)
    }

    func resolve(_ name: String, in stack: [FactTree]) -> Resolution {
        if name == "." { return .found(stack.last ?? tree) }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let base = stack.reversed().first(where: { $0.child(parts[0]) != nil }), var node = base.child(parts[0]) else {
            return .unknown(suggestion: Self.nearest(name, in: stack.flatMap { $0.paths() }))
        }
        var walked = parts[0]
        for part in parts.dropFirst() {
            if case .missing = node { return .found(node) }
            guard let child = node.child(part) else {
                return .unknown(suggestion: Self.nearest(name, in: node.paths(prefix: walked)))
            }
            walked += "." + part
            node = child
        }
        return .found(node)
    }

    /// The candidate closest to `name` by edit distance, if reasonably close.
    static func nearest(_ name: String, in candidates: [String]) -> String? {
        EditDistance.nearest(name, in: candidates)
    }
}

/// The tree as swift-mustache sees it: values render as Markdown links to their Sources row.
struct MustacheNode: MustacheParent, MustacheCustomRenderable {
    let node: FactTree

    init(_ node: FactTree) { self.node = node }

    func child(named name: String) -> Any? {
        guard let child = node.child(name) else { return nil }
        switch child {
        case .missing: return nil
        case let .list(items): return items.map(MustacheNode.init)
        case let .object(children, order, true): return MustacheList(items: order.compactMap { children[$0] }.map(MustacheNode.init), node: child)
        default: return MustacheNode(child)
        }
    }

    var renderText: String {
        guard case let .value(value) = node else { return "" }
        return MarkdownText.link(MarkdownText.escape(value.text), anchor: value.citation.anchor)
    }

    var isNull: Bool {
        if case .missing = node { return true }
        return false
    }
}

/// A group that is both looped over (`{{#images}}`) and looked into (`{{images.backend.size}}`).
struct MustacheList: MustacheSequence, MustacheParent {
    let items: [MustacheNode]
    let node: FactTree

    func makeIterator() -> IndexingIterator<[MustacheNode]> { items.makeIterator() }
    func child(named name: String) -> Any? { MustacheNode(node).child(named: name) }
}
