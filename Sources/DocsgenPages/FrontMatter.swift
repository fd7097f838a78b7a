import DocsgenCore
import Yams

/// The YAML front matter of a page: `title` (required), `order`, `plugin-section`.
struct FrontMatter: Sendable, Hashable {
    var title: String
    var order: Int
    var pluginSection: String?
    var pluginSectionLocation: SourceLocation?

    static let keys = ["title", "order", "plugin-section"]

    /// Splits a page into its front matter and body; the body's first line number is returned for positions.
    static func split(_ text: String, file: String) -> (FrontMatter, String, Int, [Diagnostic]) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
        var diagnostics: [Diagnostic] = []
        func fail(_ message: String, _ id: String, _ line: Int, _ column: Int = 1) {
            diagnostics.append(Diagnostic(.error, message, id: id, at: SourceLocation(file: file, line: line, column: column)))
        }
        let fallbackTitle = String(file.split(separator: "/").last ?? "page").replacingOccurrences(of: ".md", with: "")
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---" else {
            fail("a page starts with front matter: a `---` line, `title: …`, and a closing `---` line", "pages.front-matter", 1)
            return (FrontMatter(title: fallbackTitle, order: 0), text, 1, diagnostics)
        }
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            fail("the front matter is never closed with a `---` line", "pages.front-matter", 1)
            return (FrontMatter(title: fallbackTitle, order: 0), "", 1, diagnostics)
        }
        let yaml = lines[1..<end].joined(separator: "\n")
        let body = lines[(end + 1)...].joined(separator: "\n")
        var matter = FrontMatter(title: fallbackTitle, order: 0)
        do {
            guard let node = try Yams.compose(yaml: yaml), case let .mapping(map) = node else {
                fail("the front matter must be a mapping with at least `title`", "pages.front-matter", 2)
                return (matter, body, end + 2, diagnostics)
            }
            var hasTitle = false
            for (key, value) in map {
                let line = (key.mark?.line ?? 1) + 1, column = key.mark?.column ?? 1
                guard let name = key.string, keys.contains(name) else {
                    let suggestion = keys.first { $0.hasPrefix(String((key.string ?? "").prefix(3))) }.map { " (did you mean '\($0)'?)" } ?? ""
                    fail("unknown front matter key '\(key.string ?? "?")'\(suggestion)", "pages.front-matter", line, column)
                    continue
                }
                guard let scalar = value.scalar?.string else {
                    fail("'\(name)' must be a single value", "pages.front-matter", line, column)
                    continue
                }
                switch name {
                case "title":
                    guard !scalar.trimmingCharacters(in: .whitespaces).isEmpty else {
                        fail("'title' is empty; a page needs a title for the navigation", "pages.front-matter", line, column)
                        continue
                    }
                    matter.title = scalar
                    hasTitle = true
                case "order":
                    if let order = Int(scalar) { matter.order = order } else { fail("'order' must be a whole number", "pages.front-matter", line, column) }
                default:
                    matter.pluginSection = scalar
                    matter.pluginSectionLocation = SourceLocation(file: file, line: (value.mark?.line ?? 1) + 1, column: value.mark?.column ?? 1)
                }
            }
            if !hasTitle, !diagnostics.containsErrors { fail("the front matter has no `title`", "pages.front-matter", 1) }
        } catch let error as YamlError {
            // Yams counts from the front matter's first line (1); the file's line 1 is the opening `---`.
            switch error {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _), let .composer(context, problem, mark, _):
                let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
                fail("invalid front matter: \(what)", "pages.front-matter", mark.line + 1, max(1, mark.column))
            default:
                fail("invalid front matter: \(error)", "pages.front-matter", 2)
            }
        } catch {
            fail("invalid front matter: \(error)", "pages.front-matter", 2)
        }
        return (matter, body, end + 2, diagnostics)
    }
}
