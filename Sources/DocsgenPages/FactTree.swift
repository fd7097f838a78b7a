import DocsgenCore
import DocsgenRender

/// A fact a page can quote: its text, the citation behind it and formatted variants (`bytes`, `percent`).
public struct FactValue: Sendable, Hashable {
    /// The text a placeholder shows (`359 MB`).
    public var text: String
    /// The citation recorded when a page uses it.
    public var citation: Citation
    /// Variants: `{{images.backend.size.bytes}}`.
    public var variants: [String: String]
    /// Whether `docsgen lint` looks for this value typed by hand (sizes, percentages).
    public var isQuotable: Bool
}

/// The tree of facts placeholders resolve against: `{{images.backend.size}}`, `{{#services}}…{{/services}}`.
///
/// Keys that exist but have no value (an image with no measurement) are ``missing(_:)`` with the reason, so a
/// page that quotes them fails with that reason rather than showing an empty string.
public indirect enum FactTree: Sendable, Hashable {
    case value(FactValue)
    /// Named children in a stable order; `iterable` lists the children a section loops over.
    case object([String: FactTree], order: [String], iterable: Bool)
    case list([FactTree])
    case missing(String)

    /// The child called `name`, or `nil` when the key does not exist.
    public func child(_ name: String) -> FactTree? {
        switch self {
        case let .object(children, _, _): return children[name]
        case let .value(value):
            return value.variants[name].map { text in
                var variant = value
                variant.text = text
                variant.variants = [:]
                variant.isQuotable = false
                return .value(variant)
            }
        case .list, .missing: return nil
        }
    }

    /// Every key below this node, dotted, for suggestions.
    public func paths(prefix: String = "") -> [String] {
        switch self {
        case let .object(children, order, _):
            return order.flatMap { name -> [String] in
                let path = prefix.isEmpty ? name : "\(prefix).\(name)"
                return [path] + (children[name]?.paths(prefix: path) ?? [])
            }
        case let .value(value):
            return value.variants.keys.sorted().map { "\(prefix).\($0)" }
        case .list, .missing:
            return []
        }
    }

    /// Every citation in the tree by key: the facts an external plugin may cite.
    public func citations() -> [String: Citation] {
        var found: [String: Citation] = [:]
        func walk(_ node: FactTree) {
            switch node {
            case let .object(children, order, _): for name in order { if let child = children[name] { walk(child) } }
            case let .list(items): items.forEach(walk)
            case let .value(value): if found[value.citation.key] == nil { found[value.citation.key] = value.citation }
            case .missing: break
            }
        }
        walk(self)
        return found
    }

    /// Every quotable value with its path, for `docsgen lint`.
    public func quotable(prefix: String = "") -> [(path: String, value: FactValue)] {
        switch self {
        case let .object(children, order, _):
            return order.flatMap { name in children[name]?.quotable(prefix: prefix.isEmpty ? name : "\(prefix).\(name)") ?? [] }
        case let .value(value):
            return value.isQuotable ? [(prefix, value)] : []
        case .list, .missing:
            return []
        }
    }
}

/// Builds the ``FactTree`` of a project.
public enum FactTreeBuilder {
    static func object(_ pairs: [(String, FactTree)], iterable: Bool = false) -> FactTree {
        .object(Dictionary(pairs, uniquingKeysWith: { first, _ in first }), order: pairs.map(\.0), iterable: iterable)
    }

    /// A value; an empty text is ``FactTree/missing(_:)`` (a placeholder never renders as nothing).
    static func value(_ key: String, _ label: String, _ text: String, _ source: FactSource, variants: [String: String] = [:], quotable: Bool = false) -> FactTree {
        guard !text.isEmpty else { return .missing("\(label) is empty") }
        return .value(FactValue(text: text, citation: Citation(key: key, label: label, value: text, source: source), variants: variants, isQuotable: quotable))
    }

