import DocsgenCore
import DocsgenRender

/// A recorded image configuration (`docker image inspect`) checked against what its Dockerfile declares.
///
/// The build report prints these checks; the completion report counts them as verification of the image.
package struct ConfigurationReview {
    package let measurement: ImageMeasurement
    package let dockerfile: DockerfileFacts

    package init(measurement: ImageMeasurement, dockerfile: DockerfileFacts) {
        self.measurement = measurement
        self.dockerfile = dockerfile
    }

    /// The checks, or `nil` when the measurement has no configuration or the Dockerfile no stage.
    package var checks: [Check]? {
        guard let config = measurement.config, let runtime = dockerfile.runtimeStage else { return nil }
        let current = measurement
        let imageSource = current.sources.first { $0.format != "buildkit-log" }?.path ?? "the measurement"
        var checks: [Check] = []
        let line = { (line: Int) in "\(MarkdownText.code(dockerfile.path)) line \(line)" }

        let declared = runtime.user?.value
        let actual = config.user.flatMap { $0.isEmpty ? nil : $0 }
        if let user = runtime.user, !user.isResolved {
            // `USER $APP_UID`: the base image's variable; the recorded image is the only word on its value.
            checks.append(Check("image.user", passed: actual.map { !StackReview.isRoot($0) } ?? false, markdown: "**User**: the image runs as \(MarkdownText.code(actual ?? "root")) (\(MarkdownText.code(imageSource))), the base image's value of \(MarkdownText.code(user.value)) that `USER` at \(line(user.line)) names."))
        } else if declared == actual {
            checks.append(Check("image.user", passed: actual != nil, markdown: "**User**: the image runs as \(MarkdownText.code(actual ?? "root"))" + (runtime.user.map { ", as `USER` at \(line($0.line))" } ?? "") + " says."))
        } else {
            checks.append(Check("image.user", passed: false, markdown: "**User**: the image runs as \(MarkdownText.code(actual ?? "root")) (\(MarkdownText.code(imageSource))) but the Dockerfile says \(MarkdownText.code(declared ?? "root"))" + (runtime.user.map { " (\(line($0.line)))" } ?? "") + ": rebuild the image or fix the Dockerfile."))
        }

        let expectedTest: [String]? = runtime.healthcheck.map { check in
            switch check.kind {
            case .cmd: ["CMD"] + check.test
            case .cmdShell: ["CMD-SHELL"] + check.test
            case .none: ["NONE"]
            }
        }
        if expectedTest == config.healthcheck {
            checks.append(Check("image.healthcheck", passed: config.healthcheck != nil, markdown: "**Health check**: " + (config.healthcheck.map { MarkdownText.code($0.joined(separator: " ")) } ?? "none") + " in the image, as the Dockerfile declares" + (runtime.healthcheck.map { " (\(line($0.line)))" } ?? "") + "."))
        } else {
            checks.append(Check("image.healthcheck", passed: false, markdown: "**Health check**: the image has " + (config.healthcheck.map { MarkdownText.code($0.joined(separator: " ")) } ?? "none") + " (\(MarkdownText.code(imageSource))) but the Dockerfile declares " + (expectedTest.map { MarkdownText.code($0.joined(separator: " ")) } ?? "none") + (runtime.healthcheck.map { " (\(line($0.line)))" } ?? "") + "."))
        }

        // A port named by a variable of the base image (`EXPOSE $APP_PORT`) has no value to compare.
        let ports = runtime.exposedPorts.filter(\.isResolved).map(\.value)
        let missing = ports.filter { !config.exposedPorts.contains($0) }
        checks.append(Check("image.exposed-ports", passed: missing.isEmpty, markdown: missing.isEmpty
            ? "**Exposed ports**: " + config.exposedPorts.map(MarkdownText.code).joined(separator: ", ") + " in the image; the Dockerfile exposes " + ports.map(MarkdownText.code).joined(separator: ", ") + "."
            : "**Exposed ports**: the Dockerfile exposes " + missing.map(MarkdownText.code).joined(separator: ", ") + " but the image (\(MarkdownText.code(imageSource))) does not."))

        let labelMismatches = runtime.labels.filter { config.labels[$0.key] != $0.value }
        checks.append(Check("image.labels", passed: labelMismatches.isEmpty, markdown: labelMismatches.isEmpty
            ? "**Labels**: all \(runtime.labels.count) labels of the Dockerfile are in the image."
            : "**Labels**: " + labelMismatches.map { "\(MarkdownText.code($0.key)) is \(MarkdownText.code(config.labels[$0.key] ?? "missing")) in the image but \(MarkdownText.code($0.value)) at \(line($0.line))" }.joined(separator: "; ") + "."))
        return checks
    }
}
