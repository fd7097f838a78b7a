import Foundation

/// The commented `docsgen.yml` that `docsgen init` writes for a ``ProjectSurvey``: each section with a comment
/// saying what it is and where it was found, items docsgen would stop at commented out with the reason, and
/// the optional sections as commented hints. The same survey always gives the same text.
package struct StarterConfig {
    package let survey: ProjectSurvey

    package init(_ survey: ProjectSurvey) {
        self.survey = survey
    }

    /// Column trailing comments start at.
    static let commentColumn = 32

    /// The file's text.
    package var text: String {
        var lines = [
            "# docsgen configuration written by `docsgen init` from the files found in this folder; review it, then run",
            "# `docsgen build`. Paths are relative to this file; docsgen's README (section \"docsgen.yml\") describes every key.",
        ]
        lines += survey.notes.map { "# Note: \($0)." }
        lines.append(Self.entry("project: " + Self.scalar(survey.project), "title shown in every document (the folder's name)"))
        lines.append(Self.entry("output: Output", "where the documents are written"))
        lines += [""] + dockerfiles + compose + nginx + folders + completion + plugins
        return lines.joined(separator: "\n") + "\n"
    }

    var dockerfiles: [String] {
        guard !survey.images.isEmpty else {
            return ["# Images to document: no Dockerfile was found, so the documents cover the compose stack only.", "dockerfiles: []"]
        }
        var lines = ["# Images to document: the Dockerfiles found, each named after the compose service that builds it or its folder.",
                     "dockerfiles:"]
        for image in survey.images {
            lines.append("  # \(image.path): \(Self.oneLine(image.origin)).")
            lines += image.notes.map { "  # \(Self.oneLine($0))." }
            var entry = ["  - name: \(image.name)", "    path: \(Self.scalar(image.path))"]
            if !image.args.isEmpty {
                let isGiven = image.args.contains { $0.value != nil }
                var args = [Self.entry("    args:", "ARGs a FROM needs that have no default")]
                for argument in image.args {
                    let line = Self.entry("      \(argument.name): \(argument.value.map(Self.scalar) ?? "\"\"")", argument.hint)
                    args += isGiven && argument.value == nil ? Self.commented([line]) : [line]
                }
                entry += isGiven ? args : Self.commented(args)
            }
            lines += Self.disabled(entry, problem: image.problem)
        }
        return lines + [""]
    }

    var compose: [String] {
        guard let compose = survey.compose else { return [] }
        let what = compose.files.count > 1
            ? "\(compose.files[0]) and its override \(compose.files[1]), merged in this order as docker compose does"
            : compose.files[0]
        var body = ["compose:", "  files:"] + compose.files.map { "    - \(Self.scalar($0))" }
        if let template = compose.envTemplate {
            body.append(Self.entry("  env-files:", "values for ${VARIABLES}: the committed template"))
            body.append("    - \(Self.scalar(template))")
        } else {
            body.append(Self.entry("  env-files: []", "no .env template found: ${VARIABLES} without a default stay unset"))
        }
        body.append(Self.entry("  # public: []", "variables whose values may appear in documents; others show by name"))
        var lines = ["# The running stack: \(what)."]
        if let real = compose.realEnvFile {
            lines.append("# \(real) is not read: it holds this machine's values and secrets, and documents must not depend on them.")
        }
        if !compose.others.isEmpty {
            lines.append("# Other compose files, not used (one stack is documented): \(compose.others.joined(separator: ", ")).")
        }
        return lines + Self.disabled(body, problem: compose.problem) + [""]
    }

    var nginx: [String] {
        guard !survey.nginx.isEmpty else { return [] }
        var lines = ["# nginx configurations the Dockerfiles copy into their images: the security headers they send.", "nginx:"]
        for config in survey.nginx {
            let entry = [Self.entry("  - \(Self.scalar(config.path))", "\(config.copiedBy) copies it to \(config.destination)")]
            lines += Self.disabled(entry, problem: config.problem)
        }
        return lines + [""]
    }

    var folders: [String] {
        Self.folder(
            "measurements", survey.measurements, what: "Image measurements recorded with `docsgen measure`",
            absent: "Image measurements: none found. `docsgen measure IMAGE.tar --image NAME --release X` records one.")
            + Self.folder(
                "pages", survey.pages, what: "Prose pages with front matter and {{placeholders}} over the facts",
                absent: "Prose pages (*.md with `title:` front matter and {{placeholders}} over the facts): none found.")
    }

    /// `key: folder` under a comment saying what is in it; when none was found, the key commented out as a hint.
    static func folder(_ key: String, _ folder: ProjectSurvey.Folder?, what: String, absent: String) -> [String] {
        guard let folder else { return ["# " + absent, "# \(key): \(key)", ""] }
        return ["# \(what): \(folder.contents)."] + disabled(["\(key): \(scalar(folder.path))"], problem: folder.problem) + [""]
    }

    var completion: [String] {
        [
            "# What the completion report states about the task. Every value is shown and cited only when set, so init sets none;",
            "# uncomment and fill in what is true.",
            "# completion:",
            Self.entry("#   task: \"\"", "ticket or task id"),
            "#   title: \"\"",
            "#   engineer: \"\"",
            Self.entry("#   date: \"\"", "\"2025-12-27\"; no date unless set, so output stays the same"),
            Self.entry("#   since: \"\"", "git revision the work started from: files added or modified since"),
            "",
        ]
    }

    var plugins: [String] {
        var lines = ["# Documents to write, in navigation order: the built-in plugins whose facts were found.", "plugins:"]
        for plugin in survey.plugins {
            let entry = [Self.entry("  - \(plugin.name)", plugin.comment)]
            lines += plugin.isEnabled ? Self.disabled(entry, problem: plugin.problem) : Self.commented(entry)
        }
        return lines
    }

    // MARK: - Formatting

    /// `text`, then `# comment` at ``commentColumn`` (or one space after a longer text).
    static func entry(_ text: String, _ comment: String) -> String {
        let padding = max(1, commentColumn - text.count)
        return text + String(repeating: " ", count: padding) + "# " + oneLine(comment)
    }

    /// The lines as they are, or commented out after a line saying why.
    static func disabled(_ lines: [String], problem: String?) -> [String] {
        guard let problem else { return lines }
        return [String(repeating: " ", count: indentation(lines)) + "# Left out: \(oneLine(problem))"] + commented(lines)
    }

    /// The lines commented out as an editor does it: `# ` at the block's smallest indentation, so removing
    /// it gives the lines back.
    static func commented(_ lines: [String]) -> [String] {
        let indentation = indentation(lines)
        return lines.map { line in
            var commented = String(line.prefix(indentation)) + "# " + line.dropFirst(indentation)
            // Keep a trailing comment at its column: take the two characters back from its padding.
            let start = commented.index(commented.startIndex, offsetBy: indentation + 2)
            if let padding = commented.range(of: "   # ", range: start..<commented.endIndex) {
                commented.removeSubrange(padding.lowerBound..<commented.index(padding.lowerBound, offsetBy: 2))
            }
            return commented
        }
    }

    static func indentation(_ lines: [String]) -> Int {
        lines.map { $0.prefix(while: { $0 == " " }).count }.min() ?? 0
    }

    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// A YAML scalar: plain when that reads back as the same string, double-quoted otherwise.
    static func scalar(_ text: String) -> String {
        let plain = text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._/-".unicodeScalars.contains($0)
        }
        let reserved = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"]
        if plain, let first = text.first, first != "-", Double(text) == nil, !reserved.contains(text.lowercased()) { return text }
        // A JSON string is a YAML double-quoted scalar.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
