import DocsgenCore

/// Finds package-manager invocations in a `RUN` instruction and judges their cache hygiene.
struct RunAnalyzer {
    /// Environment variables set in the stage (for `PIP_NO_CACHE_DIR`).
    var environment: [String: String]

    struct Finding {
        var manager: PackageManager
        var packages: [String]
        var requirementFiles: [String]
        var cacheCleaned: Bool
        var command: String
    }

    /// User accounts created by `adduser`/`useradd` in the commands of a `RUN`.
    func accounts(in commands: [[String]]) -> [(name: String, uid: Int?)] {
        var result: [(String, Int?)] = []
        for words in commands {
            guard let program = words.first.map(Self.basename) else { continue }
            let valued: Set<String>
            switch program {
            case "adduser": valued = ["-h", "-g", "-s", "-G", "-u", "-k", "--home", "--gecos", "--shell", "--ingroup", "--uid", "--gid"]
            case "useradd": valued = ["-c", "-d", "-g", "-G", "-s", "-u", "-k", "-K", "-p", "-e", "-f", "-b", "-R", "-Z", "--uid", "--gid", "--home-dir", "--shell", "--groups", "--comment"]
            default: continue
            }
            let parsed = Self.options(Array(words.dropFirst()), valued: valued)
            guard let name = program == "adduser" ? parsed.positional.first : parsed.positional.last else { continue }
            let uid = parsed.values.first { $0.key == "-u" || $0.key == "--uid" }.flatMap { Int($0.value) }
            result.append((name, uid))
        }
        return result
    }

    /// Analyses the commands of one `RUN` (its arguments and heredoc bodies) and its cache mounts.
    func analyze(_ commands: [[String]], cacheMountTargets: [String]) -> [Finding] {
        let removed = commands.filter { ["rm"].contains(Self.basename($0.first ?? "")) }.flatMap { $0.dropFirst() }
        let npmCacheCleaned = commands.contains { words in
            Self.basename(words.first ?? "") == "npm" && words.contains("cache") && words.contains("clean")
        }
        var findings: [Finding] = []
        for words in commands {
            guard let finding = classify(words, removed: removed, npmCacheCleaned: npmCacheCleaned, mounts: cacheMountTargets)
            else { continue }
            findings.append(finding)
        }
        return findings
    }

    private func classify(_ words: [String], removed: [String], npmCacheCleaned: Bool, mounts: [String]) -> Finding? {
        var words = words
        while let first = words.first, ["sudo", "env", "exec", "command", "nice", "time"].contains(first) || Self.isAssignment(first) {
            words.removeFirst()
        }
        guard let program = words.first.map(Self.basename) else { return nil }
        let text = words.joined(separator: " ")
        switch program {
        case "apk":
            let parsed = Self.options(Array(words.dropFirst()), valued: ["--virtual", "-t", "--repository", "-X", "--root", "-p", "--arch", "--cache-dir", "--keys-dir", "--repositories-file"])
            guard parsed.positional.first == "add" else { return nil }
            let cleaned = parsed.flags.contains("--no-cache")
                || removed.contains { $0.hasPrefix("/var/cache/apk") }
                || mounts.contains { $0.hasPrefix("/var/cache/apk") || $0.hasPrefix("/etc/apk/cache") }
            return Finding(manager: .apk, packages: Array(parsed.positional.dropFirst()), requirementFiles: [], cacheCleaned: cleaned, command: text)
        case "apt-get", "apt":
            let parsed = Self.options(Array(words.dropFirst()), valued: ["-o", "--option", "-t", "--target-release", "-c", "--config-file"])
            guard parsed.positional.first == "install" else { return nil }
            let cleaned = removed.contains { $0.hasPrefix("/var/lib/apt/lists") }
                || mounts.contains { $0.hasPrefix("/var/lib/apt") }
            return Finding(manager: .apt, packages: Array(parsed.positional.dropFirst()), requirementFiles: [], cacheCleaned: cleaned, command: text)
        case "npm":
            let parsed = Self.options(Array(words.dropFirst()), valued: ["--prefix", "--registry", "--cache", "-w", "--workspace", "--omit", "--include", "--loglevel"])
            guard let sub = parsed.positional.first, ["ci", "install", "i", "add"].contains(sub) else { return nil }
            let packages = Array(parsed.positional.dropFirst())
            let manifests = packages.isEmpty ? [sub == "ci" ? "package-lock.json" : "package.json"] : []
            let cleaned = npmCacheCleaned || mounts.contains { $0.hasSuffix(".npm") || $0.contains("/.npm/") || $0.contains("npm-cache") }
            return Finding(manager: .npm, packages: packages, requirementFiles: manifests, cacheCleaned: cleaned, command: text)
        default:
            break
        }
        var rest: [String]
        if Self.isPip(program) {
            rest = Array(words.dropFirst())
        } else if program.hasPrefix("python"), words.count > 2, words[1] == "-m", Self.isPip(words[2]) {
            rest = Array(words.dropFirst(3))
        } else if program == "uv", words.count > 1, words[1] == "pip" {
            rest = Array(words.dropFirst(2))
        } else {
            return nil
        }
        let parsed = Self.options(rest, valued: Self.pipValued)
        guard parsed.positional.first == "install" else { return nil }
        let requirementFiles = parsed.values.filter { $0.key == "-r" || $0.key == "--requirement" }.map(\.value)
        let noCacheEnv = environment["PIP_NO_CACHE_DIR"].map { !["", "0", "false", "no"].contains($0.lowercased()) } ?? false
        let cleaned = parsed.flags.contains("--no-cache-dir") || parsed.flags.contains("--no-cache") || noCacheEnv
            || removed.contains { $0.contains("/.cache/pip") || $0.hasSuffix("/.cache") }
            || mounts.contains { $0.contains(".cache/pip") || $0.hasSuffix("/.cache") || $0.contains("/.cache/uv") }
        return Finding(manager: .pip, packages: Array(parsed.positional.dropFirst()), requirementFiles: requirementFiles, cacheCleaned: cleaned, command: text)
    }

