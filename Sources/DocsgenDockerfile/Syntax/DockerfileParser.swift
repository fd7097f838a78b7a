import DocsgenCore

/// Parses Dockerfile text the way BuildKit's `parser.Parse` does.
///
/// Handles parser directives (`# syntax=`, `# escape=`), a byte-order mark, CRLF, comments, line
/// continuations (with comments and empty lines inside), heredocs (`<<EOF`, `<<-EOF`, quoted delimiters,
/// several per line) and splits each instruction's arguments with the rules of that instruction.
///
/// ```swift
/// let parsed = try DockerfileParser().parse("FROM alpine\nRUN echo hi\n")
/// parsed.instructions.map(\.keyword)   // ["FROM", "RUN"]
/// ```
public struct DockerfileParser: Sendable {
    /// Creates a parser.
    public init() {}

    /// Parses a Dockerfile.
    ///
    /// - Parameter text: The file's contents.
    /// - Returns: The instructions with their line ranges.
    /// - Throws: ``DockerfileSyntaxError`` for the first syntax error (no instructions, unterminated
    ///   heredoc, invalid escape directive, duplicate directive, malformed ENV/LABEL, non-string JSON array,
    ///   a line longer than 65,535 bytes).
    public func parse(_ text: String) throws(DockerfileSyntaxError) -> ParsedDockerfile {
        var lines = PhysicalLines(text)
        var directives = DirectiveState()
        var instructions: [Instruction] = []
        var warnings: [Diagnostic] = []
        var lineNumber = 0

        while let raw = lines.next() {
            let stripped = try directives.process(raw, lineNumber: lineNumber + 1)
            lineNumber += 1
            let token = stripped.trimmingLeadingWhitespace()
            let content = isComment(raw) ? "" : token
            let startLine = lineNumber
            var (line, isEnd) = directives.trimContinuation(content)
            if isEnd && line.isEmpty { continue }

            var firstEmptyContinuation: Int?
            while !isEnd, let next = lines.next() {
                let body = try directives.process(next, lineNumber: lineNumber + 1)
                lineNumber += 1
                if isComment(next) { continue }
                if body.trimmingLeadingWhitespace().isEmpty {
                    if firstEmptyContinuation == nil { firstEmptyContinuation = lineNumber }
                    continue
                }
                let (piece, end) = directives.trimContinuation(body)
                line += piece
                isEnd = end
            }
            if let emptyLine = firstEmptyContinuation {
                warnings.append(Diagnostic(
                    .warning, "empty continuation line (empty continuation lines will become errors in a future release)",
                    id: "dockerfile.empty-continuation", at: SourceLocation(file: "", line: emptyLine, column: 1)))
            }

            let column = columnOfFirstNonSpace(raw)
            var instruction = try makeInstruction(line, escape: directives.escape, startLine: startLine, column: column)
            instruction.endLine = lineNumber
            let readsHeredocs = instruction.canContainHeredoc || instruction.triggerCanContainHeredoc
            if readsHeredocs, line.contains("<<") {
                for var heredoc in HeredocScanner.heredocs(in: line) {
                    var terminated = false
                    while let bodyLine = lines.next() {
                        lineNumber += 1
                        var candidate = Substring(bodyLine.trimmingNewline())
                        if heredoc.chomp {
                            candidate = candidate.drop { $0 == "\t" }
                        }
                        if candidate == heredoc.name {
                            terminated = true
                            break
                        }
                        heredoc.content += bodyLine
                    }
                    guard terminated else {
                        throw DockerfileSyntaxError("unterminated heredoc", id: "dockerfile.unterminated-heredoc", line: startLine, column: column)
                    }
                    // BuildKit consumes the body of `ONBUILD RUN <<EOF` but does not show it on the node.
                    guard instruction.trigger == nil else { continue }
                    instruction.heredocs.append(heredoc)
                    instruction.original += "\n" + heredoc.content + heredoc.name
                }
                if !instruction.heredocs.isEmpty { instruction.original += "\n" }
                instruction.endLine = lineNumber
            }
            instructions.append(instruction)
        }
        guard !instructions.isEmpty else {
            let message = text.isEmpty ? "the Dockerfile cannot be empty" : "file with no instructions"
            throw DockerfileSyntaxError(message, id: "dockerfile.no-instructions", line: 1)
        }
        if lines.stoppedAtLongLine {
            throw DockerfileSyntaxError(
                "dockerfile line greater than max allowed size of \(PhysicalLines.maximumLineBytes - 1)",
                id: "dockerfile.line-too-long", line: lineNumber + 1)
        }
        return ParsedDockerfile(
            syntax: directives.syntax, escape: directives.escape, instructions: instructions, warnings: warnings)
    }

