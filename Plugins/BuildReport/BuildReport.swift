import DocsgenCore
import DocsgenRender

/// The Docker build report: image sizes before and after with reductions from exact bytes, layer analysis
/// joined to Dockerfile lines, reclaimable space (two definitions), build performance, and the image
/// configuration cross-checked against the Dockerfiles.
public struct BuildReport: ReportPlugin {
    public let name = "build-report"
    public let summary = "Docker build report: measured sizes, layers, wasted space, build times, configuration checks"

    /// Creates the plugin.
    public init() {}

    public func render(_ input: PluginInput) throws -> PluginOutput {
        let facts = input.facts
        var doc = DocumentBuilder(name: name, title: "Docker Build Report")
        let images = ImageSet.group(facts.images)
        var assets: [DocumentAsset] = []
        guard !images.isEmpty else {
            doc.paragraph("No image measurements are recorded yet. Record one with `docsgen measure IMAGE.tar --image NAME --release X` "
                + "(or from `docker image inspect` JSON and a BuildKit log) and run `docsgen build` again.")
            return PluginOutput(documents: [doc.build()])
        }
        if images.contains(where: { $0.current?.sources.contains { ["docker-inspect", "docker-history", "buildkit-log"].contains($0.format) } == true }) {
            doc.paragraph("Measurements are read from the recorded files under "
                + MarkdownText.code(images.compactMap { $0.current?.recordedIn.map { ProjectPath.folder(of: ProjectPath.folder(of: $0)) } }.first ?? "the measurements folder")
                + ". Sizes are SI units as the docker CLI prints them (1 MB = 1,000,000 bytes); every reduction is computed from exact bytes.")
        }
        let sizes = SizeSection(images: images)
        sizes.write(&doc)
        assets.append(DocumentAsset(name: "image-sizes.svg", contents: sizes.chart.svg))
        for image in images {
            let section = ImageSection(image: image, dockerfile: facts.dockerfiles.first { $0.name == image.name })
            if let chart = section.write(&doc) { assets.append(chart) }
        }
        return PluginOutput(documents: [doc.build()], assets: assets)
    }
}

/// The measurements of one image: its baseline and its releases in order.
struct ImageSet {
    var name: String
    var baseline: ImageMeasurement?
    var releases: [ImageMeasurement]

    /// The newest measurement that is not the baseline.
    var current: ImageMeasurement? { releases.last }

    static func group(_ measurements: [ImageMeasurement]) -> [ImageSet] {
        var sets: [ImageSet] = []
        for measurement in measurements {
            if !sets.contains(where: { $0.name == measurement.name }) {
                sets.append(ImageSet(name: measurement.name, baseline: nil, releases: []))
            }
            let index = sets.firstIndex { $0.name == measurement.name }!
            if measurement.isBaseline {
                sets[index].baseline = measurement
            } else {
                sets[index].releases.append(measurement)
            }
        }
        return sets
    }
}

/// Citations of measured sizes.
enum ComparableSize {
    static func pick(_ before: ImageSizes?, _ after: ImageSizes) -> (key: String, label: String, before: Int64?, after: Int64)? {
        ImageSizes.comparison(before: before, after: after).map { ($0.kind, $0.label, $0.before, $0.after) }
    }

    static func source(_ measurement: ImageMeasurement, key: String) -> FactSource {
        FactSource(file: measurement.recordedIn ?? "measurements", pointer: "/sizes/\(key)", reader: "docsgen measure (\(measurement.sources.map(\.format).joined(separator: ", ")))")
    }
}
