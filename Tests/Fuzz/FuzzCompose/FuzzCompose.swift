import DocsgenCompose

/// A small `.env` beside the fuzzed compose file, so interpolation has set, empty and unset variables to meet.
let environment = "TAG=1.0\nPORT=8080\nEMPTY=\nexport NAME=web\n"

/// libFuzzer entry point: the bytes as `docker-compose.yml`, loaded as `docker compose config` would (YAML,
/// `.env` interpolation, includes, extends, profiles, normalisation, validation). Every other file the input
/// names (`include`, `extends.file`, `env_file`) reads as the same bytes, so cycles and nesting limits are met too.
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
