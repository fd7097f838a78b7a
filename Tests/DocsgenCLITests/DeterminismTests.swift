import Foundation
import Testing

/// The same inputs give byte-identical documents whatever the time zone, the locale settings or the order
/// in which the file system lists a folder.
@Suite("determinism across environments", .serialized)
struct DeterminismTests {
    static let environments: [[String: String]] = [
        ["TZ": "UTC", "LANG": "C"],
        // Turkish casing (i/İ), a decimal comma, a half-hour offset and a date-line time zone.
        ["TZ": "Asia/Kathmandu", "LANG": "tr_TR.UTF-8", "LC_ALL": "tr_TR.UTF-8"],
        ["TZ": "Pacific/Kiritimati", "LANG": "de_DE.UTF-8", "LC_NUMERIC": "de_DE.UTF-8", "LC_TIME": "ar_EG.UTF-8"],
        ["TZ": "America/St_Johns", "LANG": "ja_JP.UTF-8", "LC_COLLATE": "sv_SE.UTF-8"],
    ]

    @Test("build of the bundled example is byte-identical under every TZ, LANG and LC_* tried")
    func environmentIndependent() throws {
        var outputs: [[String: Data]] = []
        for environment in Self.environments {
            let box = try Sandbox(bundledExample: ())
            defer { box.remove() }
            try FileManager.default.removeItem(at: box.url("Output"))
            let run = try box.run(["build"], environment: environment.merging(["NO_COLOR": "1"]) { $1 })
            #expect(run.status == 0, "\(environment): \(run.stderr)")
            outputs.append(box.snapshot())
        }
        #expect(outputs[0].count > 10)
        for (index, output) in outputs.enumerated().dropFirst() {
            let differing = Set(output.keys).union(outputs[0].keys).filter { output[$0] != outputs[0][$0] }.sorted()
            #expect(differing.isEmpty, "\(Self.environments[index]) changes \(differing)")
        }
    }

    /// Copies `source` to `target` creating entries in name order or in reverse name order: on tmpfs a
    /// folder lists its entries in reverse order of creation, so the two copies list differently.
    static func copy(_ source: URL, to target: URL, reversed: Bool) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: target, withIntermediateDirectories: true)
        var names = try manager.contentsOfDirectory(atPath: source.path).sorted()
        if reversed { names.reverse() }
        for name in names where name != ".git" {
            let from = source.appendingPathComponent(name), to = target.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            manager.fileExists(atPath: from.path, isDirectory: &isFolder)
            if isFolder.boolValue {
                try copy(from, to: to, reversed: reversed)
            } else {
                try manager.copyItem(at: from, to: to)
            }
        }
    }

    @Test("build is byte-identical when every folder lists its entries in the opposite order (tmpfs)")
    func listingOrderIndependent() throws {
        let example = try Sandbox(bundledExample: ())
        defer { example.remove() }
        try FileManager.default.removeItem(at: example.url("Output"))
        // /dev/shm is tmpfs on Linux; elsewhere the two copies may list alike and the test proves less.
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? URL(fileURLWithPath: "/dev/shm") : FileManager.default.temporaryDirectory
        var outputs: [[String: Data]] = []
        var listings: [[String]] = []
        for reversed in [false, true] {
            let root = base.appendingPathComponent("docsgen-order-\(UUID().uuidString)")
            let box = Sandbox(root: root)
            defer { box.remove() }
            // The git history (for completion.since) is shared with the example's clone.
            try Sandbox.git(["clone", "--quiet", "--shared", "--no-checkout", example.root.path, root.path])
            try Self.copy(example.root, to: root, reversed: reversed)
            listings.append(try FileManager.default.contentsOfDirectory(atPath: box.url("Content/measurements/backend").path))
            let run = try box.run(["build"])
            #expect(run.status == 0, "\(run.stderr)")
            outputs.append(box.snapshot())
        }
        if base.path == "/dev/shm" {
            #expect(listings[0] != listings[1], "the two copies list their folders alike; the test would prove nothing")
        }
        #expect(outputs[0].count > 10)
        let differing = Set(outputs[0].keys).union(outputs[1].keys).filter { outputs[0][$0] != outputs[1][$0] }.sorted()
        #expect(differing.isEmpty, "the listing order changes \(differing)")
    }
}
