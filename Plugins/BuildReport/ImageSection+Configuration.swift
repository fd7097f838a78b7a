import DocsgenCore
import DocsgenRender

extension ImageSection {
    /// The image's recorded configuration checked against what the Dockerfile says; a mismatch names both.
    func configuration(_ current: ImageMeasurement, _ doc: inout DocumentBuilder) {
        guard let config = current.config else { return }
        doc.heading(3, "Testing and verification")
        guard let dockerfile, let runtime = dockerfile.runtimeStage else {
            doc.paragraph("No Dockerfile named \(MarkdownText.code(image.name)) is configured, so the image configuration is not cross-checked.")
            return
        }
        let imageSource = current.sources.first { $0.format != "buildkit-log" }?.path ?? "the measurement"
        var checks: [(Bool, String)] = []
        let line = { (line: Int) in "\(MarkdownText.code(dockerfile.path)) line \(line)" }

        let declared = runtime.user?.value
        let actual = config.user.flatMap { $0.isEmpty ? nil : $0 }
        if declared == actual {
            checks.append((actual != nil, "**User**: the image runs as \(MarkdownText.code(actual ?? "root"))" + (runtime.user.map { ", as `USER` at \(line($0.line))" } ?? "") + " says."))
        } else {
            checks.append((false, "**User**: the image runs as \(MarkdownText.code(actual ?? "root")) (\(MarkdownText.code(imageSource))) but the Dockerfile says \(MarkdownText.code(declared ?? "root"))" + (runtime.user.map { " (\(line($0.line)))" } ?? "") + ": rebuild the image or fix the Dockerfile."))
        }

        let expectedTest: [String]? = runtime.healthcheck.map { check in
            switch check.kind {
            case .cmd: ["CMD"] + check.test
            case .cmdShell: ["CMD-SHELL"] + check.test
            case .none: ["NONE"]
            }
        }
        if expectedTest == config.healthcheck {
            checks.append((config.healthcheck != nil, "**Health check**: " + (config.healthcheck.map { MarkdownText.code($0.joined(separator: " ")) } ?? "none") + " in the image, as the Dockerfile declares" + (runtime.healthcheck.map { " (\(line($0.line)))" } ?? "") + "."))
        } else {
            checks.append((false, "**Health check**: the image has " + (config.healthcheck.map { MarkdownText.code($0.joined(separator: " ")) } ?? "none") + " (\(MarkdownText.code(imageSource))) but the Dockerfile declares " + (expectedTest.map { MarkdownText.code($0.joined(separator: " ")) } ?? "none") + (runtime.healthcheck.map { " (\(line($0.line)))" } ?? "") + "."))
        }

        let ports = runtime.exposedPorts.map(\.value)
        let missing = ports.filter { !config.exposedPorts.contains($0) }
        checks.append((missing.isEmpty, missing.isEmpty
            ? "**Exposed ports**: " + config.exposedPorts.map(MarkdownText.code).joined(separator: ", ") + " in the image; the Dockerfile exposes " + ports.map(MarkdownText.code).joined(separator: ", ") + "."
            : "**Exposed ports**: the Dockerfile exposes " + missing.map(MarkdownText.code).joined(separator: ", ") + " but the image (\(MarkdownText.code(imageSource))) does not."))

        let labelMismatches = runtime.labels.filter { config.labels[$0.key] != $0.value }
        checks.append((labelMismatches.isEmpty, labelMismatches.isEmpty
            ? "**Labels**: all \(runtime.labels.count) labels of the Dockerfile are in the image."
            : "**Labels**: " + labelMismatches.map { "\(MarkdownText.code($0.key)) is \(MarkdownText.code(config.labels[$0.key] ?? "missing")) in the image but \(MarkdownText.code($0.value)) at \(line($0.line))" }.joined(separator: "; ") + "."))
        doc.checklist(checks.map { (passed: $0.0, markdown: $0.1) })
    }
}
