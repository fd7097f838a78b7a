import DocsgenCore
import Foundation

/// A parsed JSON value, so that readers can look at any shape without trusting it.
///
/// Integers that fit `Int64` stay exact (`Size`, nanosecond durations); other numbers are `Double`.
enum JSONValue: Sendable, Hashable, Decodable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Deepest nesting accepted; docker, Trivy and syft output stays far below it, and the limit keeps decoding
    /// of a hostile file from exhausting the stack.
    static let maximumDepth = 64

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let elements = try? container.decode([JSONValue].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Why a file could not be parsed.
    enum ParseError: Error, Equatable {
        /// The data holds nothing but white space.
        case empty
        /// Arrays and objects nest deeper than ``JSONValue/maximumDepth``.
        case tooDeep
        /// Not JSON.
        case invalid
    }

    /// Parses a whole document (a leading UTF-8 byte order mark is skipped).
    static func parse(_ data: Data) throws(ParseError) -> JSONValue {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes = bytes.dropFirst(3)
        }
        guard bytes.contains(where: { !isJSONSpace($0) }) else { throw .empty }
        guard nestingDepth(of: bytes) <= maximumDepth else { throw .tooDeep }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw .invalid
        }
    }

    /// The deepest `[`/`{` nesting outside strings, counted without recursion.
    static func nestingDepth(of bytes: Data) -> Int {
        var depth = 0
        var deepest = 0
        var isInString = false
        var isEscaped = false
        for byte in bytes {
            if isInString {
                if isEscaped {
                    isEscaped = false
                } else if byte == UInt8(ascii: "\\") {
                    isEscaped = true
                } else if byte == UInt8(ascii: "\"") {
                    isInString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                isInString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
            default:
                break
            }
        }
        return deepest
    }

    private static func isJSONSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// `a string`, `a number`, … for messages.
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer, .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The members of an object, or `nil`.
    var objectValue: [String: JSONValue]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// The elements of an array, or `nil`.
    var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The text of a string, or `nil`.
    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

extension JSONValue.ParseError {
    /// The error diagnostic for a file that is not usable JSON (`image.invalid-json`, at 1:1).
    func diagnostic(path: String, expected: String) -> Diagnostic {
        let problem: String
        switch self {
        case .empty: problem = "is empty"
        case .tooDeep: problem = "nests arrays and objects deeper than \(JSONValue.maximumDepth) levels"
        case .invalid: problem = "is not valid JSON"
        }
        return Diagnostic(
            .error, "the file \(problem); expected \(expected)",
            id: "image.invalid-json", at: SourceLocation(file: path, line: 1, column: 1)
        )
    }
}
