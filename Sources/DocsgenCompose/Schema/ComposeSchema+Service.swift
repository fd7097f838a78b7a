/// A service: every key the specification defines, in its order.
extension ComposeSchema {
    static let service = Shape.mapping([
        "develop": development,
        "deploy": deployment,
        "annotations": listOrDict(unique: false),
        "attach": booleanOrString,
        "build": build,
        "blkio_config": blkioConfig,
        "cap_add": .list(.string),
        "cap_drop": .list(.string),
        "cgroup": .oneOf("host", "private"),
        "cgroup_parent": .string,
        "command": command,
        "configs": serviceConfigOrSecret,
        "container_name": .scalar(.string, rule: .pattern(.containerName)),
        "cpu_count": .cast(.integer, .either([.string, .scalar(.integer, rule: .range(0...Double.infinity))])),
        "cpu_percent": .cast(.number, .either([.string, .scalar(.integer, rule: .range(0...100))])),
        "cpu_shares": .cast(.integer, numberOrString),
        "cpu_quota": .cast(.integer, numberOrString),
        "cpu_period": .cast(.integer, numberOrString),
        "cpu_rt_period": .cast(.integer, numberOrString),
        "cpu_rt_runtime": .cast(.integer, numberOrString),
        "cpus": .cast(.number, numberOrString),
        "cpuset": .string,
        "credential_spec": .mapping(["config": .string, "file": .string, "registry": .string]),
        "depends_on": dependsOn,
        "device_cgroup_rules": stringSet,
        "devices": .list(.either([
            .string,
            .mapping(["source": .string, "target": .string, "permissions": .string], required: ["source"]),
        ])),
        "dns": .either([.string, .list(.string)]),
        "dns_opt": .list(.string),
        "dns_search": .either([.string, .list(.string)]),
        "domainname": .string,
        "entrypoint": command,
        "env_file": envFile,
        "label_file": .either([.string, .list(.string)]),
        "environment": listOrDict(unique: false),
        "expose": .list(.scalar([.string, .number])),
        "extends": .either([.string, .mapping(["service": .string, "file": .string], required: ["service"], extensions: false)]),
        "provider": provider,
        "external_links": .list(.string, unique: true),
        "extra_hosts": extraHosts,
        "gpus": gpus,
        "group_add": .list(.scalar([.string, .number]), unique: true),
        "healthcheck": healthcheck,
        "hostname": .string,
        "image": .string,
        "init": flag,
        "ipc": .string,
        "isolation": .string,
        "labels": listOrDict(unique: false),
        "links": .list(.string),
        "logging": .mapping([
            "driver": .string,
            "options": .names(.nonEmpty, .scalar([.string, .number, .null]), isClosed: false),
        ]),
        "mac_address": .string,
        "mem_limit": numberOrString,
        "mem_reservation": integerOrString,
        "mem_swappiness": integerOrString,
        "memswap_limit": numberOrString,
        "network_mode": .string,
        "models": .either([
            stringSet,
            .names(.resourceName, .either([
                .mapping(["endpoint_var": .string, "model_var": .string]),
                .scalar(.null),
            ]), isClosed: false),
        ]),
        "networks": .either([stringSet, .names(.resourceName, .either([networkAttachment, .scalar(.null)]), isClosed: true)]),
        "oom_kill_disable": flag,
        "oom_score_adj": .cast(.integer, .either([.string, .scalar(.integer, rule: .range(-1000...1000))])),
        "pid": .scalar([.string, .null]),
        "pids_limit": .cast(.integer, numberOrString),
        "platform": .string,
        "ports": .list(.either([.number, .string, port])),
        "post_start": .list(serviceHook),
        "pre_stop": .list(serviceHook),
        "privileged": flag,
        "profiles": .list(.string),
        "pull_policy": .scalar(.string, rule: .pattern(.pullPolicy)),
        "pull_refresh_after": .string,
        "read_only": flag,
        "restart": .string,
        "runtime": .string,
        "scale": .cast(.integer, integerOrString),
        "security_opt": .list(.string, unique: true),
        "shm_size": numberOrString,
        "secrets": serviceConfigOrSecret,
        "sysctls": listOrDict(unique: false),
        "stdin_open": flag,
        "stop_grace_period": .string,
        "stop_signal": .string,
        "storage_opt": .mapping([:], isClosed: false),
        "tmpfs": .either([.string, .list(.string)]),
        "tty": flag,
        "ulimits": ulimits,
        "use_api_socket": .boolean,
        "user": .string,
        "uts": .string,
        "userns_mode": .string,
        "volumes": .list(.either([.string, serviceVolume])),
        "volumes_from": .list(.string, unique: true),
        "working_dir": .string,
    ])

    /// `depends_on`: service names, or names to `{condition, required, restart}` (`condition` is required).
    static let dependsOn = Shape.either([
        stringSet,
        .names(.resourceName, .mapping(
            [
                "restart": booleanOrString,
                "required": .boolean,
                "condition": .oneOf("service_started", "service_healthy", "service_completed_successfully"),
            ],
            required: ["condition"]), isClosed: true),
    ])

    /// `env_file`: a path, or a list of paths and `{path, required, format}` (no extensions here).
    static let envFile = Shape.either([
        .string,
        .list(.either([
            .string,
            .mapping(["path": .string, "format": .string, "required": booleanOrString], required: ["path"], extensions: false),
        ])),
    ])

    static let provider = Shape.mapping(
        [
            "type": .string,
            "options": .names(.nonEmpty, .either([
                .scalar([.string, .number, .boolean]),
                .list(.scalar([.string, .number, .boolean])),
            ]), isClosed: false),
        ],
        required: ["type"])

    static let networkAttachment = Shape.mapping([
        "aliases": .list(.string),
        "interface_name": .string,
        "ipv4_address": .string,
        "ipv6_address": .string,
        "link_local_ips": .list(.string),
        "mac_address": .string,
        "driver_opts": driverOptions,
        "priority": .number,
        "gw_priority": .number,
    ])

    /// The long form of a port (`mode` and `protocol` are free strings in the specification).
    static let port = Shape.mapping([
        "name": .string,
        "mode": .string,
        "host_ip": .string,
        "target": .cast(.integer, integerOrString),
        "published": .scalar([.string, .integer]),
        "protocol": .string,
        "app_protocol": .string,
    ])

    /// The long form of a service volume.
    static let serviceVolume = Shape.mapping(
        [
            "type": .oneOf("bind", "volume", "tmpfs", "cluster", "npipe", "image"),
            "source": .string,
            "target": .string,
            "read_only": flag,
            "consistency": .string,
            "bind": .mapping([
                "propagation": .string,
                "create_host_path": booleanOrString,
                "recursive": .oneOf("enabled", "disabled", "writable", "readonly"),
                "selinux": .oneOf("z", "Z"),
            ]),
            "volume": .mapping([
                "labels": listOrDict(unique: true),
                "nocopy": flag,
                "subpath": .string,
            ]),
            "tmpfs": .mapping([
                "size": .either([.scalar(.integer, rule: .range(0...Double.infinity)), .string]),
                "mode": numberOrString,
            ]),
            "image": .mapping(["subpath": .string]),
        ],
        required: ["type"])
}
