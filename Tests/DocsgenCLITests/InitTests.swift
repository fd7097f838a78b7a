import DocsgenEngine
import Foundation
import Testing

/// `docsgen init` on repository layouts in `Fixtures/init/repos/` (written in the style of the docker/awesome-compose
/// samples), each compared with its golden `docsgen.yml` in `Fixtures/init/golden/` and then built.
@Suite("docsgen init", .serialized)
struct InitTests {
    // MARK: - Layouts

    /// A layout and what the test adds to its copy that a fixture cannot hold: git refuses to commit a `.git`
    /// folder and the package's `.gitignore` ignores `.build*`.
    struct Layout: CustomTestStringConvertible, Sendable {
        var name: String
        var extraFiles: [String: String] = [:]
        var testDescription: String { name }
    }

    static let layouts: [Layout] = [
        Layout(name: "nginx-flask-mysql"),
        Layout(name: "react-express-mongodb"),
        Layout(name: "containerfile-only"),
        Layout(name: "skipped-folders", extraFiles: [
            ".git/HEAD": "ref: refs/heads/main\n",
            ".git/modules/tool/Dockerfile": "FROM busybox\n",
            ".build/checkouts/dep/Dockerfile": "FROM swift:6.0\n",
            ".venv/lib/Dockerfile": "FROM python:3.12\n",
        ]),
        Layout(name: "compose-override-env", extraFiles: [".env": "POSTGRES_PASSWORD=real-secret-4b1d9\nNODE_TAG=22\n"]),
        Layout(name: "left-out"),
        Layout(name: "compose-dockerfile-name"),
    ]

    /// A fresh copy of a layout in a folder of the layout's name (the project title comes from it).
    static func sandbox(_ layout: Layout) throws -> Sandbox {
        let box = try Sandbox(copying: Sandbox.fixture("init/repos/\(layout.name)"), as: layout.name)
        for (path, text) in layout.extraFiles { try box.write(path, text) }
        return box
    }

    static func sandbox(named name: String) throws -> Sandbox {
        try sandbox(layouts.first { $0.name == name } ?? Layout(name: name))
    }

