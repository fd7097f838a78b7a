import DocsgenCore

/// The configuration levels of one nginx configuration (`http`, `server`, `location`, `if` inside a location)
/// with the `add_header` directives written at each level, and nginx's inheritance applied on top.
///
/// The reader walks the spliced directive tree and calls ``enter(_:at:)``, ``add(_:at:diagnostics:)`` and
/// ``exit()``; ``resolve()`` then applies the inheritance rule of the `add_header` documentation: a level
/// inherits its parent's headers "if and only if there are no add_header directives defined on the current
/// level". Levels are stored in the order they open, so a parent always precedes its children and one
/// forward pass resolves everything (no recursion).
///
/// `if` inside a location: nginx gives the `if` branch its own headers when the `if` block has any, and the
/// location's otherwise. The facts have no place for conditional branches, so:
/// - a location with `add_header` of its own reports those; its `if` blocks' headers are left out;
/// - a location without any, but with `if` blocks that have some, reports the `if` blocks' headers (in order)
///   and `setsOwnHeaders == true`: the inherited headers are dropped whenever the condition holds, which is the
///   case a security review must see;
/// - either way a `nginx.if-add-header` warning says that those headers depend on the condition.
/// Nested locations inherit from the location itself, never from its `if` blocks.
struct NginxScopeTree {
    /// What a level is.
    enum Kind: Sendable, Hashable {
        /// The top of the main file.
        case root
        case http
        case server
        case location
        /// An `if` block directly inside a location.
        case locationIf
        /// Any other block (`events`, `stream`, `upstream`, `map`, `types`, `limit_except`, `if` in a server…).
        case other
    }

    /// One level.
    struct Scope: Sendable, Hashable {
        var kind: Kind
        var name: String
        var parent: Int?
        var args: [String]
        var location: SourceLocation
        var headers: [NginxHeader] = []
        var listen: [String] = []
        var serverNames: [String] = []
    }

    /// Whether the main file's top level plays the role of `http` (a `conf.d/default.conf`-style file).
    private let rootIsHTTP: Bool
    private var scopes: [Scope]
    private var open: [Int] = [0]

    /// Creates a tree whose root is the top level of `file`.
    init(file: String, rootIsHTTP: Bool) {
        self.rootIsHTTP = rootIsHTTP
        let root = SourceLocation(file: file, line: 1)
        scopes = [Scope(kind: .root, name: "main", parent: nil, args: [], location: root)]
    }

    // MARK: - Building

    /// Opens the block of `directive`.
    mutating func enter(_ directive: NginxDirective, at location: SourceLocation) {
        let parent = open.last ?? 0
        let kind = Self.kind(of: directive.name, inside: scopes[parent].kind, rootIsHTTP: rootIsHTTP)
        scopes.append(Scope(kind: kind, name: directive.name, parent: parent, args: directive.args, location: location))
        open.append(scopes.count - 1)
    }

    /// Closes the innermost open block.
    mutating func exit() {
        if open.count > 1 {
            open.removeLast()
        }
    }

    /// Records a simple directive of the innermost open block.
    mutating func add(_ directive: NginxDirective, at location: SourceLocation, diagnostics: inout [Diagnostic]) {
        let current = open.last ?? 0
        switch (directive.name, scopes[current].kind) {
        case ("add_header", _):
            addHeader(directive, to: current, at: location, diagnostics: &diagnostics)
        case ("listen", .server):
            scopes[current].listen.append(directive.args.joined(separator: " "))
        case ("server_name", .server):
            scopes[current].serverNames += directive.args
        default:
            break
        }
    }

