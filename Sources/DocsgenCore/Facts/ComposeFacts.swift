/// The resolved Compose project, as `docker compose config` would print it, with the place each value
/// was written.
///
/// Environment values are never kept unless the variable is public (see ``EnvironmentVariable``).
public struct ComposeFacts: Sendable, Hashable, Codable {
    /// The project name (`name:` or the folder name).
    public var name: String
    /// The compose files, merged in this order, relative to the project root.
    public var files: [String]
    /// Every service, sorted by name, including services of inactive profiles.
    public var services: [ComposeService]
    /// Names of the services that `docker compose up` starts without `--profile`.
    public var activeServices: [String]
    /// Networks, sorted by name.
    public var networks: [ComposeNetwork]
    /// Named volumes, sorted by name.
    public var volumes: [ComposeVolume]
    /// Secrets, sorted by name.
    public var secrets: [ComposeSecret]

    /// Creates compose facts.
    public init(
        name: String, files: [String], services: [ComposeService], activeServices: [String],
        networks: [ComposeNetwork], volumes: [ComposeVolume], secrets: [ComposeSecret]
    ) {
        self.name = name
        self.files = files
        self.services = services
        self.activeServices = activeServices
        self.networks = networks
        self.volumes = volumes
        self.secrets = secrets
    }

    /// The service with a name.
    public func service(_ name: String) -> ComposeService? { services.first { $0.name == name } }
}

/// One resolved service.
public struct ComposeService: Sendable, Hashable, Codable {
    /// The service name.
    public var name: String
    /// Where the service is defined (its key in the last file that defines it).
    public var location: SourceLocation
    /// `image:` after interpolation (secret values shown as `${NAME}`).
    public var image: String?
    /// `build:`, normalised.
    public var build: ComposeBuild?
    /// `healthcheck:`, normalised; `nil` when the service has none of its own.
    public var healthcheck: ComposeHealthcheck?
    /// Published and exposed ports, long syntax.
    public var ports: [ComposePort]
    /// Mounts, long syntax.
    public var volumes: [ComposeMount]
    /// Networks the service joins, sorted (`default` when it names none).
    public var networks: [String]
    /// Services this one waits for.
    public var dependsOn: [ComposeDependency]
    /// `deploy.resources.limits`.
    public var limits: ComposeResources?
    /// `deploy.resources.reservations`.
    public var reservations: ComposeResources?
    /// `user:`.
    public var user: String?
    /// `read_only:`.
    public var readOnly: Bool
    /// `tmpfs:` mount points.
    public var tmpfs: [String]
    /// `security_opt:`.
    public var securityOpt: [String]
    /// `cap_drop:`.
    public var capDrop: [String]
    /// `cap_add:`.
    public var capAdd: [String]
    /// Environment variables by name; values only for public variables.
    public var environment: [EnvironmentVariable]
    /// `env_file:` paths.
    public var envFiles: [String]
    /// `profiles:`; empty means always active.
    public var profiles: [String]
    /// `restart:`.
    public var restart: String?
    /// Secrets the service mounts.
    public var secrets: [String]

    /// Creates a service with only a name and a location; the loader fills in the rest.
    public init(name: String, location: SourceLocation) {
        self.name = name
        self.location = location
        self.ports = []
        self.volumes = []
        self.networks = []
        self.dependsOn = []
        self.readOnly = false
        self.tmpfs = []
        self.securityOpt = []
        self.capDrop = []
        self.capAdd = []
        self.environment = []
        self.envFiles = []
        self.profiles = []
        self.secrets = []
    }

    private enum CodingKeys: String, CodingKey {
        case name, location, image, build, healthcheck, ports, volumes, networks, dependsOn, limits, reservations
        case user, readOnly, tmpfs, securityOpt, capDrop, capAdd, environment, envFiles, profiles, restart, secrets
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(location, forKey: .location)
        try c.encode(image, forKey: .image)
        try c.encode(build, forKey: .build)
        try c.encode(healthcheck, forKey: .healthcheck)
        try c.encode(ports, forKey: .ports)
        try c.encode(volumes, forKey: .volumes)
        try c.encode(networks, forKey: .networks)
        try c.encode(dependsOn, forKey: .dependsOn)
        try c.encode(limits, forKey: .limits)
        try c.encode(reservations, forKey: .reservations)
        try c.encode(user, forKey: .user)
        try c.encode(readOnly, forKey: .readOnly)
        try c.encode(tmpfs, forKey: .tmpfs)
        try c.encode(securityOpt, forKey: .securityOpt)
        try c.encode(capDrop, forKey: .capDrop)
        try c.encode(capAdd, forKey: .capAdd)
        try c.encode(environment, forKey: .environment)
        try c.encode(envFiles, forKey: .envFiles)
        try c.encode(profiles, forKey: .profiles)
        try c.encode(restart, forKey: .restart)
        try c.encode(secrets, forKey: .secrets)
    }
}

