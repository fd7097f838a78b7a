import DocsgenCore
import Foundation

/// A JSON value (or its absence) together with its place in the document as a JSON pointer (RFC 6901).
struct JSONNode: Sendable {
    /// The value; `nil` when the member or element does not exist.
    let value: JSONValue?
    /// `/0/Config/ExposedPorts/8000~1tcp`; empty for the document itself.
    let pointer: String

    /// The document root.
    init(root: JSONValue) {
        self.value = root
        self.pointer = ""
    }

    private init(value: JSONValue?, pointer: String) {
        self.value = value
        self.pointer = pointer
    }

    /// The member `key` of an object (absent when this is no object or has no such member).
    subscript(key: String) -> JSONNode {
        JSONNode(value: value?.objectValue?[key], pointer: pointer + "/" + Self.escape(key))
    }

    /// The element at `index` of an array (absent when this is no array or the index is out of range).
    subscript(index: Int) -> JSONNode {
        var element: JSONValue?
        if let elements = value?.arrayValue, elements.indices.contains(index) {
            element = elements[index]
        }
        return JSONNode(value: element, pointer: pointer + "/\(index)")
    }

    /// The pointer for messages: `/` for the root.
    var displayPointer: String { pointer.isEmpty ? "/" : pointer }

    /// RFC 6901 escaping of one reference token: `~` → `~0`, `/` → `~1`.
    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}

/// Reads typed fields out of ``JSONNode``s and records a warning for every field of the wrong type.
///
/// Absent members and `null` read as `nil` without a diagnostic; a member of another type reads as `nil` and
/// adds an `image.json-type` warning at line 1, column 1 of the file, naming the member by its JSON pointer.
struct JSONFieldReader {
    /// The file, for diagnostics.
    let path: String
    /// What was found so far.
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String) {
        self.path = path
    }

    /// Adds a diagnostic at line 1, column 1 of the file.
    mutating func report(_ severity: Severity, _ message: String, id: String) {
        diagnostics.append(Diagnostic(severity, message, id: id, at: SourceLocation(file: path, line: 1, column: 1)))
    }

    /// A string member.
    mutating func string(_ node: JSONNode) -> String? {
        switch node.value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        case let other?:
            mismatch(node, expected: "a string", found: other)
            return nil
        }
    }

    /// An integer member that fits `Int64` (a number with a fractional part is a mismatch).
    mutating func integer(_ node: JSONNode) -> Int64? {
        switch node.value {
        case nil, .null?: return nil
        case .integer(let value)?: return value
        case .number(let value)? where value.rounded() == value && abs(value) < 9.2e18:
            return Int64(value)
        case let other?:
            mismatch(node, expected: "an integer", found: other)
            return nil
        }
    }

    /// An object member.
    mutating func object(_ node: JSONNode) -> [String: JSONValue]? {
        switch node.value {
        case nil, .null?: return nil
        case .object(let members)?: return members
        case let other?:
            mismatch(node, expected: "an object", found: other)
            return nil
        }
    }

    /// An array member.
    mutating func array(_ node: JSONNode) -> [JSONValue]? {
        switch node.value {
        case nil, .null?: return nil
        case .array(let elements)?: return elements
        case let other?:
            mismatch(node, expected: "an array", found: other)
            return nil
        }
    }

    /// An array of strings; elements of another type are reported and left out.
    mutating func strings(_ node: JSONNode) -> [String]? {
        guard let elements = array(node) else { return nil }
        return elements.indices.compactMap { string(node[$0]) }
    }

    /// An object whose values are strings; members of another type are reported and left out.
    mutating func stringMap(_ node: JSONNode) -> [String: String]? {
        guard let members = object(node) else { return nil }
        var result: [String: String] = [:]
        for key in members.keys.sorted() {
            if let text = string(node[key]) {
                result[key] = text
            }
        }
        return result
    }

    private mutating func mismatch(_ node: JSONNode, expected: String, found: JSONValue) {
        report(
            .warning, "`\(node.displayPointer)` should be \(expected) but is \(found.kindDescription); it is ignored",
            id: "image.json-type"
        )
    }
}
