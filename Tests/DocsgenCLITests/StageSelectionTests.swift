import Foundation
import Testing

/// Values that only the base image defines (`USER $APP_UID`), and the stage that is built (`--target`).
@Suite("base-image variables and build targets", .serialized)
struct StageSelectionTests {
    static func facts(_ box: Sandbox) throws -> [String: Any] {
        let data = try Data(contentsOf: box.url("Output/facts.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func stages(_ facts: [String: Any], _ index: Int = 0) throws -> [[String: Any]] {
        let dockerfiles = try #require(facts["dockerfiles"] as? [[String: Any]])
        return try #require(dockerfiles[index]["stages"] as? [[String: Any]])
    }

    @Test("USER $APP_UID with no definition is unresolved: the guide neither passes nor fails non-root and says why")
    func unresolvedUser() throws {
        let box = try Sandbox(fixture: "base-image-user")
        defer { box.remove() }
        let run = try box.run(["build"])
        #expect(run.status == 0, "\(run.stderr)")
        let user = try #require(try Self.stages(try Self.facts(box))[1]["user"] as? [String: Any])
        #expect(user["resolved"] as? Bool == false)
        #expect(user["unresolved"] as? [String] == ["APP_UID"])
        #expect(user["value"] as? String == "$APP_UID")
        let guide = try box.read("Output/optimization-guide.md")
        #expect(guide.contains("- [ ] **Non-root user**: not verified: `USER` at `Dockerfile` line 12 is [`$APP_UID`]"))
        #expect(guide.contains("set by the base image's `$APP_UID`"))
        #expect(guide.contains("`args: {APP_UID: …}`"))
        // The summary row says "not verified" in the non-root column, never ✓ or ✗.
        let row = try #require(guide.split(separator: "\n").first { $0.hasPrefix("| api |") })
        #expect(row.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }[5] == "not verified")
    }

    @Test("args in docsgen.yml give the base image's value: resolved and cited to docsgen.yml")
    func configuredUser() throws {
        let box = try Sandbox(fixture: "base-image-user")
        defer { box.remove() }
        try box.write("docsgen.yml", try box.read("docsgen.yml").replacingOccurrences(
            of: "    path: Dockerfile\n", with: "    path: Dockerfile\n    args:\n      APP_UID: \"1654\"\n"))
        let run = try box.run(["build"])
        #expect(run.status == 0, "\(run.stderr)")
        let facts = try Self.facts(box)
        let user = try #require(try Self.stages(facts)[1]["user"] as? [String: Any])
        #expect(user["resolved"] as? Bool == true)
        #expect(user["value"] as? String == "1654")
        #expect(user["configured"] as? [String] == ["APP_UID"])
        let dockerfile = try #require((facts["dockerfiles"] as? [[String: Any]])?.first)
        let given = try #require((dockerfile["baseEnvironment"] as? [[String: Any]])?.first)
        #expect(given["name"] as? String == "APP_UID")
        #expect((given["location"] as? [String: Any])?["line"] as? Int == 6)
        let guide = try box.read("Output/optimization-guide.md")
        #expect(guide.contains("- [x] **Non-root user**: the runtime stage runs as [`1654`]"))
        #expect(guide.contains("given in `docsgen.yml` for the base image"))
        #expect(guide.contains("`docsgen.yml:6:16`"), "the value is cited to its line in docsgen.yml")
    }

    @Test("a recorded docker image inspect shows the real user: resolved and cited to the measurement")
    func recordedUser() throws {
        let box = try Sandbox(fixture: "base-image-user")
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.url("measurements"), withIntermediateDirectories: true)
        let measure = try box.run(["measure", "inspect.json", "--image", "api", "--release", "1.0.0"])
        #expect(measure.status == 0, "\(measure.stderr)")
        let run = try box.run(["build"])
        #expect(run.status == 0, "\(run.stderr)")
        let guide = try box.read("Output/optimization-guide.md")
        #expect(guide.contains("- [x] **Non-root user**: `USER` at `Dockerfile` line 12 is [`$APP_UID`]"))
        #expect(guide.contains("the recorded image runs as [`1654`](#fact-api.image.user)"))
        #expect(guide.contains("`measurements/api/1.0.0.measurement.json#/config/user`"))

        // A recorded root user is a failure, not a pass.
        let inspect = try box.read("inspect.json").replacingOccurrences(of: "\"User\": \"1654\"", with: "\"User\": \"\"")
        try box.write("inspect.json", inspect)
        #expect(try box.run(["measure", "inspect.json", "--image", "api", "--release", "1.0.0"]).status == 0)
        #expect(try box.run(["build"]).status == 0)
        #expect(try box.read("Output/optimization-guide.md").contains("the recorded image runs as [`root`](#fact-api.image.user), which is root"))
    }

    @Test("compose build.target: the guide describes the stage compose builds, and both targets of one Dockerfile")
    func composeTarget() throws {
        let box = try Sandbox(fixture: "compose-target")
        defer { box.remove() }
        let run = try box.run(["build"])
        #expect(run.status == 0, "\(run.stderr)")
        let guide = try box.read("Output/optimization-guide.md")
        // The image of the last stage keeps the configured name (what `docker build` makes without --target).
        #expect(guide.contains("## Image: backend-builder\n"))
        #expect(guide.contains("## Image: backend\n"))
        #expect(guide.contains("the image is stage [`builder`](#fact-backend-builder.target), not the last one: compose service `backend` builds target `builder` (`compose.yaml:5:15`)."))
        #expect(guide.contains("the image is the last stage, [`dev-envs`](#fact-backend.target): compose service `devenv` builds target `dev-envs` (`compose.yaml:11:15`)."))
        #expect(guide.contains("The target needs 1 of the 2 stages"))
        let facts = try Self.facts(box)
        let dockerfiles = try #require(facts["dockerfiles"] as? [[String: Any]])
        #expect(dockerfiles.map { $0["name"] as? String } == ["backend-builder", "backend", "proxy"])
        #expect(dockerfiles[0]["finalStage"] as? Int == 0)
        #expect(dockerfiles[1]["finalStage"] as? Int == 1)
        #expect((dockerfiles[0]["target"] as? [String: Any])?["selectedBy"] as? String == "compose service backend")
        // The builder stage has no USER: root, a failure; the dev-envs stage runs as vscode.
        let sections = guide.components(separatedBy: "## Image: ")
        #expect(sections[1].contains("- [ ] **Non-root user**: the runtime stage `builder` runs as root"))
        #expect(sections[2].contains("- [x] **Non-root user**: the runtime stage runs as [`vscode`]"))
    }

    @Test("a target that names no stage is an error at its line, in docsgen.yml and in the compose file")
    func unknownTarget() throws {
        let box = try Sandbox(fixture: "compose-target")
        defer { box.remove() }
        try box.write("compose.yaml", try box.read("compose.yaml").replacingOccurrences(of: "target: builder", with: "target: buidler"))
        let compose = try box.run(["build"])
        #expect(compose.status == 2)
        #expect(compose.stderr.contains("compose.yaml:5:15: error: target stage 'buidler' could not be found in backend/Dockerfile (did you mean 'builder'?)"), "\(compose.stderr)")
        #expect(compose.stderr.contains("[compose.unknown-target]"))
        #expect(!FileManager.default.fileExists(atPath: box.url("Output").path))

        try box.write("compose.yaml", try box.read("compose.yaml").replacingOccurrences(of: "target: buidler", with: "target: builder"))
        try box.write("docsgen.yml", try box.read("docsgen.yml").replacingOccurrences(
            of: "    path: backend/Dockerfile\n", with: "    path: backend/Dockerfile\n    target: runtime\n"))
        let config = try box.run(["build"])
        #expect(config.status == 2)
        #expect(config.stderr.contains("docsgen.yml:5:13: error: target stage 'runtime' could not be found"), "\(config.stderr)")
        #expect(config.stderr.contains("[config.unknown-target]"))
    }

    @Test("target in docsgen.yml selects the stage as docker build --target does, over compose")
    func configTarget() throws {
        let box = try Sandbox(fixture: "compose-target")
        defer { box.remove() }
        try box.write("docsgen.yml", try box.read("docsgen.yml").replacingOccurrences(
            of: "    path: backend/Dockerfile\n", with: "    path: backend/Dockerfile\n    target: Dev-Envs\n"))
        let run = try box.run(["build"])
        #expect(run.status == 0, "\(run.stderr)")
        let guide = try box.read("Output/optimization-guide.md")
        #expect(guide.contains("the image is the last stage, [`dev-envs`](#fact-backend.target): `docsgen.yml` selects target `Dev-Envs` (`docsgen.yml:5:13`)."))
        #expect(!guide.contains("## Image: backend-"))
    }
}
