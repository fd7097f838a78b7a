import DocsgenCore
import DocsgenRender

extension ImageMeasurement {
    /// Whether the recorded Trivy counts are about this image: the report's `Metadata.ImageID` equals the
    /// measured image ID. A report of another build, or one that names no image, proves nothing about this one.
    package var scanIsOfThisImage: Bool { scannedImage?.matches(imageID) == true }

    /// Why the recorded Trivy report does not prove a scan of this image (Markdown, one sentence).
    package var unmatchedScan: String {
        guard let scanned = scannedImage?.imageID else {
            return "the recorded Trivy report does not name the image it scanned (no `Metadata.ImageID`)."
        }
        guard let imageID else {
            return "the recorded Trivy report scanned \(MarkdownText.code(scanned)), but no image ID is measured to compare it with."
        }
        let artifact = scannedImage?.artifact.map { " (\(MarkdownText.code($0)))" } ?? ""
        return "the recorded Trivy report scanned \(MarkdownText.code(scanned))\(artifact), not the measured image \(MarkdownText.code(imageID))."
    }
}
