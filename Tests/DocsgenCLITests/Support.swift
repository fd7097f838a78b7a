import Foundation
import Testing

/// Runs the built `docsgen` executable (it sits beside the test bundle) in a scratch copy of a fixture project.
struct Sandbox {
    let root: URL
    /// The fresh folder around the root that ``remove()`` deletes, when the root is not that folder itself.
    private var scratch: URL?

    /// Copies `Fixtures/<name>` to a fresh temporary folder.
    init(fixture name: String) throws {
        let source = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(name)
        root = FileManager.default.temporaryDirectory.appendingPathComponent("docsgen-test-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: root)
    }

    /// Copies `source` to a folder named `folderName` inside a fresh temporary folder, for tests whose output
    /// shows the project folder's name.
    init(copying source: URL, as folderName: String) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("docsgen-test-\(UUID().uuidString)")
        self.scratch = scratch
        root = scratch.appendingPathComponent(folderName)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: root)
    }

    /// A sandbox over an existing folder (removed by ``remove()``).
    init(root: URL) {
        self.root = root
    }

    /// `Fixtures/<path>` in the test bundle.
    static func fixture(_ path: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(path)
    }

    /// Expects `actual` to equal the golden file `Fixtures/<path>`. With `DOCSGEN_RECORD=1` the file in the source
    /// tree is rewritten instead and the test fails, so nobody records by accident.
    static func expectGolden(_ actual: String, _ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        if ProcessInfo.processInfo.environment["DOCSGEN_RECORD"] == "1" {
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").appendingPathComponent(path)
            try FileManager.default.createDirectory(at: source.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: source, atomically: false, encoding: .utf8)
            Issue.record("recorded \(path); run the tests again without DOCSGEN_RECORD", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: fixture(path), encoding: .utf8)
        #expect(actual == expected, "\(path) differs from its golden file (DOCSGEN_RECORD=1 re-records it)", sourceLocation: sourceLocation)
    }

    /// The package's root folder.
    static var packageRoot: URL {
        var packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: packageRoot.appendingPathComponent("Package.swift").path) {
            packageRoot = packageRoot.deletingLastPathComponent()
        }
        return packageRoot
    }

    /// Copies the repository's bundled example (`docsgen.yml`, `Content/`, `Output/`) to a fresh temporary folder.
    ///
    /// The folder is a clone of the repository without a checkout (objects shared, nothing copied), so the
    /// example's `completion.since` revision resolves there as it does in the repository; the files are the
    /// working copies, uncommitted changes included.
    init(bundledExample: Void) throws {
        let packageRoot = Self.packageRoot
        root = FileManager.default.temporaryDirectory.appendingPathComponent("docsgen-example-\(UUID().uuidString)")
        try Self.git(["clone", "--quiet", "--shared", "--no-checkout", packageRoot.path, root.path])
        for item in ["docsgen.yml", "Content", "Output"] {
            try FileManager.default.copyItem(at: packageRoot.appendingPathComponent(item), to: root.appendingPathComponent(item))
        }
    }

    /// Runs `git` with `arguments`; throws when it fails.
    static func git(_ arguments: [String], in directory: URL? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        if let directory { process.currentDirectoryURL = directory }
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            throw GitFailure(arguments: arguments, message: String(decoding: message, as: UTF8.self))
        }
    }

    struct GitFailure: Error, CustomStringConvertible {
        var arguments: [String]
        var message: String
        var description: String { "git \(arguments.joined(separator: " ")) failed: \(message)" }
    }

    static var executable: URL {
        let bundle = URL(fileURLWithPath: Swift.CommandLine.arguments[0]).deletingLastPathComponent()
        var folder = bundle
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("docsgen")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return bundle.appendingPathComponent("docsgen")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs docsgen with `arguments` in `directory` (default: the sandbox root).
    @discardableResult
    func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = ["NO_COLOR": "1"]) throws -> Run {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory ?? root
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    func read(_ path: String) throws -> String { try String(contentsOf: url(path), encoding: .utf8) }

    func write(_ path: String, _ text: String) throws {
        try FileManager.default.createDirectory(at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url(path), atomically: false, encoding: .utf8)
    }

    /// Every file under `path` with its bytes.
    func snapshot(_ path: String = "Output") -> [String: Data] {
        var files: [String: Data] = [:]
        let base = url(path)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [:] }
        for case let file as URL in walker {
            if let data = FileManager.default.contents(atPath: file.path), !file.hasDirectoryPath {
                files[String(file.path.dropFirst(base.path.count))] = data
            }
        }
        return files
    }

    func remove() { try? FileManager.default.removeItem(at: scratch ?? root) }
}
