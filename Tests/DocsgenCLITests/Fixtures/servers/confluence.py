#!/usr/bin/env python3
"""A stand-in for Confluence's REST API v1 and the v2 pages API, for docsgen's tests: only the endpoints
docsgen uses, as Atlassian documents them (content/pages by space and title, create, update with a version
check answering 409, content properties, labels, attachments). Pages live in memory. No real Confluence can
run on this machine.

  confluence.py TOKEN     requires `Authorization: Bearer TOKEN`; prints its port, then serves

Test hooks: GET /__state (pages, write count), POST /__page (a page made by a person),
POST /__conflict?title=T (the next update of T finds the version moved on: 409).
"""
import json
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = sys.argv[1]
LOCK = threading.Lock()
PAGES = {}       # id -> {id, title, space, ancestors, body, version, properties, labels, attachments}
STATE = {"writes": 0, "next": 100, "conflicts": set()}


def page_json(page):
    return {"id": page["id"], "type": "page", "title": page["title"], "space": {"key": page["space"]},
            "version": {"number": page["version"]}, "body": {"storage": {"value": page["body"], "representation": "storage"}}}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body=None):
        data = json.dumps(body if body is not None else {}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def route(self, method):
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        path = url.path
        with LOCK:
            if path == "/__state":
                return self.reply(200, {"writes": STATE["writes"], "pages": list(PAGES.values())})
            if path == "/__page" and method == "POST":
                spec = json.loads(self.body())
                return self.reply(200, self.make(spec["title"], spec.get("space", "OPS"), spec.get("body", ""), []))
            if path == "/__conflict":
                STATE["conflicts"].add(query["title"][0])
                return self.reply(200)
            if self.headers.get("Authorization") != "Bearer " + TOKEN:
                return self.reply(401, {"statusCode": 401, "message": "Basic or bearer authentication required"})
            if method in ("POST", "PUT"):
                STATE["writes"] += 1
            if path == "/rest/api/content" and method == "GET":
                found = [page_json(p) for p in PAGES.values()
                         if p["space"] == query.get("spaceKey", [""])[0] and p["title"] == query.get("title", [""])[0]]
                return self.reply(200, {"results": found, "size": len(found)})
            if path == "/rest/api/content" and method == "POST":
                spec = json.loads(self.body())
                if any(p["title"] == spec["title"] and p["space"] == spec["space"]["key"] for p in PAGES.values()):
                    return self.reply(400, {"message": "A page with this title already exists"})
                page = self.make(spec["title"], spec["space"]["key"], spec["body"]["storage"]["value"], spec.get("ancestors", []))
                return self.reply(200, page_json(page))
            if path == "/api/v2/spaces" and method == "GET":
                keys = query.get("keys", [""])[0].split(",")
                return self.reply(200, {"results": [{"id": 9000 + i, "key": key} for i, key in enumerate(keys) if key == "OPS"]})
            if path == "/api/v2/pages" and method == "GET":
                space = "OPS" if query.get("space-id", [""])[0] == "9000" else "?"
                found = [{"id": p["id"], "title": p["title"], "spaceId": "9000", "version": {"number": p["version"]},
                          "body": {"storage": {"value": p["body"], "representation": "storage"}}}
                         for p in PAGES.values() if p["space"] == space and p["title"] == query.get("title", [""])[0]]
                return self.reply(200, {"results": found})
            if path == "/api/v2/pages" and method == "POST":
                spec = json.loads(self.body())
                if spec.get("spaceId") != "9000" or spec.get("status") != "current":
                    return self.reply(400, {"message": "spaceId and status are required"})
                page = self.make(spec["title"], "OPS", spec["body"]["value"], [{"id": spec["parentId"]}] if "parentId" in spec else [])
                return self.reply(200, {"id": page["id"], "version": {"number": 1}})
            match2 = re.fullmatch(r"/api/v2/pages/(\d+)(/.*)?", path)
            if match2:
                if match2.group(1) not in PAGES:
                    return self.reply(404, {"message": "No content found"})
                page = PAGES[match2.group(1)]
                rest = match2.group(2) or ""
                if rest == "" and method == "PUT":
                    spec = json.loads(self.body())
                    if page["title"] in STATE["conflicts"]:
                        STATE["conflicts"].discard(page["title"])
                        page["version"] += 1
                        return self.reply(409, {"message": "Version must be incremented on update"})
                    if spec["version"]["number"] != page["version"] + 1 or spec["body"]["representation"] != "storage":
                        return self.reply(409, {"message": "Version must be incremented on update"})
                    page["body"] = spec["body"]["value"]
                    page["version"] = spec["version"]["number"]
                    return self.reply(200, {"id": page["id"], "version": {"number": page["version"]}})
                if rest == "/properties" and method == "GET":
                    key = query.get("key", [""])[0]
                    found = [{"id": "7" + page["id"], "key": key, "value": page["properties"][key], "version": {"number": page.get("propertyVersion", 1)}}] \
                        if key in page["properties"] else []
                    return self.reply(200, {"results": found})
                if rest == "/properties" and method == "POST":
                    spec = json.loads(self.body())
                    page["properties"][spec["key"]] = spec["value"]
                    page["propertyVersion"] = 1
                    return self.reply(200, {"id": "7" + page["id"], "key": spec["key"]})
                if rest == "/properties/7" + page["id"] and method == "PUT":
                    spec = json.loads(self.body())
                    if spec.get("version", {}).get("number") != page.get("propertyVersion", 1) + 1:
                        return self.reply(409, {"message": "property version must be incremented"})
                    page["properties"][spec["key"]] = spec["value"]
                    page["propertyVersion"] = spec["version"]["number"]
                    return self.reply(200, {"id": "7" + page["id"], "key": spec["key"]})
                return self.reply(405, {"message": "not supported by this stand-in"})
            match = re.fullmatch(r"/rest/api/content/(\d+)(/.*)?", path)
            if not match or match.group(1) not in PAGES:
                return self.reply(404, {"message": "No content found"})
            page = PAGES[match.group(1)]
            rest = match.group(2) or ""
            if rest == "" and method == "PUT":
                spec = json.loads(self.body())
                if page["title"] in STATE["conflicts"]:
                    STATE["conflicts"].discard(page["title"])
                    page["version"] += 1  # someone else saved meanwhile
                    return self.reply(409, {"message": "Version must be incremented on update"})
                if spec["version"]["number"] != page["version"] + 1:
                    return self.reply(409, {"message": "Version must be incremented on update"})
                page["body"] = spec["body"]["storage"]["value"]
                page["version"] = spec["version"]["number"]
                return self.reply(200, page_json(page))
            if rest == "/property/docsgen" and method == "GET":
                if "docsgen" not in page["properties"]:
                    return self.reply(404, {"message": "No property"})
                return self.reply(200, {"key": "docsgen", "value": page["properties"]["docsgen"]})
            if rest == "/property" and method == "POST" or rest == "/property/docsgen" and method == "PUT":
                spec = json.loads(self.body())
                page["properties"][spec["key"]] = spec["value"]
                return self.reply(200, spec)
            if rest == "/label" and method == "POST":
                page["labels"] += [label["name"] for label in json.loads(self.body())]
                return self.reply(200, {"results": []})
            if rest == "/child/attachment" and method == "PUT":
                data = self.body()
                name = re.search(rb'filename="([^"]+)"', data).group(1).decode()
                page["attachments"][name] = page["attachments"].get(name, 0) + 1
                return self.reply(200, {"results": [{"title": name}]})
            return self.reply(405, {"message": "not supported by this stand-in"})

    def make(self, title, space, body, ancestors):
        STATE["next"] += 1
        page = {"id": str(STATE["next"]), "title": title, "space": space, "ancestors": ancestors, "body": body,
                "version": 1, "properties": {}, "labels": [], "attachments": {}}
        PAGES[page["id"]] = page
        return page

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def do_PUT(self):
        self.route("PUT")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