    private mutating func addHeader(
        _ directive: NginxDirective, to index: Int, at location: SourceLocation, diagnostics: inout [Diagnostic]
    ) {
        let args = directive.args
        guard args.count >= 2 else {
            diagnostics.append(Diagnostic(
                .error, "add_header needs a header name and a value: add_header Name \"value\" [always];",
                id: "nginx.add-header", at: location))
            return
        }
        guard args.count == 2 || (args.count == 3 && args[2] == "always") else {
            let extra = args.dropFirst(2).joined(separator: " ")
            diagnostics.append(Diagnostic(
                .error, "add_header takes a name, a value and optionally `always`, not \"\(extra)\"; quote the value",
                id: "nginx.add-header", at: location))
            return
        }
        // Read the two fields only: a copy of the scope would keep a second reference to `headers` and make the
        // append below copy the whole array each time.
        let kind = scopes[index].kind
        let isAllowed: Bool
        switch kind {
        case .http, .server, .location, .locationIf: isAllowed = true
        case .root: isAllowed = rootIsHTTP
        case .other: isAllowed = false
        }
        guard isAllowed else {
            diagnostics.append(Diagnostic(
                .error, "add_header is not allowed in \"\(scopes[index].name)\"; nginx accepts it in http, server, location "
                    + "and an `if` inside a location", id: "nginx.add-header", at: location))
            return
        }
        scopes[index].headers.append(
            NginxHeader(name: args[0], value: args[1], always: args.count == 3, location: location))
    }

    private static func kind(of name: String, inside parent: Kind, rootIsHTTP: Bool) -> Kind {
        switch (name, parent) {
        case ("http", .root): return .http
        case ("server", .http): return .server
        case ("server", .root) where rootIsHTTP: return .server
        case ("location", .server), ("location", .location): return .location
        case ("if", .location): return .locationIf
        default: return .other
        }
    }

    // MARK: - Resolving

    /// Applies the inheritance rule.
    ///
    /// - Returns: The servers in order, each with its locations flattened in order, and warnings about
    ///   `add_header` inside `if`.
    func resolve() -> (servers: [NginxServer], diagnostics: [Diagnostic]) {
        var inherited = Array(repeating: [NginxHeader](), count: scopes.count)
        var serverOf = Array(repeating: Int?.none, count: scopes.count)
        var conditional = Array(repeating: [NginxHeader](), count: scopes.count)
        for (index, scope) in scopes.enumerated() {
            let fromParent = scope.parent.map { inherited[$0] } ?? []
            switch scope.kind {
            case .root: inherited[index] = rootIsHTTP ? scope.headers : []
            case .http: inherited[index] = scope.headers
            case .server, .location, .locationIf: inherited[index] = scope.headers.isEmpty ? fromParent : scope.headers
            case .other: inherited[index] = []
            }
            serverOf[index] = scope.kind == .server ? index : scope.parent.flatMap { serverOf[$0] }
            if scope.kind == .locationIf, let parent = scope.parent {
                conditional[parent] += scope.headers
            }
        }

        var servers: [NginxServer] = []
        var slots: [Int: Int] = [:]
        var diagnostics: [Diagnostic] = []
        for (index, scope) in scopes.enumerated() {
            switch scope.kind {
            case .server:
                slots[index] = servers.count
                servers.append(NginxServer(
                    listen: scope.listen, serverNames: scope.serverNames, headers: inherited[index],
                    locations: [], location: scope.location))
            case .location:
                guard let server = serverOf[index], let slot = slots[server] else { continue }
                let ownOrConditional = scope.headers.isEmpty ? conditional[index] : scope.headers
                servers[slot].locations.append(NginxLocation(
                    match: scope.args.joined(separator: " "),
                    headers: ownOrConditional.isEmpty ? inherited[index] : ownOrConditional,
                    setsOwnHeaders: !ownOrConditional.isEmpty,
                    location: scope.location))
            case .locationIf where !scope.headers.isEmpty:
                let locationHasOwn = scope.parent.map { !scopes[$0].headers.isEmpty } ?? false
                let reported = locationHasOwn
                    ? "docsgen reports the location's own headers"
                    : "docsgen reports these headers for the location"
                diagnostics.append(Diagnostic(
                    .warning, "add_header inside `if` replaces the location's headers only for requests that match "
                        + "the condition; \(reported). Prefer a separate location or a `map`",
                    id: "nginx.if-add-header", at: scope.location))
            default:
                break
            }
        }
        return (servers, diagnostics)
    }
}
