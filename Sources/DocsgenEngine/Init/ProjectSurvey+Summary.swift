extension ProjectSurvey {
    /// One line per item found, for the terminal: a kind, then the item (`Dockerfile  backend/Dockerfile →
    /// backend (built by compose service backend (compose.yaml))`). Items left out say why. No value of any
    /// env file appears here: a real `.env` is named only.
    package var summary: [(kind: String, text: String)] {
        var lines: [(String, String)] = []
        func add(_ kind: String, _ text: String, problem: String?) {
            lines.append((kind, text + (problem.map { " — left out: \($0)" } ?? "")))
        }
        for image in images {
            add("Dockerfile", "\(image.path) → \(image.name) (\(image.origin))", problem: image.problem)
        }
        if let compose {
            add("compose", compose.files.joined(separator: " + "), problem: compose.problem)
            if let template = compose.envTemplate { lines.append(("env file", "\(template) (template, for ${VARIABLES})")) }
            if let real = compose.realEnvFile { lines.append(("env file", "\(real) (not read: this machine's values and secrets)")) }
            for other in compose.others { lines.append(("compose", "\(other) (not used: one stack is documented)")) }
        }
        for config in nginx {
            add("nginx", "\(config.path) (\(config.copiedBy) copies it to \(config.destination))", problem: config.problem)
        }
        if let measurements { add("measurements", "\(measurements.path) (\(measurements.contents))", problem: measurements.problem) }
        if let pages { add("pages", "\(pages.path) (\(pages.contents))", problem: pages.problem) }
        let enabled = plugins.filter { $0.isEnabled && $0.problem == nil }.map(\.name)
        lines.append(("plugins", enabled.isEmpty ? "none" : enabled.joined(separator: ", ")))
        for plugin in plugins where plugin.isEnabled {
            if let problem = plugin.problem { lines.append(("plugin", "\(plugin.name) — left out: \(problem)")) }
        }
        for note in notes { lines.append(("note", note)) }
        return lines
    }
}
