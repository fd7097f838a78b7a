import DocsgenCore
import Foundation

/// Reads recorded metadata files into a measurement. (Being wired to the metadata readers.)
public enum MetadataMeasurement {
    public static func read(_ data: Data, path: String) -> (ImageMeasurement?, [Diagnostic]) {
        (nil, [])
    }
}
