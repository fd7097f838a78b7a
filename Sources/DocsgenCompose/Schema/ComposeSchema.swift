/// The Compose Specification as Docker Compose v2.40.3 checks it (the JSON Schema embedded in compose-go
/// v2.9.1, `compose_spec.json`), written as ``Shape``s: every key at every level, its type, enumerations,
/// required keys and where `x-` extensions are allowed. The conversions Compose applies to strings while
/// interpolating (`read_only: "yes"`, `replicas: "2"`) are ``Shape/cast(_:_:)``.
///
/// Lists that Compose de-duplicates before it validates (`environment`, `ports`, `volumes`, `cap_add`, …) are
/// not `unique` here even where the specification says so: a repeated item there is merged, not rejected.
enum ComposeSchema {
    /// A whole compose file.
    static let document = Shape.mapping([
        "version": .string,  // obsolete; Compose warns and ignores it
        "name": .string,
        "include": .list(include),
        "services": .names(.resourceName, service, isClosed: true),
        "models": .names(.resourceName, model, isClosed: false),
        "networks": .names(.resourceName, network, isClosed: false),
        "volumes": .names(.resourceName, volume, isClosed: true),
        "secrets": .names(.resourceName, secret, isClosed: true),
        "configs": .names(.resourceName, config, isClosed: true),
    ])

    // MARK: - Top-level resources

    /// An `include` entry. Compose resolves `include` before it validates and decodes entries leniently, so
    /// unknown keys in an entry are ignored there (the specification would reject them); types still count.
    static let include = Shape.either([
        .string,
        .mapping(["path": stringOrList, "env_file": stringOrList, "project_directory": .string], isClosed: false),
    ])

    /// `external:` of a network or volume: `true`, or the deprecated `{name: …}`.
    static let externalWithName = Shape.cast(.boolean, .either([
        .scalar([.boolean, .string]),
        .mapping(["name": .string]),
    ]))

    /// `external:` of a secret or config, whose mapping form the specification leaves open.
    static let externalOpen = Shape.cast(.boolean, .either([
        .scalar([.boolean, .string]),
        .mapping(["name": .string], isClosed: false),
    ]))

    static let network = Shape.either([
        .scalar(.null),
        .mapping([
            "name": .string,
            "driver": .string,
            "driver_opts": driverOptions,
            "ipam": .mapping([
                "driver": .string,
                "config": .list(.mapping([
                    "subnet": .string,
                    "ip_range": .string,
                    "gateway": .string,
                    "aux_addresses": .names(.nonEmpty, .string, isClosed: true),
                ])),
                "options": .names(.nonEmpty, .string, isClosed: true),
            ]),
            "external": externalWithName,
            "internal": flag,
            "enable_ipv4": flag,
            "enable_ipv6": flag,
            "attachable": flag,
            "labels": listOrDict(unique: false),
        ]),
    ])

    static let volume = Shape.either([
        .scalar(.null),
        .mapping([
            "name": .string,
            "driver": .string,
            "driver_opts": driverOptions,
            "external": externalWithName,
            "labels": listOrDict(unique: true),
        ]),
    ])

    static let secret = Shape.mapping([
        "name": .string,
        "environment": .string,
        "file": .string,
        "external": externalOpen,
        "labels": listOrDict(unique: true),
        "driver": .string,
        "driver_opts": driverOptions,
        "template_driver": .string,
    ])

    static let config = Shape.mapping([
        "name": .string,
        "content": .string,
        "environment": .string,
        "file": .string,
        "external": externalOpen,
        "labels": listOrDict(unique: true),
        "template_driver": .string,
    ])

    static let model = Shape.mapping(
        ["name": .string, "model": .string, "context_size": .integer, "runtime_flags": .list(.string)],
        required: ["model"])

    // MARK: - Forms used in many places

    /// A boolean that may be written as a string Compose converts (`"true"`, `yes`, `off`).
    static let flag = Shape.cast(.boolean, .scalar([.boolean, .string]))
    /// A boolean or any string (converted later, or an interpolated value).
    static let booleanOrString = Shape.scalar([.boolean, .string])
    static let integerOrString = Shape.scalar([.integer, .string])
    static let numberOrString = Shape.scalar([.number, .string])
    /// A list of strings without repetitions (`list_of_strings`).
    static let stringSet = Shape.list(.string, unique: true)
    /// `string_or_list`.
    static let stringOrList = Shape.either([.string, stringSet])
    /// `command`, `entrypoint`: null, a string or a list of strings.
    static let command = Shape.either([.scalar(.null), .string, .list(.string)])
    /// `driver_opts`: names to strings or numbers.
    static let driverOptions = Shape.names(.nonEmpty, .scalar([.string, .number]), isClosed: false)

    /// `list_or_dict`: `KEY: value` (string, number, boolean or null) or `["KEY=value"]`.
    static func listOrDict(unique: Bool) -> Shape {
        .either([
            .names(.nonEmpty, .scalar([.string, .number, .boolean, .null]), isClosed: true),
            .list(.string, unique: unique),
        ])
    }

    /// `extra_hosts`: `host: ip` (or a list of addresses) or `["host=ip"]`.
    static let extraHosts = Shape.either([
        .names(.nonEmpty, .either([.string, .list(.string)]), isClosed: true),
        stringSet,
    ])

    /// `ulimits`: `nofile: 1024` or `nofile: {soft: …, hard: …}`; Compose converts the strings of every limit.
    static let ulimits = Shape.names(
        .lowercase,
        .cast(.integer, .either([integerOrString, .mapping(["hard": limit, "soft": limit], required: ["soft", "hard"])])),
        isClosed: false, others: .cast(.integer, .any))
    private static let limit = Shape.cast(.integer, integerOrString)

    /// `secrets:` and `configs:` of a service: names, or `{source, target, uid, gid, mode}`.
    static let serviceConfigOrSecret = Shape.list(.either([
        .string,
        .mapping(["source": .string, "target": .string, "uid": .string, "gid": .string, "mode": numberOrString]),
    ]))

    /// `post_start`, `pre_stop` and `develop.watch[].exec`.
    static let serviceHook = Shape.mapping(
        [
            "command": command,
            "user": .string,
            "privileged": booleanOrString,
            "working_dir": .string,
            "environment": listOrDict(unique: true),
        ],
        required: ["command"])
}
