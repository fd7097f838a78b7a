import DocsgenCore
import BuildReport
import CompletionReport
import OptimizationGuide

/// The plugins compiled into docsgen, listed explicitly (no global registry).
public enum BuiltinPlugins {
    /// Every built-in plugin, in the order `docsgen plugins` lists them.
    public static let all: [any ReportPlugin] = [OptimizationGuide(), BuildReport(), CompletionReport()]
}
