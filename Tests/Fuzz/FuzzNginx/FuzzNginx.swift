import DocsgenCompose

/// libFuzzer entry point: the bytes as `nginx/nginx.conf`, read with its `include`s into security headers. An
/// `include` of anything ending in `.conf` resolves to `nginx/<last path component>`, which reads as the same bytes:
/// include cycles, fan-out and the depth and directive limits are all reachable from one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let reader = NginxConfigReader(
        readFile: { _ in text },
        resolveInclude: { argument, _ in
            guard argument.hasSuffix(".conf"), let name = argument.split(separator: "/").last else { return [] }
            return ["nginx/" + name]
        })
    _ = reader.read("nginx/nginx.conf")
    return 0
}
