/// One directive of an nginx configuration file: `name args;` or `name args { block }`.
struct NginxDirective: Sendable, Hashable {
    /// The directive's name (`add_header`, `server`, `location`).
    var name: String
    /// Its arguments, quotes removed and escapes processed.
    var args: [String]
    /// 1-based line of the name.
    var line: Int
    /// 1-based column of the name.
    var column: Int
    /// The directives inside `{ … }`, or `nil` for a simple directive.
    var block: [NginxDirective]?
}

/// Turns the text of one nginx configuration file into a tree of directives. `include`s are left as they are.
///
/// The parser keeps an explicit stack of open blocks and refuses blocks nested deeper than ``maxBlockDepth``, so
/// hostile input can exhaust neither the parser's nor the runtime's stack (releasing a tree is recursive).
struct NginxParser {
    /// How deeply blocks may nest in one file; real configurations use fewer than ten levels.
    static let maxBlockDepth = 64

    /// Creates a parser.
    init() {}

    /// Parses one file.
    ///
    /// - Parameter text: The file's contents.
    /// - Returns: The top-level directives.
    /// - Throws: `NginxSyntaxError` for unbalanced braces, unterminated strings and directives without `;`.
    func parse(_ text: String) throws(NginxSyntaxError) -> [NginxDirective] {
        var tokenizer = NginxTokenizer(text)
        let tokens = try tokenizer.tokenize()

        var topLevel: [NginxDirective] = []
        var open: [OpenBlock] = []
        var pending: Pending?

        func append(_ directive: NginxDirective) {
            if open.isEmpty {
                topLevel.append(directive)
            } else {
                open[open.count - 1].children.append(directive)
            }
        }

        for token in tokens {
            switch token.kind {
            case .word(let word):
                if pending == nil {
                    pending = Pending(words: [word], line: token.line, column: token.column)
                } else {
                    pending?.words.append(word)
                }
            case .semicolon:
                guard let directive = pending?.directive(block: nil) else {
                    throw NginxSyntaxError(
                        message: "unexpected \";\": a directive needs a name", line: token.line, column: token.column)
                }
                append(directive)
                pending = nil
            case .openBrace:
                guard let header = pending?.directive(block: []) else {
                    throw NginxSyntaxError(
                        message: "unexpected \"{\": a block needs a name", line: token.line, column: token.column)
                }
                guard open.count < Self.maxBlockDepth else {
                    throw NginxSyntaxError(
                        message: "blocks nest deeper than \(Self.maxBlockDepth) levels",
                        line: token.line, column: token.column)
                }
                open.append(OpenBlock(header: header, children: []))
                pending = nil
            case .closeBrace:
                if let pending {
                    throw NginxSyntaxError(
                        message: "directive \"\(pending.name)\" is not terminated by \";\" before \"}\"",
                        line: pending.line, column: pending.column)
                }
                guard let closed = open.popLast() else {
                    throw NginxSyntaxError(
                        message: "unexpected \"}\": no block is open here", line: token.line, column: token.column)
                }
                var directive = closed.header
                directive.block = closed.children
                append(directive)
            }
        }

        if let pending {
            throw NginxSyntaxError(
                message: "directive \"\(pending.name)\" is not terminated by \";\" before the end of the file",
                line: pending.line, column: pending.column)
        }
        if let unclosed = open.last {
            throw NginxSyntaxError(
                message: "block \"\(unclosed.header.name)\" is never closed: expected \"}\" before the end of the file",
                line: unclosed.header.line, column: unclosed.header.column)
        }
        return topLevel
    }

    // MARK: - Parser state

    /// The words of a directive whose `;` or `{` has not been seen yet.
    private struct Pending {
        var words: [String]
        var line: Int
        var column: Int

        var name: String { words.first ?? "" }

        func directive(block: [NginxDirective]?) -> NginxDirective {
            NginxDirective(name: name, args: Array(words.dropFirst()), line: line, column: column, block: block)
        }
    }

    /// A block whose `}` has not been seen yet.
    private struct OpenBlock {
        var header: NginxDirective
        var children: [NginxDirective]
    }
}
