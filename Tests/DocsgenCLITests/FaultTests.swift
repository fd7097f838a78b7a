import Foundation
import Testing

/// A write stopped at any moment (SIGKILL) leaves the output folder holding the previous complete set of
/// documents or the new one, never a mix and never a partial file; the same for a measurement file.
@Suite("faults: SIGKILL during writes", .serialized)
struct FaultTests {
    /// Two versions of the fixture's Dockerfile whose documents differ (facts, guide, HTML).
    static let versions = [
        "FROM python:3.13-alpine\nWORKDIR /app\nCOPY . .\nUSER app\nCMD [\"python\", \"app.py\"]\n",
        "FROM python:3.12-alpine AS build\nRUN pip install --no-cache-dir flask\nFROM python:3.12-alpine\nCOPY --from=build /usr/local /usr/local\nEXPOSE 8000\nCMD [\"python\", \"app.py\"]\n",
    ]

    /// The complete output of each version, built in a scratch copy.
    static func completeSets() throws -> [[String: Data]] {
        try versions.map { text in
            let box = try Sandbox(fixture: "project")
            defer { box.remove() }
            try box.write("app/Dockerfile", text)
            try box.write("Output/notes.txt", "kept by the team\n")
            #expect(try box.run(["build"]).status == 0)
            return box.snapshot()
        }
    }

