import DocsgenCore

/// A link in the navigation between documents.
public struct NavigationItem: Sendable, Hashable {
    /// The document title.
    public var title: String
    /// The page file name (`optimization-guide.html`).
    public var href: String

    /// Creates an item.
    public init(title: String, href: String) {
        self.title = title
        self.href = href
    }
}

/// Wraps rendered HTML in a standalone page: title, navigation between documents, table of contents and
/// an embedded style sheet that reads well on screen and in print.
public struct PageShell: Sendable {
    /// The project name shown in the page header.
    public var project: String
    /// All documents, in navigation order.
    public var navigation: [NavigationItem]

    /// Creates a shell.
    public init(project: String, navigation: [NavigationItem]) {
        self.project = project
        self.navigation = navigation
    }

    /// A complete HTML page.
    ///
    /// - Parameters:
    ///   - title: The document title.
    ///   - href: The page's own file name, marked current in the navigation.
    ///   - content: The rendered body.
    /// - Returns: The page.
    public func page(title: String, href: String, content: RenderedHTML) -> String {
        let e = HTMLEscaping.escape
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="docsgen">
            <title>\(e(title)) — \(e(project))</title>
            <style>
            \(Stylesheet.css)</style>
            </head>
            <body>
            <header class="site">
            <span class="project">\(e(project))</span>
            <nav class="documents" aria-label="Documents">
            <ul>

            """
        for item in navigation {
            let current = item.href == href ? " aria-current=\"page\"" : ""
            html += "<li><a href=\"\(e(item.href))\"\(current)>\(e(item.title))</a></li>\n"
        }
        html += "</ul>\n</nav>\n</header>\n<div class=\"layout\">\n"
        let entries = content.headings.filter { $0.level == 2 || $0.level == 3 }
        if !entries.isEmpty {
            html += "<nav class=\"toc\" aria-label=\"Contents\">\n<h2>Contents</h2>\n<ul>\n"
            for heading in entries {
                let indent = heading.level == 3 ? " class=\"sub\"" : ""
                html += "<li\(indent)><a href=\"#\(e(heading.anchor))\">\(e(heading.text))</a></li>\n"
            }
            html += "</ul>\n</nav>\n"
        }
        html += "<main>\n\(content.html)</main>\n</div>\n</body>\n</html>\n"
        return html
    }
}