/// `build:` of a service.
public struct ComposeBuild: Sendable, Hashable, Codable {
    /// The build context, relative to the project root (or a URL).
    public var context: String
    /// The Dockerfile, relative to the context (`Dockerfile` by default).
    public var dockerfile: String
    /// The Dockerfile path relative to the project root, when the context is a local folder.
    public var dockerfilePath: String?
    /// Build argument names; values only for public variables or literal values.
    public var args: [EnvironmentVariable]
    /// `target:` stage.
    public var target: String?
    /// Where `target:` is written (not part of the JSON facts; diagnostics and citations use it).
    public var targetLocation: SourceLocation? = nil

    /// Creates a build fact.
    public init(context: String, dockerfile: String, dockerfilePath: String?, args: [EnvironmentVariable], target: String?) {
        self.context = context
        self.dockerfile = dockerfile
        self.dockerfilePath = dockerfilePath
        self.args = args
        self.target = target
    }

    private enum CodingKeys: String, CodingKey { case context, dockerfile, dockerfilePath, args, target }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(context, forKey: .context)
        try c.encode(dockerfile, forKey: .dockerfile)
        try c.encode(dockerfilePath, forKey: .dockerfilePath)
        try c.encode(args, forKey: .args)
        try c.encode(target, forKey: .target)
    }
}

/// A variable of `environment:` or `build.args`: its name always, its value only when allowed.
public struct EnvironmentVariable: Sendable, Hashable, Codable {
    /// The variable name.
    public var name: String
    /// The value, when it may be shown: a literal written in the compose file, or a variable listed as public.
    /// `nil` when the value is hidden or unset.
    public var value: String?
    /// Whether a value is set (even when hidden).
    public var isSet: Bool
    /// Whether the value is withheld from documents.
    public var isHidden: Bool
    /// Where the variable is written.
    public var location: SourceLocation

    /// Creates a variable fact.
    public init(name: String, value: String?, isSet: Bool, isHidden: Bool, location: SourceLocation) {
        self.name = name
        self.value = value
        self.isSet = isSet
        self.isHidden = isHidden
        self.location = location
    }

    private enum CodingKeys: String, CodingKey { case name, value, isSet, isHidden, location }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(value, forKey: .value)
        try c.encode(isSet, forKey: .isSet)
        try c.encode(isHidden, forKey: .isHidden)
        try c.encode(location, forKey: .location)
    }
}

/// A normalised health check of a service.
public struct ComposeHealthcheck: Sendable, Hashable, Codable {
    /// The test as Docker stores it: `["CMD", …]`, `["CMD-SHELL", "…"]` or `["NONE"]`.
    public var test: [String]
    /// Whether the check is switched off (`disable: true` or `test: ["NONE"]`).
    public var disabled: Bool
    /// Seconds.
    public var interval: Double?
    /// Seconds.
    public var timeout: Double?
    /// Seconds.
    public var startPeriod: Double?
    /// Seconds.
    public var startInterval: Double?
    /// Attempts before unhealthy.
    public var retries: Int?
    /// Where `healthcheck:` is written.
    public var location: SourceLocation

    /// Creates a health check fact.
    public init(
        test: [String], disabled: Bool, interval: Double?, timeout: Double?, startPeriod: Double?,
        startInterval: Double?, retries: Int?, location: SourceLocation
    ) {
        self.test = test
        self.disabled = disabled
        self.interval = interval
        self.timeout = timeout
        self.startPeriod = startPeriod
        self.startInterval = startInterval
        self.retries = retries
        self.location = location
    }

    private enum CodingKeys: String, CodingKey {
        case test, disabled, interval, timeout, startPeriod, startInterval, retries, location
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(test, forKey: .test)
        try c.encode(disabled, forKey: .disabled)
        try c.encode(interval, forKey: .interval)
        try c.encode(timeout, forKey: .timeout)
        try c.encode(startPeriod, forKey: .startPeriod)
        try c.encode(startInterval, forKey: .startInterval)
        try c.encode(retries, forKey: .retries)
        try c.encode(location, forKey: .location)
    }
}

/// A port in long syntax.
public struct ComposePort: Sendable, Hashable, Codable {
    /// Container port.
    public var target: Int
    /// Host port or range (`8000`, `8000-8010`); `nil` when not published.
    public var published: String?
    /// Host address (`127.0.0.1`); `nil` for all addresses.
    public var hostIP: String?
    /// `tcp`, `udp` or `sctp`.
    public var `protocol`: String
    /// `ingress` or `host`.
    public var mode: String
    /// Where the port is written.
    public var location: SourceLocation

    /// Creates a port fact.
    public init(target: Int, published: String?, hostIP: String?, protocol: String, mode: String, location: SourceLocation) {
        self.target = target
        self.published = published
        self.hostIP = hostIP
        self.protocol = `protocol`
        self.mode = mode
        self.location = location
    }

