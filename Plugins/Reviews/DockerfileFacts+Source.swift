import DocsgenCore

extension DockerfileFacts {
    /// The source of a value set at a line of this Dockerfile.
    package func source(line: Int, column: Int = 1) -> FactSource {
        FactSource(location(line: line, column: column), reader: "Dockerfile")
    }
}
