#!/usr/bin/env python3
"""A docsgen plugin (protocol 1) that keeps the request it received (plugin-request.json) and writes a page
citing the backend's size, so a test can check the request and the round trip."""
import json
import sys

if "--docsgen-protocol" in sys.argv[1:]:
    print(json.dumps({"protocol": 1, "name": "recorder", "summary": "records its request"}))
    sys.exit(0)
data = sys.stdin.read()
with open("plugin-request.json", "w") as out:
    out.write(data)
request = json.loads(data)
size = request["citable"]["images.backend.size"]["value"]
print("recorder: got %d facts" % len(request["citable"]), file=sys.stderr)
json.dump({"documents": [{"name": "sizes", "title": "Sizes (%s)" % request["options"].get("audience", "?"),
                          "markdown": "The backend is [%s](#fact-images.backend.size).\n\n![note](assets/note.svg)\n" % size,
                          "citations": [{"key": "images.backend.size"}]}],
           "assets": [{"name": "note.svg", "contents": "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"}]},
          sys.stdout)
