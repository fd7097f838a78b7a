import DocsgenCore

/// Ports and volumes: short syntax to long syntax, as `docker compose config` prints them.
extension ServiceNormaliser {
    /// One `ports:` item; a range mapping (`8000-8001:8000-8001`) becomes one entry per port.
    mutating func ports(_ item: YAMLValue, prefix: String) -> [ComposePort] {
        if item.entries != nil {
            guard let target = item["target"]?.string.flatMap({ Int($0) }) else {
                session.error("\(prefix).ports: a port needs a numeric target", id: "compose.type", at: item.location)
                return []
            }
            let published = item["published"]?.string.map { mask($0, from: item["published"]) }
            return [ComposePort(
                target: target, published: published?.isEmpty == true ? nil : published,
                hostIP: item["host_ip"]?.string.map { mask($0, from: item["host_ip"]) },
                protocol: item["protocol"]?.string ?? "tcp", mode: item["mode"]?.string ?? "ingress", location: item.location)]
        }
        guard let text = item.string else {
            session.error("\(prefix).ports entries must be strings or mappings, not \(item.kindName)", id: "compose.type", at: item.location)
            return []
        }
        guard let parsed = Self.parsePort(text) else {
            session.error("\(prefix).ports: invalid port '\(mask(text, from: item))' (use [host-ip:][published:]target[/protocol])", id: "compose.invalid-port", at: item.location)
            return []
        }
        let (rawHostIP, rawPublished, target, proto) = parsed
        let hostIP = rawHostIP.map { mask($0, from: item) }
        let published = rawPublished.map { mask($0, from: item) }
        let targets = Self.range(target)
        guard let targets else {
            session.error("\(prefix).ports: invalid port '\(mask(text, from: item))'", id: "compose.invalid-port", at: item.location)
            return []
        }
        if targets.count > 1 {
            guard targets.count <= rangePortsLeft else {
                // Reported once: the ranges after it would only repeat the error.
                if rangePortsLeft >= 0 {
                    session.error(
                        "\(prefix).ports: '\(mask(text, from: item))' takes the port ranges of the project past \(Self.rangePortBudget) ports",
                        id: "compose.too-many-ports", at: item.location)
                }
                rangePortsLeft = -1
                return []
            }
            rangePortsLeft -= targets.count
        }
        let publishedRange = rawPublished.flatMap(Self.range)
        if let publishedRange, publishedRange.count == targets.count, targets.count > 1 {
            return zip(publishedRange, targets).map { host, container in
                ComposePort(target: container, published: String(host), hostIP: hostIP, protocol: proto, mode: "ingress", location: item.location)
            }
        }
        return targets.map { container in
            ComposePort(target: container, published: published, hostIP: hostIP, protocol: proto, mode: "ingress", location: item.location)
        }
    }

    /// `[host-ip:][published:]target[/protocol]`, with IPv6 host addresses in brackets.
    static func parsePort(_ text: String) -> (hostIP: String?, published: String?, target: String, protocol: String)? {
        var rest = Substring(text)
        var proto = "tcp"
        if let slash = rest.lastIndex(of: "/") {
            proto = String(rest[rest.index(after: slash)...]).lowercased()
            rest = rest[..<slash]
            guard ["tcp", "udp", "sctp"].contains(proto) else { return nil }
        }
        var hostIP: String?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            hostIP = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            rest = rest.dropFirst()
        }
        var parts = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if hostIP == nil, parts.count == 3 {
            hostIP = parts.removeFirst()
        }
        switch parts.count {
        case 1: return (hostIP, nil, parts[0], proto)
        case 2: return (hostIP, parts[0].isEmpty ? nil : parts[0], parts[1], proto)
        default: return nil
        }
    }

    /// `8000` → 8000...8000; `8000-8002` → 8000...8002; `nil` when not a port or range. A range, not an array:
    /// its size is checked against the budget before any port is made.
    static func range(_ text: String) -> ClosedRange<Int>? {
        let bounds = text.split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count <= 2, let low = Int(bounds[0]), (0...65535).contains(low) else { return nil }
        guard bounds.count == 2 else { return low...low }
        guard let high = Int(bounds[1]), high >= low, high <= 65535, high - low < 65536 else { return nil }
        return low...high
    }

    /// One `volumes:` item of a service.
    mutating func mount(_ item: YAMLValue, prefix: String) -> ComposeMount? {
        if item.entries != nil {
            guard let target = item["target"].flatMap(display) else {
                session.error("\(prefix).volumes: a mount needs a target", id: "compose.type", at: item.location)
                return nil
            }
            let type = item["type"]?.string ?? "volume"
            return ComposeMount(
                type: type, source: item["source"].flatMap(display), target: mask(target, from: item["target"]),
                readOnly: item["read_only"]?.bool ?? false, location: item.location)
        }
        // Classify with the real value; show a bind path as written when it holds a hidden value. A named volume's
        // name must equal a top-level key of the same file, so showing it reveals nothing.
        guard let text = item.string, let shown = display(item) else {
            session.error("\(prefix).volumes entries must be strings or mappings, not \(item.kindName)", id: "compose.type", at: item.location)
            return nil
        }
        let parts = VolumeSyntax.split(text)
        let shownParts = VolumeSyntax.split(shown)
        switch parts.count {
        case 1:
            return ComposeMount(type: "volume", source: nil, target: mask(parts[0], from: item), readOnly: false, location: item.location)
        case 2, 3:
            let source = parts[0]
            let modes = parts.count == 3 ? parts[2].split(separator: ",").map(String.init) : []
            let isBind = source.hasPrefix(".") || source.hasPrefix("/") || source.hasPrefix("~") || source.hasPrefix("$")
                || (source.count >= 2 && Array(source)[1] == ":")
            var shownSource = isBind && shownParts.count == parts.count ? shownParts[0] : source
            if isBind, baseFolder(of: item) != projectDirectory, !source.hasPrefix("/"), !source.hasPrefix("~") {
                shownSource = relativeToProject(ProjectPath.join(baseFolder(of: item), shownSource))
            }
            return ComposeMount(
                type: isBind ? "bind" : "volume", source: isBind ? shownSource : source,
                target: mask(parts[1], from: item), readOnly: modes.contains("ro"), location: item.location)
        default:
            session.error("\(prefix).volumes: invalid volume '\(mask(text, from: item))' (use [source:]target[:mode])", id: "compose.invalid-volume", at: item.location)
            return nil
        }
    }
}
