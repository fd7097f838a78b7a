#!/usr/bin/env python3
"""docsgen external plugin (protocol 1): a security summary page of the project.

Run by docsgen as configured in docsgen.yml (`run: [python3, Content/plugins/security_summary.py]`).
It reads one JSON request on standard input and prints one JSON response; see Plugins/PROTOCOL.md.
Every value it shows is a fact docsgen offers in `citable`, linked to its Sources row and cited by key,
so `docsgen check` names it when it changes. It states nothing it cannot cite.
"""
import json
import sys

PROTOCOL = 1


def escape(text):
    """Markdown-escapes a value shown in a table cell."""
    out = []
    for ch in str(text):
        if ch in "\\`*_[]<>|#":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def main():
    if "--docsgen-protocol" in sys.argv[1:]:
        print(json.dumps({"protocol": PROTOCOL, "name": "security-summary",
                          "summary": "Who each image runs as, what it is built on, and what the stack exposes"}))
        return 0
    request = json.load(sys.stdin)
    if request.get("protocol") != PROTOCOL:
        print(f"expected protocol {PROTOCOL}, got {request.get('protocol')}", file=sys.stderr)
        return 2
    citable = request["citable"]
    facts = request["facts"]
    cited = []

    def fact(key, otherwise):
        """The value of `key` as a link to its Sources row, or `otherwise` when docsgen has no such fact."""
        citation = citable.get(key)
        if citation is None:
            return otherwise
        if key not in cited:
            cited.append(key)
        return f"[{escape(citation['value'])}](#fact-{key})"

    lines = ["Who each image runs as and what it is built on, and what the stack publishes, from the",
             "Dockerfiles and the Compose file. Every value links to its source below.", "",
             "## Images", "",
             "| Image | Runs as | Runtime base | Build stages |",
             "|---|---|---|---|"]
    for dockerfile in facts.get("dockerfiles", []):
        key = "images." + dockerfile["name"]
        lines.append("| `{}` | {} | {} | {} |".format(
            dockerfile["name"],
            fact(key + ".user", "*no `USER`: the base image decides*"),
            fact(key + ".base", "*unknown*"),
            fact(key + ".stages", "*unknown*")))
    services = (facts.get("compose") or {}).get("services", [])
    if services:
        lines += ["", "## Services", "",
                  "| Service | Published ports | Memory limit |",
                  "|---|---|---|"]
        for service in services:
            key = "services." + service["name"]
            if key + ".name" not in citable:
                continue  # not started by the selected profiles
            lines.append("| `{}` | {} | {} |".format(
                service["name"],
                fact(key + ".ports", "none"),
                fact(key + ".memory", "*no limit*")))
    options = request.get("options", {})
    title = options.get("title", "Security summary")
    json.dump({"documents": [{"name": "security-summary", "title": title, "markdown": "\n".join(lines) + "\n",
                              "citations": [{"key": key} for key in cited]}],
               "assets": [], "diagnostics": []}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
