/// Splits one line of comma-separated values the way Go's `encoding/csv` does (through BuildKit's
/// `go-csvvalue`), as `RUN --mount=` and `--device=` values are read.
enum CSVFields {
    struct Failure: Error {
        /// Go's `csv.ParseError` text, such as `parse error on line 1, column 6: bare " in non-quoted-field`.
        var message: String
    }

    /// The fields of `line`; quotes delimit a field that may hold commas, `""` inside one is a quote.
    ///
    /// - Throws: ``Failure`` for an empty line (`EOF`), a quote inside an unquoted field, or text after a
    ///   closing quote.
    static func split(_ line: String) throws(Failure) -> [String] {
        let bytes = Array(line.utf8)
        guard !bytes.isEmpty else { throw Failure(message: "EOF") }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
        var fields: [String] = []
        var position = 0
        while true {
            if position == bytes.count || bytes[position] != quote {
                let end = bytes[position...].firstIndex(of: comma) ?? bytes.count
                if let bare = bytes[position..<end].firstIndex(of: quote) {
                    throw error(column: bare + 1, "bare \" in non-quoted-field")
                }
                fields.append(String(decoding: bytes[position..<end], as: UTF8.self))
                guard end < bytes.count else { return fields }
                position = end + 1
                continue
            }
            position += 1
            var field: [UInt8] = []
            while true {
                guard let close = bytes[position...].firstIndex(of: quote) else {
                    throw error(column: position + 1, "extraneous or missing \" in quoted-field")
                }
                field += bytes[position..<close]
                position = close + 1
                if position < bytes.count, bytes[position] == quote {
                    field.append(quote)
                    position += 1
                    continue
                }
                if position == bytes.count {
                    fields.append(String(decoding: field, as: UTF8.self))
                    return fields
                }
                guard bytes[position] == comma else {
                    throw error(column: position, "extraneous or missing \" in quoted-field")
                }
                fields.append(String(decoding: field, as: UTF8.self))
                position += 1
                break
            }
        }
    }

    private static func error(column: Int, _ text: String) -> Failure {
        Failure(message: "parse error on line 1, column \(column): \(text)")
    }
}