    /// The tree for `facts`.
    public static func tree(_ facts: ProjectFacts, configFile: String, configLocations: [String: SourceLocation] = [:]) -> FactTree {
        let config = { (key: String) in
            FactSource(configLocations[key] ?? SourceLocation(file: configFile, line: 1, column: 1), reader: "docsgen.yml")
        }
        var images: [(String, FactTree)] = []
        for dockerfile in facts.dockerfiles {
            images.append((dockerfile.name, image(dockerfile, facts)))
        }
        var services: [(String, FactTree)] = []
        if let compose = facts.compose {
            for service in compose.services where compose.activeServices.contains(service.name) {
                services.append((service.name, self.service(service)))
            }
        }
        return object([
            ("project", value("project", "project", facts.project, config("project"))),
            ("release", facts.release.map { value("release", "release described", $0, configLocations["release"] == nil ? FactSource(file: "command line", pointer: "--release", reader: "docsgen build") : config("release")) } ?? .missing("no `release:` is configured; the newest release of each image is described")),
            ("images", object(images, iterable: true)),
            ("services", object(services, iterable: true)),
        ])
    }

    static func sizeValue(_ key: String, _ label: String, _ bytes: Int64, _ source: FactSource) -> FactTree {
        value(key, label, Format.size(bytes), source, variants: ["bytes": "\(bytes)"], quotable: true)
    }