    private func makeInstruction(_ line: String, escape: Character, startLine: Int, column: Int) throws(DockerfileSyntaxError)
        -> Instruction
    {
        let (keyword, flags, rest) = ArgumentSplitter.splitCommand(line)
        let split: ArgumentSplitter.Result
        do {
            split = try ArgumentSplitter.arguments(for: keyword.lowercased(), rest: rest, escape: escape)
        } catch {
            throw DockerfileSyntaxError(error.message, id: error.id, line: startLine, column: column)
        }
        var instruction = Instruction(
            keyword: keyword, original: line, startLine: startLine, endLine: startLine, column: column, flags: flags,
            values: split.values, isJSON: split.isJSON, heredocs: [], trigger: nil)
        if keyword.lowercased() == "onbuild", !rest.isEmpty {
            let (subKeyword, subFlags, subRest) = ArgumentSplitter.splitCommand(rest)
            let sub: ArgumentSplitter.Result
            do {
                sub = try ArgumentSplitter.arguments(for: subKeyword.lowercased(), rest: subRest, escape: escape)
            } catch {
                throw DockerfileSyntaxError(error.message, id: error.id, line: startLine, column: column)
            }
            instruction.trigger = .init(keyword: subKeyword, flags: subFlags, values: sub.values, isJSON: sub.isJSON, original: rest)
            instruction.values = sub.values
            instruction.isJSON = sub.isJSON
        }
        return instruction
    }
}

extension Instruction {
    /// BuildKit reads heredocs only for RUN, COPY and ADD in shell form.
    var canContainHeredoc: Bool {
        ["run", "copy", "add"].contains(command) && !isJSON
    }

    /// `ONBUILD RUN <<EOF` reads its heredoc body too.
    var triggerCanContainHeredoc: Bool {
        guard let trigger else { return false }
        return ["run", "copy", "add"].contains(trigger.keyword.lowercased()) && !trigger.isJSON
    }
}

/// The parser directives seen so far and the escape character they set.
private struct DirectiveState {
    private(set) var escape: Character = "\\"
    private(set) var syntax: String?
    private var seen: Set<String> = []
    private var done = false
    private var linesSeen = 0

    /// Strips the line ending and records a parser directive if the line is one.
    mutating func process(_ raw: String, lineNumber: Int) throws(DockerfileSyntaxError) -> String {
        let token = raw.trimmingNewline()
        try parseDirective(token.trimmingLeadingWhitespace(), lineNumber: lineNumber)
        return token
    }

    private mutating func parseDirective(_ line: String, lineNumber: Int) throws(DockerfileSyntaxError) {
        linesSeen += 1
        if done { return }
        if linesSeen == 1, line.hasPrefix("#!") { return }
        guard let (name, value) = Self.directive(in: line), ["syntax", "escape", "check"].contains(name) else {
            done = true
            return
        }
        guard seen.insert(name).inserted else {
            throw DockerfileSyntaxError(
                "only one \(name) parser directive can be used", id: "dockerfile.duplicate-directive", line: lineNumber)
        }
        switch name {
        case "escape":
            guard value == "\\" || value == "`" else {
                throw DockerfileSyntaxError(
                    "invalid escape token '\(value)' does not match ` or \\", id: "dockerfile.invalid-escape", line: lineNumber)
            }
            escape = Character(value)
        case "syntax":
            syntax = value
        default:
            break
        }
    }

