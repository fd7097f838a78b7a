import DocsgenCore
import Foundation
import DocsgenRender

/// The tables of an image section: packages, build arguments, runtime settings.
extension ImageReview {
    package func packageTable(_ doc: inout DocumentBuilder) {
        let stages = dockerfile.stages.filter { !$0.packages.isEmpty }
        guard !stages.isEmpty else { return }
        doc.paragraph("Packages installed per stage (build tools marked †):")
        var table = MarkdownTable(headers: ["Stage", "Manager", "Packages", "Line"])
        for stage in stages {
            for (position, install) in stage.installs.enumerated() where !install.packages.isEmpty {
                let sameLine = stage.installs[..<position].filter { $0.line == install.line && $0.manager == install.manager }.count
                let suffix = sameLine == 0 ? install.manager.rawValue : "\(install.manager.rawValue)-\(sameLine + 1)"
                let names = install.packages.map { MarkdownText.code($0) + (BuildTools.isBuildTool($0) ? " †" : "") }
                let cited = doc.cite(
                    key: key("stage", stageKey(stage), "packages", "line-\(install.line)", suffix),
                    label: "\(name): \(install.manager.rawValue) packages of stage \(stage.displayName) (line \(install.line))",
                    value: "\(install.packages.count)", source: dockerfile.source(line: install.line, column: install.column))
                table.append([
                    MarkdownText.code(stage.displayName), install.manager.rawValue, names.joined(separator: " ") + " (\(cited))",
                    "\(install.line)",
                ])
            }
        }
        doc.table(table)
    }

    package func argumentTable(_ doc: inout DocumentBuilder) {
        let args = dockerfile.globalArgs.map { (scope: "global", arg: $0) }
            + dockerfile.stages.flatMap { stage in stage.args.map { (scope: stage.displayName, arg: $0) } }
        guard !args.isEmpty else { return }
        doc.paragraph("Build arguments (override with `--build-arg` or in `docsgen.yml`):")
        var table = MarkdownTable(headers: ["Argument", "Scope", "Default", "Line"])
        for (scope, arg) in args {
            let inherited = scope != "global" && dockerfile.globalArgs.contains { $0.name == arg.name }
            let value = arg.default ?? (inherited ? "(global default)" : "(none)")
            let cited = doc.cite(
                key: key("arg", scope, arg.name), label: "\(name): default of build argument \(arg.name) (\(scope))",
                value: value, source: dockerfile.source(line: arg.line, column: arg.column), code: arg.default != nil)
            table.append([MarkdownText.code(arg.name), MarkdownText.escape(scope), cited, "\(arg.line)"])
        }
        doc.table(table)
    }

    package func implementationTable(_ runtime: Stage, _ doc: inout DocumentBuilder) {
        var table = MarkdownTable(headers: ["Setting", "Value", "Line"])
        /// `setting` is plain text (escaped here); `value` comes from the Dockerfile.
        func row(_ setting: String, _ slug: String, _ value: String?, line: Int?, column: Int = 1, code: Bool = true) {
            let cell = MarkdownText.escape(setting)
            guard let value, let line else {
                table.append([cell, "not set", "—"])
                return
            }
            let cited = doc.cite(
                key: key("runtime", slug), label: "\(name): \(setting) of the runtime stage", value: value,
                source: dockerfile.source(line: line, column: column), code: code)
            table.append([cell, cited, "\(line)"])
        }
        row("Working directory", "workdir", runtime.workdir?.value, line: runtime.workdir?.line, column: runtime.workdir?.column ?? 1)
        if runtime.exposedPorts.isEmpty {
            table.append(["Exposed ports", "none", "—"])
        }
        for port in runtime.exposedPorts {
            row("Exposed port", "port-\(port.value)", port.value, line: port.line, column: port.column)
        }
        row("Entrypoint", "entrypoint", runtime.entrypoint.map(commandText), line: runtime.entrypoint?.line)
        row("Command", "cmd", runtime.cmd.map(commandText), line: runtime.cmd?.line)
        for label in runtime.labels {
            row("Label \(label.key)", "label-\(label.key)", label.value, line: label.line, column: label.column, code: false)
        }
        for variable in runtime.environment {
            row("Environment", "env-\(variable.value)", variable.value, line: variable.line, column: variable.column)
        }
        doc.table(table)
    }

    package func commandText(_ command: ContainerCommand) -> String {
        switch command.form {
        case .exec: "[" + command.args.map(Self.jsonString).joined(separator: ", ") + "]"
        case .shell: command.text
        }
    }

    /// A JSON string literal, as the exec form is written in a Dockerfile.
    package static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