    /// Starts docsgen and kills it with SIGKILL after `delay` seconds (if it is still running); with no delay,
    /// waits for it (it kills itself at the injected point).
    static func killed(_ box: Sandbox, _ arguments: [String], after delay: Double?, environment: [String: String] = [:]) throws -> Int32 {
        let process = Process()
        process.executableURL = Sandbox.executable
        process.arguments = arguments
        process.currentDirectoryURL = box.root
        process.environment = ["NO_COLOR": "1"].merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let delay {
            usleep(UInt32(delay * 1_000_000))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func staging(_ box: Sandbox) -> Bool {
        FileManager.default.fileExists(atPath: box.url(".Output.docsgen-staging").path)
    }

    @Test("killed at the injected points: before the swap the old set, after it the new set; the next build cleans up")
    func injectedPoints() throws {
        let sets = try Self.completeSets()
        #expect(sets[0] != sets[1])
        for (point, expected) in [("output-staged", 0), ("output-exchanged", 1)] {
            let box = try Sandbox(fixture: "project")
            defer { box.remove() }
            try box.write("app/Dockerfile", Self.versions[0])
            try box.write("Output/notes.txt", "kept by the team\n")
            #expect(try box.run(["build"]).status == 0)
            #expect(box.snapshot() == sets[0])
            try box.write("app/Dockerfile", Self.versions[1])
            let status = try Self.killed(box, ["build"], after: nil, environment: ["DOCSGEN_KILL_AT": point])
            #expect(status == SIGKILL, "\(point): docsgen was not killed at the point (status \(status))")
            let after = box.snapshot()
            let differing = Set(after.keys).union(sets[expected].keys).filter { after[$0] != sets[expected][$0] }.sorted()
            #expect(differing.isEmpty, "\(point): the output folder is not one complete set: \(differing)")
            let next = try box.run(["build"])
            #expect(next.status == 0, "\(next.stderr)")
            #expect(box.snapshot() == sets[1])
            #expect(!Self.staging(box), "\(point): the staging folder of the killed run was left behind")
        }
    }

    @Test("200 builds killed after random delays: every time the output is one complete set")
    func randomKills() throws {
        let sets = try Self.completeSets()
        let box = try Sandbox(fixture: "project")
        defer { box.remove() }
        try box.write("Output/notes.txt", "kept by the team\n")
        var generator = SystemRandomNumberGenerator()
        // How long a whole build takes here, so the delays cover every phase of it.
        let start = Date()
        try box.write("app/Dockerfile", Self.versions[0])
        #expect(try box.run(["build"]).status == 0)
        let duration = max(Date().timeIntervalSince(start), 0.01)
        var outcomes = [0, 0, 0]  // old set, new set, killed before writing anything (same as old)
        for round in 0..<200 {
            let version = (round + 1) % 2
            let before = box.snapshot()
            try box.write("app/Dockerfile", Self.versions[version])
            _ = try Self.killed(box, ["build"], after: Double.random(in: 0...(duration * 1.2), using: &generator))
            let after = box.snapshot()
            let complete = after == sets[0] || after == sets[1]
            #expect(complete, "round \(round): the output folder is a mix or holds a partial file: \(after.keys.sorted())")
            if !complete { break }
            outcomes[after == before ? 0 : 1] += 1
        }
        #expect(outcomes[0] > 0 && outcomes[1] > 0, "the delays never hit both sides of the swap: \(outcomes)")
        #expect(try box.run(["build"]).status == 0)
        #expect(!Self.staging(box))
    }

    @Test("measure killed before its rename or at random: the measurement file is the old one or the new one, whole")
    func measureKills() throws {
        let box = try Sandbox(fixture: "base-image-user")
        defer { box.remove() }
        try FileManager.default.createDirectory(at: box.url("measurements"), withIntermediateDirectories: true)
        let file = "measurements/api/1.0.0.measurement.json"
        #expect(try box.run(["measure", "inspect.json", "--image", "api", "--release", "1.0.0"]).status == 0)
        let old = try box.read(file)
        let inspect = try box.read("inspect.json")
        try box.write("inspect.json", inspect.replacingOccurrences(of: "\"Size\": 230000000", with: "\"Size\": 230000001"))
        let status = try Self.killed(box, ["measure", "inspect.json", "--image", "api", "--release", "1.0.0"], after: nil,
                                     environment: ["DOCSGEN_KILL_AT": "file-staged"])
        #expect(status == SIGKILL)
        #expect(try box.read(file) == old)
        #expect(try box.run(["measure", "inspect.json", "--image", "api", "--release", "1.0.0"]).status == 0)
        let new = try box.read(file)
        #expect(new != old)
        var generator = SystemRandomNumberGenerator()
        for round in 0..<50 {
            try box.write("inspect.json", inspect.replacingOccurrences(of: "\"Size\": 230000000", with: "\"Size\": \(230000000 + round % 2)"))
            _ = try Self.killed(box, ["measure", "inspect.json", "--image", "api", "--release", "1.0.0"], after: Double.random(in: 0...0.05, using: &generator))
            let text = try box.read(file)
            #expect(text == old || text == new, "round \(round): a partial measurement file")
        }
        // A killed run may leave its temporary; it is hidden and never read as a measurement.
        #expect(try box.run(["build"]).status == 0)
    }
}

/// Inputs too large to read, or without an end, are refused at once with a reason.
@Suite("input size limits")
struct InputLimitTests {
    @Test("a 1 GB Dockerfile is refused after one stat, and a device or a pipe is never read")
    func hugeAndEndlessInputs() throws {
        let box = try Sandbox(fixture: "project")
        defer { box.remove() }
        let huge = box.url("huge.Dockerfile")
        FileManager.default.createFile(atPath: huge.path, contents: nil)
        let handle = try FileHandle(forWritingTo: huge)
        try handle.truncate(atOffset: 1 << 30)  // sparse: 1 GiB claimed, nothing written
        try handle.close()
        let big = try box.run(["facts", "huge.Dockerfile"])
        #expect(big.status == 2)
        #expect(big.stderr.contains("cannot read huge.Dockerfile: 1024 MiB, larger than the 16 MiB docsgen reads"), "\(big.stderr)")
        let device = try box.run(["facts", "/dev/zero"])
        #expect(device.status == 2)
        #expect(device.stderr.contains("not a regular file (a device, a pipe or a socket)"), "\(device.stderr)")
        #expect(mkfifo(box.url("fifo.Dockerfile").path, 0o644) == 0)
        let fifo = try box.run(["facts", "fifo.Dockerfile"])
        #expect(fifo.status == 2)
        #expect(fifo.stderr.contains("not a regular file"))
    }
}
