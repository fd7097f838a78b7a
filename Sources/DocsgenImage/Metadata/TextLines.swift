import Foundation

/// The lines of a file, split on line feeds without decoding it first.
///
/// A UTF-8 byte order mark at the start and a carriage return before each line feed are dropped; a final line
/// feed does not start another line. Line numbers are 1-based.
struct TextLines: Sendable {
    /// Each line with its 1-based number.
    let lines: [(number: Int, bytes: Data)]

    /// Splits `data`.
    init(_ data: Data) {
        var body = data
        if body.starts(with: [0xEF, 0xBB, 0xBF]) {
            body = body.dropFirst(3)
        }
        var result: [(number: Int, bytes: Data)] = []
        var pieces = body.split(separator: 0x0A, omittingEmptySubsequences: false)
        if pieces.count > 1, pieces.last?.isEmpty == true {
            pieces.removeLast()
        }
        for (offset, piece) in pieces.enumerated() {
            var line = piece
            if line.last == 0x0D {
                line = line.dropLast()
            }
            result.append((offset + 1, Data(line)))
        }
        lines = result
    }

    /// Each line decoded as UTF-8 (invalid bytes become U+FFFD) with its 1-based number.
    var texts: [(number: Int, text: String)] {
        lines.map { ($0.number, String(decoding: $0.bytes, as: UTF8.self)) }
    }

    /// Whether a line holds only spaces and tabs.
    static func isBlank(_ bytes: Data) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }
}