    /// Matches `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$`.
    static func directive(in line: String) -> (String, String)? {
        var rest = Substring(line)
        guard rest.first == "#" else { return nil }
        rest = rest.dropFirst().drop { $0.isWhitespace }
        guard let first = rest.first, first.isASCII, first.isLetter else { return nil }
        let name = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber) }
        rest = rest.dropFirst(name.count).drop { $0.isWhitespace }
        guard rest.first == "=" else { return nil }
        let value = rest.dropFirst().trimmingWhitespace()
        guard !value.isEmpty else { return nil }
        return (name.lowercased(), String(value))
    }

    /// Removes a trailing escape character (plus spaces/tabs after it); `isEnd` is false when one was found.
    func trimContinuation(_ line: String) -> (String, isEnd: Bool) {
        let scalars = line.unicodeScalars
        var end = scalars.endIndex
        while end > scalars.startIndex {
            let previous = scalars.index(before: end)
            guard scalars[previous] == " " || scalars[previous] == "\t" else { break }
            end = previous
        }
        guard end > scalars.startIndex, Character(scalars[scalars.index(before: end)]) == escape else { return (line, true) }
        return (String(scalars[..<scalars.index(before: end)]), false)
    }
}

private func isComment(_ raw: String) -> Bool {
    raw.unicodeScalars.first { !isSpace($0) } == "#"
}

/// Go's `unicode.IsSpace`, with a fast path for ASCII.
@inline(__always)
func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x20, 0x09...0x0D: true
    case 0..<0x80: false
    default: scalar.properties.isWhitespace
    }
}

private func columnOfFirstNonSpace(_ raw: String) -> Int {
    var column = 1
    for character in raw {
        guard character.isWhitespace, character != "\n", character != "\r\n" else { break }
        column += 1
    }
    return column
}

/// Splits text into lines that keep their `\n` (as BuildKit's scanner does) and drops a leading BOM.
///
/// Like Go's `bufio.Scanner` with its default buffer, it stops at a line longer than
/// ``maximumLineBytes`` and says so in ``stoppedAtLongLine``.
struct PhysicalLines {
    /// `bufio.MaxScanTokenSize`: a line and its `\n` must fit in it (a last line without `\n`, one byte less).
    static let maximumLineBytes = 64 * 1024

    private let text: Substring
    private var position: Substring.Index
    /// Bytes of the BOM, which the scanner counts as part of the first line.
    private var pendingBOMBytes = 0
    /// Whether reading stopped at a line longer than ``maximumLineBytes``.
    private(set) var stoppedAtLongLine = false

    init(_ text: String) {
        var contents = Substring(text)
        if contents.unicodeScalars.first == "\u{FEFF}" {
            contents = Substring(contents.unicodeScalars.dropFirst())
            pendingBOMBytes = 3
        }
        self.text = contents
        self.position = contents.startIndex
    }

    mutating func next() -> String? {
        guard position < text.endIndex, !stoppedAtLongLine else { return nil }
        let utf8 = text.utf8
        let newline = utf8[position...].firstIndex(of: UInt8(ascii: "\n"))
        let end = newline.map { utf8.index(after: $0) } ?? utf8.endIndex
        let bytes = utf8.distance(from: position, to: end) + pendingBOMBytes
        guard newline == nil ? bytes < Self.maximumLineBytes : bytes <= Self.maximumLineBytes else {
            stoppedAtLongLine = true
            return nil
        }
        pendingBOMBytes = 0
        let line = String(text[position..<end])
        position = end
        return line
    }
}

extension StringProtocol {
    /// Removes one trailing `\n` or `\r\n` (and a lone trailing `\r`).
    func trimmingNewline() -> String {
        var scalars = Substring(self).unicodeScalars
        if scalars.last == "\n" { scalars.removeLast() }
        if scalars.last == "\r" { scalars.removeLast() }
        return String(scalars)
    }

    /// Removes leading white space (Unicode `IsSpace`).
    func trimmingLeadingWhitespace() -> String {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.first, isSpace(first) else { return String(self) }
        return String(scalars.drop(while: isSpace))
    }

    /// Removes leading and trailing white space.
    func trimmingWhitespace() -> String {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
