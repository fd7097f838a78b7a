import DocsgenCore

/// Joins an image's history (`created_by`) to the Dockerfile lines of the stage it was built from, so each
/// layer of a report names the line that made it.
public enum HistoryJoiner {
    /// Sets ``LayerMeasurement/dockerfileLine`` for every history entry that matches a step of the final stage
    /// (or the stages it builds on), in order.
    public static func join(_ measurement: inout ImageMeasurement, with dockerfile: DockerfileFacts) {
        guard let runtime = dockerfile.runtimeStage else { return }
        var chain: [Stage] = []
        var current: Stage? = runtime
        while let stage = current {
            chain.insert(stage, at: 0)
            current = stage.from.stage.map { dockerfile.stages[$0] }
        }
        let steps = chain.flatMap(\.steps)
        var next = 0
        for index in measurement.layers.indices {
            guard let createdBy = measurement.layers[index].createdBy, let (keyword, arguments) = normalise(createdBy) else { continue }
            var probe = next
            while probe < steps.count {
                if matches(steps[probe], keyword: keyword, arguments: arguments) {
                    measurement.layers[index].dockerfileLine = steps[probe].line
                    next = probe + 1
                    break
                }
                probe += 1
            }
        }
    }

    /// The instruction and its arguments from a history `created_by` of BuildKit or the classic builder.
    static func normalise(_ createdBy: String) -> (String, String)? {
        var text = createdBy.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix("# buildkit") { text = String(text.dropLast("# buildkit".count)).trimmingCharacters(in: .whitespaces) }
        if text.hasPrefix("/bin/sh -c #(nop) ") {
            text = String(text.dropFirst("/bin/sh -c #(nop) ".count)).trimmingCharacters(in: .whitespaces)
        } else if text.hasPrefix("/bin/sh -c ") {
            text = "RUN " + text.dropFirst("/bin/sh -c ".count)
        } else if text.hasPrefix("RUN /bin/sh -c ") {
            text = "RUN " + text.dropFirst("RUN /bin/sh -c ".count)
        } else if text.hasPrefix("|") || text.hasPrefix("RUN |") {
            // `RUN |2 A=b C=d /bin/sh -c cmd`: the build arguments in effect, then the command.
            if let shell = text.range(of: "/bin/sh -c ") { text = "RUN " + text[shell.upperBound...] }
        }
        let keyword = String(text.prefix { !$0.isWhitespace }).uppercased()
        guard !keyword.isEmpty else { return nil }
        return (keyword, collapse(String(text.dropFirst(keyword.count))))
    }

    static func matches(_ step: StageStep, keyword: String, arguments: String) -> Bool {
        guard step.instruction == keyword else { return false }
        let written = collapse(step.arguments)
        if written == arguments { return true }
        if keyword == "RUN" {
            // Flags such as --mount are not part of the recorded command.
            let command = written.split(separator: " ").drop { $0.hasPrefix("--") }.joined(separator: " ")
            return command == arguments
        }
        if keyword == "COPY" || keyword == "ADD" {
            // The classic builder records `COPY dir:<hash> in /dest`: compare destinations.
            return written.split(separator: " ").last == arguments.split(separator: " ").last
        }
        return false
    }

    static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }
}

extension String {
    func trimmingCharacters(in set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}

extension Set where Element == Character {
    static let whitespaces: Set<Character> = [" ", "\t", "\n", "\r"]
}
