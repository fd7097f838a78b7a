@testable import DocsgenCompose

/// A small `.env` beside the fuzzed compose file, so interpolation has set, empty and unset variables to meet.
let environment = "TAG=1.0\nPORT=8080\nEMPTY=\nexport NAME=web\n"

/// libFuzzer entry point: the bytes as `docker-compose.yml`, loaded as `docker compose config` would (YAML,
/// `.env` interpolation, includes, extends, profiles, normalisation, validation). Every other file the input
/// names (`include`, `extends.file`, `env_file`) reads as the same bytes, so cycles and nesting limits are met too.
/// libFuzzer calls this once before the first input: the Compose Specification's description is a set of lazily
/// built globals, made here so that no input is charged with memory that lives until exit (LeakSanitizer took
/// the first input to reach `include:` for a leak: `make fuzz`, 264,000 executions in).
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    _ = ComposeSchema.document
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let loader = ComposeLoader { path in path == ".env" ? environment : text }
    let options = ComposeOptions(
        files: ["docker-compose.yml"], processEnvironment: ["HOME": "/home/fuzz"], publicVariables: ["TAG"],
        profiles: ["debug"], defaultName: "fuzz")
    _ = loader.load(options)
    return 0
}
