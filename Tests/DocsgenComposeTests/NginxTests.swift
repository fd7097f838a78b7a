import DocsgenCore
@testable import DocsgenCompose
import Foundation
import Testing

/// Each folder in `Fixtures/nginx/` is a small container `/etc/nginx/`: includes of `/etc/nginx/…` (and relative
/// includes) resolve inside the folder, `*` globs included.
@Suite("nginx configuration reader")
struct NginxTests {
    // MARK: - Fixtures

    static let fixturesURL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/nginx")

    static func reader(_ name: String) -> NginxConfigReader {
        let folder = fixturesURL.appendingPathComponent(name)
        return NginxConfigReader(
            readFile: { path in try? String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8) },
            resolveInclude: { argument, _ in resolve(argument, in: folder) })
    }

    static func resolve(_ argument: String, in folder: URL) -> [String] {
        let prefix = "/etc/nginx/"
        let relative: String
        if argument.hasPrefix(prefix) {
            relative = String(argument.dropFirst(prefix.count))
        } else if argument.hasPrefix("/") {
            return []
        } else {
            relative = argument
        }
        guard relative.contains("*") else {
            let exists = FileManager.default.fileExists(atPath: folder.appendingPathComponent(relative).path)
            return exists ? [relative] : []
        }
        // One `*` in the last path component, as in `conf.d/*.conf`.
        let slash = relative.lastIndex(of: "/")
        let directory = slash.map { String(relative[..<$0]) } ?? ""
        let pattern = slash.map { relative[relative.index(after: $0)...] } ?? relative[...]
        let parts = pattern.split(separator: "*", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let names = (try? FileManager.default.contentsOfDirectory(
            atPath: folder.appendingPathComponent(directory).path)) ?? []
        return names.filter { name in
            parts.count == 2 && name.count >= parts[0].count + parts[1].count
                && name.hasPrefix(parts[0]) && name.hasSuffix(parts[1])
        }.sorted().map { directory.isEmpty ? $0 : "\(directory)/\($0)" }
    }

    static func memoryReader(_ files: [String: String]) -> NginxConfigReader {
        NginxConfigReader(
            readFile: { files[$0] },
            resolveInclude: { argument, _ in files[argument] == nil ? [] : [argument] })
    }

    /// `Name=value [always] @file:line:column`: one string per header, so a test sees every field at once.
    static func summary(_ headers: [NginxHeader]) -> [String] {
        headers.map { "\($0.name)=\($0.value)\($0.always ? " always" : "") @\($0.location)" }
    }

    @Test("every fixture folder has a test below")
    func fixtureFolders() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixturesURL.path)
            .filter { !$0.hasPrefix(".") }
        #expect(Set(names) == [
            "server-headers", "http-inherited", "location-drops", "location-include-fix", "nested-locations",
            "include-glob", "include-cycle", "unbalanced-braces", "quoted-values", "if-in-location", "frontend",
        ])
    }

    // MARK: - Inheritance

    @Test("server-level headers, with and without always; a bare server file counts as the http level")
    func serverHeaders() throws {
        let (facts, diagnostics) = Self.reader("server-headers").read("default.conf")
        #expect(diagnostics.isEmpty)
        let result = try #require(facts)
        #expect(result.path == "default.conf")
        #expect(result.files == ["default.conf"])
        let server = try #require(result.servers.first)
        #expect(result.servers.count == 1)
        #expect(server.listen == ["8080", "[::]:8080 ipv6only=on"])
        #expect(server.serverNames == ["example.test", "www.example.test"])
        #expect(server.location == SourceLocation(file: "default.conf", line: 2, column: 1))
        let expected = [
            "X-Frame-Options=DENY always @default.conf:7:5", "X-Content-Type-Options=nosniff @default.conf:8:5",
        ]
        #expect(Self.summary(server.headers) == expected)
        #expect(server.locations.map(\.match) == ["/"])
        #expect(Self.summary(server.locations[0].headers) == expected)
        #expect(server.locations[0].setsOwnHeaders == false)
    }

    @Test("http-level headers reach a server without its own and not one with its own")
    func httpInherited() throws {
        let (facts, diagnostics) = Self.reader("http-inherited").read("nginx.conf")
        #expect(diagnostics.isEmpty)
        let servers = try #require(facts?.servers)
        #expect(servers.map(\.listen) == [["80"], ["81"]])
        let http = [
            "X-Frame-Options=SAMEORIGIN always @nginx.conf:6:5", "Referrer-Policy=no-referrer always @nginx.conf:7:5",
        ]
        #expect(Self.summary(servers[0].headers) == http)
        #expect(Self.summary(servers[0].locations[0].headers) == http)
        #expect(Self.summary(servers[1].headers) == ["X-Server=own @nginx.conf:17:9"])
        #expect(Self.summary(servers[1].locations[0].headers) == ["X-Server=own @nginx.conf:17:9"])
        #expect(servers[1].locations[0].setsOwnHeaders == false)
    }

    @Test("a location with its own Cache-Control drops the server's security headers")
    func locationDropsHeaders() throws {
        let server = try #require(Self.reader("location-drops").read("default.conf").0?.servers.first)
        #expect(server.headers.map(\.name) == ["X-Frame-Options", "Referrer-Policy"])
        let locations = server.locations
        #expect(locations.map(\.match) == ["/static/", "/"])
        #expect(locations[0].setsOwnHeaders)
        #expect(Self.summary(locations[0].headers) == ["Cache-Control=public, max-age=3600 @default.conf:8:9"])
        #expect(locations[0].location == SourceLocation(file: "default.conf", line: 6, column: 5))
        #expect(locations[1].setsOwnHeaders == false)
        #expect(locations[1].headers.map(\.name) == ["X-Frame-Options", "Referrer-Policy"])
    }

    @Test("including the snippet inside the location restores the headers, located in the snippet")
    func locationIncludeFix() throws {
        let (facts, diagnostics) = Self.reader("location-include-fix").read("default.conf")
        #expect(diagnostics.isEmpty)
        let result = try #require(facts)
        #expect(result.files == ["default.conf", "snippets/security-headers.conf"])
        let server = try #require(result.servers.first)
        let snippet = [
            "X-Frame-Options=SAMEORIGIN always @snippets/security-headers.conf:3:1",
            "X-Content-Type-Options=nosniff always @snippets/security-headers.conf:4:1",
        ]
        #expect(Self.summary(server.headers) == snippet)
        let location = try #require(server.locations.first)
        #expect(location.setsOwnHeaders)
        #expect(Self.summary(location.headers) == snippet + ["Cache-Control=public, max-age=3600 @default.conf:7:9"])
    }

    @Test("nested locations inherit from the nearest level that sets headers")
    func nestedLocations() throws {
        let server = try #require(Self.reader("nested-locations").read("default.conf").0?.servers.first)
        let locations = server.locations
        #expect(locations.map(\.match) == ["/outer/", "/outer/inner/", "/outer/inner/deep/", "/own/", "/own/child/"])
        #expect(locations.map { Self.summary($0.headers) } == [
            ["X-Server=s @default.conf:3:5"],
            ["X-Server=s @default.conf:3:5"],
            ["X-Deep=d always @default.conf:8:17"],
            ["X-Own=o @default.conf:14:9"],
            ["X-Own=o @default.conf:14:9"],
        ])
        #expect(locations.map(\.setsOwnHeaders) == [false, false, true, true, false])
    }

    @Test("add_header inside if: reported for a location without its own, ignored for one with its own")
    func ifInLocation() throws {
        let (facts, diagnostics) = Self.reader("if-in-location").read("default.conf")
        let locations = try #require(facts?.servers.first?.locations)
        #expect(Self.summary(locations[0].headers) == ["Content-Disposition=inline @default.conf:7:13"])
        #expect(locations[0].setsOwnHeaders)
        #expect(Self.summary(locations[1].headers) == ["Cache-Control=no-store @default.conf:12:9"])
        #expect(diagnostics.map(\.id) == ["nginx.if-add-header", "nginx.if-add-header"])
        #expect(diagnostics.map { $0.location?.line } == [6, 13])
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
    }

    // MARK: - Includes

    @Test("an include glob splices every matching server file in sorted order; a missing include is skipped")
    func includeGlob() throws {
        let (facts, diagnostics) = Self.reader("include-glob").read("nginx.conf")
        #expect(diagnostics.isEmpty)
        let result = try #require(facts)
        #expect(result.files == ["nginx.conf", "conf.d/a.conf", "conf.d/b.conf"])
        #expect(result.servers.map(\.serverNames) == [["a.test"], ["b.test"]])
        #expect(result.servers.map(\.location) == [
            SourceLocation(file: "conf.d/a.conf", line: 1, column: 1),
            SourceLocation(file: "conf.d/b.conf", line: 1, column: 1),
        ])
        #expect(Self.summary(result.servers[0].headers) == ["X-Global=g always @nginx.conf:3:5"])
        #expect(Self.summary(result.servers[1].headers) == ["X-B=b @conf.d/b.conf:4:5"])
    }

    @Test("an include cycle is a warning and reading goes on")
    func includeCycle() throws {
        let (facts, diagnostics) = Self.reader("include-cycle").read("nginx.conf")
        let result = try #require(facts)
        #expect(result.files == ["nginx.conf", "a.conf", "b.conf"])
        #expect(Self.summary(result.servers[0].headers) == ["X-A=a @a.conf:1:1", "X-B=b @b.conf:1:1"])
        let warning = try #require(diagnostics.first)
        #expect(diagnostics.count == 1)
        #expect(warning.id == "nginx.include-cycle")
        #expect(warning.severity == .warning)
        #expect(warning.location == SourceLocation(file: "b.conf", line: 2, column: 1))
        #expect(warning.message.contains("nginx.conf → a.conf → b.conf → a.conf"))
    }

    @Test("includes nested deeper than 16 levels stop with a warning")
    func includeDepth() throws {
        var files = ["main.conf": "server { listen 80; include f1; }"]
        for level in 1...20 {
            files["f\(level)"] = "add_header X-\(level) v;\ninclude f\(level + 1);\n"
        }
        let (facts, diagnostics) = Self.memoryReader(files).read("main.conf")
        let result = try #require(facts)
        #expect(result.files.count == 17)
        #expect(result.servers[0].headers.count == 16)
        #expect(diagnostics.map(\.id) == ["nginx.include-depth"])
        #expect(diagnostics.first?.location?.file == "f16")
    }

    // MARK: - Syntax

    @Test("an unclosed block is a syntax error at the block that is never closed")
    func unbalancedBraces() {
        let (facts, diagnostics) = Self.reader("unbalanced-braces").read("default.conf")
        #expect(facts == nil)
        #expect(diagnostics.map(\.id) == ["nginx.syntax"])
        #expect(diagnostics.first?.severity == .error)
        #expect(diagnostics.first?.location == SourceLocation(file: "default.conf", line: 1, column: 1))
    }

    struct SyntaxCase: Sendable, CustomTestStringConvertible {
        var text: String
        var line: Int
        var column: Int
        var testDescription: String { text.debugDescription }
    }

    @Test("syntax errors carry line and column", arguments: [
        SyntaxCase(text: "server {\n}\n}\n", line: 3, column: 1),
        SyntaxCase(text: "server {\n    add_header X \"open;\n}\n", line: 2, column: 18),
        SyntaxCase(text: "server {\n    listen 80\n}\n", line: 2, column: 5),
        SyntaxCase(text: "listen 80", line: 1, column: 1),
        SyntaxCase(text: "add_header X \"a\"b;", line: 1, column: 17),
        SyntaxCase(text: "\n  ;", line: 2, column: 3),
    ])
    func syntaxErrors(_ test: SyntaxCase) {
        let (facts, diagnostics) = Self.memoryReader(["x.conf": test.text]).read("x.conf")
        #expect(facts == nil)
        #expect(diagnostics.map(\.id) == ["nginx.syntax"])
        #expect(diagnostics.first?.location == SourceLocation(file: "x.conf", line: test.line, column: test.column))
    }

    @Test("blocks may nest 64 levels deep; one more is a syntax error, not a crash")
    func nestingCap() {
        func nested(_ depth: Int) -> String {
            String(repeating: "a {\n", count: depth) + String(repeating: "}\n", count: depth)
        }
        let limit = NginxParser.maxBlockDepth
        #expect(Self.memoryReader(["x.conf": nested(limit)]).read("x.conf").1.isEmpty)
        let (facts, diagnostics) = Self.memoryReader(["x.conf": nested(limit + 1)]).read("x.conf")
        #expect(facts == nil)
        #expect(diagnostics.map(\.id) == ["nginx.syntax"])
        #expect(diagnostics.first?.location == SourceLocation(file: "x.conf", line: limit + 1, column: 3))
    }

    @Test("add_header without a value is an error, but the facts remain")
    func addHeaderArguments() throws {
        let text = "server {\n    add_header X-Only;\n    add_header X-Ok ok;\n}\n"
        let (facts, diagnostics) = Self.memoryReader(["x.conf": text]).read("x.conf")
        #expect(diagnostics.map(\.id) == ["nginx.add-header"])
        #expect(diagnostics.first?.location == SourceLocation(file: "x.conf", line: 2, column: 5))
        #expect(try #require(facts).servers[0].headers.map(\.name) == ["X-Ok"])
    }

    @Test("a missing main file is an error")
    func missingMainFile() {
        let (facts, diagnostics) = Self.memoryReader([:]).read("nginx.conf")
        #expect(facts == nil)
        #expect(diagnostics.map(\.id) == ["nginx.read"])
    }

    @Test("quotes protect ; # and braces; escapes are processed; other backslashes stay")
    func quotedValues() throws {
        let (facts, diagnostics) = Self.reader("quoted-values").read("default.conf")
        #expect(diagnostics.isEmpty)
        let server = try #require(facts?.servers.first)
        #expect(Self.summary(server.headers) == [
            "Content-Security-Policy=default-src 'self'; img-src 'self' data: always @default.conf:3:5",
            "X-Note=semi; colon # not a comment {} always @default.conf:4:5",
            "X-Escaped=say \"hi\"\tnow @default.conf:5:5",
            "X-Quoted-Name=plain @default.conf:6:5",
            "X-Regex=^/a\\.b$ @default.conf:7:5",
        ])
    }

    // MARK: - The frontend image's configuration

    @Test("the frontend image: security headers on every location, Cache-Control where set")
    func frontend() throws {
        let (facts, diagnostics) = Self.reader("frontend").read("nginx.conf")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let result = try #require(facts)
        #expect(result.files == ["nginx.conf", "conf.d/default.conf", "snippets/security-headers.conf"])
        let server = try #require(result.servers.first)
        #expect(result.servers.count == 1)
        #expect(server.listen == ["3000 default_server"])
        #expect(server.serverNames == ["_"])
        #expect(server.location == SourceLocation(file: "conf.d/default.conf", line: 13, column: 1))

        let snippetLines = [9, 10, 11, 15, 17, 21]
        let security = server.headers
        #expect(security.map(\.name) == [
            "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Strict-Transport-Security",
            "Permissions-Policy", "Content-Security-Policy",
        ])
        #expect(security.map(\.location) == snippetLines.map {
            SourceLocation(file: "snippets/security-headers.conf", line: $0, column: 1)
        })
        #expect(security.allSatisfy { $0.always })
        #expect(security[0].value == "SAMEORIGIN")
        #expect(security[5].value.hasPrefix("default-src 'self'; script-src 'self';"))
        #expect(security[5].value.hasSuffix("frame-ancestors 'self'"))

        let staticMatch = "~* \\.(?:js|css|png|jpe?g|gif|svg|ico|webp|avif|woff2?|ttf|webmanifest|txt)$"
        #expect(server.locations.map(\.match) == [
            "= /healthz", "~ /\\.(?!well-known/)", "= /index.html", "^~ /assets/", staticMatch, "/", "= /50x.html",
        ])
        #expect(server.locations.map(\.location.line) == [31, 41, 51, 61, 72, 84, 92])
        let byMatch = Dictionary(uniqueKeysWithValues: server.locations.map { ($0.match, $0) })
        func cacheControl(_ value: String, line: Int) -> [String] {
            Self.summary(security) + ["Cache-Control=\(value) @conf.d/default.conf:\(line):9"]
        }
        // `/` itself falls back to /index.html, so its responses carry the index location's headers.
        #expect(byMatch["/"]?.headers == security)
        #expect(byMatch["= /index.html"].map { Self.summary($0.headers) } == cacheControl("no-cache", line: 53))
        #expect(byMatch[staticMatch].map { Self.summary($0.headers) }
            == cacheControl("public, max-age=604800", line: 74))
        #expect(byMatch["^~ /assets/"].map { Self.summary($0.headers) }
            == cacheControl("public, max-age=31536000, immutable", line: 63))
        #expect(byMatch["= /healthz"]?.headers == security)
        #expect(server.locations.map(\.setsOwnHeaders) == [false, false, true, true, true, false, false])
    }
}
