import Foundation
import Testing

/// `docsgen check --format json|github|sarif` and `check.tolerances`, on the bundled example with the
/// backend's USER changed (drift) or its build time nudged (noise).
@Suite("check formats and tolerances")
struct CheckFormatTests {
    static func drifted() throws -> Sandbox {
        let box = try Sandbox(bundledExample: ())
        let dockerfile = try box.read("Content/backend/Dockerfile")
        try box.write("Content/backend/Dockerfile", dockerfile.replacingOccurrences(of: "USER appuser", with: "USER nobody"))
        return box
    }

    @Test("github: one workflow command per changed fact at its source line, per file at its first differing line")
    func github() throws {
        let box = try Self.drifted()
        defer { box.remove() }
        let userLine = try #require(try box.read("Content/backend/Dockerfile").split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.hasPrefix("USER nobody") }) + 1
        let run = try box.run(["check", "--format", "github"])
        #expect(run.status == 1)
        #expect(run.stdout.contains(
            "::error file=Content/backend/Dockerfile,line=\(userLine),col=1,title=docsgen check%3A docsgen.fact-changed::images.backend.user "
                + "(backend: user of the runtime stage) changed: appuser → nobody; Output/ is out of date"), "\(run.stdout.prefix(2000))")
        #expect(run.stdout.contains("::error file=Output/security-summary.md,line=12,title=docsgen check%3A docsgen.file-differs::"))
        #expect(run.stdout.contains("Output/ is out of date: run `docsgen build` and commit the result."), "the readable report follows")
        #expect(!run.stdout.contains("::warning"), "no check fails: nobody is not root")
        // A check the facts disprove is a warning at its evidence.
        try box.write("Content/backend/Dockerfile", try box.read("Content/backend/Dockerfile").replacingOccurrences(of: "USER nobody", with: "USER root"))
        let root = try box.run(["check", "--format", "github"])
        #expect(root.stdout.contains("::warning file=Content/backend/Dockerfile,line=\(userLine),col=1,title=docsgen check%3A docsgen.check-failed::backend: ✗ Non-root user"),
                "\(root.stdout.prefix(3000))")
        // GITHUB_ACTIONS=true chooses the format.
        let automatic = try box.run(["check"], environment: ["NO_COLOR": "1", "GITHUB_ACTIONS": "true", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""])
        #expect(automatic.stdout.hasPrefix("::error "))
    }

    @Test("sarif: a SARIF 2.1.0 log with a result per finding, valid against the required structure")
    func sarif() throws {
        let box = try Self.drifted()
        defer { box.remove() }
        let run = try box.run(["check", "--format", "sarif"])
        #expect(run.status == 1)
        let log = try JSONValue.parse(Data(run.stdout.utf8))
        let schemaURL = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/sarif-2.1.0-required.schema.json")
        #expect(SchemaValidator(root: try JSONValue.parse(Data(contentsOf: schemaURL))).validate(log) == [])
        let results = log.object?["runs"]?.array?.first?.object?["results"]?.array ?? []
        let user = results.first { $0.object?["message"]?.object?["text"]?.string?.hasPrefix("images.backend.user ") == true }
        let location = user?.object?["locations"]?.array?.first?.object?["physicalLocation"]?.object
        #expect(location?["artifactLocation"]?.object?["uri"]?.string == "Content/backend/Dockerfile")
        #expect(location?["region"]?.object?["startLine"] != nil)
        #expect(user?.object?["level"]?.string == "error")
    }

    @Test("json: facts with sources and files with their status; a clean check says upToDate")
    func json() throws {
        let box = try Self.drifted()
        defer { box.remove() }
        let run = try box.run(["check", "--format", "json"])
        #expect(run.status == 1)
        let report = try JSONValue.parse(Data(run.stdout.utf8))
        #expect(report.object?["upToDate"] == .bool(false))
        let facts = report.object?["facts"]?.array ?? []
        #expect(facts.contains { $0.object?["key"]?.string == "images.backend.user" && $0.object?["new"]?.string == "nobody" })
        try box.write("Content/backend/Dockerfile", try box.read("Content/backend/Dockerfile").replacingOccurrences(of: "USER nobody", with: "USER appuser"))
        let clean = try box.run(["check", "--format", "json"])
        #expect(clean.status == 0)
        #expect(try JSONValue.parse(Data(clean.stdout.utf8)).object?["upToDate"] == .bool(true))
    }

    @Test("tolerances: a build time within 5 % passes and is reported; beyond it fails")
    func tolerances() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let config = try box.read("docsgen.yml")
        try box.write("docsgen.yml", config + "\ncheck:\n  tolerances:\n    - facts: \"images.*.build-*.seconds\"\n      within: 5%\n")
        // docsgen.yml is a deliverable of the completion report (its line count changed): rebuild first.
        #expect(try box.run(["build"]).status == 0)
        #expect(try box.run(["check"]).status == 0)
        let file = "Content/measurements/backend/1.0.0.measurement.json"
        let measurement = try box.read(file)
        #expect(measurement.contains("\"totalSeconds\": 300.9000000000001"))
        try box.write(file, measurement.replacingOccurrences(of: "\"totalSeconds\": 300.9000000000001", with: "\"totalSeconds\": 310.0"))
        let within = try box.run(["check"])
        #expect(within.status == 0, "\(within.stdout)")
        #expect(within.stdout.contains("images.backend.build-1.seconds (backend: build time (Content/measurements/backend/build.log)): 5m0.9s → 5m10s (within tolerance: ±5 %)"), "\(within.stdout)")
        let github = try box.run(["check", "--format", "github"])
        #expect(github.status == 0)
        #expect(github.stdout.contains("::notice file=Content/measurements/backend/build.log,title="))

        try box.write(file, measurement.replacingOccurrences(of: "\"totalSeconds\": 300.9000000000001", with: "\"totalSeconds\": 400.0"))
        let beyond = try box.run(["check"])
        #expect(beyond.status == 1)
        #expect(beyond.stdout.contains("images.backend.build-1.seconds"))
        #expect(!beyond.stdout.contains("within tolerance"))

        try box.write("docsgen.yml", config + "\ncheck:\n  tolerances:\n    - facts: \"images.*\"\n      within: lots\n")
        let bad = try box.run(["check"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("'within' must be a percentage such as 20%"))
    }
}
