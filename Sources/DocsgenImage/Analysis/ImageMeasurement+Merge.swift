import DocsgenCore

extension ImageMeasurement {
    /// Combines another reading of the same image: values this measurement lacks are taken from `other`,
    /// sources and builds are appended. Archives give exact sizes and layers; inspect and history files fill
    /// in what archives lack (`Size`, `docker history` rows) and the reverse.
    public mutating func merge(_ other: ImageMeasurement) {
        sources += other.sources
        tag = tag ?? other.tag
        imageID = imageID ?? other.imageID
        sizes.compressed = sizes.compressed ?? other.sizes.compressed
        sizes.uncompressed = sizes.uncompressed ?? other.sizes.uncompressed
        sizes.content = sizes.content ?? other.sizes.content
        sizes.reported = sizes.reported ?? other.sizes.reported
        if layers.isEmpty {
            layers = other.layers
        } else if layers.count == other.layers.count {
            for index in layers.indices {
                layers[index].createdBy = layers[index].createdBy ?? other.layers[index].createdBy
                layers[index].reportedSize = layers[index].reportedSize ?? other.layers[index].reportedSize
            }
        }
        wasted = wasted ?? other.wasted
        if largestFiles.isEmpty { largestFiles = other.largestFiles }
        config = config ?? other.config
        builds += other.builds
        if vulnerabilities == nil, other.vulnerabilities != nil {
            vulnerabilities = other.vulnerabilities
            scannedImage = other.scannedImage
        }
        packageCount = packageCount ?? other.packageCount
        repoDigests = repoDigests ?? other.repoDigests
    }
}
