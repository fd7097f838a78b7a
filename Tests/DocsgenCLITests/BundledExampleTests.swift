import Foundation
import Testing

/// The acceptance checks of the bundled example, run on a copy of the repository's own `Content/` and `Output/`.
@Suite("bundled example", .serialized)
struct BundledExampleTests {
    @Test("the committed Output/ matches the bundled example")
    func committedOutputIsCurrent() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let check = try box.run(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("removing the backend's USER line: check exits 1 naming the non-root fact and the Dockerfile line")
    func removingUserIsDrift() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let dockerfile = try box.read("Content/backend/Dockerfile")
        let lines = dockerfile.split(separator: "\n", omittingEmptySubsequences: false)
        let userLine = try #require(lines.firstIndex { $0 == "USER appuser" }) + 1
        try box.write("Content/backend/Dockerfile", dockerfile.replacingOccurrences(of: "\nUSER appuser\n", with: "\n"))
        let check = try box.run(["check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("backend.runtime.user (backend: user of the runtime stage): appuser → root (no USER instruction)"))
        #expect(check.stdout.contains("(was Content/backend/Dockerfile:\(userLine):1)"))
        #expect(check.stdout.contains("Output/optimization-guide.md: differs"))
    }

    @Test("the guide's HTML has real tables, checkboxes, a contents list and fact links")
    func htmlStructure() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let html = try box.read("Output/html/optimization-guide.html")
        #expect(html.contains("<table>"))
        #expect(html.contains("<input type=\"checkbox\" checked=\"\" disabled=\"\" />"))
        #expect(html.contains("<nav class=\"toc\" aria-label=\"Contents\">"))
        #expect(html.contains("<a href=\"#fact-backend.runtime.user\"><code>appuser</code></a>"))
        #expect(html.contains("<tr id=\"fact-backend.runtime.user\">"))
    }
}

/// Drift in the stack: the compose file and the nginx configuration.
@Suite("bundled example: stack drift", .serialized)
struct StackDriftTests {
    @Test("removing a health check from the compose file: check exits 1 and names the fact")
    func removedHealthcheck() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let compose = try box.read("Content/docker-compose.yml")
        let edited = compose.replacingOccurrences(
            of: "    healthcheck:\n      test: [\"CMD\", \"redis-cli\", \"ping\"]\n", with: "    x-no-healthcheck:\n      test: [\"CMD\", \"redis-cli\", \"ping\"]\n")
        #expect(edited != compose)
        try box.write("Content/docker-compose.yml", edited)
        let check = try box.run(["check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("stack.service.redis.healthcheck (redis: health check): redis-cli ping → none"))
        try box.run(["build"])
        #expect(try box.read("Output/optimization-guide.md").contains("- [ ] **Health checks**: missing for `redis`"))
    }

    @Test("removing a security header from the nginx configuration: check exits 1 and names the header")
    func removedHeader() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let snippet = try box.read("Content/frontend/security-headers.conf")
        let edited = snippet.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.contains("X-Frame-Options") }.joined(separator: "\n")
        #expect(edited != snippet)
        try box.write("Content/frontend/security-headers.conf", edited)
        let check = try box.run(["check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("headers.listen-3000-default-server.x-frame-options (nginx listen 3000 default_server: X-Frame-Options): SAMEORIGIN → (no longer stated)"))
        try box.run(["build"])
        #expect(try box.read("Output/optimization-guide.md").contains("does not send `X-Frame-Options`"))
    }

    @Test("the stack diagram is written to Output/assets and inlined in the HTML page")
    func diagram() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let svg = try box.read("Output/assets/stack.svg")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        for service in ["backend", "frontend", "postgres", "redis"] { #expect(svg.contains(">\(service)</text>")) }
        #expect(try box.read("Output/optimization-guide.md").contains("![Services, networks and dependencies of the stack](assets/stack.svg)"))
        #expect(try box.read("Output/html/optimization-guide.html").contains("<figure class=\"chart\"><svg"))
    }
}

/// Measurements: recording one and noticing when it changes.
@Suite("bundled example: measurements", .serialized)
struct MeasurementDriftTests {
    @Test("a new measurement that changes an image's size makes check exit 1 and name the fact")
    func sizeChange() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let inspect = try box.read("Content/measurements/backend/inspect.json")
        try box.write("Content/measurements/backend/inspect.json", inspect.replacingOccurrences(of: "358932483", with: "412000000"))
        let measure = try box.run([
            "measure", "Content/measurements/backend/inspect.json", "Content/measurements/backend/history.jsonl",
            "Content/measurements/backend/build.log", "Content/measurements/backend/build-cached.log",
            "--image", "backend", "--release", "1.0.0",
        ])
        #expect(measure.status == 0, "\(measure.stderr)")
        #expect(measure.stdout.contains("recorded Content/measurements/backend/1.0.0.measurement.json"))
        let check = try box.run(["check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("images.backend.size (backend: image size (docker image inspect size)): 359 MB → 412 MB"))
        #expect(check.stdout.contains("images.backend.reduction"))
    }

    @Test("measure refuses a file that is neither an image nor recorded metadata, with exit 2")
    func unknownInput() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        try box.write("notes.txt", "hello")
        let run = try box.run(["measure", "notes.txt", "--image", "backend"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("notes.txt:1:1: error:"))
        #expect(run.stderr.contains("[image.unknown-format]"))
    }

    @Test("Trivy and syft reports recorded with a measurement appear in the build report")
    func scanReports() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        try box.write("scan/trivy.json", """
            {"SchemaVersion": 2, "Metadata": {"ImageID": "sha256:2fa314b799b6915c523eb09dd56f028747d7ac368cd665fdb7fec651bec1be94"},
             "Results": [{"Target": "x", "Vulnerabilities": [
              {"VulnerabilityID": "CVE-1", "PkgName": "a", "Severity": "HIGH"},
              {"VulnerabilityID": "CVE-1", "PkgName": "a", "Severity": "HIGH"},
              {"VulnerabilityID": "CVE-2", "PkgName": "b", "Severity": "LOW"}]}]}
            """)
        try box.write("scan/syft.json", """
            {"artifacts": [{"name": "a"}, {"name": "b"}, {"name": "c"}], "descriptor": {"name": "syft"}}
            """)
        let measure = try box.run([
            "measure", "Content/measurements/backend/inspect.json", "scan/trivy.json", "scan/syft.json",
            "--image", "backend", "--release", "1.1.0",
        ])
        #expect(measure.status == 0, "\(measure.stderr)")
        #expect(try box.run(["build"]).status == 0)
        let report = try box.read("Output/build-report.md")
        #expect(report.contains("Vulnerabilities (Trivy): [0](#fact-images.backend.vulnerabilities.critical) critical, [1](#fact-images.backend.vulnerabilities.high) high"))
        #expect(report.contains("Packages in the SBOM (syft): [3](#fact-images.backend.packages)"))
        #expect(report.contains("## Release history") && report.contains("| `1.1.0` |"), "1.0.0 and 1.1.0 are both recorded")
    }
}