    private enum CodingKeys: String, CodingKey { case target, published, hostIP, `protocol`, mode, location }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(target, forKey: .target)
        try c.encode(published, forKey: .published)
        try c.encode(hostIP, forKey: .hostIP)
        try c.encode(`protocol`, forKey: .protocol)
        try c.encode(mode, forKey: .mode)
        try c.encode(location, forKey: .location)
    }
}

/// A mount in long syntax.
public struct ComposeMount: Sendable, Hashable, Codable {
    /// `volume`, `bind`, `tmpfs`, `npipe`, `cluster` or `image`.
    public var type: String
    /// Volume name or host path (relative to the project root); `nil` for tmpfs and anonymous volumes.
    public var source: String?
    /// Path in the container.
    public var target: String
    /// Whether the mount is read-only.
    public var readOnly: Bool
    /// Where the mount is written.
    public var location: SourceLocation

    /// Creates a mount fact.
    public init(type: String, source: String?, target: String, readOnly: Bool, location: SourceLocation) {
        self.type = type
        self.source = source
        self.target = target
        self.readOnly = readOnly
        self.location = location
    }

    private enum CodingKeys: String, CodingKey { case type, source, target, readOnly, location }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(source, forKey: .source)
        try c.encode(target, forKey: .target)
        try c.encode(readOnly, forKey: .readOnly)
        try c.encode(location, forKey: .location)
    }
}

/// A `depends_on` entry.
public struct ComposeDependency: Sendable, Hashable, Codable {
    /// The service waited for.
    public var service: String
    /// `service_started`, `service_healthy` or `service_completed_successfully`.
    public var condition: String
    /// Whether the dependency must exist and start.
    public var required: Bool
    /// Whether the dependent restarts when the dependency is updated.
    public var restart: Bool
    /// Where the entry is written.
    public var location: SourceLocation

    /// Creates a dependency fact.
    public init(service: String, condition: String, required: Bool, restart: Bool, location: SourceLocation) {
        self.service = service
        self.condition = condition
        self.required = required
        self.restart = restart
        self.location = location
    }
}

/// `deploy.resources.limits` or `.reservations`.
public struct ComposeResources: Sendable, Hashable, Codable {
    /// CPUs (fractional).
    public var cpus: Double?
    /// Memory in bytes.
    public var memory: Int64?
    /// Maximum number of processes.
    public var pids: Int?
    /// Where the block is written.
    public var location: SourceLocation

    /// Creates a resources fact.
    public init(cpus: Double?, memory: Int64?, pids: Int?, location: SourceLocation) {
        self.cpus = cpus
        self.memory = memory
        self.pids = pids
        self.location = location
    }

    private enum CodingKeys: String, CodingKey { case cpus, memory, pids, location }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(cpus, forKey: .cpus)
        try c.encode(memory, forKey: .memory)
        try c.encode(pids, forKey: .pids)
        try c.encode(location, forKey: .location)
    }
}

/// A top-level network.
public struct ComposeNetwork: Sendable, Hashable, Codable {
    /// The key under `networks:`.
    public var name: String
    /// `driver:` (`bridge` when unset).
    public var driver: String
    /// `internal:`.
    public var isInternal: Bool
    /// `external:`.
    public var isExternal: Bool
    /// Where it is defined; `nil` for the implicit `default` network.
    public var location: SourceLocation?

    /// Creates a network fact.
    public init(name: String, driver: String, isInternal: Bool, isExternal: Bool, location: SourceLocation?) {
        self.name = name
        self.driver = driver
        self.isInternal = isInternal
        self.isExternal = isExternal
        self.location = location
    }

    private enum CodingKeys: String, CodingKey { case name, driver, isInternal, isExternal, location }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(driver, forKey: .driver)
        try c.encode(isInternal, forKey: .isInternal)
        try c.encode(isExternal, forKey: .isExternal)
        try c.encode(location, forKey: .location)
    }
}

/// A top-level named volume.
public struct ComposeVolume: Sendable, Hashable, Codable {
    /// The key under `volumes:`.
    public var name: String
    /// `driver:` (`local` when unset).
    public var driver: String
    /// `external:`.
    public var isExternal: Bool
    /// Where it is defined.
    public var location: SourceLocation

    /// Creates a volume fact.
    public init(name: String, driver: String, isExternal: Bool, location: SourceLocation) {
        self.name = name
        self.driver = driver
        self.isExternal = isExternal
        self.location = location
    }
}

/// A top-level secret (its content is never read).
public struct ComposeSecret: Sendable, Hashable, Codable {
    /// The key under `secrets:`.
    public var name: String
    /// `file`, `environment` or `external`.
    public var kind: String
    /// Where it is defined.
    public var location: SourceLocation

    /// Creates a secret fact.
    public init(name: String, kind: String, location: SourceLocation) {
        self.name = name
        self.kind = kind
        self.location = location
    }
}
