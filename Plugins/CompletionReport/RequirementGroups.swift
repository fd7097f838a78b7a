import DocsgenCore
import DocsgenRender
import DocsgenReviews

/// A requirement of the task (optimise images, security hardening, …) and the checks that decide it.
struct RequirementGroup {
    struct Entry {
        /// The image or service the check is about; `nil` for the whole project.
        var subject: String?
        var check: Check
    }

    var title: String
    var entries: [Entry]

    var verdict: Verdict { Readiness.combine(entries.map(\.check.verdict)) }

    /// The entries for one check id.
    func entries(_ id: String) -> [Entry] { entries.filter { $0.check.id == id } }
}

/// The four requirement groups of a Docker optimisation task, each item a check the guide or the build
/// report also shows (the same implementation, from `DocsgenReviews`).
enum RequirementGroups {
    static func evaluate(_ readiness: Readiness, _ doc: inout DocumentBuilder) -> [RequirementGroup] {
        typealias Entry = RequirementGroup.Entry
        func perImage(_ checks: [(String, Check)]) -> [Entry] { checks.map { Entry(subject: $0.0, check: $0.1) } }
        func project(_ checks: [Check]) -> [Entry] { checks.map { Entry(subject: nil, check: $0) } }
        func stack(_ checks: [Check]) -> [Entry] { checks.map { Entry(subject: "compose stack", check: $0) } }
        let names = readiness.reviews.map(\.name)

        let optimise = perImage(readiness.imageChecks(&doc) { $0.multiStageCheck(&$1) })
            + perImage(readiness.imageChecks(&doc) { $0.buildToolsCheck(&$1) })
            + names.map { Entry(subject: $0, check: readiness.sizeReduction(of: $0, &doc)) }
        let security = perImage(readiness.imageChecks(&doc) { $0.userCheck(&$1) })
            + perImage(readiness.imageChecks(&doc) { $0.pinningCheck(&$1) })
            + perImage(readiness.imageChecks(&doc) { $0.healthcheckCheck(&$1) })
            + stack(["stack.non-root-users", "stack.read-only", "stack.network-isolation", "stack.security-headers"].flatMap { readiness.stackChecks(&doc, id: $0) })
        let build = perImage(readiness.imageChecks(&doc, many: { $0.contextChecks(&$1) }))
            + perImage(readiness.imageChecks(&doc, many: { $0.layerOrderChecks(&$1) }))
            + perImage(readiness.imageChecks(&doc, many: { $0.cacheChecks(&$1) }))
            + stack(["stack.healthchecks", "stack.resource-limits", "stack.startup-order"].flatMap { readiness.stackChecks(&doc, id: $0) })
        let documentation = project([readiness.documentation(), readiness.environmentDocumented(&doc), readiness.deliverables()])
        return [
            RequirementGroup(title: "Optimise Docker images for production", entries: optimise),
            RequirementGroup(title: "Security hardening", entries: security),
            RequirementGroup(title: "Build optimisation", entries: build),
            RequirementGroup(title: "Documentation", entries: documentation),
        ]
    }

    static func write(_ groups: [RequirementGroup], _ doc: inout DocumentBuilder) {
        doc.heading(2, "Requirements completion")
        doc.paragraph("Each item is the check the optimization guide and the build report make, computed from the facts; a ✗ names what to change.")
        for (index, group) in groups.enumerated() {
            doc.heading(3, "\(index + 1). \(group.title) \(mark(group.verdict))")
            doc.checklist(group.entries.map { entry in
                (entry.check.passed, mark(entry.check.verdict) + " " + (entry.subject.map { "\(MarkdownText.code($0)): " } ?? "") + entry.check.markdown)
            })
        }
    }

    static func mark(_ verdict: Verdict) -> String {
        switch verdict {
        case .proven: "✓"
        case .disproved: "✗"
        case .notVerified: "(not verified)"
        }
    }
}

