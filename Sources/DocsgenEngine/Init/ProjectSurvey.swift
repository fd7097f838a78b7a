/// What `docsgen init` found in a repository and will write to `docsgen.yml`: every item with where it was
/// found, and the items it leaves commented out with the reason.
///
/// Made by ``ProjectSurveyor``, written by ``StarterConfig``. Paths are relative to the project root.
package struct ProjectSurvey: Sendable, Hashable {
    /// A Dockerfile to document.
    package struct Image: Sendable, Hashable {
        /// The name in fact keys (`backend`): the compose service that builds it, else its folder's name.
        package var name: String
        /// The Dockerfile.
        package var path: String
        /// How the name was chosen, in words (`built by compose service backend`).
        package var origin: String
        /// Remarks to write beside the entry (`compose builds stage builder (target)`).
        package var notes: [String] = []
        /// Build arguments a `FROM` needs that have no default.
        package var args: [Argument] = []
        /// Why the entry is left commented out (an error docsgen would stop at), or `nil`.
        package var problem: String?
    }

    /// A build argument a `FROM` line needs.
    package struct Argument: Sendable, Hashable {
        /// The `ARG` name.
        package var name: String
        /// A value the compose file writes literally in `build.args`; `nil` leaves the argument commented out.
        package var value: String?
        /// Where the argument is used and where the value comes from.
        package var hint: String
    }

    /// The compose project.
    package struct Compose: Sendable, Hashable {
        /// The compose file and its override, merged in this order.
        package var files: [String]
        /// The env file template for interpolation, if the folder has one.
        package var envTemplate: String?
        /// A real `.env` beside the compose file, noted by name only (its contents are never read by init).
        package var realEnvFile: String?
        /// Compose files of other folders, not used (docsgen documents one stack).
        package var others: [String] = []
        /// Why the section is left commented out, or `nil`.
        package var problem: String?
    }

    /// A main nginx configuration a Dockerfile copies into its image.
    package struct Nginx: Sendable, Hashable {
        /// The project file.
        package var path: String
        /// The Dockerfile that copies it.
        package var copiedBy: String
        /// The container path it is copied to (`/etc/nginx/conf.d/default.conf`).
        package var destination: String
        /// Why the entry is left commented out, or `nil`.
        package var problem: String?
    }

    /// A folder of recorded measurements or of prose pages.
    package struct Folder: Sendable, Hashable {
        /// The folder.
        package var path: String
        /// What is in it, in words (`6 measurements of backend, frontend`).
        package var contents: String
        /// Why the key is left commented out, or `nil`.
        package var problem: String?
    }

    /// A plugin to list under `plugins:`.
    package struct Plugin: Sendable, Hashable {
        /// The built-in plugin's name.
        package var name: String
        /// What it writes from which facts, or what it would need.
        package var comment: String
        /// Whether it is listed (otherwise written commented out).
        package var isEnabled: Bool
        /// Why a listed plugin is left commented out (it failed on these facts), or `nil`.
        package var problem: String?
    }

    /// The title of the documents: the project folder's name.
    package var project: String
    /// The Dockerfiles, by path.
    package var images: [Image] = []
    /// The compose project, the shallowest one found.
    package var compose: Compose?
    /// Main nginx configurations, in Dockerfile order.
    package var nginx: [Nginx] = []
    /// The folder of recorded measurements.
    package var measurements: Folder?
    /// The folder of prose pages.
    package var pages: Folder?
    /// The built-in plugins, in navigation order.
    package var plugins: [Plugin] = []
    /// Remarks about the scan itself (skipped folders, a scan stopped early).
    package var notes: [String] = []

    /// Whether anything docsgen documents was found: a Dockerfile or a compose file.
    package var isEmpty: Bool { images.isEmpty && compose == nil }
}
