import DocsgenCore
import DocsgenRender
import DocsgenReviews

/// One line of the production-readiness checklist: a claim, its verdict and the evidence or what would
/// prove it.
struct ReadinessItem {
    var title: String
    var verdict: Verdict
    /// Markdown: the evidence when proven, the reason when disproved, what to record when not verified.
    var detail: String
}

/// Computes every claim the completion report makes, once; the summary, the requirement sections, the
/// checklist, the status line and the conclusion all read from it.
struct Readiness {
    let facts: ProjectFacts
    let documents: [DocumentSummary]
    let reviews: [ImageReview]
    let images: [ImageSet]
    let stack: StackReview?

    init(_ input: PluginInput) {
        facts = input.facts
        documents = input.documents
        reviews = input.facts.dockerfiles.map { ImageReview($0, facts: input.facts) }
        images = ImageSet.group(input.facts)
        stack = input.facts.compose.map { StackReview(facts: input.facts, compose: $0) }
    }

    /// The verdict of several checks: disproved if any is, else not verified if any is, else proven.
    static func combine(_ verdicts: [Verdict]) -> Verdict {
        if verdicts.contains(.disproved) { return .disproved }
        if verdicts.contains(.notVerified) || verdicts.isEmpty { return .notVerified }
        return .proven
    }

    // MARK: - Per-image evidence

    /// The checks of every image for a guide check, with the image name.
    func imageChecks(_ doc: inout DocumentBuilder, _ check: (ImageReview, inout DocumentBuilder) -> Check) -> [(String, Check)] {
        reviews.map { ($0.name, check($0, &doc)) }
    }

    func imageChecks(_ doc: inout DocumentBuilder, many check: (ImageReview, inout DocumentBuilder) -> [Check]) -> [(String, Check)] {
        reviews.flatMap { review in check(review, &doc).map { (review.name, $0) } }
    }

    func stackChecks(_ doc: inout DocumentBuilder, id: String) -> [Check] {
        stack?.stackChecks(&doc).filter { $0.id == id } ?? []
    }

    /// The recorded image configuration checked against the Dockerfile, per image.
    func verification(of name: String, _ doc: inout DocumentBuilder) -> Check {
        let set = images.first { $0.name == name }
        guard let current = set?.current else {
            return Check("image.verified", verdict: .notVerified, markdown: "**Image built**: no measurement of "
                + "\(MarkdownText.code(name)) is recorded. Build it and record it: `docker save IMAGE -o image.tar && docsgen measure image.tar --image \(name) --release X` "
                + "(or `docker image inspect IMAGE > inspect.json` and `docsgen measure inspect.json …`).")
        }
        guard let dockerfile = facts.dockerfiles.first(where: { $0.name == name }),
            let checks = ConfigurationReview(measurement: current, dockerfile: dockerfile).checks
        else {
            return Check("image.verified", verdict: .notVerified, markdown: "**Image built**: measured from "
                + current.sources.map { MarkdownText.code($0.path) }.joined(separator: ", ")
                + ", but no image configuration is recorded to compare with the Dockerfile; add `docker image inspect` output to the measurement.")
        }
        let failed = checks.filter { !$0.passed }
        if failed.isEmpty {
            return Check("image.verified", passed: true, markdown: "**Image built and verified**: release "
                + MarkdownText.code(current.release ?? "current") + "; user, health check, exposed ports and labels of the image match the Dockerfile.")
        }
        return Check("image.verified", passed: false, markdown: "**Image built**: the image does not match its Dockerfile: "
            + failed.map(\.markdown).joined(separator: " "))
    }

