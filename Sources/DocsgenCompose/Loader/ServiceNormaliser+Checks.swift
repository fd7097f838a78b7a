import DocsgenCore

/// What Compose checks of an active service after the schema: its env files exist and health check tests start
/// with a known word.
extension ServiceNormaliser {
    /// The `format:` values of an env file Docker Compose reads.
    static let envFileFormats: Set<String> = ["", ".env", "raw"]

    /// Every `env_file` must exist unless it says `required: false`; `required` is a boolean as Compose reads
    /// one, and `format` one Compose knows (checked only when the file exists, as Compose reads it only then).
    mutating func checkEnvFiles(_ service: YAMLValue.Entry) {
        guard let value = service.value["env_file"] else { return }
        for (index, item) in (value.items ?? [value]).enumerated() {
            let where_ = "services.\(service.key).env_file" + (value.items == nil ? "" : "[\(index)]")
            let pathValue = item["path"] ?? item
            guard let path = pathValue.string else { continue }
            var isRequired = true
            if let flag = item["required"] {
                guard let parsed = flag.string.flatMap(ScalarValue.composeBool) else {
                    session.error("\(where_).required must be a boolean (true/false, yes/no, on/off), not '\(display(flag) ?? "")'",
                                  id: "compose.type", at: flag.location)
                    continue
                }
                isRequired = parsed
            }
            let exists = session.readFile(ProjectPath.join(baseFolder(of: pathValue), path)) != nil
            if !exists, isRequired {
                session.error("env file \(mask(path, from: pathValue)) not found (\(where_)); Compose refuses to load the project "
                              + "without it (add `required: false` if it is optional)", id: "compose.missing-env-file", at: pathValue.location)
            }
            if exists, let format = item["format"], let name = format.string, !Self.envFileFormats.contains(name) {
                session.error("\(where_).format: unsupported env file format '\(display(format) ?? name)' (leave it out, or use raw)",
                              id: "compose.invalid-value", at: format.location)
            }
        }
    }

    /// A `healthcheck.test` list starts with `CMD`, `CMD-SHELL` or `NONE` (an empty list is accepted).
    mutating func checkHealthcheckTest(_ service: YAMLValue.Entry) {
        guard let first = service.value["healthcheck"]?["test"]?.items?.first, let word = first.string else { return }
        guard !["CMD", "CMD-SHELL", "NONE"].contains(word) else { return }
        session.error("services.\(service.key).healthcheck.test must start with \"CMD\", \"CMD-SHELL\" or \"NONE\", not '\(display(first) ?? word)' "
                      + "(a shell command can be written as one string: test: \"…\")", id: "compose.healthcheck-test", at: first.location)
    }
}
