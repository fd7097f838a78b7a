import DocsgenCore
@testable import DocsgenImage
import Foundation
import Testing

/// The sample measurements of the bundled example (copied from `Content/measurements/`) and small hand-written
/// files, all in `Fixtures/metadata/`. Expected values were computed independently with Python's `json` module
/// from the same files.
enum MetadataFixture {
    static let folder = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/metadata")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }

    /// `id@line:column` of each diagnostic.
    static func places(_ diagnostics: [Diagnostic]) -> [String] {
        diagnostics.map { "\($0.id)@\($0.location.map { "\($0.line):\($0.column)" } ?? "-")" }
    }
}

// MARK: - docker image inspect

@Suite("docker image inspect")
struct DockerInspectReaderTests {
    @Test("backend: ID, tag, size, configuration and layers")
    func backend() throws {
        let (read, diagnostics) = DockerInspectReader().read(
            try MetadataFixture.data("backend-inspect.json"), path: "backend-inspect.json")
        let image = try #require(read)
        #expect(diagnostics.isEmpty)
        #expect(image.id == "sha256:2fa314b799b6915c523eb09dd56f028747d7ac368cd665fdb7fec651bec1be94")
        #expect(image.tag == "thebot-backend:1.0.0")
        #expect(image.reportedSize == 358_932_483)
        let config = try #require(image.config)
        #expect(config.user == "appuser")
        #expect(config.exposedPorts == ["8000/tcp"])
        #expect(config.healthcheck == ["CMD-SHELL", "curl -f http://localhost:8000/api/system/health/ || exit 1"])
        #expect(config.healthcheckInterval == 30)
        #expect(config.healthcheckTimeout == 10)
        #expect(config.environment == [
            "PATH", "GPG_KEY", "PYTHON_VERSION", "PYTHON_SHA256", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED",
            "DJANGO_ENV", "DJANGO_SETTINGS_MODULE",
        ])
        #expect(config.cmd == ["daphne", "-b", "0.0.0.0", "-p", "8000", "config.asgi:application"])
        #expect(config.entrypoint == nil)
        #expect(config.workdir == "/app/backend")
        #expect(config.labels.count == 5)
        #expect(config.labels["org.opencontainers.image.version"] == "1.0.0")
        #expect(config.labels["org.opencontainers.image.source"] == "https://git.example.com/thebot/platform")
        #expect(image.diffIDs.count == 11)
        #expect(image.diffIDs.first == "sha256:96035f0ae03a97920ce4f7055717a592cc77a0537c41b753dba1a325051842f4")
        #expect(image.diffIDs.last == "sha256:fae4a3669af411439103521fe3f795b96ecd9b981d00f40e3cb9136763e5eb78")
        // The WORKDIR layer BuildKit committed empty: the well-known digest of the empty tar.
        #expect(image.diffIDs[7] == "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef")
    }

    @Test("frontend: inherited port 80, entrypoint, five-second timeout")
    func frontend() throws {
        let (read, diagnostics) = DockerInspectReader().read(
            try MetadataFixture.data("frontend-inspect.json"), path: "frontend-inspect.json")
        let image = try #require(read)
        #expect(diagnostics.isEmpty)
        #expect(image.id == "sha256:cc55c6e642a1310eec7a5cf213fe21fe2125f6bde7bcb52981838686f66339ee")
        #expect(image.tag == "thebot-frontend:1.0.0")
        #expect(image.reportedSize == 49_698_547)
        let config = try #require(image.config)
        #expect(config.user == "www-data")
        #expect(config.exposedPorts == ["3000/tcp", "80/tcp"])
        #expect(config.healthcheck == ["CMD-SHELL", "wget -qO- http://127.0.0.1:3000/healthz || exit 1"])
        #expect(config.healthcheckInterval == 30)
        #expect(config.healthcheckTimeout == 5)
        #expect(config.environment == [
            "PATH", "NGINX_VERSION", "PKG_RELEASE", "DYNPKG_RELEASE", "NJS_VERSION", "NJS_RELEASE",
        ])
        #expect(config.cmd == ["nginx", "-g", "daemon off;"])
        #expect(config.entrypoint == ["/docker-entrypoint.sh"])
        #expect(config.workdir == "/")
        #expect(config.labels.count == 6)
        #expect(config.labels["maintainer"] == "NGINX Docker Maintainers <docker-maint@nginx.com>")
        #expect(image.diffIDs.count == 13)
    }

    @Test("environment values are dropped", arguments: [
        ("backend-inspect.json", [
            "/opt/venv/bin:/usr/local/bin", "7169605F62C751356D054A26A821E680E5FA6305", "3.13.9",
            "ed5ef34cda36cfa2f3a340f07cac7e7814f91c7f3c411f6d3562323a866c5c66", "production", "config.settings",
        ]),
        ("frontend-inspect.json", ["/usr/local/sbin:/usr/local/bin", "1.27.5", "0.8.10"]),
    ])
    func environmentValues(_ name: String, _ values: [String]) throws {
        let data = try MetadataFixture.data(name)
        let image = try #require(DockerInspectReader().read(data, path: name).0)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let texts = [String(describing: image), String(decoding: try encoder.encode(image), as: UTF8.self)]

        // Every value of four characters or more in the file's `Env`, as well as the hand-picked ones.
        let raw = try #require(JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        let env = try #require((raw.first?["Config"] as? [String: Any])?["Env"] as? [String])
        var fileValues: [String] = []
        for entry in env {
            if let equals = entry.firstIndex(of: "="), entry[entry.index(after: equals)...].count >= 4 {
                fileValues.append(String(entry[entry.index(after: equals)...]))
            }
        }
        #expect(fileValues.count >= values.count)
        for value in values + fileValues {
            for text in texts {
                #expect(!text.contains(value), "an Env value leaked: \(value)")
            }
        }
    }

    @Test("a bare object, several images, an untagged image and default health-check durations")
    func shapes() throws {
        let object = #"{"Id": "sha256:1", "RepoTags": ["<none>:<none>"], "RootFS": {"Layers": ["sha256:a"]},"#
            + #" "Config": {"Healthcheck": {"Test": ["CMD", "true"], "Interval": 0}, "User": "", "WorkingDir": ""}}"#
        let (single, singleDiagnostics) = DockerInspectReader().read(Data(object.utf8), path: "one.json")
        #expect(singleDiagnostics.isEmpty)
        #expect(single?.id == "sha256:1")
        #expect(single?.tag == nil)
        #expect(single?.diffIDs == ["sha256:a"])
        #expect(single?.config?.healthcheck == ["CMD", "true"])
        #expect(single?.config?.healthcheckInterval == nil)
        #expect(single?.config?.user == nil)
        #expect(single?.config?.workdir == nil)
        #expect(single?.config?.exposedPorts == [])

        let two = #"[{"Id": "sha256:first", "RootFS": {}}, {"Id": "sha256:second", "RootFS": {}}]"#
        let (first, diagnostics) = DockerInspectReader().read(Data(two.utf8), path: "two.json")
        #expect(first?.id == "sha256:first")
        #expect(MetadataFixture.places(diagnostics) == ["image.inspect-multiple@1:1"])
        #expect(diagnostics.first?.severity == .warning)
    }

    @Test("fields of the wrong type are reported by JSON pointer and skipped")
    func wrongTypes() throws {
        let text = #"""
            [{"Id": 5, "Size": "big", "RepoTags": ["app:1"],
              "RootFS": {"Layers": ["sha256:a", 7]},
              "Config": {"User": ["root"], "Env": ["A=secret-value", 3, "=orphan", "B"], "ExposedPorts": "80/tcp",
                         "Labels": {"ok": "yes", "n": 1, "x/y~z": false},
                         "Healthcheck": {"Interval": -1, "Timeout": 1.5}}}]
            """#
        let (read, diagnostics) = DockerInspectReader().read(Data(text.utf8), path: "bad.json")
        let image = try #require(read)
        #expect(image.id == nil)
        #expect(image.tag == "app:1")
        #expect(image.reportedSize == nil)
        #expect(image.diffIDs == ["sha256:a"])
        let config = try #require(image.config)
        #expect(config.user == nil)
        #expect(config.environment == ["A", "B"])
        #expect(config.exposedPorts == [])
        #expect(config.labels == ["ok": "yes"])
        #expect(config.healthcheckInterval == nil)
        #expect(config.healthcheckTimeout == nil)
        #expect(!String(describing: image).contains("secret-value"))

        #expect(diagnostics.allSatisfy { $0.id == "image.json-type" && $0.severity == .warning })
        let start = DocsgenCore.SourceLocation(file: "bad.json", line: 1, column: 1)
        #expect(diagnostics.allSatisfy { $0.location == start })
        let messages = diagnostics.map(\.message).joined(separator: "\n")
        for pointer in [
            "`/0/Id`", "`/0/Size`", "`/0/RootFS/Layers/1`", "`/0/Config/User`", "`/0/Config/Env/1`",
            "`/0/Config/ExposedPorts`", "`/0/Config/Labels/n`", "`/0/Config/Labels/x~1y~0z`",
            "`/0/Config/Healthcheck/Interval`", "`/0/Config/Healthcheck/Timeout`",
        ] {
            #expect(messages.contains(pointer), "no diagnostic for \(pointer)")
        }
        #expect(diagnostics.count == 10)
    }

    @Test("files that are no inspect output", arguments: [
        ("", "image.invalid-json"),
        ("   \n", "image.invalid-json"),
        ("not json", "image.invalid-json"),
        ("[{\"Id\": ", "image.invalid-json"),
        ("[]", "image.unexpected-json"),
        ("[1, 2]", "image.unexpected-json"),
        ("\"sha256:1\"", "image.unexpected-json"),
        (String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000), "image.invalid-json"),
    ])
    func notInspect(_ text: String, _ id: String) {
        let (image, diagnostics) = DockerInspectReader().read(Data(text.utf8), path: "x.json")
        #expect(image == nil)
        #expect(MetadataFixture.places(diagnostics) == ["\(id)@1:1"])
        #expect(diagnostics.first?.severity == .error)
    }

    @Test("JSON pointer escaping")
    func pointerEscaping() {
        #expect(JSONNode.escape("8000/tcp") == "8000~1tcp")
        #expect(JSONNode.escape("a~/b") == "a~0~1b")
        #expect(JSONNode(root: .object(["a/b": .array([.null])]))["a/b"][0].pointer == "/a~1b/0")
    }
}

// MARK: - docker history

@Suite("docker history")
struct DockerHistoryReaderTests {
    @Test("backend: 24 entries bottom first, 10 with a size")
    func backend() throws {
        let (read, diagnostics) = DockerHistoryReader().read(
            try MetadataFixture.data("backend-history.jsonl"), path: "backend-history.jsonl")
        let layers = try #require(read)
        #expect(diagnostics.isEmpty)
        #expect(layers.count == 24)
        #expect(layers.map(\.index) == Array(0..<24))
        #expect(layers.filter { !$0.isEmpty }.count == 10)
        #expect(layers.indices.filter { !layers[$0].isEmpty } == [0, 3, 7, 8, 12, 13, 14, 16, 19, 20])
        #expect(layers.allSatisfy { $0.isEmpty == ($0.reportedSize == 0) })
        #expect(layers.compactMap(\.reportedSize).reduce(0, +) == 358_932_486)
        #expect(layers[0].createdBy == "ADD alpine-minirootfs-3.21.5-x86_64.tar.gz / # buildkit")
        #expect(layers[0].reportedSize == 7_840_000)
        #expect(layers[8].reportedSize == 36)
        #expect(layers[13].reportedSize == 2_450)
        #expect(layers[14].createdBy == "COPY /opt/venv /opt/venv # buildkit")
        #expect(layers[14].reportedSize == 184_000_000)
        #expect(layers[23].createdBy == #"CMD ["daphne" "-b" "0.0.0.0" "-p" "8000" "config.asgi:application"]"#)
        #expect(layers[23].isEmpty)
        // CreatedBy is kept as docker printed it (`\u0026` decoded to `&`, the `'\x03'` retries byte intact).
        #expect(layers[22].createdBy == #"HEALTHCHECK &{["CMD-SHELL" "curl -f http://localhost:8000/api/system/health/"#
            + #" || exit 1"] "30s" "10s" "40s" "0s" '\x03'}"#)
        #expect(layers.allSatisfy { $0.diffID == nil && $0.compressedSize == nil })
    }

    @Test("frontend: 29 entries, 13 with a size")
    func frontend() throws {
        let (read, diagnostics) = DockerHistoryReader().read(
            try MetadataFixture.data("frontend-history.jsonl"), path: "frontend-history.jsonl")
        let layers = try #require(read)
        #expect(diagnostics.isEmpty)
        #expect(layers.count == 29)
        #expect(layers.filter { !$0.isEmpty }.count == 13)
        #expect(layers.compactMap(\.reportedSize).reduce(0, +) == 49_701_546)
        #expect(layers[0].createdBy == "ADD alpine-minirootfs-3.21.3-x86_64.tar.gz / # buildkit")
        #expect(layers[18].reportedSize == 34_600_000)
        #expect(layers[23].createdBy == "COPY /app/dist /usr/share/nginx/html # buildkit")
        #expect(layers[23].reportedSize == 2_140_000)
    }

    @Test("a line that is not JSON is reported with its number and the rest is read")
    func badLine() throws {
        let (read, diagnostics) = DockerHistoryReader().read(
            try MetadataFixture.data("history-bad-line.jsonl"), path: "history-bad-line.jsonl")
        let layers = try #require(read)
        #expect(MetadataFixture.places(diagnostics) == ["image.history-line@2:1"])
        #expect(diagnostics.first?.severity == .error)
        #expect(diagnostics.first?.location?.file == "history-bad-line.jsonl")
        #expect(layers.map(\.createdBy) == [
            "ADD alpine-minirootfs-3.21.5-x86_64.tar.gz / # buildkit",
            "RUN /bin/sh -c pip install --no-cache-dir -r requirements.txt # buildkit",
            "COPY app.py /app/app.py # buildkit",
            #"CMD ["app"]"#,
        ])
        #expect(layers.map(\.reportedSize) == [3_050_000, 1_500_000_000, 1_200, 0])
        #expect(layers.map(\.isEmpty) == [false, false, false, true])
        #expect(layers.map(\.index) == [0, 1, 2, 3])
    }

    @Test("docker's sizes", arguments: [
        ("0B", 0), ("36B", 36), ("1.2kB", 1_200), ("2.45kB", 2_450), ("3.05MB", 3_050_000), ("145MB", 145_000_000),
        ("1.5GB", 1_500_000_000), ("2TB", 2_000_000_000_000), ("1e+03kB", 1_000_000), ("512", 512),
    ] as [(String, Int64)])
    func sizes(_ text: String, _ bytes: Int64) {
        #expect(DockerHistoryReader.bytes(fromDockerSize: text) == bytes)
    }

    @Test("not docker sizes", arguments: [
        "", "B", "MB", "-1B", "1.2KiB", "1.2 MB", "infB", "nanB", "0x10B", "1e400B", "12XB",
    ])
    func notSizes(_ text: String) {
        #expect(DockerHistoryReader.bytes(fromDockerSize: text) == nil)
    }

    @Test("entries that are no object, unreadable sizes, integer sizes and Windows line endings")
    func oddLines() throws {
        let text = "[1]\r\n"
            + "{\"CreatedBy\": \"RUN a\", \"Size\": \"huge\"}\r\n"
            + "{\"CreatedBy\": \"RUN b\", \"Size\": 512}\r\n"
            + "{\"Size\": \"0B\"}\r\n"
        let (read, diagnostics) = DockerHistoryReader().read(Data(text.utf8), path: "h.jsonl")
        let layers = try #require(read)
        #expect(MetadataFixture.places(diagnostics) == ["image.history-line@1:1", "image.history-size@2:1"])
        #expect(layers.map(\.createdBy) == [nil, "RUN b", "RUN a"])
        #expect(layers.map(\.reportedSize) == [0, 512, nil])
        #expect(layers.map(\.isEmpty) == [true, false, false])
    }

    @Test("an empty file or a file of bad lines gives no layers", arguments: ["", "\n\n", "garbage\n", "\u{FEFF}"])
    func empty(_ text: String) {
        let (layers, diagnostics) = DockerHistoryReader().read(Data(text.utf8), path: "h.jsonl")
        #expect(layers == nil)
        #expect(diagnostics.last?.id == "image.history-empty")
        #expect(diagnostics.containsErrors)
    }
}

// MARK: - BuildKit log

@Suite("BuildKit plain log")
struct BuildKitLogReaderTests {
    @Test("backend build: 20 steps, 13 of them Dockerfile steps, 300.9 s summed")
    func backendBuild() throws {
        let (read, diagnostics) = BuildKitLogReader().read(
            try MetadataFixture.data("backend-build.log"), path: "backend-build.log")
        let build = try #require(read)
        #expect(diagnostics.isEmpty)
        #expect(build.source == "backend-build.log")
        #expect(build.steps.map(\.number) == Array(1...20))
        #expect(abs(build.totalSeconds - 300.9) < 1e-9)
        #expect(build.steps.filter(\.isCached).isEmpty)
        #expect(!build.isFullyCached)
        #expect(build.steps.filter { $0.stage == "builder" }.count == 6)
        #expect(build.steps.filter { $0.stage == "runtime" }.count == 7)
        #expect(build.steps.filter { $0.stage == nil }.map(\.number) == [1, 2, 3, 4, 5, 7, 20])

        let pip = try #require(build.steps.first { $0.number == 13 })
        #expect(pip.seconds == 212.4)
        #expect(pip.line == 129)
        #expect(pip.stage == "builder")
        #expect(pip.name.hasPrefix("[builder 5/6] RUN pip install --no-cache-dir --upgrade pip==25.3"))
        // Step 8 is interrupted by steps 9 and 10 and printed again: one step, first line 49.
        let apk = try #require(build.steps.first { $0.number == 8 })
        #expect(apk.line == 49)
        #expect(apk.seconds == 38.6)
        let first = try #require(build.steps.first)
        #expect(first.name == "[internal] load build definition from Dockerfile")
        #expect(first.stage == nil)
        #expect(first.line == 3)
        let export = try #require(build.steps.last)
        #expect(export.name == "exporting to image")
        #expect(export.seconds == 14.6)
    }

    @Test("backend rebuild: 13 steps cached, 2.0 s summed")
    func backendCachedBuild() throws {
        let (read, diagnostics) = BuildKitLogReader().read(
            try MetadataFixture.data("backend-build-cached.log"), path: "backend-build-cached.log")
        let build = try #require(read)
        #expect(diagnostics.isEmpty)
        #expect(build.steps.count == 20)
        #expect(abs(build.totalSeconds - 2.0) < 1e-9)
        #expect(build.steps.filter(\.isCached).count == 13)
        #expect(build.steps.filter(\.isCached).allSatisfy { $0.seconds == 0 })
        let dockerfileSteps = build.steps.filter { $0.stage != nil }
        #expect(dockerfileSteps.count == 13)
        // Every Dockerfile step came from the cache except `FROM`, which BuildKit never prints as CACHED: with the
        // base image present it prints `DONE 0.0s`.
        let notCached = dockerfileSteps.filter { !$0.isCached }
        #expect(notCached.map(\.number) == [6])
        #expect(notCached.first?.name.hasPrefix("[builder 1/6] FROM ") == true)
        #expect(notCached.first?.seconds == 0)
        #expect(build.isFullyCached, "FROM steps report DONE 0.0s, never CACHED, and do not count")
    }

    @Test("a failed step gives one image.build-failed error at its ERROR line")
    func failedBuild() throws {
        let (read, diagnostics) = BuildKitLogReader().read(
            try MetadataFixture.data("build-error.log"), path: "build-error.log")
        let build = try #require(read)
        #expect(MetadataFixture.places(diagnostics) == ["image.build-failed@28:1"])
        #expect(diagnostics.first?.severity == .error)
        #expect(diagnostics.first?.message.contains("#7") == true)
        #expect(diagnostics.first?.message.contains("exit code: 1") == true)
        #expect(build.steps.map(\.number) == [1, 2, 3, 4, 5, 6, 7])
        #expect(build.steps.map(\.stage) == [nil, nil, nil, "builder", nil, "builder", "builder"])
        #expect(build.steps.map(\.isCached) == [false, false, false, false, false, true, false])
        #expect(build.steps.last?.seconds == 0)
        #expect(abs(build.totalSeconds - 0.8) < 1e-9)
    }

    @Test("without a step ERROR line, BuildKit's final `ERROR: failed to solve` is reported")
    func solveFailure() {
        let text = "#1 [internal] load build definition from Dockerfile\n#1 DONE 0.0s\n"
            + "ERROR: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory\n"
        let (build, diagnostics) = BuildKitLogReader().read(Data(text.utf8), path: "b.log")
        #expect(build?.steps.count == 1)
        #expect(MetadataFixture.places(diagnostics) == ["image.build-failed@3:1"])
        #expect(diagnostics.first?.message.contains("failed to read dockerfile") == true)
    }

    @Test("stages", arguments: [
        ("[builder 5/6] RUN pip install", "builder"),
        ("[stage-1 2/3] COPY . .", "stage-1"),
        ("[internal] load .dockerignore", nil),
        ("[internal 1/2] odd", nil),
        ("exporting to image", nil),
        ("[builder] RUN x", nil),
        ("[ 1/2] RUN x", nil),
        ("[builder 1/x] RUN x", nil),
        ("[builder 1/2 RUN x", nil),
    ] as [(String, String?)])
    func stage(_ name: String, _ stage: String?) {
        #expect(BuildKitLogReader.stage(ofStepNamed: name) == stage)
    }

    @Test("odd lines: CRLF, trailing spaces, huge step numbers, invalid UTF-8, DONE without a number")
    func oddLines() throws {
        var data = Data("#1 [base 1/2] FROM alpine  \r\n#1 DONE 1.5s\r\n#99999999999999999999 DONE 5.0s\r\n".utf8)
        data.append(contentsOf: [0x23, 0x32, 0x20, 0xFF, 0xFE, 0x0A])  // "#2 " and two invalid bytes
        data.append(Data("#2 DONE s\n#2 DONE -1s\n#3 DONE 2.25s\n#3 CACHED\n#\n# 1 DONE 9s\n".utf8))
        let (read, diagnostics) = BuildKitLogReader().read(data, path: "b.log")
        let build = try #require(read)
        #expect(diagnostics.isEmpty)
        #expect(build.steps.map(\.number) == [1, 2, 3])
        #expect(build.steps[0].name == "[base 1/2] FROM alpine")
        #expect(build.steps[0].stage == "base")
        #expect(build.steps[0].seconds == 1.5)
        #expect(build.steps[1].seconds == 0)
        #expect(build.steps[2].isCached)
        #expect(build.steps[2].seconds == 0)
        #expect(build.totalSeconds == 1.5)
    }

    @Test("a file without step lines is no BuildKit log", arguments: [
        "", "Step 1/5 : FROM alpine\n ---> abc\n", "#0\n",
    ])
    func notALog(_ text: String) {
        let (build, diagnostics) = BuildKitLogReader().read(Data(text.utf8), path: "b.log")
        #expect(build == nil)
        #expect(MetadataFixture.places(diagnostics) == ["image.buildkit-empty@1:1"])
    }
}

// MARK: - Trivy and syft

@Suite("Trivy and syft reports")
struct ScanReportTests {
    @Test("Trivy: nine findings, seven after de-duplication by vulnerability and package")
    func trivy() throws {
        let (report, diagnostics) = TrivyReportReader().read(try MetadataFixture.data("trivy.json"), path: "trivy.json")
        #expect(diagnostics.isEmpty)
        #expect(report?.counts == ["UNKNOWN": 1, "LOW": 2, "MEDIUM": 1, "HIGH": 2, "CRITICAL": 1])
        #expect(report?.scanned == ScannedImage(
            imageID: "sha256:2fa314b799b6915c523eb09dd56f028747d7ac368cd665fdb7fec651bec1be94", artifact: "thebot-backend:1.0.0"))
    }

    @Test("Trivy: no findings, an unknown severity, a missing one and wrong shapes")
    func trivyEdges() {
        let cleanReport = #"{"SchemaVersion": 2, "Results": [{"Target": "x"}]}"#
        let clean = TrivyReportReader().read(Data(cleanReport.utf8), path: "t")
        #expect(clean.0?.counts == ["UNKNOWN": 0, "LOW": 0, "MEDIUM": 0, "HIGH": 0, "CRITICAL": 0])
        #expect(clean.1.map(\.id) == ["image.trivy-unnamed"], "no Metadata.ImageID: the counts cannot be matched to an image")

        let odd = #"""
            {"SchemaVersion": 2, "Results": [{"Vulnerabilities": [
              {"VulnerabilityID": "CVE-1", "PkgName": "a", "Severity": "SEVERE"},
              {"VulnerabilityID": "CVE-2", "PkgName": "a", "Severity": "SEVERE"},
              {"VulnerabilityID": "CVE-3", "PkgName": "a"},
              {"VulnerabilityID": "CVE-4", "PkgName": "a", "Severity": "high"},
              {"PkgName": "b", "Severity": "LOW"},
              {"PkgName": "b", "Severity": "LOW"},
              "not an object"
            ]}]}
            """#
        let (report, diagnostics) = TrivyReportReader().read(Data(odd.utf8), path: "t.json")
        #expect(report?.counts == ["UNKNOWN": 3, "LOW": 2, "MEDIUM": 0, "HIGH": 1, "CRITICAL": 0])
        #expect(diagnostics.map(\.id) == ["image.trivy-severity", "image.json-type", "image.trivy-unnamed"])
        #expect(diagnostics[0].message.contains("`/Results/0/Vulnerabilities/0/Severity`"))
        #expect(diagnostics[1].message.contains("`/Results/0/Vulnerabilities/6`"))

        let array = TrivyReportReader().read(Data("[]".utf8), path: "t.json")
        #expect(array.0 == nil)
        #expect(MetadataFixture.places(array.1) == ["image.unexpected-json@1:1"])
        #expect(TrivyReportReader().read(Data("{".utf8), path: "t.json").1.map(\.id) == ["image.invalid-json"])
    }

    @Test("syft: three packages")
    func syft() throws {
        let (count, diagnostics) = SyftReportReader().read(try MetadataFixture.data("syft.json"), path: "syft.json")
        #expect(diagnostics.isEmpty)
        #expect(count == 3)
    }

    @Test("syft: artifacts that are no object, and files without artifacts")
    func syftEdges() {
        let oddReport = #"{"artifacts": [{}, 5, {"id": "x"}], "descriptor": {}}"#
        let odd = SyftReportReader().read(Data(oddReport.utf8), path: "s")
        #expect(odd.0 == 2)
        #expect(odd.1.map(\.id) == ["image.json-type"])
        for text in [#"{"descriptor": {}}"#, #"{"artifacts": {}}"#, "[]"] {
            let (count, diagnostics) = SyftReportReader().read(Data(text.utf8), path: "s.json")
            #expect(count == nil)
            #expect(diagnostics.last?.id == "image.unexpected-json")
            #expect(diagnostics.containsErrors)
        }
    }
}

// MARK: - Format detection

@Suite("metadata format detection")
struct MetadataFormatTests {
    @Test("every fixture", arguments: [
        ("backend-inspect.json", "docker-inspect"),
        ("frontend-inspect.json", "docker-inspect"),
        ("backend-history.jsonl", "docker-history"),
        ("frontend-history.jsonl", "docker-history"),
        ("history-bad-line.jsonl", "docker-history"),
        ("backend-build.log", "buildkit-log"),
        ("backend-build-cached.log", "buildkit-log"),
        ("build-error.log", "buildkit-log"),
        ("trivy.json", "trivy"),
        ("syft.json", "syft"),
    ])
    func fixture(_ name: String, _ format: String) throws {
        #expect(MetadataFormat.detect(data: try MetadataFixture.data(name), path: name) == format)
    }

    @Test("every fixture file is covered")
    func allFixturesListed() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: MetadataFixture.folder.path)
            .filter { !$0.hasPrefix(".") }
        #expect(names.count == 10)
        #expect(names.allSatisfy { (try? MetadataFormat.detect(data: MetadataFixture.data($0), path: $0)) != nil })
    }

    @Test("small documents", arguments: [
        (#"{"Id": "sha256:1", "RootFS": {}}"#, "docker-inspect"),
        (#"{"CreatedBy": "CMD [\"sh\"]", "Size": "0B"}"#, "docker-history"),
        ("\n\n{\"CreatedBy\": \"x\"}\nnot json\n", "docker-history"),
        ("Sending build context\n#1 [internal] load build definition from Dockerfile\n", "buildkit-log"),
        (#"{"SchemaVersion": 2, "Results": []}"#, "trivy"),
        (#"{"artifacts": [], "descriptor": {"name": "syft"}}"#, "syft"),
        ("", nil),
        ("{}", nil),
        ("[]", nil),
        (#"{"Id": "sha256:1"}"#, nil),
        ("# comment\n#1\n#x y\n", nil),
        ("plain text\n", nil),
    ] as [(String, String?)])
    func small(_ text: String, _ format: String?) {
        #expect(MetadataFormat.detect(data: Data(text.utf8), path: "file") == format)
    }

    @Test("format names match MeasurementSource's")
    func names() {
        #expect(MetadataFormat.allCases.map(\.rawValue) == [
            "docker-inspect", "docker-history", "buildkit-log", "trivy", "syft",
        ])
    }
}