    static func image(_ dockerfile: DockerfileFacts, _ facts: ProjectFacts) -> FactTree {
        let name = dockerfile.name
        let key = "images.\(FactKey.sanitize(name))"
        let (baseline, releases) = facts.measurements(of: name)
        let unmeasured = FactTree.missing("no measurement of image '\(name)' is recorded (record one with `docsgen measure … --image \(name)`)")
        var pairs: [(String, FactTree)] = [("name", value("\(key).name", "image name", name, FactSource(SourceLocation(file: dockerfile.path, line: 1, column: 1), reader: "docsgen.yml")))]
        let runtime = dockerfile.runtimeStage
        pairs.append(("stages", value("\(key).stages", "\(name): number of build stages", "\(dockerfile.stages.count)", FactSource(dockerfile.location(line: runtime?.line ?? 1, column: 1), reader: "Dockerfile"))))
        pairs.append(("user", runtime?.user.map { value("\(key).user", "\(name): user of the runtime stage", $0.value, FactSource(dockerfile.location(line: $0.line, column: $0.column), reader: "Dockerfile")) }
            ?? .missing("the runtime stage of '\(name)' has no USER instruction")))
        pairs.append(("base", runtime.map { stage in value("\(key).base", "\(name): base of the runtime stage", stage.from.image ?? stage.from.text, FactSource(dockerfile.location(line: stage.line, column: stage.column), reader: "Dockerfile")) } ?? .missing("no stage")))
        guard let current = releases.last else {
            for name in ["size", "release", "tag", "layers", "baseline", "reduction", "previous", "releases"] { pairs.append((name, unmeasured)) }
            return object(pairs)
        }
        let file = current.recordedIn ?? "measurements"
        func source(_ measurement: ImageMeasurement, _ pointer: String) -> FactSource {
            FactSource(file: measurement.recordedIn ?? "measurements", pointer: pointer, reader: "docsgen measure")
        }
        if let shown = ImageSizes.comparison(before: nil, after: current.sizes) {
            pairs.append(("size", sizeValue("\(key).size", "\(name): image size (\(shown.label))", shown.after, source(current, "/sizes/\(shown.kind)"))))
        } else {
            pairs.append(("size", .missing("the measurement \(file) has no size")))
        }
        pairs.append(("release", current.release.map { value("\(key).release", "\(name): release described", $0, source(current, "/release")) } ?? .missing("the measurement \(file) names no release")))
        pairs.append(("tag", current.tag.map { value("\(key).tag", "\(name): tag", $0, source(current, "/tag")) } ?? .missing("the measurement \(file) has no tag")))
        let layers = current.layers.filter { !$0.isEmpty }.count
        pairs.append(("layers", current.layers.isEmpty ? .missing("the measurement \(file) has no layers") : value("\(key).layers", "\(name): file-system layers", "\(layers)", source(current, "/layers"))))
        if let baseline, let pair = ImageSizes.comparison(before: baseline.sizes, after: current.sizes), let before = pair.before {
            pairs.append(("baseline", object([("size", sizeValue("\(key).baseline-size", "\(name): baseline size (\(pair.label))", before, source(baseline, "/sizes/\(pair.kind)")))])))
            let ratio = 1 - Double(pair.after) / Double(max(1, before))
            pairs.append(("reduction", value("\(key).reduction", "\(name): size reduction (\(pair.label))", Format.percent(ratio), source(current, "/sizes/\(pair.kind)"),
                                            variants: ["percent": Format.number((ratio * 1000).rounded() / 10), "ratio": Format.number((ratio * 10000).rounded() / 10000)], quotable: true)))
        } else {
            let reason = baseline == nil ? "no baseline of image '\(name)' is recorded (`docsgen measure … --baseline`)" : "the baseline and the current measurement of '\(name)' share no size of the same kind"
            pairs.append(("baseline", .missing(reason)))
            pairs.append(("reduction", .missing(reason)))
        }
        var steps: [FactTree] = []
        var previousSizes: ImageSizes?
        var previousRelease: FactTree = .missing("'\(name)' has only one recorded release")
        for (index, measurement) in releases.enumerated() {
            defer { previousSizes = measurement.sizes }
            guard let release = measurement.release, let shown = ImageSizes.comparison(before: nil, after: measurement.sizes) else { continue }
            let stepKey = "\(key).releases.\(FactKey.sanitize(release))"
            var step: [(String, FactTree)] = [
                ("release", value("\(stepKey).release", "\(name): release", release, source(measurement, "/release"))),
                ("size", sizeValue("\(stepKey).size", "\(name): size of release \(release) (\(shown.label))", shown.after, source(measurement, "/sizes/\(shown.kind)"))),
            ]
            if let old = previousSizes, let pair = ImageSizes.comparison(before: old, after: measurement.sizes), let before = pair.before {
                let change = pair.after - before
                step.append(("change", value("\(stepKey).change", "\(name): change of release \(release)", Format.sizeChange(change), source(measurement, "/sizes/\(pair.kind)"), variants: ["bytes": "\(change)"], quotable: true)))
            } else {
                step.append(("change", .missing("release \(release) of '\(name)' has no earlier release with a size of the same kind")))
            }
            steps.append(object(step))
            if index == releases.count - 2 { previousRelease = object(step) }
        }
        pairs.append(("previous", previousRelease))
        pairs.append(("releases", .list(steps)))
        return object(pairs)
    }

    static func service(_ service: ComposeService) -> FactTree {
        let key = "services.\(FactKey.sanitize(service.name))"
        let source = FactSource(service.location, reader: "Compose file")
        var pairs: [(String, FactTree)] = [("name", value("\(key).name", "service name", service.name, source))]
        pairs.append(("image", service.image.map { value("\(key).image", "\(service.name): image", $0, source) } ?? .missing("service '\(service.name)' builds its image")))
        let ports = service.ports.compactMap { port in port.published.map { "\($0)→\(port.target)" } }
        pairs.append(("ports", ports.isEmpty ? .missing("service '\(service.name)' publishes no ports")
            : value("\(key).ports", "\(service.name): published ports", ports.joined(separator: ", "), source)))
        if let memory = service.limits?.memory {
            pairs.append(("memory", value("\(key).memory", "\(service.name): memory limit", Format.size(memory), source, variants: ["bytes": "\(memory)"])))
        } else {
            pairs.append(("memory", .missing("service '\(service.name)' has no memory limit")))
        }
        return object(pairs)
    }
}
