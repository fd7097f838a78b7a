import DocsgenCore
import DocsgenRender

/// The running stack for the guide: services, start-up order, networks, volumes and the security headers
/// nginx serves, each value cited to the compose file or nginx configuration that sets it.
package struct StackReview {
    package let facts: ProjectFacts
    package let compose: ComposeFacts

    package init(facts: ProjectFacts, compose: ComposeFacts) {
        self.facts = facts
        self.compose = compose
    }

    /// The headers every public web server should send.
    package static let securityHeaders = [
        "Content-Security-Policy", "Permissions-Policy", "Referrer-Policy", "Strict-Transport-Security",
        "X-Content-Type-Options", "X-Frame-Options",
    ]

    /// Services `docker compose up` starts.
    package var active: [ComposeService] { compose.services.filter { compose.activeServices.contains($0.name) } }

    package func source(_ location: SourceLocation) -> FactSource {
        FactSource(location, reader: "Compose file")
    }

    package func key(_ parts: String...) -> String {
        (["stack"] + parts.map(FactKey.sanitize)).joined(separator: ".")
    }

    /// The Dockerfile a service builds (joined through `build.dockerfile`), with the stage its `build.target`
    /// selects as the built one: the documented image when it is that stage, else the same file's facts
    /// re-targeted (a service may build a stage `docsgen.yml` documents under another target).
    private func dockerfile(of service: ComposeService) -> DockerfileFacts? {
        if let documented = facts.dockerfiles.first(where: { $0.isBuilt(by: service) }) { return documented }
        guard let path = service.build?.dockerfilePath, var other = facts.dockerfiles.first(where: { $0.path == path }) else {
            return nil
        }
        guard let index = service.build?.target.map({ other.stageIndex(named: $0) }) ?? other.stages.indices.last else { return nil }
        other.finalStage = index
        return other
    }

    // MARK: - Section

    package func section(_ doc: inout DocumentBuilder) -> DocumentAsset {
        doc.heading(2, "The stack")
        let count = doc.cite(
            key: key("services"), label: "stack: services started by docker compose up", value: "\(active.count)",
            source: source(active.first?.location ?? SourceLocation(file: compose.files.first ?? "", line: 1)))
        doc.paragraph(
            "\(MarkdownText.code(compose.files.joined(separator: " + "))) defines project \(MarkdownText.code(compose.name)) "
                + "with \(count) services, resolved as `docker compose config` resolves them. "
                + "Environment values appear by variable name only.")
        doc.paragraph("![Services, networks and dependencies of the stack](assets/stack.svg)")
        servicesTable(&doc)

        let checks = stackChecks(&doc)
        doc.checklist(checks.map { ($0.passed, $0.markdown) })

        doc.heading(3, "Start-up order")
        startupOrder(&doc)
        doc.heading(3, "Networks and volumes")
        networksAndVolumes(&doc)
        doc.heading(3, "Environment")
        environment(&doc)
        if !facts.nginx.isEmpty {
            doc.heading(3, "Security headers")
            for config in facts.nginx { headers(config, &doc) }
        }
        return DocumentAsset(name: "stack.svg", contents: diagram.svg)
    }

    private var diagram: StackDiagram {
        StackDiagram(title: "Stack \(compose.name)", nodes: active.map { service in
            let ports = service.ports.compactMap { port in port.published.map { "\($0)→\(port.target)" } }
            return StackDiagram.Node(
                name: service.name, detail: service.image ?? service.build.map { "build \($0.context)" } ?? "",
                ports: ports.isEmpty ? "no published port" : "ports " + ports.joined(separator: ", "),
                isHealthChecked: healthcheckText(service) != nil, networks: service.networks,
                dependsOn: service.dependsOn.map { ($0.service, $0.condition) })
        })
    }

    // MARK: - Tables

    private func servicesTable(_ doc: inout DocumentBuilder) {
        var table = MarkdownTable(headers: ["Service", "Image or build", "Ports", "Health check", "Limits", "User", "Read-only", "Networks"])
        for service in active {
            let name = service.name
            let image = service.image.map { doc.cite(key: key("service", name, "image"), label: "\(name): image", value: $0, source: source(service.location), code: true) }
                ?? service.build.map { doc.cite(key: key("service", name, "build"), label: "\(name): build", value: "build \($0.dockerfilePath ?? $0.context)", source: source(service.location), code: true) }
                ?? "—"
            let ports = service.ports.map { port in
                let text = (port.hostIP.map { "\($0):" } ?? "") + (port.published.map { "\($0)→" } ?? "") + "\(port.target)/\(port.protocol)"
                return doc.cite(key: key("service", name, "port", text), label: "\(name): port", value: text, source: source(port.location), code: true)
            }
            let health = healthCell(service, &doc)
            var limits: [String] = []
            if let cpus = service.limits?.cpus, let location = service.limits?.location {
                limits.append(doc.cite(key: key("service", name, "limits", "cpus"), label: "\(name): CPU limit", value: "\(Format.number(cpus)) CPU", source: source(location)))
            }
            if let memory = service.limits?.memory, let location = service.limits?.location {
                limits.append(doc.cite(key: key("service", name, "limits", "memory"), label: "\(name): memory limit", value: Format.binarySize(memory), source: source(location)))
            }
            let user = userCell(service, &doc)
            let readOnly = doc.cite(key: key("service", name, "read-only"), label: "\(name): read-only root filesystem", value: service.readOnly ? "yes" : "no", source: source(service.location))
            table.append([
                MarkdownText.code(name), image, ports.isEmpty ? "—" : ports.joined(separator: " "), health,
                limits.isEmpty ? "none" : limits.joined(separator: ", "), user, readOnly,
                service.networks.map(MarkdownText.code).joined(separator: " "),
            ])
        }
        doc.table(table)
    }

    /// The health check a service runs: its own in the compose file, else its Dockerfile's.
    package func healthcheckText(_ service: ComposeService) -> String? {
        if let check = service.healthcheck { return check.disabled ? nil : check.test.dropFirst().joined(separator: " ") }
        guard let check = dockerfile(of: service)?.runtimeStage?.healthcheck, check.kind != .none else { return nil }
        return check.commandText
    }

    private func healthCell(_ service: ComposeService, _ doc: inout DocumentBuilder) -> String {
        let name = service.name
        if let check = service.healthcheck {
            let value = check.disabled ? "disabled" : check.test.dropFirst().joined(separator: " ")
            var text = doc.cite(key: key("service", name, "healthcheck"), label: "\(name): health check", value: value, source: source(check.location), code: !check.disabled)
            if let interval = check.interval, !check.disabled {
                text += " every " + doc.cite(key: key("service", name, "healthcheck", "interval"), label: "\(name): health check interval", value: Format.duration(interval), source: source(check.location))
            }
            return text
        }
        if let dockerfile = dockerfile(of: service), let check = dockerfile.runtimeStage?.healthcheck, check.kind != .none {
            let cited = doc.cite(
                key: key("service", name, "healthcheck"), label: "\(name): health check (from its Dockerfile)", value: check.commandText,
                source: FactSource(dockerfile.location(line: check.line, column: check.column), reader: "Dockerfile"), code: true)
            return cited + " (Dockerfile)"
        }
        return doc.cite(key: key("service", name, "healthcheck"), label: "\(name): health check", value: "none", source: source(service.location))
    }

    /// The user a service runs as: `user:` in the compose file, else the `USER` of the Dockerfile it builds.
    /// `resolved` is false for `USER $VAR` where only the base image defines the variable.
    package func effectiveUser(_ service: ComposeService) -> (value: String, source: FactSource, resolved: Bool)? {
        if let user = service.user { return (user, source(service.location), true) }
        if let dockerfile = dockerfile(of: service), let user = dockerfile.runtimeStage?.user {
            return (user.value, FactSource(dockerfile.location(line: user.line, column: user.column), reader: "Dockerfile"), user.isResolved)
        }
        return nil
    }

    private func userCell(_ service: ComposeService, _ doc: inout DocumentBuilder) -> String {
        guard let user = effectiveUser(service) else { return "image default" }
        return doc.cite(key: key("service", service.name, "user"), label: "\(service.name): user", value: user.value, source: user.source, code: true)
    }

    package static func isRoot(_ user: String) -> Bool {
        let account = user.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? user
        return account.isEmpty || account == "root" || account == "0"
    }
}

extension Format {
    /// A memory size in binary units, as Compose writes limits: `1 GiB`, `512 MiB`.
    package static func binarySize(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return "\(Format.number((value * 100).rounded() / 100)) \(units[unit])"
    }
}