    /// Before/after sizes of one kind; a reduction is proven only when the image got smaller.
    func sizeReduction(of name: String, _ doc: inout DocumentBuilder) -> Check {
        guard let set = images.first(where: { $0.name == name }), let current = set.current else {
            return Check("image.size-reduction", verdict: .notVerified, markdown: "**Size reduction**: no measurement is recorded.")
        }
        guard let baseline = set.baseline else {
            return Check("image.size-reduction", verdict: .notVerified, markdown: "**Size reduction**: no baseline is recorded; "
                + "record the image before the optimisation with `docsgen measure SOURCE --image \(name) --baseline`.")
        }
        guard let pick = ComparableSize.pick(baseline.sizes, current.sizes), let before = pick.before else {
            return Check("image.size-reduction", verdict: .notVerified, markdown: "**Size reduction**: the baseline and release "
                + MarkdownText.code(current.release ?? "current") + " share no size of the same kind; measure both the same way.")
        }
        let sizes = citeSizes(set, current: current, baseline: baseline, pick: (pick.key, pick.label, before, pick.after), &doc)
        if pick.after < before {
            return Check("image.size-reduction", passed: true, markdown: "**Size reduction**: \(sizes.before) → \(sizes.after) "
                + "(\(sizes.reduction) smaller, \(MarkdownText.escape(pick.label)), from exact bytes).")
        }
        return Check("image.size-reduction", passed: false, markdown: "**Size reduction**: the image grew or stayed the same: "
            + "\(sizes.before) → \(sizes.after) (\(MarkdownText.escape(pick.label))).")
    }

    /// Cites a before/after pair with the keys the build report uses, so both documents show one fact.
    func citeSizes(
        _ set: ImageSet, current: ImageMeasurement, baseline: ImageMeasurement, pick: (key: String, label: String, before: Int64, after: Int64),
        _ doc: inout DocumentBuilder
    ) -> (before: String, after: String, reduction: String) {
        let after = ComparableSize.cite(current, of: set.name, bytes: pick.after, kind: (pick.key, pick.label), &doc)
        let before = ComparableSize.cite(baseline, of: set.name, bytes: pick.before, kind: (pick.key, pick.label), &doc)
        let reduction = doc.cite(
            key: "\(set.key).reduction", label: "\(set.name): size reduction (\(pick.label))",
            value: Format.percent(1 - Double(pick.after) / Double(max(1, pick.before))), source: ComparableSize.source(current, key: pick.key))
        return (before, after, reduction)
    }

    /// Trivy's counts at or above `completion.fail-on` (CRITICAL unless configured).
    func vulnerabilityScan(of name: String, _ doc: inout DocumentBuilder) -> Check {
        let order = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN"]
        let failOn = facts.completion?.failOn ?? "CRITICAL"
        let failing = Array(order.prefix(through: order.firstIndex(of: failOn) ?? 0))
        guard let current = images.first(where: { $0.name == name })?.current, let counts = current.vulnerabilities else {
            return Check("image.vulnerability-scan", verdict: .notVerified, markdown: "**Vulnerability scanning**: no Trivy report is recorded. "
                + "Record one: `trivy image --format json IMAGE > trivy.json && docsgen measure trivy.json --image \(name) --release X` "
                + "(with the image's other sources).")
        }
        guard current.scanIsOfThisImage else {
            return Check("image.vulnerability-scan", verdict: .notVerified, markdown: "**Vulnerability scanning**: "
                + current.unmatchedScan + " Record the report of the measured image with its inspect output: "
                + "`docsgen measure inspect.json trivy.json --image \(name) --release X`.")
        }
        let key = "images.\(FactKey.sanitize(name)).vulnerabilities"
        let source = { (severity: String) in FactSource(file: current.recordedIn ?? "measurements", pointer: "/vulnerabilities/\(severity)", reader: "docsgen measure (Trivy JSON)") }
        let found = failing.compactMap { severity -> String? in
            guard let count = counts[severity], count > 0 else { return nil }
            let cited = doc.cite(key: "\(key).\(severity.lowercased())", label: "\(name): \(severity.lowercased()) vulnerabilities", value: "\(count)", source: source(severity))
            return "\(cited) \(severity.lowercased())"
        }
        let threshold = failOn == "CRITICAL" ? "critical" : "\(failOn.lowercased()) or worse"
        if found.isEmpty {
            return Check("image.vulnerability-scan", passed: true, markdown: "**Vulnerability scanning**: Trivy finds no \(threshold) "
                + "vulnerability in release \(MarkdownText.code(current.release ?? "current")).")
        }
        return Check("image.vulnerability-scan", passed: false, markdown: "**Vulnerability scanning**: Trivy reports "
            + found.joined(separator: ", ") + " vulnerabilities in release \(MarkdownText.code(current.release ?? "current")); fix them or set "
            + "`completion.fail-on` deliberately.")
    }

