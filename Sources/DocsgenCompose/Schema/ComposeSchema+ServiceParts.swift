/// The nested blocks of a service: build, deploy, develop, healthcheck, blkio_config, gpus.
extension ComposeSchema {
    /// `build`: a context path, or the long form.
    static let build = Shape.either([
        .string,
        .mapping([
            "context": .string,
            "dockerfile": .string,
            "dockerfile_inline": .string,
            "entitlements": .list(.string),
            "args": listOrDict(unique: false),
            "ssh": listOrDict(unique: true),
            "labels": listOrDict(unique: false),
            "cache_from": .list(.string),
            "cache_to": .list(.string),
            "no_cache": booleanOrString,
            "additional_contexts": listOrDict(unique: false),
            "network": .string,
            "provenance": booleanOrString,
            "sbom": booleanOrString,
            "pull": booleanOrString,
            "target": .string,
            "shm_size": integerOrString,
            "extra_hosts": extraHosts,
            "isolation": .string,
            "privileged": booleanOrString,
            "secrets": serviceConfigOrSecret,
            "tags": .list(.string),
            "ulimits": buildUlimits,
            "platforms": .list(.string),
        ]),
    ])

    /// `build.ulimits`: the same form as a service's, without Compose's conversion of strings.
    static let buildUlimits = Shape.names(
        .lowercase,
        .either([integerOrString, .mapping(["hard": integerOrString, "soft": integerOrString], required: ["soft", "hard"])]),
        isClosed: false)

    /// `healthcheck` (the first item of a `test` list is checked by the loader, as Compose checks it later).
    static let healthcheck = Shape.mapping([
        "disable": flag,
        "interval": .string,
        "retries": .cast(.integer, numberOrString),
        "test": .either([.string, .list(.string)]),
        "timeout": .string,
        "start_period": .string,
        "start_interval": .string,
    ])

    /// `develop`: `watch` rules.
    static let development = Shape.either([
        .scalar(.null),
        .mapping([
            "watch": .list(.mapping(
                [
                    "ignore": stringOrList,
                    "include": stringOrList,
                    "path": .string,
                    "action": .oneOf("rebuild", "sync", "restart", "sync+restart", "sync+exec"),
                    "target": .string,
                    "exec": serviceHook,
                    "initial_sync": .boolean,
                ],
                required: ["path", "action"])),
        ]),
    ])

    /// `deploy`.
    static let deployment = Shape.either([
        .scalar(.null),
        .mapping([
            "mode": .string,
            "endpoint_mode": .string,
            "replicas": .cast(.integer, integerOrString),
            "labels": listOrDict(unique: false),
            "rollback_config": updateConfig,
            "update_config": updateConfig,
            "resources": .mapping([
                "limits": .mapping(["cpus": numberOrString, "memory": .string, "pids": integerOrString]),
                "reservations": .mapping([
                    "cpus": numberOrString,
                    "memory": .string,
                    "generic_resources": .list(.mapping([
                        "discrete_resource_spec": .mapping(["kind": .string, "value": numberOrString]),
                    ])),
                    "devices": .list(.mapping(deviceRequest, required: ["capabilities"])),
                ]),
            ]),
            "restart_policy": .mapping([
                "condition": .string,
                "delay": .string,
                "max_attempts": .cast(.integer, integerOrString),
                "window": .string,
            ]),
            "placement": .mapping([
                "constraints": .list(.string),
                "preferences": .list(.mapping(["spread": .string])),
                "max_replicas_per_node": .cast(.integer, integerOrString),
            ]),
        ]),
    ])

    /// `deploy.update_config` and `deploy.rollback_config`.
    static let updateConfig = Shape.mapping([
        "parallelism": .cast(.integer, integerOrString),
        "delay": .string,
        "failure_action": .string,
        "monitor": .string,
        "max_failure_ratio": .cast(.number, numberOrString),
        "order": .oneOf("start-first", "stop-first"),
    ])

    /// A device request (`deploy.resources.reservations.devices[]`, `gpus[]`).
    static let deviceRequest: KeyValuePairs<String, Shape> = [
        "capabilities": stringSet,
        "count": integerOrString,
        "device_ids": stringSet,
        "driver": .string,
        "options": listOrDict(unique: true),
    ]

    /// `gpus`: `all`, or device requests (whose keys the specification leaves open).
    static let gpus = Shape.either([
        .oneOf("all"),
        .list(.mapping(deviceRequest, isClosed: false)),
    ])

    /// `blkio_config` (no extensions allowed).
    static let blkioConfig = Shape.mapping(
        [
            "device_read_bps": .list(blkioLimit),
            "device_read_iops": .list(blkioLimit),
            "device_write_bps": .list(blkioLimit),
            "device_write_iops": .list(blkioLimit),
            "weight": integerOrString,
            "weight_device": .list(.mapping(["path": .string, "weight": integerOrString], extensions: false)),
        ],
        extensions: false)

    static let blkioLimit = Shape.mapping(["path": .string, "rate": integerOrString], extensions: false)
}
