import Foundation
import Testing

/// Checks `docsgen facts --json` against `Sources/DocsgenCore/Facts/facts.schema.json`, the published format.
@Suite("facts JSON schema")
struct SchemaTests {
    /// The package root: the nearest folder above this file that holds `Package.swift`.
    static let packageRoot: URL = {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while folder.path != "/",
            !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
            folder.deleteLastPathComponent()
        }
        return folder
    }()

    /// `Sources/DocsgenCore/Facts/facts.schema.json`, parsed.
    static func schema() throws -> JSONValue {
        let url = packageRoot.appendingPathComponent("Sources/DocsgenCore/Facts/facts.schema.json")
        return try JSONValue.parse(Data(contentsOf: url))
    }

    /// The output of `docsgen facts --json` in a copy of the fixture project.
    static func factsOutput() throws -> JSONValue {
        let box = try Sandbox(fixture: "project")
        defer { box.remove() }
        let run = try box.run(["facts", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONValue.parse(Data(run.stdout.utf8))
    }

    @Test("docsgen facts --json on the fixture project conforms to facts.schema.json")
    func outputConforms() throws {
        let validator = SchemaValidator(root: try Self.schema())
        let errors = validator.validate(try Self.factsOutput())
        #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
    }

    @Test("the validator reports a renamed key")
    func renamedKeyIsRejected() throws {
        let output = try Self.factsOutput()
        var top = try #require(output.object)
        var dockerfiles = try #require(top["dockerfiles"]?.array)
        var first = try #require(dockerfiles.first?.object)
        first["stagez"] = first.removeValue(forKey: "stages")
        dockerfiles[0] = .object(first)
        top["dockerfiles"] = .array(dockerfiles)
        let validator = SchemaValidator(root: try Self.schema())
        let errors = validator.validate(.object(top))
        #expect(errors.contains("$.dockerfiles[0]: unexpected key \"stagez\""), "\(errors)")
        #expect(errors.contains("$.dockerfiles[0]: missing required key \"stages\""), "\(errors)")
    }

    @Test("every property in the schema has a non-empty description")
    func everyPropertyIsDescribed() throws {
        let properties = Self.properties(in: try Self.schema(), at: "#")
        #expect(properties.count > 50)
        let undescribed = properties.filter { property in
            let text = property.schema.object?["description"]?.string ?? ""
            return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        #expect(undescribed.isEmpty, "\(undescribed.map { $0.path })")
    }

    /// Every schema found under a `properties` keyword, with its JSON pointer.
    static func properties(in node: JSONValue, at path: String) -> [(path: String, schema: JSONValue)] {
        let children = node.object?.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            ?? node.array?.enumerated().map { ("\($0.offset)", $0.element) } ?? []
        var found: [(path: String, schema: JSONValue)] = []
        for (key, child) in children {
            if key == "properties", let properties = child.object {
                found += properties.sorted { $0.key < $1.key }
                    .map { (path: "\(path)/properties/\($0.key)", schema: $0.value) }
            }
            found += Self.properties(in: child, at: "\(path)/\(key)")
        }
        return found
    }
}

/// A parsed JSON value. Numbers are kept as `Double`; JSON Schema's `integer` is a number without a fraction.
enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Parses a JSON document.
    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    /// The members, if this is an object.
    var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    /// The elements, if this is an array.
    var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
    /// The text, if this is a string.
    var string: String? { if case .string(let value) = self { value } else { nil } }

    /// A short rendering for messages: scalars as JSON, containers by kind.
    var text: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return "\(value)"
        case .number(let value): return value == value.rounded() && abs(value) < 1e15 ? "\(Int(value))" : "\(value)"
        case .string(let value): return "\"\(value)\""
        case .array: return "array"
        case .object: return "object"
        }
    }
}

/// Checks a value against a JSON Schema (Draft 2020-12), supporting only the keywords `facts.schema.json` uses;
/// any other keyword is reported as an error rather than silently ignored.
struct SchemaValidator {
    static let keywords: Set<String> = [
        "$schema", "$id", "$defs", "$ref", "title", "description", "type", "properties", "required",
        "additionalProperties", "items", "enum", "const", "minimum", "anyOf",
    ]

    /// The whole schema; `$ref`s are JSON pointers into it (`#/$defs/Stage`).
    let root: JSONValue

    /// Every violation, each prefixed with the JSON path of the offending value (`$.dockerfiles[0]`).
    func validate(_ value: JSONValue) -> [String] {
        var errors: [String] = []
        check(value, against: root, at: "$", errors: &errors)
        return errors
    }

    private func check(_ value: JSONValue, against schema: JSONValue, at path: String, errors: inout [String]) {
        guard let rules = schema.object else {
            errors.append("\(path): the schema is not an object")
            return
        }
        for keyword in rules.keys.sorted() where !Self.keywords.contains(keyword) {
            errors.append("\(path): unsupported schema keyword \(keyword)")
        }
        if let reference = rules["$ref"]?.string {
            if let target = resolve(reference) {
                check(value, against: target, at: path, errors: &errors)
            } else {
                errors.append("\(path): cannot resolve \(reference)")
            }
        }
        if let choices = rules["anyOf"]?.array, !choices.contains(where: { conforms(value, to: $0, at: path) }) {
            errors.append("\(path): \(value.text) matches no schema of anyOf")
        }
        if let type = rules["type"] {
            let names = type.array?.compactMap(\.string) ?? type.string.map { [$0] } ?? []
            if !names.contains(where: { Self.matches(value, type: $0) }) {
                errors.append("\(path): expected \(names.joined(separator: " or ")), found \(value.text)")
            }
        }
        if let allowed = rules["enum"]?.array, !allowed.contains(value) {
            errors.append("\(path): \(value.text) is not one of \(allowed.map(\.text).joined(separator: ", "))")
        }
        if let constant = rules["const"], constant != value {
            errors.append("\(path): expected \(constant.text), found \(value.text)")
        }
        if let limit = rules["minimum"], case .number(let minimum) = limit, case .number(let number) = value,
            number < minimum {
            errors.append("\(path): \(value.text) is less than the minimum \(limit.text)")
        }
        if let object = value.object {
            let properties = rules["properties"]?.object ?? [:]
            for key in rules["required"]?.array?.compactMap(\.string) ?? [] where object[key] == nil {
                errors.append("\(path): missing required key \"\(key)\"")
            }
            for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                if let property = properties[key] {
                    check(child, against: property, at: "\(path).\(key)", errors: &errors)
                } else if rules["additionalProperties"] == .bool(false) {
                    errors.append("\(path): unexpected key \"\(key)\"")
                }
            }
        }
        if let items = rules["items"], let elements = value.array {
            for (index, element) in elements.enumerated() {
                check(element, against: items, at: "\(path)[\(index)]", errors: &errors)
            }
        }
    }

    private func conforms(_ value: JSONValue, to schema: JSONValue, at path: String) -> Bool {
        var errors: [String] = []
        check(value, against: schema, at: path, errors: &errors)
        return errors.isEmpty
    }

    /// Follows a local reference such as `#/$defs/Stage`.
    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        return reference.dropFirst(2).split(separator: "/").reduce(root as JSONValue?) { $0?.object?[String($1)] }
    }

    /// Whether `value` is of the JSON Schema type `type` (`integer`: a number without a fraction).
    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("number", .number), ("string", .string), ("array", .array),
            ("object", .object):
            return true
        case ("integer", .number(let number)):
            return number == number.rounded()
        default:
            return false
        }
    }
}
