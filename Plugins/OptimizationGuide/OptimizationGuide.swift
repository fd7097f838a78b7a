import DocsgenCore
import DocsgenRender
import DocsgenReviews

/// The Docker optimization guide: per image, the multi-stage strategy, security hardening and build
/// optimisation, each claim a computed check that names the line to change when it fails.
public struct OptimizationGuide: ReportPlugin {
    public let name = "optimization-guide"
    public let summary = "Docker optimization guide: multi-stage builds, security hardening, build optimisation"

    /// Creates the plugin.
    public init() {}

    public func render(_ input: PluginInput) throws -> PluginOutput {
        let facts = input.facts
        var doc = DocumentBuilder(name: name, title: "Docker Optimization Guide")
        let reviews = facts.dockerfiles.map { ImageReview($0, facts: facts) }

        doc.paragraph(
            "How the images of \(MarkdownText.escape(facts.project)) are built: the multi-stage strategy, "
                + "the security hardening and the build optimisations, each checked against the Dockerfiles. "
                + "A ✗ names the line to change.")
        doc.heading(2, "Summary")
        var summary = MarkdownTable(
            headers: ["Image", "Stages", "Runtime base", "Size (measured)", "Non-root", "Pinned bases", "Health check", "Checks passed"])
        for review in reviews {
            summary.append(review.summaryRow(&doc))
        }
        doc.table(summary)

        for review in reviews {
            review.section(&doc)
        }
        var assets: [DocumentAsset] = []
        if let compose = facts.compose {
            assets.append(StackReview(facts: facts, compose: compose).section(&doc))
        }
        for section in input.sections { doc.include(section) }
        return PluginOutput(documents: [doc.build()], assets: assets)
    }
}
