@testable import DocsgenCompose

/// libFuzzer entry point: the bytes as a `.env` file, parsed as the compose loader parses one (quotes across
/// lines, escapes, `export`, inline comments, `${…}` of earlier and inherited variables).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = EnvFile.parse(text, file: ".env", inherited: ["HOME": "/home/fuzz", "EMPTY": ""])
    return 0
}
