import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program (never through a shell) in its own process group, feeding it standard input and reading
/// its output with bounds: after `timeout` or when standard output passes `outputLimit` bytes, the whole
/// group is killed, so a plugin's children cannot outlive it either.
///
/// ```swift
/// let result = try ChildProcess(arguments: ["python3", "plugin.py"], directory: root)
///     .run(input: request, timeout: 30, outputLimit: 64 << 20) { line in print("[plugin] \(line)") }
/// result.status      // .exited(0)
/// ```
package struct ChildProcess {
    /// The program and its arguments; the program is looked up on `PATH` unless it contains `/`.
    package var arguments: [String]
    /// The working directory.
    package var directory: URL
    /// The environment; the parent's when `nil`.
    package var environment: [String: String]?

    package init(arguments: [String], directory: URL, environment: [String: String]? = nil) {
        self.arguments = arguments
        self.directory = directory
        self.environment = environment
    }

    /// How the process ended.
    package enum Status: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
        /// Killed by docsgen after the timeout.
        case timedOut
        /// Killed by docsgen when standard output passed the limit.
        case outputTooLarge
    }

    package struct Result: Sendable {
        package var status: Status
        package var output: Data
    }

    package enum Failure: Error, Equatable, CustomStringConvertible {
        case cannotStart(String)

        package var description: String {
            switch self {
            case let .cannotStart(reason): reason
            }
        }
    }

    /// Runs the program to its end.
    ///
    /// - Parameters:
    ///   - input: Written to standard input, which is then closed.
    ///   - timeout: Seconds until the process group is killed.
    ///   - outputLimit: Most bytes of standard output kept; one more kills the group.
    ///   - errorLine: Called with each line of standard error (lines longer than 4 KiB are cut).
    package func run(input: Data, timeout: TimeInterval, outputLimit: Int, errorLine: (String) -> Void) throws(Failure) -> Result {
        try start().communicate(input: input, timeout: timeout, outputLimit: outputLimit, errorLine: errorLine)
    }

    /// A started process that has been sent nothing yet: ``communicate(input:timeout:outputLimit:errorLine:)``
    /// feeds it and waits for its end, ``cancel()`` kills its process group before it gets any input.
    package struct Running {
        let pid: pid_t
        let stdin: Int32, stdout: Int32, stderr: Int32

        /// Writes `input`, reads the output with the bounds and waits for the end (the timeout counts from now).
        package func communicate(input: Data, timeout: TimeInterval, outputLimit: Int, errorLine: (String) -> Void) -> Result {
            ChildProcess.communicate(
                pid: pid, stdin: stdin, stdout: stdout, stderr: stderr, input: input, timeout: timeout,
                outputLimit: outputLimit, errorLine: errorLine)
        }

        /// Kills the process group and reaps the process; it never received input.
        package func cancel() {
            for fd in [stdin, stdout, stderr] { close(fd) }
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        }
    }

    /// Starts the program with its standard streams on pipes, sending it nothing yet.
    package func start() throws(Failure) -> Running {
        guard let program = arguments.first, !program.isEmpty else { throw .cannotStart("no program to run") }
        var inPipe: [Int32] = [-1, -1], outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        // Close-on-exec from the start: another child started meanwhile (a plugin's handshake runs on its own
        // thread, git during gathering) must not inherit this child's stdin, or it never reads end-of-file.
        guard Self.makePipe(&inPipe), Self.makePipe(&outPipe), Self.makePipe(&errPipe) else {
            throw .cannotStart("cannot create pipes: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        for fd in inPipe + outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        guard Self.addChdir(&actions, directory.path) == 0 else { throw .cannotStart("cannot set the working directory \(directory.path)") }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group (pgid = its pid), so one kill reaches everything it started.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let environment = (self.environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }.sorted()
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = program.contains("/")
            ? posix_spawn(&pid, program, &actions, &attributes, &argv, &envp)
            : posix_spawnp(&pid, program, &actions, &attributes, &argv, &envp)
        close(inPipe[0]); close(outPipe[1]); close(errPipe[1])
        guard spawned == 0 else {
            close(inPipe[1]); close(outPipe[0]); close(errPipe[0])
            throw .cannotStart("cannot run `\(program)`: \(String(cString: strerror(spawned)))")
        }
        return Running(pid: pid, stdin: inPipe[1], stdout: outPipe[0], stderr: errPipe[0])
    }

    private static func communicate(
        pid: pid_t, stdin: Int32, stdout: Int32, stderr: Int32, input: Data, timeout: TimeInterval, outputLimit: Int,
        errorLine: (String) -> Void
    ) -> Result {
        _ = fcntl(stdin, F_SETFL, fcntl(stdin, F_GETFL) | O_NONBLOCK)
        // A plugin that exits without reading its input must not kill docsgen with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let deadline = Date().addingTimeInterval(timeout)
        var output = Data()
        var errors = Data()
        var written = 0
        var inputFD: Int32 = input.isEmpty ? -1 : stdin
        if input.isEmpty { close(stdin) }
        var outFD: Int32 = stdout, errFD: Int32 = stderr
        var killed: Status?
        var buffer = [UInt8](repeating: 0, count: 65536)
        func flushErrors(final: Bool) {
            while let newline = errors.firstIndex(of: 10) {
                errorLine(String(decoding: errors[errors.startIndex..<newline].prefix(4096), as: UTF8.self))
                errors = Data(errors[errors.index(after: newline)...])
            }
            if errors.count > 4096 || (final && !errors.isEmpty) {
                errorLine(String(decoding: errors.prefix(4096), as: UTF8.self))
                errors = Data()
            }
        }
        while outFD >= 0 || errFD >= 0 || inputFD >= 0 {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { killed = .timedOut; break }
            var fds: [pollfd] = []
            if inputFD >= 0 { fds.append(pollfd(fd: inputFD, events: Int16(POLLOUT), revents: 0)) }
            if outFD >= 0 { fds.append(pollfd(fd: outFD, events: Int16(POLLIN), revents: 0)) }
            if errFD >= 0 { fds.append(pollfd(fd: errFD, events: Int16(POLLIN), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(remaining, 1) * 1000) + 1)
            if ready < 0 { if errno == EINTR { continue }; break }
            for entry in fds where entry.revents != 0 {
                if entry.fd == inputFD {
                    let count = input.withUnsafeBytes { raw in
                        write(inputFD, raw.baseAddress!.advanced(by: written), min(raw.count - written, 65536))
                    }
                    if count > 0 { written += count }
                    if written >= input.count || (count < 0 && errno != EAGAIN) {
                        close(inputFD)
                        inputFD = -1
                    }
                    continue
                }
                let count = read(entry.fd, &buffer, buffer.count)
                if count <= 0 {
                    if count < 0, errno == EAGAIN || errno == EINTR { continue }
                    close(entry.fd)
                    if entry.fd == outFD { outFD = -1 } else { errFD = -1 }
                    continue
                }
                if entry.fd == outFD {
                    output.append(contentsOf: buffer[0..<count])
                    if output.count > outputLimit { killed = .outputTooLarge }
                } else {
                    errors.append(contentsOf: buffer[0..<count])
                    flushErrors(final: false)
                }
            }
            if killed != nil { break }
        }
        flushErrors(final: true)
        for fd in [inputFD, outFD, errFD] where fd >= 0 { close(fd) }
        // The streams are closed; the process may still run (or have left children): wait until the deadline.
        var status: Int32 = 0
        while killed == nil {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { return Result(status: Self.status(status), output: output) }
            if done < 0, errno != EINTR { return Result(status: .exited(-1), output: output) }
            if deadline.timeIntervalSinceNow <= 0 { killed = .timedOut; break }
            usleep(2000)
        }
        kill(-pid, SIGKILL)
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        return Result(status: killed ?? .signalled(SIGKILL), output: output)
    }

    /// A pipe whose two ends close on exec (posix_spawn's dup2 onto 0, 1 and 2 clears the flag for the child).
    private static func makePipe(_ ends: inout [Int32]) -> Bool {
        if let pipe2 = pipe2Function {
            return ends.withUnsafeMutableBufferPointer { pipe2($0.baseAddress!, O_CLOEXEC) } == 0
        }
        // Without pipe2 (macOS) the flag is set just after: a child started in between could inherit the ends.
        guard pipe(&ends) == 0 else { return false }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// `pipe2` (Linux), which the Swift overlay does not export: looked up once at run time.
    private static let pipe2Function: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pipe2") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32).self)
    }()

    /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29+, macOS 10.15+), which the Swift overlay does not
    /// export: looked up once at run time.
    private static let addChdirFunction: (@convention(c) (UnsafeMutableRawPointer, UnsafePointer<CChar>) -> Int32)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutableRawPointer, UnsafePointer<CChar>) -> Int32).self)
    }()

    private static func addChdir(_ actions: inout posix_spawn_file_actions_t, _ path: String) -> Int32 {
        guard let function = addChdirFunction else { return -1 }
        return withUnsafeMutablePointer(to: &actions) { pointer in function(UnsafeMutableRawPointer(pointer), path) }
    }

    private static func status(_ raw: Int32) -> Status {
        let signal = raw & 0x7f
        return signal == 0 ? .exited((raw >> 8) & 0xff) : .signalled(signal)
    }
}
