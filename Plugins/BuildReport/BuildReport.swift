import DocsgenCore
import DocsgenRender
import DocsgenReviews

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
        let images = ImageSet.group(facts)
        var assets: [DocumentAsset] = []
        guard !images.isEmpty else {
            doc.paragraph("No image measurements are recorded yet. Record one with `docsgen measure IMAGE.tar --image NAME --release X` "
                + "(or from `docker image inspect` JSON and a BuildKit log) and run `docsgen build` again.")
            for section in input.sections { doc.include(section) }
            return PluginOutput(documents: [doc.build()])
        }
        if images.contains(where: { $0.current?.sources.contains { ["docker-inspect", "docker-history", "buildkit-log"].contains($0.format) } == true }) {
            doc.paragraph("Measurements are read from the recorded files under "
                + MarkdownText.code(images.compactMap { $0.current?.recordedIn.map { ProjectPath.folder(of: ProjectPath.folder(of: $0)) } }.first ?? "the measurements folder")
                + ". Sizes are SI units as the docker CLI prints them (1 MB = 1,000,000 bytes); every reduction is computed from exact bytes.")
        }
        let sizes = SizeSection(images: images)
        sizes.write(&doc)
        let history = ReleaseHistory(images: images)
        if let line = history.sinceLastRelease(&doc) { doc.paragraph(line) }
        assets.append(DocumentAsset(name: "image-sizes.svg", contents: sizes.chart.svg))
        if let chart = history.write(&doc, chartName: "release-history.svg") { assets.append(chart) }
        for image in images {
            let section = ImageSection(image: image, dockerfile: facts.dockerfiles.first { $0.name == image.name })
            if let chart = section.write(&doc) { assets.append(chart) }
        }
        for section in input.sections { doc.include(section) }
        return PluginOutput(documents: [doc.build()], assets: assets)
    }
}
