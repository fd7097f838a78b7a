import DocsgenCore
import DocsgenRender

/// The measurements of one image: its baseline and its releases in version order, up to the release the
/// documents describe.
package struct ImageSet: Sendable {
    package var name: String
    package var baseline: ImageMeasurement?
    /// Releases, oldest first (`1.9.0` before `1.10.0`), none newer than the selected release.
    package var releases: [ImageMeasurement]

    /// The measurement the documents describe: the selected release, or the newest one before it.
    package var current: ImageMeasurement? { releases.last }

    /// The release before ``current``.
    package var previous: ImageMeasurement? { releases.count > 1 ? releases[releases.count - 2] : nil }

    /// Groups measurements by image, keeping only releases up to `facts.release` when one is selected.
    package static func group(_ facts: ProjectFacts) -> [ImageSet] {
        var names: [String] = []
        for measurement in facts.images where !names.contains(measurement.name) { names.append(measurement.name) }
        return names.compactMap { name in
            let (baseline, releases) = facts.measurements(of: name)
            return baseline == nil && releases.isEmpty ? nil : ImageSet(name: name, baseline: baseline, releases: releases)
        }
    }

    /// The fact-key prefix of this image (`images.backend`).
    package var key: String { "images.\(FactKey.sanitize(name))" }
}

/// One step of an image's release history: its size and the change from the release before, computed
/// only between sizes of the same kind.
package struct ReleaseStep: Sendable, Hashable {
    package var release: String
    package var measurement: ImageMeasurement
    /// `reported`, `uncompressed`, … and its label.
    package var kind: String
    package var label: String
    package var bytes: Int64
    /// Bytes of the previous release, when it has a size of the same kind.
    package var previousBytes: Int64?

    package var change: Int64? { previousBytes.map { bytes - $0 } }
    package var changeRatio: Double? {
        guard let previousBytes, previousBytes > 0 else { return nil }
        return Double(bytes - previousBytes) / Double(previousBytes)
    }
}

extension ImageSet {
    /// Every release with its size and the change from the one before.
    package var history: [ReleaseStep] {
        var steps: [ReleaseStep] = []
        var previous: ImageSizes?
        for measurement in releases {
            defer { previous = measurement.sizes }
            let paired = previous.flatMap { ImageSizes.comparison(before: $0, after: measurement.sizes) }
            guard let shown = paired ?? ImageSizes.comparison(before: nil, after: measurement.sizes) else { continue }
            steps.append(ReleaseStep(
                release: measurement.release ?? "current", measurement: measurement, kind: shown.kind, label: shown.label,
                bytes: shown.after, previousBytes: shown.before))
        }
        return steps
    }
}

/// Citations of measured sizes.
package enum ComparableSize {
    package static func pick(_ before: ImageSizes?, _ after: ImageSizes) -> (key: String, label: String, before: Int64?, after: Int64)? {
        ImageSizes.comparison(before: before, after: after).map { ($0.kind, $0.label, $0.before, $0.after) }
    }

    package static func source(_ measurement: ImageMeasurement, key: String) -> FactSource {
        FactSource(file: measurement.recordedIn ?? "measurements", pointer: "/sizes/\(key)", reader: "docsgen measure (\(measurement.sources.map(\.format).joined(separator: ", ")))")
    }

    /// Cites the size of `measurement` as `images.NAME.size` (or `.baseline-size`): the one key every document
    /// uses for it, so the build report and the completion report show one fact.
    package static func cite(
        _ measurement: ImageMeasurement, of name: String, bytes: Int64, kind: (key: String, label: String), _ doc: inout DocumentBuilder
    ) -> String {
        let baseline = measurement.isBaseline
        return doc.cite(
            key: "images.\(FactKey.sanitize(name)).\(baseline ? "baseline-size" : "size")",
            label: "\(name): \(baseline ? "baseline size" : "image size") (\(kind.label))",
            value: Format.size(bytes), source: source(measurement, key: kind.key))
    }
}
