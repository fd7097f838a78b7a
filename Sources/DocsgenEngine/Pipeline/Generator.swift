import DocsgenCore
import DocsgenPages
import DocsgenRender
import Foundation

/// A file docsgen generates, relative to the output folder.
package struct GeneratedFile: Sendable, Hashable {
    package var path: String
    package var contents: Data
}

/// Everything a build produces, in memory.
package struct Generation: Sendable {
    package var files: [GeneratedFile]
    package var manifest: Manifest
    package var facts: ProjectFacts
    /// Document names in navigation order.
    package var order: [String] = []
}

/// Runs the plugins over the facts and renders every output file in memory.
package struct Generator {
    package let project: Project
    /// The plugins that may be configured, passed in explicitly.
    package var plugins: [any ReportPlugin] = BuiltinPlugins.all

    /// Rendered prose pages (see ``PageRenderer``), in navigation order.
    package var pages: [Page] = []
    /// Receives lines external plugins write to standard error, prefixed with the plugin's name.
    package var log: (String) -> Void = { _ in }
    /// External plugins' processes started ahead (``ExternalPlugin/launch()``), by plugin name; a plugin
    /// without one starts when its turn comes.
    package var launches: [String: ExternalPlugin.Launch] = [:]
    /// Diagnostics plugins returned (warnings; an error fails the plugin), filled by ``generate(_:)``.
    package private(set) var pluginWarnings: [Diagnostic] = []

    package init(project: Project, plugins: [any ReportPlugin] = BuiltinPlugins.all) {
        self.project = project
        self.plugins = plugins
    }

    package mutating func generate(_ facts: ProjectFacts) throws(DocsgenError) -> Generation {
        pluginWarnings = []
        var external: Set<String> = []
        var known: [String: Citation]?
        var documents: [Document] = []
        var assets: [DocumentAsset] = []
        var summaries: [DocumentSummary] = []
        // Each document's final Markdown, assembled once: plugins listed later see its line count.
        var markdowns: [String: String] = [:]
        let assembler = DocumentAssembler(configFile: project.configFile)
        func record(_ document: Document) {
            let markdown = assembler.markdown(for: document)
            markdowns[document.name] = markdown
            summaries.append(DocumentSummary(
                name: document.name, title: document.title, path: ProjectPath.join(project.config.output, "\(document.name).md"),
                lines: ProjectFile.lineCount(markdown.utf8), facts: document.citations.count))
        }
        let standalone = pages.filter { $0.pluginSection == nil }
        for page in standalone { record(page.document) }
        for entry in project.config.plugins {
            let output: PluginOutput
            if entry.run != nil {
                if plugins.contains(where: { $0.name == entry.name }) {
                    throw .pluginFailed(name: entry.name, reason: "an external plugin cannot take the name of the built-in plugin '\(entry.name)'")
                }
                if known == nil { known = FactTreeBuilder.tree(facts, configFile: project.configFile, configLocations: project.config.locations).citations() }
                output = try ExternalPlugin(entry: entry, root: project.root).render(
                    facts: facts, documents: summaries, known: known ?? [:], log: log, launch: launches.removeValue(forKey: entry.name))
                external.formUnion(output.assets.map(\.name))
            } else {
                guard let plugin = plugins.first(where: { $0.name == entry.name }) else {
                    throw .unknownPlugin(name: entry.name, known: plugins.map(\.name))
                }
                do {
                    let sections = pages.filter { $0.pluginSection == entry.name }.map(\.document)
                    output = try plugin.render(PluginInput(facts: facts, options: entry.options, documents: summaries, sections: sections))
                } catch {
                    throw .pluginFailed(name: plugin.name, reason: "\(error)")
                }
            }
            pluginWarnings += output.diagnostics
            for asset in output.assets {
                guard !assets.contains(where: { $0.name == asset.name }), Self.isSafeAssetName(asset.name) else {
                    throw .pluginFailed(name: entry.name, reason: "asset name '\(asset.name)' is used twice or is not a plain file name")
                }
                assets.append(asset)
            }
            for document in output.documents {
                if documents.contains(where: { $0.name == document.name }) || pages.contains(where: { $0.document.name == document.name }) {
                    throw .pluginFailed(name: entry.name, reason: "a second document is named '\(document.name)'")
                }
                documents.append(document)
                record(document)
            }
        }
        for page in standalone {
            if documents.contains(where: { $0.name == page.document.name }) {
                throw .pluginFailed(name: "pages", reason: "page \(page.path) is named like another document ('\(page.document.name)')")
            }
            documents.append(page.document)
        }

        let renderer = HTMLRenderer()
        let shell = PageShell(
            project: facts.project,
            navigation: documents.map { NavigationItem(title: $0.title, href: "\($0.name).html") })
        var files: [GeneratedFile] = []
        for document in documents {
            // Every document was recorded above, pages included.
            guard let markdown = markdowns[document.name] else { preconditionFailure("\(document.name) was not assembled") }
            files.append(GeneratedFile(path: "\(document.name).md", contents: Data(markdown.utf8)))
            var rendered = renderer.render(markdown, rowAnchors: document.citations.map(\.key))
            rendered.html = Self.inlineAssets(rendered.html, assets: assets, external: external)
            let page = shell.page(title: document.title, href: "\(document.name).html", content: rendered)
            files.append(GeneratedFile(path: "html/\(document.name).html", contents: Data(page.utf8)))
        }
        for asset in assets {
            files.append(GeneratedFile(path: "assets/\(asset.name)", contents: Data(asset.contents.utf8)))
        }
        files.append(GeneratedFile(path: "facts.json", contents: try JSONOutput.encode(facts)))
        let manifest = Manifest(
            files: (files.map(\.path) + [Manifest.fileName]).sorted(),
            documents: Dictionary(uniqueKeysWithValues: documents.map { ($0.name, $0.citations) }))
        files.append(GeneratedFile(path: Manifest.fileName, contents: try JSONOutput.encode(manifest)))
        return Generation(files: files.sorted { $0.path < $1.path }, manifest: manifest, facts: facts, order: documents.map(\.name))
    }

    package static func isSafeAssetName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
    }

    /// Replaces `<img src="assets/NAME.svg" …>` that cmark-gfm rendered from `![…](assets/NAME.svg)` with the SVG
    /// itself, so each page stands alone. Only docsgen's own SVGs are inlined: an external plugin's asset is
    /// input text, so its page loads the file as an image (`../assets/NAME`), where no script runs.
    package static func inlineAssets(_ html: String, assets: [DocumentAsset], external: Set<String> = []) -> String {
        // One pass over the page: each `<img src="assets/NAME"…/>` becomes the inlined SVG of a docsgen asset,
        // or, for an external plugin's asset (never inlined), a link one folder up.
        let linked = Set(external.map(HTMLEscaping.escape))
        var inlined: [String: String] = [:]
        for asset in assets where asset.name.hasSuffix(".svg") && !external.contains(asset.name) && inlined[asset.name] == nil {
            inlined[asset.name] = asset.contents
        }
        guard !linked.isEmpty || !inlined.isEmpty else { return html }
        let marker = "<img src=\"assets/"
        var out = ""
        out.reserveCapacity(html.utf8.count + inlined.values.reduce(0) { $0 + $1.utf8.count })
        var rest = Substring(html)
        while let start = rest.range(of: marker) {
            out += rest[..<start.lowerBound]
            let afterMarker = rest[start.upperBound...]
            guard let quote = afterMarker.firstIndex(of: "\"") else { break }
            let name = String(afterMarker[..<quote])
            if linked.contains(name) {
                out += "<img src=\"../assets/" + name
                rest = afterMarker[quote...]
            } else if let contents = inlined[name], let end = afterMarker.range(of: "/>") {
                out += "<figure class=\"chart\">" + contents + "</figure>"
                rest = afterMarker[end.upperBound...]
            } else {
                out += marker
                rest = afterMarker
            }
        }
        return out + rest
    }
}
