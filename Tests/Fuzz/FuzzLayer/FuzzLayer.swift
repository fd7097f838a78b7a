import Foundation
@testable import DocsgenImage

/// libFuzzer entry point: the bytes as one image layer blob, read as `docsgen measure` reads every layer
/// (libarchive detects plain, gzip or zstd tar; the stream is hashed and its entries classified), then analysed
/// as an image of that layer twice, so the second copy's whiteouts and opaque folders delete from the first.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = MemorySource(Data(bytes: data, count: size))
    guard let content = try? LayerScanner.scan(source, name: "fuzz-layer") else { return 0 }
    _ = source.hash.finish()
    _ = LayerAnalyzer.analyze([content.entries, content.entries])
    return 0
}
