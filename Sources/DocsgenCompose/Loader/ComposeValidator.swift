import DocsgenCore

/// Checks the resolved model beyond its shape: references to undefined services and dependency cycles
/// (networks, volumes and secrets are checked by ``ServiceNormaliser``, which knows where each is named and
/// which values are hidden). Only active services are checked, as `docker compose config` does.
struct ComposeValidator {
    let facts: ComposeFacts
    var diagnostics: [Diagnostic] = []

    init(facts: ComposeFacts) {
        self.facts = facts
    }

    mutating func validate() {
        let activeNames = Set(facts.activeServices)
        let active = facts.services.filter { activeNames.contains($0.name) }
        let services = Set(facts.services.map(\.name))
        for service in active {
            for dependency in service.dependsOn where dependency.required && !services.contains(dependency.service) {
                error("service \(service.name) depends on undefined service \(dependency.service)",
                      id: "compose.unknown-dependency", at: dependency.location)
            }
        }
        if let cycle = dependencyCycle(active) {
            error("dependency cycle: \(cycle.names.joined(separator: " → "))", id: "compose.dependency-cycle", at: cycle.location)
        }
    }

    private mutating func error(_ message: String, id: String, at location: SourceLocation) {
        diagnostics.append(Diagnostic(.error, message, id: id, at: location))
    }

    /// The first cycle found (services in name order), reported at the `depends_on` entry of its
    /// alphabetically first service.
    private func dependencyCycle(_ services: [ComposeService]) -> (names: [String], location: SourceLocation)? {
        let byName = Dictionary(services.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var state: [String: Int] = [:]  // 1 visiting, 2 done
        var stack: [String] = []
        func visit(_ name: String) -> [String]? {
            state[name] = 1
            stack.append(name)
            for dependency in byName[name]?.dependsOn ?? [] where byName[dependency.service] != nil {
                switch state[dependency.service] {
                case 1:
                    let start = stack.firstIndex(of: dependency.service) ?? 0
                    return Array(stack[start...]) + [dependency.service]
                case nil:
                    if let cycle = visit(dependency.service) { return cycle }
                default:
                    break
                }
            }
            stack.removeLast()
            state[name] = 2
            return nil
        }
        for service in services.sorted(by: { $0.name < $1.name }) where state[service.name] == nil {
            guard let cycle = visit(service.name) else { continue }
            let members = Array(cycle.dropLast())
            let first = members.min() ?? members[0]
            let index = members.firstIndex(of: first) ?? 0
            let next = members[(index + 1) % members.count]
            guard let firstService = byName[first] else { continue }
            let location = firstService.dependsOn.first { $0.service == next }?.location ?? firstService.location
            let rotated = Array(members[index...] + members[..<index]) + [first]
            return (rotated, location)
        }
        return nil
    }
}
