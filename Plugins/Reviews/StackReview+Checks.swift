import DocsgenCore
import DocsgenRender

/// The stack's computed claims and its detail sections.
extension StackReview {

    private func names(_ services: [ComposeService]) -> String {
        services.map { MarkdownText.code($0.name) }.joined(separator: ", ")
    }

    package func stackChecks(_ doc: inout DocumentBuilder) -> [Check] {
        let services = active
        var checks: [Check] = []

        let unchecked = services.filter { healthcheckText($0) == nil }
        checks.append(unchecked.isEmpty
            ? Check("stack.healthchecks", passed: true, markdown: "**Health checks**: all \(services.count) services have one.")
            : Check("stack.healthchecks", passed: false, markdown: "**Health checks**: missing for \(names(unchecked)); add `healthcheck:` to " + unchecked.map { "\(MarkdownText.code($0.location.description))" }.joined(separator: ", ") + "."))

        let unlimited = services.filter { $0.limits?.memory == nil || $0.limits?.cpus == nil }
        checks.append(unlimited.isEmpty
            ? Check("stack.resource-limits", passed: true, markdown: "**Resource limits**: every service has a CPU and a memory limit (`deploy.resources.limits`).")
            : Check("stack.resource-limits", passed: false, markdown: "**Resource limits**: no CPU or memory limit for \(names(unlimited)); set `deploy.resources.limits` at " + unlimited.map { MarkdownText.code($0.location.description) }.joined(separator: ", ") + "."))

        let built = services.filter { $0.build != nil }
        let unknownUser = built.filter { effectiveUser($0).map { !$0.resolved } ?? false }
        let rootBuilt = built.filter { effectiveUser($0).map { $0.resolved && Self.isRoot($0.value) } ?? true }
        let others = services.filter { $0.build == nil && effectiveUser($0) == nil }
        var userText = rootBuilt.isEmpty
            ? "**Non-root users**: every service built here runs as a non-root user (\(names(built)))."
            : "**Non-root users**: \(names(rootBuilt)) run as root; set `USER` in the Dockerfile or `user:` in the compose file."
        if rootBuilt.isEmpty, !unknownUser.isEmpty {
            userText = "**Non-root users**: not verified for \(names(unknownUser)): their `USER` names a variable only the base image defines "
                + "(see the optimization guide); give its value in `docsgen.yml` or `user:` in the compose file."
        }
        if !others.isEmpty { userText += " Third-party images keep their default user: \(names(others))." }
        checks.append(Check(
            "stack.non-root-users", verdict: !rootBuilt.isEmpty ? .disproved : unknownUser.isEmpty ? .proven : .notVerified, markdown: userText))

        let writable = built.filter { !$0.readOnly }
        checks.append(writable.isEmpty
            ? Check("stack.read-only", passed: true, markdown: "**Read-only root filesystems** for the services built here (\(names(built))), with `tmpfs` for scratch space.")
            : Check("stack.read-only", passed: false, markdown: "**Read-only root filesystems**: \(names(writable)) can write to their root filesystem; add `read_only: true` (and `tmpfs:` where they need scratch space)."))

        let onDefault = services.filter { $0.networks.contains("default") }
        let networkNames = Array(Set(services.flatMap(\.networks))).sorted()
        checks.append(onDefault.isEmpty
            ? Check("stack.network-isolation", passed: true, markdown: "**Network isolation**: every service joins a named network (\(networkNames.map(MarkdownText.code).joined(separator: ", "))); only the ports listed above are published.")
            : Check("stack.network-isolation", passed: false, markdown: "**Network isolation**: \(names(onDefault)) use the implicit default network; declare a network and list it under `networks:`."))

        let healthy = Set(services.filter { healthcheckText($0) != nil }.map(\.name))
        var waiting: [String] = []
        for service in services {
            for dependency in service.dependsOn where healthy.contains(dependency.service) && dependency.condition != "service_healthy" {
                waiting.append("\(MarkdownText.code(service.name)) → \(MarkdownText.code(dependency.service)) (\(MarkdownText.code(dependency.location.description)))")
            }
        }
        let edges = services.flatMap(\.dependsOn).count
        checks.append(waiting.isEmpty
            ? Check("stack.startup-order", passed: true, markdown: "**Start-up order**: all \(edges) dependencies wait for a healthy service where the service has a health check.")
            : Check("stack.startup-order", passed: false, markdown: "**Start-up order**: these dependencies start before the service is healthy: \(waiting.joined(separator: ", ")); use `condition: service_healthy`."))

        for config in facts.nginx {
            for server in config.servers {
                let missing = Self.securityHeaders.filter { wanted in !server.headers.contains { $0.name.lowercased() == wanted.lowercased() } }
                let dropping = server.locations.filter { location in
                    Self.securityHeaders.contains { wanted in
                        server.headers.contains { $0.name.lowercased() == wanted.lowercased() }
                            && !location.headers.contains { $0.name.lowercased() == wanted.lowercased() }
                    }
                }
                let where_ = "\(MarkdownText.code(server.displayName)) (\(MarkdownText.code(server.location.description)))"
                if missing.isEmpty && dropping.isEmpty {
                    checks.append(Check("stack.security-headers", passed: true, markdown: "**Security headers**: nginx server \(where_) sends all \(Self.securityHeaders.count) security headers on every location."))
                } else {
                    var text = "**Security headers**: nginx server \(where_)"
                    if !missing.isEmpty { text += " does not send \(missing.map(MarkdownText.code).joined(separator: ", "))" }
                    if !dropping.isEmpty {
                        text += (missing.isEmpty ? "" : ";") + " locations " + dropping.map { "\(MarkdownText.code($0.match)) (\(MarkdownText.code($0.location.description)))" }.joined(separator: ", ")
                            + " set their own `add_header` and so drop the server's headers; include the security headers there too"
                    }
                    checks.append(Check("stack.security-headers", passed: false, markdown: text + "."))
                }
            }
        }
        return checks
    }

