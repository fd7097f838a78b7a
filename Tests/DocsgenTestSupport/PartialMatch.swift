import Foundation

/// Compares an expected JSON value with an actual one: objects match on the expected keys only, arrays
/// must have the same length and match element by element, scalars must be equal.
public enum PartialMatch {
    /// Every mismatch as `path: message`; empty when `actual` matches.
    public static func mismatches(expected: Any, actual: Any, path: String) -> [String] {
        switch expected {
        case let object as [String: Any]:
            guard let actualObject = actual as? [String: Any] else { return ["\(path): expected an object, got \(describe(actual))"] }
            return object.keys.sorted().flatMap { key -> [String] in
                guard let value = actualObject[key] else { return ["\(path).\(key): missing"] }
                return mismatches(expected: object[key]!, actual: value, path: "\(path).\(key)")
            }
        case let array as [Any]:
            guard let actualArray = actual as? [Any] else { return ["\(path): expected an array, got \(describe(actual))"] }
            guard array.count == actualArray.count else {
                return ["\(path): expected \(array.count) elements, got \(actualArray.count): \(describe(actual))"]
            }
            return zip(array, actualArray).enumerated().flatMap { index, pair in
                mismatches(expected: pair.0, actual: pair.1, path: "\(path)[\(index)]")
            }
        case is NSNull:
            return actual is NSNull ? [] : ["\(path): expected null, got \(describe(actual))"]
        case let number as NSNumber:
            guard let other = actual as? NSNumber, !(actual is NSNull) else { return ["\(path): expected \(number), got \(describe(actual))"] }
            return number.doubleValue == other.doubleValue ? [] : ["\(path): expected \(number), got \(other)"]
        case let string as String:
            return (actual as? String) == string ? [] : ["\(path): expected \"\(string)\", got \(describe(actual))"]
        default:
            return ["\(path): unsupported expectation \(expected)"]
        }
    }

    static func describe(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject(value) || value is String || value is NSNumber || value is NSNull,
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys])
        else { return "\(value)" }
        let text = String(decoding: data, as: UTF8.self)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}
