import DocsgenCore
import DocsgenRender

/// Evaluates one Dockerfile for the guide and writes its section.
///
/// Every value shown is cited, so the Sources table lists it and `docsgen check` can name it when it
/// changes.
package struct ImageReview {
    package let dockerfile: DockerfileFacts
    /// The `.dockerignore` of the image's build context, when the project has one.
    package let dockerignore: DockerignoreFacts?
    /// Compose services that build this Dockerfile.
    package let services: [ComposeService]
    /// The newest measurement of the image and its baseline, when recorded.
    package let measured: (current: ImageMeasurement, baseline: ImageMeasurement?)?

    package init(_ dockerfile: DockerfileFacts, facts: ProjectFacts) {
        self.dockerfile = dockerfile
        let builders = facts.compose?.services.filter { dockerfile.isBuilt(by: $0) } ?? []
        services = builders
        let folder = ProjectPath.folder(of: dockerfile.path)
        dockerignore = facts.dockerignores.first { $0.context == folder }
        let set = ImageSet.group(facts).first { $0.name == dockerfile.name }
        measured = set?.current.map { ($0, set?.baseline) }
    }

    package var name: String { dockerfile.name }
    package var runtime: Stage? { dockerfile.runtimeStage }

    package func key(_ parts: String...) -> String {
        ([FactKey.sanitize(name)] + parts.map(FactKey.sanitize)).joined(separator: ".")
    }

    package func stageKey(_ stage: Stage) -> String {
        // Stage names start with a letter, so a bare index never collides with a named stage.
        stage.name.map(FactKey.sanitize) ?? "\(stage.index)"
    }

    /// The stages the runtime stage is built on (itself first), through `FROM <stage>`.
    package var runtimeChain: [Stage] {
        var chain: [Stage] = []
        var current = runtime
        while let stage = current {
            chain.append(stage)
            current = stage.from.stage.map { dockerfile.stages[$0] }
        }
        return chain
    }

    package func lineText(_ line: Int) -> String {
        "\(MarkdownText.code(dockerfile.path)) line \(line)"
    }

    // MARK: - Summary

    package func summaryRow(_ doc: inout DocumentBuilder) -> [String] {
        guard let runtime else { return [MarkdownText.escape(name), "0", "—", "—", "—", "—", "—", "—"] }
        let stages = citeStageCount(&doc)
        let base = citeBase(runtime, &doc)
        let size = measuredSize(&doc)
        let user = userCheck(&doc)
        let pinned = pinningCheck(&doc)
        let health = healthcheckCheck(&doc)
        let all = allChecks(&doc)
        let passed = all.filter(\.passed).count
        return [
            MarkdownText.escape(name), stages, base, size, user.mark, pinned.mark, health.mark,
            "\(passed) of \(all.count)",
        ]
    }

    package func allChecks(_ doc: inout DocumentBuilder) -> [Check] {
        [multiStageCheck(&doc), userCheck(&doc), pinningCheck(&doc), buildToolsCheck(&doc), healthcheckCheck(&doc)]
            + contextChecks(&doc) + layerOrderChecks(&doc) + cacheChecks(&doc)
    }

    // MARK: - Section

    package func section(_ doc: inout DocumentBuilder) {
        doc.heading(2, "Image: \(name)")
        guard let runtime else {
            doc.paragraph("\(MarkdownText.code(dockerfile.path)) has no build stage.")
            return
        }
        let count = citeStageCount(&doc)
        var intro = "Built from \(MarkdownText.code(dockerfile.path)): \(count) stage\(dockerfile.stages.count == 1 ? "" : "s"); "
        if let target = dockerfile.target {
            let stage = doc.cite(
                key: key("target"), label: "\(name): stage built (--target)", value: runtime.displayName,
                source: FactSource(target.location, reader: target.selectedBy == "docsgen.yml" ? "docsgen.yml" : "Compose"), code: true)
            let selector = target.selectedBy == "docsgen.yml"
                ? "`docsgen.yml` selects"
                : "compose service " + services.map { MarkdownText.code($0.name) }.joined(separator: ", ") + " build" + (services.count == 1 ? "s" : "")
            let isLast = runtime.index == dockerfile.stages.count - 1
            intro += "the image is " + (isLast ? "the last stage, \(stage)" : "stage \(stage), not the last one") + ": \(selector) target "
                + "\(MarkdownText.code(target.stage)) (\(MarkdownText.code(target.location.description)))."
            let needed = dockerfile.neededStages.count
            if needed < dockerfile.stages.count {
                intro += " The target needs \(needed) of the \(dockerfile.stages.count) stages; the others are not built."
            }
        } else {
            intro += "the image is the last stage, \(MarkdownText.code(runtime.displayName))."
        }
        if !services.isEmpty, dockerfile.target == nil {
            intro += " Compose service " + services.map { "\(MarkdownText.code($0.name)) (\(MarkdownText.code($0.location.description)))" }.joined(separator: ", ")
                + " builds it."
        }
        doc.paragraph(intro)

        doc.heading(3, "Multi-stage strategy")
        var stages = MarkdownTable(headers: ["#", "Stage", "Builds on", "Pinning", "Line"])
        for stage in dockerfile.stages {
            stages.append([
                "\(stage.index)", MarkdownText.code(stage.displayName), citeBase(stage, &doc),
                citePinning(stage, &doc), "\(stage.line)",
            ])
        }
        doc.table(stages)
        let multi = multiStageCheck(&doc)
        doc.checklist([(multi.passed, multi.markdown)])
        if !runtime.copiesFrom.isEmpty {
            doc.paragraph("The runtime stage \(MarkdownText.code(runtime.displayName)) takes from other stages and images:")
            var copies = MarkdownTable(headers: ["From", "Copies", "To", "Line"])
            for copy in runtime.copiesFrom {
                let from = copy.stage.map { dockerfile.stages[$0].displayName } ?? copy.image ?? "?"
                let value = "\(from): \(copy.sources.joined(separator: " ")) → \(copy.destination)"
                let cited = doc.cite(
                    key: key("copy", "line-\(copy.line)"), label: "\(name): what the runtime stage copies (line \(copy.line))",
                    value: value, source: dockerfile.source(line: copy.line, column: copy.column))
                copies.append([
                    MarkdownText.code(from), copy.sources.map(MarkdownText.code).joined(separator: " "),
                    MarkdownText.code(copy.destination), cited,
                ])
            }
            doc.table(copies)
        }
        packageTable(&doc)

        doc.heading(3, "Security hardening")
        let security = [userCheck(&doc), pinningCheck(&doc), buildToolsCheck(&doc), healthcheckCheck(&doc)]
        doc.checklist(security.map { ($0.passed, $0.markdown) })

        doc.heading(3, "Build optimisation")
        let build = contextChecks(&doc) + layerOrderChecks(&doc) + cacheChecks(&doc)
        if build.isEmpty {
            doc.paragraph("No dependency manifests are copied and no package manager runs, so there is no layer order or cache to check.")
        } else {
            doc.checklist(build.map { ($0.passed, $0.markdown) })
        }
        argumentTable(&doc)

        doc.heading(3, "Implementation details")
        implementationTable(runtime, &doc)
    }

    // MARK: - Cited values

    package func citeStageCount(_ doc: inout DocumentBuilder) -> String {
        let last = dockerfile.stages[dockerfile.stages.count - 1]
        return doc.cite(
            key: key("stages"), label: "\(name): number of build stages", value: "\(dockerfile.stages.count)",
            source: dockerfile.source(line: last.line, column: last.column))
    }

    package func baseText(_ stage: Stage) -> String {
        if let parent = stage.from.stage { return "stage \(dockerfile.stages[parent].displayName)" }
        if stage.from.scratch { return "scratch" }
        return stage.from.image ?? stage.from.text
    }

    package func citeBase(_ stage: Stage, _ doc: inout DocumentBuilder) -> String {
        doc.cite(
            key: key("stage", stageKey(stage), "base"), label: "\(name): base of stage \(stage.displayName)",
            value: baseText(stage), source: dockerfile.source(line: stage.line, column: stage.column), code: true)
    }

    package func pinningText(_ stage: Stage) -> String {
        switch stage.from.pinning {
        case .digest: "digest"
        case .tag: "version tag"
        case .latest: "latest (not pinned)"
        case .some(.none): "no tag (not pinned)"
        case nil: stage.from.scratch ? "scratch (empty)" : "earlier stage"
        }
    }

    package func citePinning(_ stage: Stage, _ doc: inout DocumentBuilder) -> String {
        doc.cite(
            key: key("stage", stageKey(stage), "pinning"), label: "\(name): pinning of the base of stage \(stage.displayName)",
            value: pinningText(stage), source: dockerfile.source(line: stage.line, column: stage.column))
    }

    /// The measured size with its reduction from the baseline, cited to the measurement files.
    package func measuredSize(_ doc: inout DocumentBuilder) -> String {
        guard let measured, let comparison = ImageSizes.comparison(before: measured.baseline?.sizes, after: measured.current.sizes) else {
            return "not measured"
        }
        let file = measured.current.recordedIn ?? "measurements"
        var text = doc.cite(
            key: "images.\(FactKey.sanitize(name)).size", label: "\(name): image size (\(comparison.label))",
            value: Format.size(comparison.after), source: FactSource(file: file, pointer: "/sizes/\(comparison.kind)", reader: "docsgen measure"))
        if let reduction = comparison.reduction, let baseline = measured.baseline {
            text += " (" + doc.cite(
                key: "images.\(FactKey.sanitize(name)).reduction", label: "\(name): size reduction (\(comparison.label))",
                value: Format.percent(reduction), source: FactSource(file: measured.current.recordedIn ?? file, pointer: "/sizes/\(comparison.kind)", reader: "docsgen measure")) + " smaller than the baseline \(MarkdownText.code(baseline.tag ?? "image")))"
        }
        return text
    }
}
