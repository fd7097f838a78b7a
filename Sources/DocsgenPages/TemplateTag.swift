import DocsgenCore

/// A Mustache tag found in a page, with its place, for validation before swift-mustache renders the page.
struct TemplateTag: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case variable, section, invertedSection, close, comment
    }

    var kind: Kind
    var name: String
    var line: Int
    var column: Int
    /// Unicode scalar offsets of the tag in the scanned text, `{{` to `}}` included.
    var range: Range<Int>

    /// Scans `text` for `{{…}}` tags. `firstLine` is the line of the text's first character in the file.
    static func scan(_ text: String, file: String, firstLine: Int) -> ([TemplateTag], [Diagnostic]) {
        var tags: [TemplateTag] = []
        var diagnostics: [Diagnostic] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0, line = firstLine, column = 1
        func fail(_ message: String, _ id: String, _ line: Int, _ column: Int) {
            diagnostics.append(Diagnostic(.error, message, id: id, at: SourceLocation(file: file, line: line, column: column)))
        }
        while index < scalars.count {
            guard scalars[index] == "{", index + 1 < scalars.count, scalars[index + 1] == "{" else {
                if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
                index += 1
                continue
            }
            let startLine = line, startColumn = column, start = index
            let triple = index + 2 < scalars.count && scalars[index + 2] == "{"
            var cursor = index + (triple ? 3 : 2)
            let closing: [Unicode.Scalar] = triple ? ["}", "}", "}"] : ["}", "}"]
            var inner = ""
            var closed = false
            while cursor < scalars.count {
                if scalars[cursor] == "}", Array(scalars[cursor..<min(scalars.count, cursor + closing.count)]) == closing {
                    closed = true
                    break
                }
                inner.unicodeScalars.append(scalars[cursor])
                cursor += 1
            }
            guard closed else {
                fail("unclosed placeholder: `{{` has no matching `\(String(String.UnicodeScalarView(closing)))`", "pages.syntax", startLine, startColumn)
                return (tags, diagnostics)
            }
            let end = cursor + closing.count
            for scalar in scalars[index..<end] {
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            }
            index = end
            var body = inner.trimmingCharacters(in: .whitespaces)
            var kind = TemplateTag.Kind.variable
            if !triple, let sigil = body.unicodeScalars.first {
                switch sigil {
                case "#": kind = .section
                case "^": kind = .invertedSection
                case "/": kind = .close
                case "!": kind = .comment
                case "&": kind = .variable
                case ">", "=", "%", "$", "<":
                    fail("`{{\(sigil)…}}` (partials, delimiters, pragmas, blocks) is not supported in pages", "pages.unsupported-tag", startLine, startColumn)
                    continue
                default: break
                }
                if "#^/!&".unicodeScalars.contains(sigil) { body = String(body.dropFirst()).trimmingCharacters(in: .whitespaces) }
            }
            if kind == .comment {
                tags.append(TemplateTag(kind: kind, name: "", line: startLine, column: startColumn, range: start ..< end))
                continue
            }
            if body.isEmpty || body.contains(where: { $0 == "(" || $0 == ")" || $0.isWhitespace }) {
                fail("invalid placeholder `{{\(inner)}}`: write a fact key such as `{{images.backend.size}}`", "pages.syntax", startLine, startColumn)
                continue
            }
            tags.append(TemplateTag(kind: kind, name: body, line: startLine, column: startColumn, range: start ..< end))
        }
        return (tags, diagnostics)
    }
}
