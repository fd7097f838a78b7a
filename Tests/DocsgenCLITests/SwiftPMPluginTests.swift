import Foundation
import Testing

/// The SwiftPM command plugin (`Plugins/DocsgenCommand`) in a sample package that depends on docsgen by
/// path: `swift package docsgen build` writes the documents, `… docsgen check` passes, then fails with the
/// executable's exit code 1 after a change. Builds docsgen once more inside the sample (about 30 s here).
@Suite("SwiftPM command plugin", .serialized)
struct SwiftPMPluginTests {
    @Test("swift package docsgen build|check in a sample package", .timeLimit(.minutes(10)))
    func samplePackage() throws {
        let fixture = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/swiftpm-sample")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("docsgen-swiftpm-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: fixture, to: root)
        defer { try? FileManager.default.removeItem(at: root) }
        let template = try String(contentsOf: root.appendingPathComponent("Package.swift.template"), encoding: .utf8)
        try template.replacingOccurrences(of: "DOCSGEN_PACKAGE", with: Sandbox.packageRoot.path)
            .write(to: root.appendingPathComponent("Package.swift"), atomically: false, encoding: .utf8)
        try FileManager.default.removeItem(at: root.appendingPathComponent("Package.swift.template"))

        let build = try Self.swiftPackage(["docsgen", "build"], in: root)
        #expect(build.status == 0, "\(build.output.suffix(3000))")
        let guide = try String(contentsOf: root.appendingPathComponent("Output/optimization-guide.md"), encoding: .utf8)
        #expect(guide.contains("## Image: hello"), "\(guide.prefix(500))")
        let check = try Self.swiftPackage(["docsgen", "check"], in: root)
        #expect(check.status == 0, "\(check.output.suffix(2000))")
        #expect(check.output.contains("docsgen: Output/ is up to date"))

        let dockerfile = root.appendingPathComponent("app/Dockerfile")
        try (try String(contentsOf: dockerfile, encoding: .utf8)).replacingOccurrences(of: "USER nobody", with: "USER root")
            .write(to: dockerfile, atomically: false, encoding: .utf8)
        let drift = try Self.swiftPackage(["docsgen", "check"], in: root)
        #expect(drift.status == 1, "the executable's exit code 1 passes through: \(drift.output.suffix(2000))")
        #expect(drift.output.contains("hello.runtime.user"))
    }

    /// Runs `swift package --allow-writing-to-package-directory ARGUMENTS` in `folder`; output and errors together.
    static func swiftPackage(_ arguments: [String], in folder: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "package", "--allow-writing-to-package-directory"] + arguments
        process.currentDirectoryURL = folder
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
