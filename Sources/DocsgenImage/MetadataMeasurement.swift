import DocsgenCore
import Foundation

/// Reads one recorded metadata file (inspect JSON, history lines, BuildKit log, Trivy or syft report) into a
/// partial measurement that ``ImageMeasurement/merge(_:)`` combines with the others.
public enum MetadataMeasurement {
    /// The measurement part the file gives, or `nil` with diagnostics when the file is not recognised.
    public static func read(_ data: Data, path: String) -> (ImageMeasurement?, [Diagnostic]) {
        guard let format = MetadataFormat.detect(data: data, path: path) else {
            return (nil, [Diagnostic(
                .error, "\(path) is not an image archive, OCI layout, docker inspect/history output, BuildKit log, Trivy or syft report",
                id: "image.unknown-format", at: SourceLocation(file: path, line: 1, column: 1))])
        }
        var measurement = ImageMeasurement(name: "", release: nil, isBaseline: false)
        measurement.sources = [MeasurementSource(path: path, format: format)]
        var diagnostics: [Diagnostic] = []
        switch format {
        case "docker-inspect":
            let (image, problems) = DockerInspectReader().read(data, path: path)
            diagnostics = problems
            guard let image else { return (nil, diagnostics) }
            measurement.imageID = image.id
            measurement.tag = image.tag
            measurement.sizes.reported = image.reportedSize
            measurement.config = image.config
            measurement.repoDigests = image.repoDigests
        case "docker-history":
            let (layers, problems) = DockerHistoryReader().read(data, path: path)
            diagnostics = problems
            guard let layers else { return (nil, diagnostics) }
            measurement.layers = layers
        case "buildkit-log":
            let (timing, problems) = BuildKitLogReader().read(data, path: path)
            diagnostics = problems
            guard let timing else { return (nil, diagnostics) }
            measurement.builds = [timing]
        case "trivy":
            let (report, problems) = TrivyReportReader().read(data, path: path)
            diagnostics = problems
            measurement.vulnerabilities = report?.counts
            measurement.scannedImage = report?.scanned
        case "syft":
            let (count, problems) = SyftReportReader().read(data, path: path)
            diagnostics = problems
            measurement.packageCount = count
        default:
            return (nil, [Diagnostic(.error, "unsupported format \(format)", id: "image.unknown-format", at: SourceLocation(file: path, line: 1, column: 1))])
        }
        return (measurement, diagnostics)
    }
}
