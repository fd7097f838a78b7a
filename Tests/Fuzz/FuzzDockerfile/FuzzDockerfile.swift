import DocsgenDockerfile

/// libFuzzer entry point: the bytes as a Dockerfile, parsed and resolved (stages, ARG substitution, facts) the way
/// `docsgen build` reads one. Invalid UTF-8 is replaced, as the gatherer does. Any outcome but a crash is fine.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = DockerfileReader().read(text, name: "fuzz", path: "Dockerfile", buildArgs: ["VERSION": "1.0", "EMPTY": ""])
    return 0
}