    /// A fresh copy of a layout after `docsgen init`, which is expected to succeed; the caller removes the copy.
    static func initialized(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (Sandbox, Sandbox.Run) {
        let box = try sandbox(named: name)
        let run = try box.run(["init"])
        #expect(run.status == 0, "\(run.stderr)", sourceLocation: sourceLocation)
        return (box, run)
    }

    @Test("init writes the golden docsgen.yml, prints one line per item, and docsgen build accepts it", arguments: layouts)
    func layout(_ layout: Layout) throws {
        let box = try Self.sandbox(layout)
        defer { box.remove() }
        let run = try box.run(["init"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("docsgen: wrote docsgen.yml (each item's comment says where it was found); next: docsgen build\n"))
        try Sandbox.expectGolden(try box.read("docsgen.yml"), "init/golden/\(layout.name).docsgen.yml")
        let build = try box.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(try box.run(["check"]).status == 0)
    }

    @Test("folders of dependencies, build output, virtual environments, test fixtures and hidden folders are not scanned")
    func skippedFolders() throws {
        let (box, run) = try Self.initialized("skipped-folders")
        defer { box.remove() }
        let dockerfiles = run.stdout.split(separator: "\n").filter { $0.contains("Dockerfile ") }
        #expect(dockerfiles == ["  Dockerfile  app/Dockerfile → app (named after its folder)"])
        let config = try box.read("docsgen.yml")
        for folder in ["node_modules", "vendor", "dist", "env/", "testdata", ".git", ".build", ".venv"] {
            #expect(!config.contains(folder), "\(folder) appears in docsgen.yml")
        }
    }

    @Test("a Dockerfile docsgen stops at is left commented out with its error, and the rest still builds")
    func leftOut() throws {
        let (box, run) = try Self.initialized("left-out")
        defer { box.remove() }
        #expect(run.stdout.contains("legacy/Dockerfile → legacy (named after its folder) — left out: legacy/Dockerfile:2:1: error: unknown instruction: FORM"))
        let config = try box.read("docsgen.yml")
        #expect(config.contains("  # - name: legacy\n  #   path: legacy/Dockerfile\n"))
        #expect(config.contains("  - name: api\n    path: api/Dockerfile\n"))
    }

    // MARK: - The bundled example

    @Test("init in a fresh copy of the bundled example's Content/ finds its images, stack, nginx, measurements and pages")
    func bundledContent() throws {
        let box = try Sandbox(copying: Sandbox.packageRoot.appendingPathComponent("Content"), as: "Content")
        defer { box.remove() }
        let run = try box.run(["init"])
        #expect(run.status == 0, "\(run.stderr)")
        let config = try box.read("docsgen.yml")
        for expected in [
            "  - name: backend\n    path: backend/Dockerfile\n", "  - name: frontend\n    path: frontend/Dockerfile\n",
            "  files:\n    - docker-compose.yml\n", "  env-files:", "    - .env.example\n", "  - frontend/nginx.conf ",
            "\nmeasurements: measurements\n", "\npages: pages\n", "  - optimization-guide ", "  - build-report ", "  - completion-report ",
        ] {
            #expect(config.contains(expected), "docsgen.yml lacks \(expected)")
        }
        #expect(!config.contains("Left out"), "\(config)")
        let build = try box.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(FileManager.default.fileExists(atPath: box.url("Output/build-report.md").path))
    }

    // MARK: - Refusals and secrets

    @Test("an existing docsgen.yml is refused without --force (exit 2, unchanged) and replaced with --force")
    func existingConfig() throws {
        let box = try Self.sandbox(named: "nginx-flask-mysql")
        defer { box.remove() }
        let mine = "# mine\nproject: hand-written\n"
        try box.write("docsgen.yml", mine)
        let refused = try box.run(["init"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("docsgen.yml already exists and was left unchanged; run `docsgen init --force` to replace it"))
        #expect(refused.stdout.isEmpty)
        #expect(try box.read("docsgen.yml") == mine)

        let forced = try box.run(["init", "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try box.read("docsgen.yml").hasPrefix("# docsgen configuration written by `docsgen init`"))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: box.root.path).filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test("-C DIR scans and writes there and names the next command with --config")
    func otherDirectory() throws {
        let box = try Self.sandbox(named: "nginx-flask-mysql")
        defer { box.remove() }
        let run = try box.run(["init", "-C", box.root.path], in: box.root.deletingLastPathComponent())
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("next: docsgen build --config \(box.root.path)/docsgen.yml"))
        #expect(try box.run(["build"]).status == 0)
    }

    @Test("a folder without a Dockerfile or compose file is an error (exit 2) and nothing is written")
    func nothingFound() throws {
        let box = try Self.sandbox(named: "empty")
        defer { box.remove() }
        try box.write("node_modules/x/Dockerfile", "FROM node:20\n")
        let before = try FileManager.default.contentsOfDirectory(atPath: box.root.path).sorted()
        let run = try box.run(["init"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("error: found no Dockerfile and no compose file in"))
        #expect(run.stderr.contains("nothing was written"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.root.path).sorted() == before)
    }

    @Test("a secret in .env never reaches docsgen.yml, init's output or the documents")
    func secretsStayOut() throws {
        let (box, run) = try Self.initialized("compose-override-env")
        defer { box.remove() }
        #expect(run.stdout.contains(" .env (not read: this machine's values and secrets)\n"))
        let build = try box.run(["build"])
        #expect(build.status == 0, "\(build.stderr)")
        let config = try box.read("docsgen.yml")
        #expect(config.contains("  env-files:                    # values for ${VARIABLES}: the committed template\n    - .env.example\n"))
        #expect(!config.contains("- .env\n"), "docsgen.yml must not make docsgen read .env")
        var texts = [("docsgen.yml", config), ("init output", run.stdout + run.stderr), ("build output", build.stdout + build.stderr)]
        texts += box.snapshot().map { ("Output\($0.key)", String(decoding: $0.value, as: UTF8.self)) }
        for (name, text) in texts {
            #expect(!text.contains("real-secret-4b1d9"), "the .env secret appears in \(name)")
            #expect(!text.contains("change-me"), "the template's password placeholder appears in \(name)")
        }
        let nginx = try Self.sandbox(named: "nginx-flask-mysql")
        defer { nginx.remove() }
        #expect(try nginx.run(["init"]).status == 0)
        #expect(try !nginx.read("docsgen.yml").contains("fixture-db-password"))
    }

    @Test("build, check and facts without docsgen.yml say to run docsgen init", arguments: ["build", "check", "facts"])
    func suggestsInit(_ command: String) throws {
        let box = try Self.sandbox(named: "containerfile-only")
        defer { box.remove() }
        let run = try box.run([command])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no docsgen.yml in"))
        #expect(run.stderr.contains("run `docsgen init` to write one"))
    }

    // MARK: - Names

    @Test("which file names are Dockerfiles", arguments: [
        ("Dockerfile", true), ("dockerfile", true), ("Containerfile", true), ("Dockerfile.dev", true), ("api.Dockerfile", true),
        ("Containerfile.arm64", true), ("Dockerfile.dockerignore", false), ("Dockerfile.md", false), ("Dockerfile.j2", false),
        ("Dockerfile~", false), (".Dockerfile", false), ("Dockerfile.", false), ("Dockerfiles", false), ("README.md", false),
    ])
    func dockerfileNames(_ name: String, _ isDockerfile: Bool) {
        #expect(RepositoryScan.isDockerfile(name) == isDockerfile)
    }
}
