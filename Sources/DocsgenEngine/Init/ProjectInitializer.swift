import DocsgenCore
import Foundation

/// `docsgen init` without a command line: survey a repository, write a commented `docsgen.yml` that
/// `docsgen build` accepts as it is, and never overwrite one unless asked.
///
/// Before anything is written, the configuration runs through the whole pipeline in memory; an input docsgen
/// would stop at (a Dockerfile with an error, a page citing a fact that does not exist) is left commented out
/// with the error beside it, and the run repeats until the pipeline passes.
///
/// ```swift
/// let initializer = ProjectInitializer(root: folder)
/// let result = try initializer.prepare()      // throws when nothing is found
/// try initializer.write(result.text, force: false)
/// ```
package struct ProjectInitializer {
    package let root: URL

    package init(root: URL) {
        self.root = root.standardizedFileURL
    }

    /// Where the configuration goes.
    package var configURL: URL { root.appendingPathComponent(ConfigLoader.fileName) }

    /// What was found and the configuration text.
    package struct Result {
        package var survey: ProjectSurvey
        package var text: String
    }

    /// Surveys the repository and renders a configuration the pipeline accepts.
    ///
    /// - Throws: ``DocsgenError/nothingToDocument(folder:)`` when there is no Dockerfile and no compose file;
    ///   ``DocsgenError/invalidInput(_:root:)`` when the pipeline fails on something no item of the
    ///   configuration explains; other errors of the pipeline as they are.
    package func prepare() throws(DocsgenError) -> Result {
        var survey = ProjectSurveyor(root: root).survey()
        if survey.isEmpty { throw .nothingToDocument(folder: root.path) }
        // Each round leaves out at least one more item, so the rounds are bounded by the number of items.
        let rounds = survey.images.count + survey.nginx.count + survey.plugins.count + 4
        var unexplained: [DiagnosticBox] = []
        for _ in 0..<rounds {
            let text = StarterConfig(survey).text
            let (config, diagnostics) = ConfigLoader().load(text, file: ConfigLoader.fileName)
            guard let config else { throw .invalidInput(diagnostics.map(DiagnosticBox.init), root: root.path) }
            let project = Project(root: root, configFile: ConfigLoader.fileName, config: config, diagnostics: diagnostics)
            do {
                _ = try Engine(project: project).generate()
                return Result(survey: survey, text: text)
            } catch let .invalidInput(boxes, _) {
                let errors = boxes.map(\.diagnostic).filter { $0.severity == .error }
                unexplained = boxes
                guard survey.leaveOut(errors) else { throw .invalidInput(boxes, root: root.path) }
            } catch let .pluginFailed(name, reason) {
                guard let index = survey.plugins.firstIndex(where: { $0.name == name && $0.problem == nil }) else {
                    throw .pluginFailed(name: name, reason: reason)
                }
                survey.plugins[index].problem = "the plugin failed: \(reason)"
            }
        }
        throw .invalidInput(unexplained, root: root.path)
    }

    /// Writes the configuration atomically (a temporary file, then a link or a rename).
    ///
    /// - Parameters:
    ///   - force: Replace an existing `docsgen.yml`; without it an existing file is never touched, even one
    ///     created while init ran.
    ///   - shownAs: The file's path as errors should show it.
    /// - Throws: ``DocsgenError/configExists(path:)`` or ``DocsgenError/writeFailed(path:reason:)``.
    package func write(_ text: String, force: Bool, shownAs: String = ConfigLoader.fileName) throws(DocsgenError) {
        let target = configURL
        if force {
            try FileAccess.writeAtomically(Data(text.utf8), to: target)
            return
        }
        if FileManager.default.fileExists(atPath: target.path) { throw .configExists(path: shownAs) }
        let temporary = try FileAccess.stage(Data(text.utf8), for: target)
        defer { unlink(temporary.path) }
        // link(2) fails when the target exists: no window in which another docsgen.yml could be replaced.
        if link(temporary.path, target.path) == 0 { return }
        let failure = errno
        if failure == EEXIST { throw .configExists(path: shownAs) }
        // File systems without hard links: the rename, after one more look.
        if FileManager.default.fileExists(atPath: target.path) { throw .configExists(path: shownAs) }
        guard rename(temporary.path, target.path) == 0 else {
            throw .writeFailed(path: target.path, reason: String(cString: strerror(failure)))
        }
    }
}

extension ProjectSurvey {
    /// Leaves out the items the errors are in; `false` when no item explains them.
    mutating func leaveOut(_ errors: [Diagnostic]) -> Bool {
        var changed = false
        func mark(_ problem: inout String?, _ error: Diagnostic) {
            guard problem == nil else { return }
            problem = ProjectSurveyor.describe(error)
            changed = true
        }
        for error in errors {
            let file = error.location?.file ?? ""
            if let index = images.firstIndex(where: { $0.path == file }) {
                mark(&images[index].problem, error)
            } else if let compose, compose.files.contains(file) || compose.envTemplate == file || error.id.hasPrefix("compose.") {
                mark(&self.compose!.problem, error)
            } else if error.id.hasPrefix("nginx.") || nginx.contains(where: { $0.path == file }) {
                let named = nginx.indices.filter { nginx[$0].path == file || error.message.contains(nginx[$0].path) }
                for index in named.isEmpty ? Array(nginx.indices) : named { mark(&nginx[index].problem, error) }
            } else if let pages, error.id.hasPrefix("pages.") || file.hasPrefix(pages.path + "/") {
                mark(&self.pages!.problem, error)
            } else if let measurements, error.id.hasPrefix("image.") || file.hasPrefix(measurements.path + "/") {
                mark(&self.measurements!.problem, error)
                if let index = plugins.firstIndex(where: { $0.name == "build-report" }) {
                    plugins[index].isEnabled = false
                    plugins[index].comment = "needs the measurements left out above"
                }
            }
        }
        return changed
    }
}
