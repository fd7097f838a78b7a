import Foundation
import Testing

/// End-to-end checks of the `completion-report` plugin: the status it claims, vulnerability scanning from a
/// recorded Trivy report, release ordering, files compared with `completion.since` through git, and drift.
@Suite("completion report", .serialized)
struct CompletionReportTests {
    /// The backend's recorded 1.0.0 inspect output and history, the sources of every new release below.
    private static let backendInspect = "Content/measurements/backend/inspect.json"
    private static let backendHistory = "Content/measurements/backend/history.jsonl"

    /// The status line of the bundled example as committed (four items no recorded fact can prove).
    private static let committedStatus = "**Status**: **Not production ready** (not verified: backend vulnerability scanning, "
        + "backend registry push, frontend vulnerability scanning, frontend registry push)"

    /// What docsgen runs with when it must find git: the test's PATH as well as NO_COLOR.
    private static var gitEnvironment: [String: String] {
        ["NO_COLOR": "1", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"]
    }

    @Test("the committed report says Not production ready, names what is not verified and never claims Production ready")
    func committedReportIsNotProductionReady() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let report = try box.read("Output/completion-report.md")
        #expect(report.contains("**Not production ready**"))
        #expect(report.contains(Self.committedStatus), "header, checklist and conclusion all show the computed status")
        #expect(report.contains(
            "- [ ] *not verified*: `backend`: **Vulnerability scanning**: no Trivy report is recorded. Record one: "
                + "`trivy image --format json IMAGE > trivy.json && docsgen measure trivy.json --image backend --release X` (with the image's other sources)."))
        #expect(report.contains(
            "- *Not verified*: `backend`: **Vulnerability scanning**: no Trivy report is recorded."), "listed under known issues")
        #expect(!report.contains("Production ready**: every item"), "docsgen must never claim production ready with an open item")
        // A ticked box is never ✗ or not verified, and an unticked one is never ✓.
        let contradictions = report.split(separator: "\n").filter {
            $0.hasPrefix("- [x] ✗") || $0.hasPrefix("- [x] *not verified*") || $0.hasPrefix("- [x] (not verified)") || $0.hasPrefix("- [ ] ✓")
        }
        #expect(contradictions.isEmpty, "\(contradictions)")
    }

    @Test("a Trivy report with a CRITICAL finding makes backend vulnerability scanning fail and the status name it under failed")
    func criticalFindingFails() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        try Self.recordTrivy(box, release: "1.1.0", findings: [("CVE-2025-0001", "openssl", "CRITICAL"), ("CVE-2025-0002", "zlib", "LOW")])
        let build = try box.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        let report = try box.read("Output/completion-report.md")
        let failure = "`backend`: **Vulnerability scanning**: Trivy reports [1](#fact-images.backend.vulnerabilities.critical) critical "
            + "vulnerabilities in release `1.1.0`; fix them or set `completion.fail-on` deliberately."
        #expect(report.contains("- [ ] ✗ " + failure), "the production-readiness checklist")
        #expect(report.contains("- ✗ " + failure), "known issues and recommendations")
        #expect(report.contains(
            "**Status**: **Not production ready** (failed: backend vulnerability scanning; not verified: backend registry push, "
                + "frontend vulnerability scanning, frontend registry push)"))
        #expect(!report.contains("no Trivy report is recorded. Record one: `trivy image --format json IMAGE > trivy.json && docsgen measure trivy.json --image backend"))
        #expect(report.contains("**Release**: `backend` [`1.1.0`](#fact-images.backend.release)"), "the newest release is described")
    }

    @Test("a Trivy report with only LOW findings proves backend vulnerability scanning")
    func lowFindingsPass() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        try Self.recordTrivy(box, release: "1.1.0", findings: [("CVE-2025-0002", "zlib", "LOW"), ("CVE-2025-0003", "busybox", "LOW")])
        let build = try box.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        let report = try box.read("Output/completion-report.md")
        #expect(report.contains("- [x] ✓ `backend`: **Vulnerability scanning**: Trivy finds no critical vulnerability in release `1.1.0`."))
        #expect(report.contains(
            "**Status**: **Not production ready** (not verified: backend registry push, frontend vulnerability scanning, frontend registry push)"))
        #expect(!report.contains("failed:"))
    }

    @Test("a Trivy report of another image is refused by measure; one that names no image proves no scan of this one")
    func scanOfAnotherImage() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let other = "sha256:" + String(repeating: "e", count: 64)
        try Self.writeTrivy(box, imageID: other, findings: [("CVE-2025-0002", "zlib", "LOW")])
        let refused = try box.run(["measure", Self.backendInspect, Self.backendHistory, "scan/trivy.json", "--image", "backend", "--release", "1.1.0"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains(
            "scan/trivy.json:1:1: error: scan/trivy.json scanned image \(other) (`thebot-backend:scanned`), not the measured image \(Self.backendImageID)"))
        #expect(refused.stderr.contains("[image.trivy-other-image]"))
        #expect(!FileManager.default.fileExists(atPath: box.url("Content/measurements/backend/1.1.0.measurement.json").path))

        try Self.writeTrivy(box, imageID: nil, findings: [("CVE-2025-0002", "zlib", "LOW")])
        let unnamed = try box.run(["measure", Self.backendInspect, Self.backendHistory, "scan/trivy.json", "--image", "backend", "--release", "1.1.0"])
        #expect(unnamed.status == 0, "\(unnamed.stderr)")
        #expect(unnamed.stderr.contains("scan/trivy.json:1:1: warning: the Trivy report has no `Metadata.ImageID`"))
        #expect(try box.run(["build"]).status == 0)
        let report = try box.read("Output/completion-report.md")
        #expect(report.contains(
            "- [ ] *not verified*: `backend`: **Vulnerability scanning**: the recorded Trivy report does not name the image it scanned "
                + "(no `Metadata.ImageID`)."))
        #expect(!report.contains("Trivy finds no critical vulnerability"))
        #expect(try box.read("Output/build-report.md").contains("*Not verified for this image*: the recorded Trivy report does not name"))
    }

    @Test("completion.fail-on: HIGH makes a HIGH finding fail; without it the same report passes")
    func failOnHigh() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        try Self.recordTrivy(box, release: "1.1.0", findings: [("CVE-2025-0004", "libcurl", "HIGH")])
        #expect(try box.run(["build"]).status == 0)
        let before = try box.read("Output/completion-report.md")
        #expect(before.contains("- [x] ✓ `backend`: **Vulnerability scanning**: Trivy finds no critical vulnerability in release `1.1.0`."),
                "CRITICAL is the default threshold")

        let config = try box.read("docsgen.yml")
        let edited = config.replacingOccurrences(of: "  date: \"2025-12-27\"\n", with: "  date: \"2025-12-27\"\n  fail-on: HIGH\n")
        #expect(edited != config)
        try box.write("docsgen.yml", edited)
        let build = try box.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        let report = try box.read("Output/completion-report.md")
        #expect(report.contains(
            "- [ ] ✗ `backend`: **Vulnerability scanning**: Trivy reports [1](#fact-images.backend.vulnerabilities.high) high "
                + "vulnerabilities in release `1.1.0`; fix them or set `completion.fail-on` deliberately."))
        #expect(report.contains("(failed: backend vulnerability scanning; not verified: backend registry push"))
    }

    @Test("releases 1.9.0 and 1.10.0 are ordered by version in the tables and charts; 1.10.0 is the one described")
    func releaseOrdering() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        // 1.10.0 first: neither the recording order nor the file names ("1.10.0…" sorts before "1.9.0…") give the right order.
        for release in ["1.10.0", "1.9.0"] {
            let measure = try box.run([
                "measure", Self.backendInspect, Self.backendHistory, "--image", "backend", "--release", release,
            ])
            #expect(measure.status == 0, "\(measure.stderr)")
            #expect(measure.stdout.contains("recorded Content/measurements/backend/\(release).measurement.json"))
        }
        let build = try box.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")

        for document in ["Output/build-report.md", "Output/completion-report.md"] {
            let text = try box.read(document)
            let older = try #require(text.range(of: "| `1.9.0` |"), "\(document) lists 1.9.0")
            let newer = try #require(text.range(of: "| `1.10.0` |"), "\(document) lists 1.10.0")
            #expect(older.lowerBound < newer.lowerBound, "\(document): 1.9.0 comes before 1.10.0")
            let previous = try #require(text.range(of: "| `1.0.0` |"))
            #expect(previous.lowerBound < older.lowerBound, "\(document): 1.0.0 comes before 1.9.0")
        }
        let report = try box.read("Output/completion-report.md")
        #expect(report.contains("**Release**: `backend` [`1.10.0`](#fact-images.backend.release), `frontend` [`1.0.0`](#fact-images.frontend.release)"))
        #expect(report.contains("since `1.9.0` (now [359 MB](#fact-images.backend.releases.1-10-0.size))"))

        for chart in ["Output/assets/release-history.svg", "Output/assets/completion-history.svg"] {
            #expect(FileManager.default.fileExists(atPath: box.url(chart).path), "\(chart) is written")
            let svg = try box.read(chart)
            #expect(svg.contains("<polyline"))
            let older = try #require(svg.range(of: ">1.9.0</text>"), "\(chart) labels 1.9.0")
            let newer = try #require(svg.range(of: ">1.10.0</text>"), "\(chart) labels 1.10.0")
            #expect(older.lowerBound < newer.lowerBound, "\(chart): 1.9.0 is left of 1.10.0")
        }
    }

    @Test("completion.since in a real git repository: modified, new and unchanged files with lines added and removed")
    func filesSinceRevision() throws {
        let box = try Sandbox(emptyProject: ())
        defer { box.remove() }
        try box.write("app/Dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl\nCMD [\"sh\"]\n")
        try box.write("README.md", "A tiny project.\n")
        try Sandbox.git(["init", "--quiet"], in: box.root)
        try Sandbox.git(["add", "app/Dockerfile", "README.md"], in: box.root)
        try Sandbox.git([
            "-c", "user.name=docsgen tests", "-c", "user.email=tests@docsgen.invalid", "-c", "commit.gpgsign=false",
            "commit", "--quiet", "-m", "first",
        ], in: box.root)
        let first = try Self.gitOutput(["rev-parse", "HEAD"], in: box.root)
        #expect(first.count == 40, "\(first)")

        // One line replaced (−1, +1) and one added (+1): +2 −1. A new file listed under completion.files.
        try box.write("app/Dockerfile", "FROM alpine:3.20\nRUN apk add --no-cache curl wget\nUSER nobody\nCMD [\"sh\"]\n")
        try box.write("notes/DEPLOY.md", "# Deploy\n\nRun the image.\n")
        try box.write("docsgen.yml", """
            project: Tiny
            dockerfiles:
              - name: app
                path: app/Dockerfile
            plugins: [optimization-guide, completion-report]
            completion:
              since: \(first)
              files:
                - path: notes/DEPLOY.md
                  role: deployment notes
                - path: README.md
                  role: project readme

            """)
        let build = try box.run(["build"], environment: Self.gitEnvironment)
        #expect(build.status == 0, "\(build.stdout)\(build.stderr)")
        let report = try box.read("Output/completion-report.md")
        #expect(report.contains(
            "Compared with `\(first)` (commit `\(first.prefix(12))`), read with `git`; line counts are of the files as they are now."))

        let modified = try #require(Self.table("Modified files", in: report), "\(report)")
        #expect(modified.contains(
            "| `app/Dockerfile` | Dockerfile of image app | [4](#fact-files.app-dockerfile.lines) | [+2](#fact-files.app-dockerfile.added) | [−1](#fact-files.app-dockerfile.removed) |"),
            "\(modified)")
        let new = try #require(Self.table("New files", in: report), "\(report)")
        #expect(new.contains(
            "| `notes/DEPLOY.md` | deployment notes | [3](#fact-files.notes-deploy-md.lines) | [+3](#fact-files.notes-deploy-md.added) | [−0](#fact-files.notes-deploy-md.removed) |"),
            "\(new)")
        #expect(new.contains("| `docsgen.yml` | docsgen configuration |"), "docsgen.yml was not committed")
        #expect(!new.contains("app/Dockerfile"))
        let unchanged = try #require(Self.table("Unchanged files", in: report), "\(report)")
        #expect(unchanged.contains(
            "| `README.md` | project readme | [1](#fact-files.readme-md.lines) | [+0](#fact-files.readme-md.added) | [−0](#fact-files.readme-md.removed) |"))
        #expect(try box.run(["check"], environment: Self.gitEnvironment).status == 0)
    }

    @Test("an unknown revision in completion.since exits 2 at its line and column and writes nothing")
    func unknownRevision() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let config = try box.read("docsgen.yml")
        let lines = config.split(separator: "\n", omittingEmptySubsequences: false)
        let sinceLine = try #require(lines.firstIndex { $0.hasPrefix("  since: ") }) + 1
        let edited = config.replacingOccurrences(of: "  since: bdb523c3f91ecf1b5351b6c57f18849a590bf52b\n", with: "  since: no-such-revision\n")
        #expect(edited != config)
        try box.write("docsgen.yml", edited)
        let before = box.snapshot()
        #expect(!before.isEmpty)
        let build = try box.run(["build"], environment: Self.gitEnvironment)
        #expect(build.status == 2)
        // The value starts after "  since: " (9 characters): column 10.
        #expect(build.stderr.contains("docsgen.yml:\(sinceLine):10: error: unknown revision 'no-such-revision' in `completion.since`"), "\(build.stderr)")
        #expect(build.stderr.contains("[completion.unknown-revision]"))
        #expect(build.stderr.contains("docsgen: error: 1 error in the input; nothing was written"))
        #expect(box.snapshot() == before, "Output/ is unchanged")
    }

    @Test("release selection: an unknown release is an error at its line; facts.json of a release leaves out later ones")
    func releaseSelection() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let config = try box.read("docsgen.yml")
        try box.write("docsgen.yml", "release: 9.9.9\n" + config)
        let unknown = try box.run(["build"], environment: Self.gitEnvironment)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("docsgen.yml:1:10: error: release '9.9.9' is not recorded for any image; recorded: 0.8.0, 0.9.0, 1.0.0"), "\(unknown.stderr)")
        let cli = try box.run(["build", "--release", "9.9.9"], environment: Self.gitEnvironment)
        #expect(cli.stderr.contains("error: release '9.9.9' is not recorded"), "\(cli.stderr)")
        #expect(!cli.stderr.contains("docsgen.yml:1:10"), "a release given on the command line is not located in docsgen.yml")

        try box.write("docsgen.yml", config)
        let build = try box.run(["build", "--release", "0.9.0"], environment: Self.gitEnvironment)
        #expect(build.status == 0, "\(build.stderr)")
        let facts = try box.read("Output/facts.json")
        #expect(facts.contains("\"release\": \"0.9.0\""))
        #expect(!facts.contains("\"release\": \"1.0.0\""), "1.0.0 is later than the release described")
    }

    @Test("completion.since must name one commit: `^HEAD` and a range are refused at their line and column")
    func sinceNamesOneCommit() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let config = try box.read("docsgen.yml")
        for revision in ["\"^HEAD\"", "HEAD~1..HEAD"] {
            try box.write("docsgen.yml", config.replacingOccurrences(of: "  since: bdb523c3f91ecf1b5351b6c57f18849a590bf52b\n", with: "  since: \(revision)\n"))
            let build = try box.run(["build"], environment: Self.gitEnvironment)
            #expect(build.status == 2, "\(revision): \(build.stderr)")
            #expect(build.stderr.contains(":44:10: error: unknown revision"), "\(revision): \(build.stderr)")
        }
    }

    @Test("completion.files: absolute paths, paths that leave the project, links out of it and folders are located errors")
    func completionFilesStayInside() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let config = try box.read("docsgen.yml")
        let entry = "    - path: Content/scripts/build-images.sh\n"
        #expect(config.contains(entry))
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("docsgen-outside-\(UUID().uuidString)")
        try "secret\n".write(to: outside, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createSymbolicLink(at: box.url("Content/linked.txt"), withDestinationURL: outside)
        let cases: [(String, String)] = [
            ("/etc/passwd", "completion.files path '/etc/passwd' is absolute"),
            ("Content/../../x", "completion.files path 'Content/../../x' leaves the project folder"),
            ("Content/linked.txt", "completion.files path 'Content/linked.txt' is a symbolic link that leaves the project folder"),
            ("Content/scripts", "completion.files path 'Content/scripts' is a folder"),
        ]
        for (path, message) in cases {
            try box.write("docsgen.yml", config.replacingOccurrences(of: entry, with: "    - path: \(path)\n"))
            let build = try box.run(["build"], environment: Self.gitEnvironment)
            #expect(build.status == 2, "\(path)")
            #expect(build.stderr.contains("docsgen.yml:46:13: error: \(message)"), "\(path): \(build.stderr)")
            #expect(build.stderr.contains("[config.invalid-path]"))
        }
    }

    @Test("a repository git refuses for its owner is reported as that, with the fix, not as 'not a repository'",
          .enabled(if: getuid() == 0, "needs root to give the repository another owner"))
    func dubiousOwnership() throws {
        let box = try Sandbox(emptyProject: ())
        defer { box.remove() }
        try box.write("app/Dockerfile", "FROM alpine:3.20\n")
        try box.write("docsgen.yml", "project: Tiny\ndockerfiles:\n  - name: app\n    path: app/Dockerfile\nplugins: [completion-report]\ncompletion:\n  since: HEAD\n")
        try Sandbox.git(["init", "--quiet"], in: box.root)
        let chown = Process()
        chown.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        chown.arguments = ["chown", "-R", "65534:65534", box.root.path]
        try chown.run()
        chown.waitUntilExit()
        try #require(chown.terminationStatus == 0)
        // A HOME without a git configuration, so no `safe.directory` of the machine applies.
        var environment = Self.gitEnvironment
        environment["HOME"] = box.root.path
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        let build = try box.run(["build"], environment: environment)
        #expect(build.status == 2)
        #expect(build.stderr.contains("git refuses the repository because another user owns it"), "\(build.stderr)")
        #expect(build.stderr.contains("safe.directory"))
        #expect(!build.stderr.contains("is not inside a git repository"))
    }

    @Test("changing the backend's 1.0.0 size changes the report's numbers, and check names the facts and the report")
    func measurementChangeIsDrift() throws {
        let box = try Sandbox(bundledExample: ())
        defer { box.remove() }
        let inspect = try box.read(Self.backendInspect)
        let edited = inspect.replacingOccurrences(of: "\"Size\": 358932483", with: "\"Size\": 412000000")
        #expect(edited != inspect)
        try box.write("scan/inspect.json", edited)
        let measure = try box.run([
            "measure", "scan/inspect.json", Self.backendHistory,
            "Content/measurements/backend/build.log", "Content/measurements/backend/build-cached.log",
            "--image", "backend", "--release", "1.0.0",
        ])
        #expect(measure.status == 0, "\(measure.stderr)")
        #expect(measure.stdout.contains("recorded Content/measurements/backend/1.0.0.measurement.json"))

        let check = try box.run(["check"])
        #expect(check.status == 1)
        #expect(check.stdout.contains("images.backend.size (backend: image size (docker image inspect size)): 359 MB → 412 MB"), "\(check.stdout)")
        #expect(check.stdout.contains("images.backend.reduction (backend: size reduction (docker image inspect size)): 62.2 % → 56.6 %"))
        #expect(check.stdout.contains(
            "images.backend.releases.1-0-0.change (backend: change of release 1.0.0 from the release before (docker image inspect size)): −12 MB (−3.2 %) → +41.1 MB (+11.1 %)"))
        #expect(check.stdout.contains("  Output/completion-report.md: differs"))

        let build = try box.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        let report = try box.read("Output/completion-report.md")
        #expect(report.contains(
            "- [x] ✓ `backend`: **Size reduction**: [950 MB](#fact-images.backend.baseline-size) → [412 MB](#fact-images.backend.size) "
                + "([56.6 %](#fact-images.backend.reduction) smaller, docker image inspect size, from exact bytes)."))
        #expect(report.contains(
            "`backend` [+41.1 MB (+11.1 %)](#fact-images.backend.releases.1-0-0.change) since `0.9.0` (now [412 MB](#fact-images.backend.releases.1-0-0.size))"))
        #expect(!report.contains("[359 MB](#fact-images.backend.size)"))
        #expect(try box.run(["check"]).status == 0)
    }
}

