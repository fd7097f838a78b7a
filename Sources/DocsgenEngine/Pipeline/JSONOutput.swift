import Foundation

/// JSON as docsgen writes it: sorted keys, two-space indentation, `"key": value`, `[]` and `{}` for empty
/// containers, no escaped slashes, final new line. The same bytes on every platform.
package enum JSONOutput {
    package static func encode<T: Encodable>(_ value: T) throws(DocsgenError) -> Data {
        do {
            return try JSONWriter.encode(value)
        } catch {
            throw .encodingFailed(reason: "\(error)")
        }
    }

    /// The same bytes through Foundation's `JSONEncoder` and ``pretty(_:)``: the reference ``JSONWriter`` is
    /// tested against.
    package static func encodeWithFoundation<T: Encodable>(_ value: T) throws(DocsgenError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Data(pretty(try encoder.encode(value)).utf8)
        } catch {
            throw .encodingFailed(reason: "\(error)")
        }
    }

    package static func string<T: Encodable>(_ value: T) throws(DocsgenError) -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    /// Re-indents compact JSON. Strings are copied byte for byte.
    package static func pretty(_ compact: Data) -> String {
        let bytes = [UInt8](compact)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        var depth = 0
        var index = 0
        func newline() {
            out.append(0x0A)
            out.append(contentsOf: [UInt8](repeating: 0x20, count: depth * 2))
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                let start = index
                out.append(bytes[start])
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    switch bytes[index] {
                    case UInt8(ascii: "\\"):
                        out.append(bytes[index])
                        out.append(bytes[index + 1])
                        index += 2
                        continue
                    // As Go's encoder does: keep markup characters out of JSON that may be embedded in HTML.
                    case UInt8(ascii: "<"): out.append(contentsOf: Array("\\u003c".utf8))
                    case UInt8(ascii: ">"): out.append(contentsOf: Array("\\u003e".utf8))
                    default: out.append(bytes[index])
                    }
                    index += 1
                }
                if index < bytes.count { out.append(bytes[index]) }
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close: UInt8 = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                if index + 1 < bytes.count, bytes[index + 1] == close {
                    out.append(byte)
                    out.append(close)
                    index += 1
                } else {
                    out.append(byte)
                    depth += 1
                    newline()
                }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                newline()
                out.append(byte)
            case UInt8(ascii: ","):
                out.append(byte)
                newline()
            case UInt8(ascii: ":"):
                out.append(contentsOf: [UInt8(ascii: ":"), 0x20])
            default:
                out.append(byte)
            }
            index += 1
        }
        out.append(0x0A)
        return String(decoding: out, as: UTF8.self)
    }
}