    static let pipValued: Set<String> = [
        "-r", "--requirement", "-c", "--constraint", "-i", "--index-url", "--extra-index-url", "-f", "--find-links",
        "-t", "--target", "--prefix", "--root", "--trusted-host", "--platform", "--python-version", "--implementation",
        "--abi", "--only-binary", "--no-binary", "--upgrade-strategy", "--progress-bar", "--root-user-action",
        "--cache-dir", "--src", "--log", "--proxy", "--retries", "--timeout", "--exists-action", "--cert",
        "--client-cert", "--report", "-e", "--editable",
    ]

    static func isPip(_ word: String) -> Bool {
        let name = basename(word)
        guard name.hasPrefix("pip") else { return false }
        return name.dropFirst(3).allSatisfy { $0.isNumber || $0 == "." }
    }

    static func isAssignment(_ word: String) -> Bool {
        guard let eq = word.firstIndex(of: "="), eq != word.startIndex else { return false }
        return word[..<eq].allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    static func basename(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    struct Options {
        var flags: Set<String> = []
        var values: [(key: String, value: String)] = []
        var positional: [String] = []
    }

    /// Separates options (and the values of options that take one) from positional words.
    static func options(_ words: [String], valued: Set<String>) -> Options {
        var result = Options()
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word.hasPrefix("-") && word.count > 1 {
                if let eq = word.firstIndex(of: "=") {
                    let key = String(word[..<eq])
                    result.flags.insert(key)
                    result.values.append((key, String(word[word.index(after: eq)...])))
                } else if valued.contains(word), index < words.count {
                    result.flags.insert(word)
                    result.values.append((word, words[index]))
                    index += 1
                } else {
                    result.flags.insert(word)
                }
            } else {
                result.positional.append(word)
            }
        }
        return result
    }

    /// Splits shell text into simple commands (on `&&`, `||`, `;`, `|`, `&` and new lines) of words with
    /// quotes removed.
    static func commands(in script: String) -> [[String]] {
        var commands: [[String]] = []
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var hasWord = false
        var quote: Unicode.Scalar? = nil
        var chars = Array(script.unicodeScalars)
        chars.append("\n")
        var i = 0
        func endWord() {
            if hasWord { words.append(String(word)) }
            word = String.UnicodeScalarView()
            hasWord = false
        }
        func endCommand() {
            endWord()
            if !words.isEmpty { commands.append(words) }
            words = []
        }
        while i < chars.count {
            let c = chars[i]
            i += 1
            if let q = quote {
                if c == q {
                    quote = nil
                } else if c == "\\" && q == "\"" && i < chars.count {
                    word.append(chars[i])
                    i += 1
                } else {
                    word.append(c)
                }
                continue
            }
            switch c {
            case "'", "\"":
                quote = c
                hasWord = true
            case "\\":
                if i < chars.count {
                    if chars[i] == "\r", i + 1 < chars.count, chars[i + 1] == "\n" {
                        i += 2
                    } else if chars[i] != "\n" {
                        word.append(chars[i])
                        hasWord = true
                        i += 1
                    } else {
                        i += 1
                    }
                }
            case "#" where !hasWord:
                while i < chars.count, chars[i] != "\n" { i += 1 }
            case "&", "|", ";", "\n", "(", ")":
                endCommand()
            case _ where isSpace(c):
                endWord()
            default:
                word.append(c)
                hasWord = true
            }
        }
        return commands
    }
}