    /// `RepoDigests` in a recorded `docker image inspect` prove a registry holds the image.
    func registryPush(of name: String, _ doc: inout DocumentBuilder) -> Check {
        guard let current = images.first(where: { $0.name == name })?.current, let digests = current.repoDigests, let first = digests.first else {
            return Check("image.registry-push", verdict: .notVerified, markdown: "**Registry push**: no recorded "
                + "`docker image inspect` lists a `RepoDigests` entry. Push the image, then record `docker image inspect IMAGE` with `docsgen measure`.")
        }
        let cited = doc.cite(
            key: "images.\(FactKey.sanitize(name)).repo-digest", label: "\(name): registry digest", value: first,
            source: FactSource(file: current.recordedIn ?? "measurements", pointer: "/repoDigests/0", reader: "docsgen measure (docker image inspect)"), code: true)
        return Check("image.registry-push", passed: true, markdown: "**Registry push**: \(cited).")
    }

    /// Every variable the services read is set by the env files (values are never shown).
    func environmentDocumented(_ doc: inout DocumentBuilder) -> Check {
        guard let compose = facts.compose else {
            return Check("environment", verdict: .notVerified, markdown: "**Environment variables documented**: no compose file is configured.")
        }
        let templates = facts.files.filter { $0.role == "environment template" || $0.role == "env file" }
        let active = compose.services.filter { compose.activeServices.contains($0.name) }
        let unset = active.flatMap { service in service.environment.filter { !$0.isSet }.map { "\(MarkdownText.code(service.name)): \(MarkdownText.code($0.name))" } }
        let count = active.reduce(0) { $0 + $1.environment.count }
        if !unset.isEmpty {
            return Check("environment", passed: false, markdown: "**Environment variables documented**: not set by any env file: \(unset.joined(separator: ", ")). Add them to "
                + (templates.first.map { MarkdownText.code($0.path) } ?? "an env template") + ".")
        }
        guard let template = templates.first(where: \.exists) else {
            return Check("environment", passed: false, markdown: "**Environment variables documented**: no env template is configured (`compose.env-files` in `docsgen.yml`).")
        }
        return Check("environment", passed: true, markdown: "**Environment variables documented**: all \(count) variables of the services are set in "
            + "\(MarkdownText.code(template.path)); values appear in documents by name only.")
    }

    /// The documents generated before this one.
    func documentation() -> Check {
        let others = documents.filter { !$0.path.hasSuffix("/completion-report.md") }
        guard !others.isEmpty else {
            return Check("documentation", passed: false, markdown: "**Documentation generated**: no other document is generated before this report; list "
                + "`optimization-guide` and `build-report` before `completion-report` under `plugins` in `docsgen.yml`.")
        }
        return Check("documentation", passed: true, markdown: "**Documentation generated**: " + others.map { "\(MarkdownText.escape($0.title)) (\(MarkdownText.code($0.path)), \($0.lines) lines)" }.joined(separator: ", ") + ".")
    }

    /// Files named under `completion.files` exist.
    func deliverables() -> Check {
        let listed = Set(facts.files.map(\.path))
        let missing = facts.files.filter { !$0.exists }
        if !missing.isEmpty {
            return Check("deliverables", passed: false, markdown: "**Deliverables present**: missing " + missing.map { "\(MarkdownText.code($0.path)) (\(MarkdownText.escape($0.role)))" }.joined(separator: ", ") + ".")
        }
        return Check("deliverables", passed: true, markdown: "**Deliverables present**: all \(listed.count) files exist.")
    }
}