/// The production-readiness checklist: the reference report's items, three states each.
enum ReadinessChecklist {
    static func items(_ readiness: Readiness, requirements: [RequirementGroup], _ doc: inout DocumentBuilder) -> [ReadinessItem] {
        let all = requirements.flatMap(\.entries)
        var covered: Set<String> = []
        func item(_ title: String, _ ids: [String], notVerified: String) -> ReadinessItem {
            covered.formUnion(ids)
            let entries = all.filter { ids.contains($0.check.id) }
            let verdict = Readiness.combine(entries.map(\.check.verdict))
            let detail: String
            switch verdict {
            case .proven:
                let subjects = entries.compactMap(\.subject).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                detail = subjects.isEmpty
                    ? entries.map(\.check.markdown).joined(separator: " ")
                    : "**\(title)**: " + subjects.map(MarkdownText.escape).joined(separator: ", ") + "."
            case .disproved, .notVerified:
                let open = entries.filter { $0.check.verdict != .proven }
                detail = open.isEmpty ? "**\(title)**: \(notVerified)"
                    : open.map { ($0.subject.map { MarkdownText.code($0) + ": " } ?? "") + $0.check.markdown }.joined(separator: " ")
            }
            return ReadinessItem(title: title, verdict: verdict, detail: detail)
        }
        func single(_ check: Check, title: String, subject: String) -> ReadinessItem {
            ReadinessItem(title: title, verdict: check.verdict, detail: MarkdownText.code(subject) + ": " + check.markdown)
        }
        var items = [
            item("Multi-stage builds implemented", ["multi-stage"], notVerified: "no Dockerfile is configured."),
            item("Base image versions pinned", ["pinned-bases"], notVerified: "no Dockerfile is configured."),
            item("Non-root user configured", ["non-root-user", "stack.non-root-users"], notVerified: "no Dockerfile is configured."),
            item("Health checks implemented", ["healthcheck", "stack.healthchecks"], notVerified: "no Dockerfile is configured."),
            item("Security headers configured", ["stack.security-headers"], notVerified: "not verified: no nginx configuration is listed under `nginx:` in `docsgen.yml`."),
            item(".dockerignore files created", ["build-context"], notVerified: "no Dockerfile is configured."),
            item("Build tools excluded from runtime images", ["build-tools-excluded"], notVerified: "no Dockerfile is configured."),
            item("Layer cache order and package caches", ["layer-order", "package-cache"], notVerified: "no Dockerfile is configured."),
            item("Read-only root filesystems", ["stack.read-only"], notVerified: "not verified: no compose file is configured."),
            item("docker-compose.yml configured (limits, isolation, start-up order)", ["stack.resource-limits", "stack.network-isolation", "stack.startup-order"],
                 notVerified: "not verified: no compose file is configured."),
            item("Environment variables documented", ["environment"], notVerified: "not verified."),
            item("Documentation written", ["documentation"], notVerified: "not verified."),
            item("Deliverables present", ["deliverables"], notVerified: "not verified."),
        ]
        for name in readiness.reviews.map(\.name) {
            items.append(single(readiness.verification(of: name, &doc), title: "\(name) image built and verified", subject: name))
            covered.insert("image.size-reduction")
            items.append(single(readiness.sizeReduction(of: name, &doc), title: "\(name) size reduction validated", subject: name))
            items.append(single(readiness.vulnerabilityScan(of: name, &doc), title: "\(name) vulnerability scanning", subject: name))
            items.append(single(readiness.registryPush(of: name, &doc), title: "\(name) registry push", subject: name))
        }
        // Every requirement entry must be covered by an item, so no ✗ can sit under a "Production ready" status.
        let uncovered = all.filter { !covered.contains($0.check.id) && $0.check.verdict != .proven }
        if !uncovered.isEmpty {
            items.append(ReadinessItem(title: "Other requirements", verdict: Readiness.combine(uncovered.map(\.check.verdict)),
                                       detail: uncovered.map(\.check.markdown).joined(separator: " ")))
        }
        return items
    }

    /// `Production ready`, or `Not production ready` with the blockers by name.
    static func status(_ items: [ReadinessItem]) -> String {
        let blockers = items.filter { $0.verdict != .proven }
        guard !blockers.isEmpty else { return "**Production ready**: every item below is proven by a fact" }
        let disproved = blockers.filter { $0.verdict == .disproved }.map(\.title)
        let unverified = blockers.filter { $0.verdict == .notVerified }.map(\.title)
        var parts: [String] = []
        if !disproved.isEmpty { parts.append("failed: " + disproved.map(MarkdownText.escape).joined(separator: ", ")) }
        if !unverified.isEmpty { parts.append("not verified: " + unverified.map(MarkdownText.escape).joined(separator: ", ")) }
        return "**Not production ready** (\(parts.joined(separator: "; ")))"
    }

    static func write(_ items: [ReadinessItem], _ doc: inout DocumentBuilder) {
        doc.heading(2, "Production readiness")
        doc.paragraph("✓ proven by a fact · ✗ disproved by a fact · *not verified*: no recorded fact can tell, and the item says what would prove it. "
            + "The status is ready for production only when every item is proven.")
        doc.checklist(items.map { item in
            let prefix = switch item.verdict {
            case .proven: "✓"
            case .disproved: "✗"
            case .notVerified: "*not verified*:"
            }
            return (item.verdict == .proven, "\(prefix) \(item.detail)")
        })
        doc.paragraph("**Status**: " + status(items) + ".")
    }
}
