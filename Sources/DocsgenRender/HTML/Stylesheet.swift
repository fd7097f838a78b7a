/// The style sheet embedded in every page: system fonts, readable line length, clear tables, visible
/// check marks, and a print layout without navigation.
enum Stylesheet {
    static let css = """
        :root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-alt: #f6f8fa; --accent: #0969da; --ok: #1a7f37; --bad: #cf222e; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--fg); font: 16px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
        header.site { display: flex; flex-wrap: wrap; align-items: baseline; gap: 1rem 2rem; padding: .75rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--bg-alt); }
        header.site .project { font-weight: 600; }
        nav ul { list-style: none; margin: 0; padding: 0; }
        nav.documents ul { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
        nav a { color: var(--accent); text-decoration: none; }
        nav a[aria-current="page"] { color: var(--fg); font-weight: 600; }
        .layout { display: flex; gap: 2rem; max-width: 82rem; margin: 0 auto; padding: 1.5rem; }
        nav.toc { flex: 0 0 15rem; position: sticky; top: 1rem; align-self: flex-start; font-size: .9rem; }
        nav.toc h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); margin: 0 0 .5rem; }
        nav.toc li { margin: .2rem 0; }
        nav.toc li.sub { padding-left: 1rem; }
        main { flex: 1 1 auto; min-width: 0; max-width: 56rem; }
        h1, h2, h3 { line-height: 1.25; margin: 1.6em 0 .6em; }
        h1 { font-size: 2rem; margin-top: .5em; }
        h2 { font-size: 1.45rem; padding-bottom: .3em; border-bottom: 1px solid var(--line); }
        h3 { font-size: 1.15rem; }
        a { color: var(--accent); }
        main a[href^="#fact-"] { text-decoration: none; border-bottom: 1px dotted var(--accent); }
        blockquote { margin: 1rem 0; padding: .5rem 1rem; color: var(--muted); border-left: 4px solid var(--line); background: var(--bg-alt); }
        table { border-collapse: collapse; margin: 1rem 0; display: block; overflow-x: auto; max-width: 100%; }
        th, td { border: 1px solid var(--line); padding: .35rem .7rem; text-align: left; vertical-align: top; }
        th { background: var(--bg-alt); }
        tr:target { background: #fff8c5; }
        code { font: .875em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--bg-alt); padding: .1em .3em; border-radius: 4px; }
        pre { background: var(--bg-alt); padding: 1rem; overflow-x: auto; border-radius: 6px; }
        pre code { background: none; padding: 0; }
        main li:has(> input[type="checkbox"]:first-child) { list-style: none; margin-left: -1.3rem; }
        input[type="checkbox"] { margin-right: .5rem; accent-color: var(--ok); }
        @media (max-width: 60rem) { .layout { display: block; } nav.toc { position: static; margin-bottom: 1rem; } }
        @media print {
          header.site, nav.toc { display: none; }
          .layout { display: block; padding: 0; max-width: none; }
          main { max-width: none; }
          body { font-size: 11pt; }
          a { color: inherit; text-decoration: none; border: 0; }
          table { display: table; page-break-inside: auto; }
          tr { page-break-inside: avoid; }
          h2, h3 { page-break-after: avoid; }
        }

        """
}
