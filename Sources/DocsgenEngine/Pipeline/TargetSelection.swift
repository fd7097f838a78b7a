import DocsgenCore

/// Chooses the stage each Dockerfile's image is: `target:` in `docsgen.yml` (as `docker build --target`), else
/// the `build.target` of the compose services that build the Dockerfile, else the last stage.
///
/// When services build different targets of one Dockerfile, each target is documented as its own image:
/// the image of the last stage (or else the first target named) keeps the configured name, the others get
/// `NAME-TARGET`.
package enum TargetSelection {
    package static func apply(
        _ dockerfiles: [DockerfileFacts], config: ProjectConfig, compose: ComposeFacts?
    ) -> ([DockerfileFacts], [Diagnostic]) {
        var result: [DockerfileFacts] = []
        var diagnostics: [Diagnostic] = []
        for var dockerfile in dockerfiles {
            for index in dockerfile.baseEnvironment.indices {
                let name = dockerfile.baseEnvironment[index].name
                dockerfile.baseEnvironment[index].location = config.locations["dockerfiles.\(dockerfile.name).args.\(name)"]
            }
            if let entry = config.dockerfiles.first(where: { $0.name == dockerfile.name }), let target = entry.target {
                let location = config.locations["dockerfiles.\(dockerfile.name).target"]
                    ?? SourceLocation(file: "docsgen.yml", line: 1, column: 1)
                guard let selected = select(target, in: &dockerfile, selectedBy: "docsgen.yml", at: location, id: "config.unknown-target", &diagnostics) else { continue }
                result.append(selected)
                continue
            }
            let builders = compose?.services.filter { $0.build?.dockerfilePath == dockerfile.path } ?? []
            var targets: [String?] = []
            for service in builders where !targets.contains(service.build?.target) { targets.append(service.build?.target) }
            // The last stage first (it keeps the name), then the named targets in the order services name them.
            targets.sort { first, second in first == nil && second != nil }
            if targets.isEmpty || targets == [nil] {
                result.append(dockerfile)
                continue
            }
            // The image of the last stage keeps the configured name (measurements are recorded under it).
            let last = dockerfile.stages.count - 1
            let keepsName = targets.first { $0.map { dockerfile.stageIndex(named: $0) == last } ?? true } ?? targets[0]
            for target in targets {
                var copy = dockerfile
                guard let target else {
                    result.append(copy)
                    continue
                }
                let services = builders.filter { $0.build?.target == target }
                let first = services[0]
                let location = first.build?.targetLocation ?? first.location
                let selector = "compose service " + services.map(\.name).joined(separator: ", ")
                guard var selected = select(target, in: &copy, selectedBy: selector, at: location, id: "compose.unknown-target", &diagnostics) else { continue }
                if keepsName != target { selected.name = dockerfile.name + "-" + String(target.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }) }
                result.append(selected)
            }
        }
        return (result, diagnostics)
    }

    /// The facts with `target` as the built stage, or `nil` after an error at `location` when no stage has that name.
    private static func select(
        _ target: String, in dockerfile: inout DockerfileFacts, selectedBy: String, at location: SourceLocation, id: String,
        _ diagnostics: inout [Diagnostic]
    ) -> DockerfileFacts? {
        guard let index = dockerfile.stageIndex(named: target) else {
            let names = dockerfile.stages.compactMap(\.name)
            let suggestion = EditDistance.nearest(target.lowercased(), in: names).map { " (did you mean '\($0)'?)" } ?? ""
            diagnostics.append(Diagnostic(
                .error,
                "target stage '\(target)' could not be found in \(dockerfile.path)\(suggestion); its stages: "
                    + (names.isEmpty ? "none is named" : names.joined(separator: ", ")),
                id: id, at: location))
            return nil
        }
        dockerfile.finalStage = index
        dockerfile.target = BuildTarget(stage: target, selectedBy: selectedBy, location: location)
        return dockerfile
    }
}
