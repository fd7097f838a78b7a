import DocsgenRender

/// libFuzzer entry point: the bytes as a Markdown document, rendered to HTML by cmark-gfm with docsgen's
/// extensions (tables, task lists, strikethrough, autolinks), heading anchors and Sources-row anchors.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = HTMLRenderer().render(text, rowAnchors: ["images.backend.size", "a"])
    return 0
}