    package func startupOrder(_ doc: inout DocumentBuilder) {
        let services = active
        var levels: [[ComposeService]] = []
        var placed: Set<String> = []
        var remaining = services
        while !remaining.isEmpty {
            let ready = remaining.filter { service in service.dependsOn.allSatisfy { placed.contains($0.service) || !compose.activeServices.contains($0.service) } }
            guard !ready.isEmpty else { break }
            levels.append(ready)
            placed.formUnion(ready.map(\.name))
            remaining.removeAll { ready.map(\.name).contains($0.name) }
        }
        var items: [String] = []
        for (index, level) in levels.enumerated() {
            let parts = level.map { service -> String in
                let waits = service.dependsOn.map { dependency in
                    doc.cite(
                        key: key("service", service.name, "depends-on", dependency.service), label: "\(service.name): waits for \(dependency.service)",
                        value: dependency.condition, source: source(dependency.location))
                }
                return MarkdownText.code(service.name) + (waits.isEmpty ? "" : " (after " + zip(service.dependsOn, waits).map { "\(MarkdownText.code($0.service)): \($1)" }.joined(separator: ", ") + ")")
            }
            items.append("\(index + 1). " + parts.joined(separator: "; "))
        }
        doc.paragraph(items.joined(separator: "\n"))
    }

    package func networksAndVolumes(_ doc: inout DocumentBuilder) {
        var table = MarkdownTable(headers: ["Network", "Driver", "Internal", "Services"])
        for network in compose.networks {
            let members = active.filter { $0.networks.contains(network.name) }.map { MarkdownText.code($0.name) }
            let driver = network.location.map { doc.cite(key: key("network", network.name), label: "network \(network.name): driver", value: network.driver, source: source($0)) } ?? network.driver
            table.append([MarkdownText.code(network.name), driver, network.isInternal ? "yes" : "no", members.joined(separator: " ")])
        }
        doc.table(table)
        guard !compose.volumes.isEmpty else { return }
        var volumes = MarkdownTable(headers: ["Volume", "Driver", "Mounted by"])
        for volume in compose.volumes {
            var users: [String] = []
            for service in active {
                for mount in service.volumes where mount.type == "volume" && mount.source == volume.name {
                    users.append("\(MarkdownText.code(service.name)) at \(MarkdownText.code(mount.target))" + (mount.readOnly ? " (read-only)" : ""))
                }
            }
            let driver = doc.cite(key: key("volume", volume.name), label: "volume \(volume.name): driver", value: volume.driver, source: source(volume.location))
            volumes.append([MarkdownText.code(volume.name), driver, users.isEmpty ? "not mounted" : users.joined(separator: ", ")])
        }
        doc.table(volumes)
    }

    package func environment(_ doc: inout DocumentBuilder) {
        var table = MarkdownTable(headers: ["Service", "Variables (values of secrets and env-file variables are not shown)", "Env files"])
        for service in active {
            let variables = service.environment.map { variable -> String in
                guard let value = variable.value else { return MarkdownText.code(variable.name) + (variable.isSet ? "" : " (unset)") }
                return MarkdownText.code("\(variable.name)=\(value)")
            }
            table.append([
                MarkdownText.code(service.name), variables.isEmpty ? "—" : variables.joined(separator: " "),
                service.envFiles.isEmpty ? "—" : service.envFiles.map(MarkdownText.code).joined(separator: " "),
            ])
        }
        doc.table(table)
    }

    package func headers(_ config: NginxFacts, _ doc: inout DocumentBuilder) {
        for server in config.servers {
            doc.paragraph("nginx server \(MarkdownText.code(server.displayName)) in \(MarkdownText.code(server.location.file)) (line \(server.location.line)):")
            var table = MarkdownTable(headers: ["Header", "Value", "Always", "Set at"])
            for header in server.headers {
                let value = doc.cite(
                    key: "headers.\(FactKey.sanitize(server.displayName)).\(FactKey.sanitize(header.name))",
                    label: "nginx \(server.displayName): \(header.name)", value: header.value,
                    source: FactSource(header.location, reader: "nginx configuration"), code: true)
                table.append([MarkdownText.code(header.name), value, header.always ? "yes" : "no", MarkdownText.code(header.location.description)])
            }
            doc.table(table)
            let own = server.locations.filter(\.setsOwnHeaders)
            if !own.isEmpty {
                doc.paragraph("Locations that set headers of their own (and so must repeat the security headers): "
                    + own.map { location in
                        let kept = Self.securityHeaders.allSatisfy { wanted in location.headers.contains { $0.name.lowercased() == wanted.lowercased() } }
                        return "\(MarkdownText.code(location.match)) " + (kept ? "keeps them" : "**drops some**")
                    }.joined(separator: ", ") + ".")
            }
        }
    }
}
