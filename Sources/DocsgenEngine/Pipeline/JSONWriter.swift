import Foundation

/// docsgen's JSON encoder: an `Encoder` that collects values into a light tree and writes it once, in the
/// format of ``JSONOutput`` (keys sorted by their UTF-8 bytes, two-space indentation, `<`/`>` escaped).
///
/// It writes the same bytes as `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` followed by
/// ``JSONOutput/pretty(_:)`` (a test compares them on the bundled example and on generated values), in
/// less time: no boxing of every value in an enum of Foundation's, and one pass to write.
struct JSONWriter {
    enum Failure: Error, CustomStringConvertible {
        case notFinite(Double)

        var description: String {
            switch self {
            case let .notFinite(value): "\(value) is not a JSON number"
            }
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> Data {
        let root = Node()
        try Node.store(value, in: root)
        var out: [UInt8] = []
        out.reserveCapacity(1 << 16)
        write(root, depth: 0, into: &out)
        out.append(0x0A)
        return out.withUnsafeBytes { bytes in
            // One copy into memory `Data` owns (no doubling slack kept).
            guard let copy = malloc(max(bytes.count, 1)) else { return Data(bytes) }
            if let base = bytes.baseAddress { memcpy(copy, base, bytes.count) }
            return Data(bytesNoCopy: copy, count: bytes.count, deallocator: .free)
        }
    }

    // MARK: - Writing

    private static func write(_ node: Node, depth: Int, into out: inout [UInt8]) {
        switch node.kind {
        case .null: out += Array("null".utf8)
        case .bool(true): out += Array("true".utf8)
        case .bool(false): out += Array("false".utf8)
        case let .number(text): out += Array(text.utf8)
        case let .string(text): writeString(text, into: &out)
        case .array:
            guard !node.items.isEmpty else {
                out += [UInt8(ascii: "["), UInt8(ascii: "]")]
                return
            }
            out.append(UInt8(ascii: "["))
            for (index, item) in node.items.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(depth + 1, &out)
                write(item, depth: depth + 1, into: &out)
            }
            newline(depth, &out)
            out.append(UInt8(ascii: "]"))
        case .object:
            guard !node.members.isEmpty else {
                out += [UInt8(ascii: "{"), UInt8(ascii: "}")]
                return
            }
            out.append(UInt8(ascii: "{"))
            // Sorted by UTF-8 bytes, as JSONEncoder's `.sortedKeys`; a key encoded twice keeps its last value.
            let sorted = node.members.enumerated().sorted { first, second in
                first.element.key == second.element.key
                    ? first.offset < second.offset : first.element.key.utf8.lexicographicallyPrecedes(second.element.key.utf8)
            }
            var written = 0
            for (index, member) in sorted.enumerated() {
                if index + 1 < sorted.count, sorted[index + 1].element.key == member.element.key { continue }
                if written > 0 { out.append(UInt8(ascii: ",")) }
                written += 1
                newline(depth + 1, &out)
                writeString(member.element.key, into: &out)
                out += [UInt8(ascii: ":"), 0x20]
                write(member.element.node, depth: depth + 1, into: &out)
            }
            newline(depth, &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ depth: Int, _ out: inout [UInt8]) {
        out.append(0x0A)
        for _ in 0..<(depth * 2) { out.append(0x20) }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// JSONEncoder's escapes (`\"`, `\\`, `\b \t \n \f \r`, other controls as `\u00XX`), plus `<` and `>` as
    /// `\u003c`/`\u003e`, as Go's encoder does, so the JSON can sit inside HTML.
    private static func writeString(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x08: out += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x09: out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0C: out += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0x0D: out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "<"), UInt8(ascii: ">"), 0x00..<0x20:
                out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    // MARK: - The tree

    final class Node {
        enum Kind { case null, bool(Bool), number(String), string(String), array, object }
        var kind: Kind = .null
        var items: [Node] = []
        /// Object members in the order they were encoded.
        var members: [(key: String, node: Node)] = []

        /// Stores `value` in `node`: scalars directly, everything else through its `encode(to:)`.
        static func store<T: Encodable>(_ value: T, in node: Node) throws {
            switch value {
            case let text as String: node.kind = .string(text)
            case let flag as Bool: node.kind = .bool(flag)
            case let number as Int: node.kind = .number(String(number))
            case let number as Int64: node.kind = .number(String(number))
            case let number as Int32: node.kind = .number(String(number))
            case let number as UInt64: node.kind = .number(String(number))
            case let number as UInt: node.kind = .number(String(number))
            case let number as UInt32: node.kind = .number(String(number))
            case let number as Double: node.kind = .number(try Self.number(number))
            case let number as Float: node.kind = .number(try Self.number(Double(number), text: number.description))
            case let url as URL: node.kind = .string(url.absoluteString)
            case let data as Data: node.kind = .string(data.base64EncodedString())
            case let date as Date: node.kind = .number(try Self.number(date.timeIntervalSinceReferenceDate))
            case let decimal as Decimal: node.kind = .number(decimal.description)
            default: try value.encode(to: TreeEncoder(node: node))
            }
        }

        /// `description` without a trailing `.0`, as JSONEncoder writes numbers (`1e+21`, `0.1`, `100`).
        static func number(_ value: Double, text: String? = nil) throws -> String {
            guard value.isFinite else { throw Failure.notFinite(value) }
            var text = text ?? value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            return text
        }
    }

    struct TreeEncoder: Encoder {
        let node: Node
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object = node.kind {} else { node.kind = .object }
            return KeyedEncodingContainer(Keyed<Key>(node: node))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array = node.kind {} else { node.kind = .array }
            return Unkeyed(node: node)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { Single(node: node) }
    }

    struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey] { [] }

        private func child(_ key: Key) -> Node {
            let child = Node()
            node.members.append((key.stringValue, child))
            return child
        }

        mutating func encodeNil(forKey key: Key) throws { _ = child(key) }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try Node.store(value, in: child(key))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            TreeEncoder(node: child(key)).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            TreeEncoder(node: child(key)).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { TreeEncoder(node: child(Key(stringValue: "super")!)) }

        mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(node: child(key)) }
    }

    struct Unkeyed: UnkeyedEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey] { [] }
        var count: Int { node.items.count }

        private func next() -> Node {
            let child = Node()
            node.items.append(child)
            return child
        }

        mutating func encodeNil() throws { _ = next() }

        mutating func encode<T: Encodable>(_ value: T) throws {
            try Node.store(value, in: next())
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            TreeEncoder(node: next()).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            TreeEncoder(node: next()).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { TreeEncoder(node: next()) }
    }

    struct Single: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey] { [] }

        mutating func encodeNil() throws { node.kind = .null }

        mutating func encode<T: Encodable>(_ value: T) throws { try Node.store(value, in: node) }
    }
}
