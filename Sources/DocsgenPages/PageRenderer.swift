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
}

/// Renders prose pages: validates every placeholder against the facts (an unknown key or a missing value
/// is an error at `file:line:column`, never an empty string), then renders with swift-mustache.
public struct PageRenderer: Sendable {
    /// The facts placeholders resolve against.
    public let tree: FactTree

    /// Creates a renderer over a project's facts.
    public init(facts: ProjectFacts, configFile: String) {
        tree = FactTreeBuilder.tree(facts, configFile: configFile)
    }

    /// Renders one page.
    ///
    /// - Parameters:
    ///   - text: The file's text.
    ///   - path: Its path relative to the project root.
    /// - Returns: The page, or `nil` with error diagnostics.
    public func render(_ text: String, path: String) -> (Page?, [Diagnostic]) {
        let (front, bodyText, bodyLine, frontProblems) = FrontMatter.split(text, file: path)
        var diagnostics = frontProblems
        let (tags, scanProblems) = TemplateTag.scan(bodyText, file: path, firstLine: bodyLine)
        diagnostics += scanProblems
        var citations: [Citation] = []
        validate(tags, file: path, citations: &citations, diagnostics: &diagnostics)
        guard !diagnostics.containsErrors else { return (nil, diagnostics) }
        let rendered: String
        do {
            let template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT }}" + bodyText)
            rendered = template.render(MustacheNode(tree))
        } catch {
            diagnostics.append(Diagnostic(.error, "invalid template: \(error)", id: "pages.syntax", at: SourceLocation(file: path, line: bodyLine, column: 1)))
            return (nil, diagnostics)
        }
        let name = "page-" + FactKey.sanitize(String(path.split(separator: "/").last ?? "page").replacingOccurrences(of: ".md", with: ""))
        let document = Document(name: name, title: front.title, body: rendered, citations: citations)
        return (Page(path: path, document: document, order: front.order, pluginSection: front.pluginSection), diagnostics)
    }

    /// Resolves every tag the way Mustache does (the innermost section that has the first part of the name,
    /// then the rest from it), reporting unknown keys with the nearest valid one and missing values with why.
    func validate(_ tags: [TemplateTag], file: String, citations: inout [Citation], diagnostics: inout [Diagnostic]) {
        var stacks: [[FactTree]] = [[tree]]
        var open: [TemplateTag] = []
        var saved: [[[FactTree]]] = []
        // Each open section multiplies the contexts: a loop over a list validates its body for every element.
        for tag in tags {
            let location = SourceLocation(file: file, line: tag.line, column: tag.column)
            switch tag.kind {
            case .comment:
                continue
            case .close:
                guard let last = open.last, last.name == tag.name else {
                    diagnostics.append(Diagnostic(.error, "`{{/\(tag.name)}}` closes " + (open.last.map { "`{{#\($0.name)}}`, which it does not match" } ?? "no open section"), id: "pages.syntax", at: location))
                    return
                }
                open.removeLast()
                stacks = saved.removeLast()
            case .variable, .section, .invertedSection:
                var next: [[FactTree]] = []
                for stack in stacks {
                    switch resolve(tag.name, in: stack) {
                    case let .unknown(suggestion):
                        let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
                        diagnostics.append(Diagnostic(.error, "unknown fact '\(tag.name)'\(hint)", id: "pages.unknown-fact", at: location))
                        return
                    case let .found(node):
                        if tag.kind == .variable {
                            switch node {
                            case let .value(value):
                                if !citations.contains(where: { $0.key == value.citation.key }) { citations.append(value.citation) }
                            case let .missing(reason):
                                diagnostics.append(Diagnostic(.error, "fact '\(tag.name)' has no value: \(reason)", id: "pages.missing-fact", at: location))
                                return
                            case .object, .list:
                                diagnostics.append(Diagnostic(.error, "'\(tag.name)' is a group of facts, not a value; loop over it with `{{#\(tag.name)}}…{{/\(tag.name)}}`", id: "pages.not-a-value", at: location))
                                return
                            }
                        } else if tag.kind == .section {
                            switch node {
                            case let .list(items): next += items.map { stack + [$0] }
                            case let .object(children, order, true): next += order.compactMap { children[$0] }.map { stack + [$0] }
                            case .missing: continue
                            default: next.append(stack + [node])
                            }
                        } else {
                            next.append(stack + [.missing("inverted section")])
                        }
                    }
                }
                if tag.kind != .variable {
                    open.append(tag)
                    saved.append(stacks)
                    // A section that renders nothing here is still checked, against its enclosing context.
                    var unique: [[FactTree]] = []
                    for stack in (next.isEmpty ? stacks.map { $0 + [.missing("section not rendered")] } : next) where !unique.contains(stack) {
                        unique.append(stack)
                    }
                    stacks = unique
                }
            }
        }
        if let unclosed = open.last {
            diagnostics.append(Diagnostic(.error, "`{{#\(unclosed.name)}}` is never closed", id: "pages.syntax", at: SourceLocation(file: file, line: unclosed.line, column: unclosed.column)))
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
        let scored = candidates.map { ($0, distance(Array(name), Array($0))) }.min { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let best = scored, best.1 <= max(2, name.count / 3) else { return nil }
        return best.0
    }

    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
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
