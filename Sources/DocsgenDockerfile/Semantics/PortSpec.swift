/// An `EXPOSE` port specification read as BuildKit reads it (`dockerfile2llb/convert_expose.go`,
/// `dockerfile/1.26.0`): `[[ip:]host:]container[-end][/proto]`, giving the container ports.
enum PortSpec {
    struct Failure: Error {
        var message: String
    }

    /// The container ports of `raw` as `port/proto` (`80-82/udp` → `80/udp`, `81/udp`, `82/udp`).
    ///
    /// - Throws: ``Failure`` with BuildKit's message.
    static func ports(_ raw: String) throws(Failure) -> [String] {
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false)
        var ip = "", hostPort = ""
        let containerSpec = String(parts[parts.count - 1])
        if parts.count >= 2 { hostPort = String(parts[parts.count - 2]) }
        if parts.count >= 3 { ip = parts[..<(parts.count - 2)].joined(separator: ":") }

        let port = String(containerSpec.prefix { $0 != "/" })
        let proto = containerSpec.contains("/") ? String(containerSpec[containerSpec.index(after: containerSpec.firstIndex(of: "/")!)...]) : ""
        guard !port.isEmpty else { throw Failure(message: "invalid port: \"\(raw)\": no port specified") }
        guard ["", "tcp", "udp", "sctp"].contains(proto.lowercased()) else {
            throw Failure(message: "invalid port: \"\(raw)\": invalid proto: \(proto)")
        }
        if ip.hasPrefix("[") {
            guard ip.hasSuffix("]"), !ip.dropFirst().dropLast().contains("]") else {
                throw Failure(message: "invalid IP address \(ip): address \(ip):: missing ']' in address")
            }
            ip = String(ip.dropFirst().dropLast())
        }
        if !ip.isEmpty && !isIPv4(ip) && !isIPv6(ip) { throw Failure(message: "invalid IP address: \(ip)") }
        guard let container = range(port) else { throw Failure(message: "invalid containerPort: \(port)") }
        if !hostPort.isEmpty {
            guard let host = range(hostPort) else { throw Failure(message: "invalid hostPort: \(hostPort)") }
            if container.count != host.count && container.count != 1 {
                throw Failure(message: "invalid ranges specified for container and host Ports: \(port) and \(hostPort)")
            }
        }
        let suffix = "/" + (proto.isEmpty ? "tcp" : proto.lowercased())
        return container.map { "\($0)" + suffix }
    }

    /// `start[-end]` with ports from 0 to 65535 and `end` not below `start`.
    private static func range(_ text: String) -> ClosedRange<Int>? {
        let start = text.prefix { $0 != "-" }
        let end = text.contains("-") ? text[text.index(after: text.firstIndex(of: "-")!)...] : start
        guard let low = number(start) else { return nil }
        if end == start { return low...low }
        guard let high = number(end), high >= low else { return nil }
        return low...high
    }

    /// Go's `strconv.ParseInt` base 10, then 0–65535.
    private static func number(_ text: Substring) -> Int? {
        guard let value = Int(text), (0...65535).contains(value) else { return nil }
        return value
    }

    /// Four decimal octets without leading zeros, as Go's `net.ParseIP` reads them.
    static func isIPv4(_ text: some StringProtocol) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { octet in
            guard (1...3).contains(octet.count), octet.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int(octet), value <= 255
            else { return false }
            return octet.count == 1 || octet.first != "0"
        }
    }

    /// Hex groups of up to four digits, eight of them or fewer with one `::`, the last two may be an IPv4 address.
    static func isIPv6(_ text: String) -> Bool {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        var groups = 0
        for (index, half) in halves.enumerated() where !half.isEmpty {
            let parts = half.split(separator: ":", omittingEmptySubsequences: false)
            for (position, part) in parts.enumerated() {
                if position == parts.count - 1, index == halves.count - 1, part.contains(".") {
                    guard isIPv4(part) else { return false }
                    groups += 2
                    continue
                }
                guard (1...4).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return false }
                groups += 1
            }
        }
        return halves.count == 2 ? groups < 8 : groups == 8
    }
}
