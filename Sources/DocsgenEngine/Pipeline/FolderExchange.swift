import Foundation

/// Swaps two folders in one step with Linux's `renameat2(RENAME_EXCHANGE)` (kernel 3.15, glibc 2.28), looked
/// up at run time so docsgen still runs, writing file by file, where it is missing.
enum FolderExchange {
    private typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32

    private static let renameat2: RenameAt2? = {
        #if os(Linux)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
        #else
        return nil
        #endif
    }()

    static var isAvailable: Bool { renameat2 != nil }

    /// Exchanges `first` and `second` atomically; `false` when the system or file system refuses.
    static func exchange(_ first: URL, _ second: URL) -> Bool {
        guard let renameat2 else { return false }
        let exchangeFlag: UInt32 = 2  // RENAME_EXCHANGE
        return renameat2(AT_FDCWD, first.path, AT_FDCWD, second.path, exchangeFlag) == 0
    }
}

/// Test hook: `DOCSGEN_KILL_AT=NAME` makes the process kill itself with SIGKILL when it reaches the named
/// point of a write (`output-staged`, `output-exchanged`, `file-staged` for every other atomic write), so tests can prove what a
/// crash at that moment leaves behind.
package enum FaultInjection {
    private static let target = ProcessInfo.processInfo.environment["DOCSGEN_KILL_AT"]

    package static func point(_ name: String) {
        if target == name { kill(getpid(), SIGKILL) }
    }
}
