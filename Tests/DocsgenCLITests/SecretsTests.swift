import Foundation
import Testing

/// Secrets never reach a document: values from `.env` files and environment values of secret-looking
/// variables are shown by name only, unless `docsgen.yml` lists the variable as public.
@Suite("secrets stay out of documents", .serialized)
struct SecretsTests {
    /// Public variables of the bundled example (`compose.public` in docsgen.yml).
    static let publicVariables: Set<String> = ["APP_VERSION", "PYTHON_VERSION", "ENVIRONMENT"]

    /// Every assignment of an env file, by line.
    static func assignments(_ text: String) -> [(name: String, line: Int)] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { return nil }
            return (String(trimmed[..<equals]), index)
        }
    }

    @Test("no value of any non-public .env.example variable appears in Output/ or in facts --json")
    func envValuesStayHidden() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        // Give every non-public variable a value that cannot occur by chance, then look for it everywhere.
        var lines = try box.read("Content/.env.example").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var markers: [String: String] = [:]
        for (name, line) in Self.assignments(lines.joined(separator: "\n")) where !Self.publicVariables.contains(name) {
            let marker = "zq\(name.lowercased().filter(\.isLetter))vx"
            markers[name] = marker
            lines[line] = "\(name)=\(marker)"
        }
        #expect(markers.count > 50)
        try box.write("Content/.env.example", lines.joined(separator: "\n"))
        let build = try box.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        let facts = try box.run(["facts", "--json"])
        #expect(facts.status == 0)
        var outputs = box.snapshot().map { ("Output\($0.key)", String(decoding: $0.value, as: UTF8.self)) }
        outputs.append(("docsgen facts --json", facts.stdout))
        for (name, marker) in markers.sorted(by: { $0.key < $1.key }) {
            for (place, text) in outputs where text.contains(marker) {
                Issue.record("the value of \(name) appears in \(place)")
            }
        }
        // Public variables are allowed through: the image tags show APP_VERSION's value.
        #expect(try box.read("Output/optimization-guide.md").contains("thebot-backend:1.0.0"))
    }

    @Test("values of PASSWORD, SECRET, TOKEN and KEY variables never appear, even written in the compose file")
    func secretNamedValuesStayHidden() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let compose = try box.read("Content/docker-compose.yml")
        // A literal secret written straight into the compose file, and one given only by name.
        let edited = compose.replacingOccurrences(
            of: "      REDISCLI_AUTH: ${REDIS_PASSWORD}",
            with: "      REDISCLI_AUTH: ${REDIS_PASSWORD}\n      API_TOKEN: literal-token-zqtokvx\n      SIGNING_KEY: literal-key-zqkeyvx")
        #expect(edited != compose)
        try box.write("Content/docker-compose.yml", edited)
        #expect(try box.run(["build"]).status == 0)
        let facts = try box.run(["facts", "--json"])
        let texts = box.snapshot().map { String(decoding: $0.value, as: UTF8.self) } + [facts.stdout]
        for secret in ["literal-token-zqtokvx", "literal-key-zqkeyvx", "change-me"] {
            #expect(!texts.contains { $0.contains(secret) }, "\(secret) leaked")
        }
        #expect(facts.stdout.contains("\"API_TOKEN\""), "the variable is still listed by name")
        // No NAME=value with a secret-looking name anywhere: Dockerfile steps, image history and build logs are redacted.
        let assignment = try Regex("[A-Za-z0-9_]*(PASSWORD|SECRET|TOKEN|KEY)[A-Za-z0-9_]*=[^*\\s\"]")
        for text in texts {
            let found = text.matches(of: assignment).map { String(text[$0.range]) }
            #expect(found.isEmpty, "secret assignments left: \(found.prefix(3))")
        }
    }

    @Test("facts --show-values is the explicit way to see values")
    func showValues() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let run = try box.run(["facts", "--json", "--show-values", "--env-file", "Content/.env.example", "Content/docker-compose.yml"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("change-me"))
    }
}
