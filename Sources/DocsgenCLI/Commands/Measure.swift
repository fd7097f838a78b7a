import ArgumentParser
import DocsgenCore
import DocsgenEngine
import DocsgenImage
import Foundation

/// `docsgen measure`: read an image (archive, OCI layout, or recorded inspect/history/build-log files) and
/// record one measurement in the project's measurements folder.
struct Measure: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure an image and record it in the project's measurements folder.",
        discussion: """
            SOURCE is a `docker save` archive (classic or Docker 25+), an OCI image layout folder, or recorded \
            metadata: `docker image inspect` JSON, `docker history --format '{{json .}}'` output, a BuildKit \
            --progress=plain log, a Trivy or syft JSON report. Several sources are combined into one measurement. \
            The result is written to MEASUREMENTS/NAME/RELEASE.measurement.json (or baseline.measurement.json) \
            and read by `docsgen build`. Separate CI jobs can measure separate images; build merges them.
            """)

    @OptionGroup var options: ProjectOptions

    @Argument(help: ArgumentHelp("Image archives, OCI layout folders or recorded metadata files.", valueName: "source"))
    var sources: [String]

    @Option(help: ArgumentHelp("The image's name in the project (the Dockerfile name in docsgen.yml).", valueName: "name"))
    var image: String

    @Option(help: ArgumentHelp("The release this measurement belongs to.", valueName: "version"))
    var release: String?

    @Flag(help: "Record the \"before\" image that reductions are computed against.")
    var baseline = false

    @Flag(help: "Print the measurement instead of writing it.")
    var stdout = false

    func run() throws {
        let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let project = stdout ? nil : try options.locate()
        let root = project?.root ?? current
        let measurement = try Self.measure(sources, name: image, release: release, isBaseline: baseline, current: current, root: root)
        var stored = measurement
        stored.recordedIn = nil
        let data = try JSONOutput.encode(stored)
        if stdout {
            Console.out(String(decoding: data, as: UTF8.self))
            return
        }
        guard let project, let folder = project.config.measurements else {
            throw DocsgenError.invalidInput([DiagnosticBox(Diagnostic(
                .error, "docsgen.yml has no 'measurements' folder to record into (or pass --stdout)", id: "config.missing-key",
                at: SourceLocation(file: ConfigLoader.fileName, line: 1, column: 1)))], root: root.path)
        }
        let file = baseline ? "baseline" : (release ?? "current")
        let relative = "\(folder)/\(image)/\(file).measurement.json"
        try FileAccess.writeAtomically(data, to: project.url(relative))
        Console.out("docsgen: recorded \(relative)\n")
    }

    /// Reads every source into one measurement.
    static func measure(_ sources: [String], name: String, release: String?, isBaseline: Bool, current: URL, root: URL) throws(DocsgenError) -> ImageMeasurement {
        var measurement = ImageMeasurement(name: name, release: release, isBaseline: isBaseline)
        let progress = ProgressBar.standardError()
        var warnings: [Diagnostic] = []
        for source in sources {
            let url = URL(fileURLWithPath: source, relativeTo: current).standardizedFileURL
            let shown = Self.relative(url, to: root)
            if ImageArchiveReader.canRead(url.path) {
                do {
                    let measured = try ImageArchiveReader(progress: progress?.update).measure(
                        path: url.path, shownAs: shown, name: name, release: release, isBaseline: isBaseline)
                    progress?.finish()
                    measurement.merge(measured)
                } catch {
                    progress?.finish()
                    throw .invalidInput([DiagnosticBox(error.diagnostic)], root: root.path)
                }
                continue
            }
            let data = try FileAccess.readData(url, shownAs: shown)
            let (read, diagnostics) = MetadataMeasurement.read(data, path: shown)
            if diagnostics.containsErrors || read == nil {
                let problems = diagnostics.isEmpty
                    ? [Diagnostic(.error, "\(shown) is neither an image archive nor a recognised metadata file", id: "image.unknown-format", at: SourceLocation(file: shown, line: 1, column: 1))]
                    : diagnostics
                throw .invalidInput(problems.map(DiagnosticBox.init), root: root.path)
            }
            warnings += diagnostics
            if let read { measurement.merge(read) }
        }
        if let problem = Self.scanMismatch(measurement) {
            throw .invalidInput([DiagnosticBox(problem)], root: root.path)
        }
        if !warnings.isEmpty {
            DiagnosticPrinter.standardError(root: root).print(warnings)
        }
        return measurement
    }

    /// A Trivy report of another image than the one the other sources measure would let its counts speak for
    /// an image nobody scanned: refused, naming both images.
    static func scanMismatch(_ measurement: ImageMeasurement) -> Diagnostic? {
        guard let scanned = measurement.scannedImage, let scannedID = scanned.imageID, let measuredID = measurement.imageID,
              scannedID != measuredID else { return nil }
        let report = measurement.sources.first { $0.format == "trivy" }?.path ?? "the Trivy report"
        let name = scanned.artifact.map { " (`\($0)`)" } ?? ""
        return Diagnostic(
            .error, "\(report) scanned image \(scannedID)\(name), not the measured image \(measuredID); "
                + "scan the image you measure (`trivy image --format json` of the same build) and record both together",
            id: "image.trivy-other-image", at: SourceLocation(file: report, line: 1, column: 1))
    }

    static func relative(_ url: URL, to root: URL) -> String {
        let rootPath = root.standardizedFileURL.path + "/"
        return url.path.hasPrefix(rootPath) ? String(url.path.dropFirst(rootPath.count)) : url.path
    }
}

/// A progress line on a terminal (never in CI logs or pipes).
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastPercent = -1
    private var shown = false

    static func standardError() -> ProgressBar? {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["CI"] == nil ? ProgressBar() : nil
    }

    @Sendable func update(_ done: Int64, _ total: Int64) {
        guard total > 0 else { return }
        let percent = Int(done * 100 / total)
        lock.lock()
        defer { lock.unlock() }
        guard percent != lastPercent else { return }
        lastPercent = percent
        shown = true
        Console.err("\rmeasuring: \(percent)% of \(Format.size(total))")
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if shown { Console.err("\r\u{1B}[K") }
        shown = false
    }
}