extension CompletionReportTests {
    /// Writes a Trivy JSON report with `findings` (id, package, severity) and records it for backend
    /// `release` with the backend's inspect output and history.
    private static func recordTrivy(_ box: Sandbox, release: String, findings: [(String, String, String)]) throws {
        try writeTrivy(box, imageID: backendImageID, findings: findings)
        let measure = try box.run([
            "measure", backendInspect, backendHistory, "scan/trivy.json", "--image", "backend", "--release", release,
        ])
        #expect(measure.status == 0, "\(measure.stderr)")
        #expect(measure.stdout.contains("recorded Content/measurements/backend/\(release).measurement.json"))
    }

    /// The image ID in the backend's recorded inspect output.
    private static let backendImageID = "sha256:2fa314b799b6915c523eb09dd56f028747d7ac368cd665fdb7fec651bec1be94"

    /// Writes `scan/trivy.json`: a Trivy report of `imageID` (no `Metadata` when `nil`) with `findings`.
    private static func writeTrivy(_ box: Sandbox, imageID: String?, findings: [(String, String, String)]) throws {
        let entries = findings.map { "{\"VulnerabilityID\": \"\($0.0)\", \"PkgName\": \"\($0.1)\", \"Severity\": \"\($0.2)\"}" }
        let metadata = imageID.map { "\"ArtifactName\": \"thebot-backend:scanned\", \"Metadata\": {\"ImageID\": \"\($0)\"}, " } ?? ""
        try box.write("scan/trivy.json", """
            {"SchemaVersion": 2, \(metadata)"Results": [{"Target": "x", "Vulnerabilities": [
              \(entries.joined(separator: ",\n  "))]}]}
            """)
    }

    /// The Markdown table whose first header is `title`, up to the blank line after it.
    private static func table(_ title: String, in text: String) -> String? {
        guard let start = text.range(of: "\n| \(title) |") else { return nil }
        let rest = text[start.lowerBound...].dropFirst()
        let end = rest.range(of: "\n\n")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    /// Runs `git` with `arguments` and returns its standard output without the trailing newline.
    private static func gitOutput(_ arguments: [String], in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            throw Sandbox.GitFailure(arguments: arguments, message: "exit \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

private extension Sandbox {
    /// An empty temporary folder for a project the test writes itself.
    init(emptyProject: Void) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("docsgen-completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }
}
