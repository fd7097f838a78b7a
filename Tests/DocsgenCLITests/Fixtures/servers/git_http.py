#!/usr/bin/env python3
"""Test servers on 127.0.0.1 for docsgen publish, started by the tests themselves.

  git_http.py serve ROOT TOKEN   git's smart HTTP protocol (git http-backend) for the repositories under ROOT;
                                 every request needs HTTP Basic authentication whose password is TOKEN
  git_http.py hang               accepts connections and never answers (for timeouts)
  git_http.py closed             holds a port bound without listening: connections to it are refused, and no
                                 other server can take it meanwhile

Prints the port it listens on as its first line, then serves until killed.
"""
import base64
import http.server
import os
import socket
import subprocess
import sys
import threading
import time


class GitHandler(http.server.BaseHTTPRequestHandler):
    root = ""
    token = ""

    def log_message(self, *args):
        pass

    def authorized(self):
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None
        try:
            user, _, password = base64.b64decode(header[6:]).decode().partition(":")
        except Exception:
            return None
        return user if password == self.token else None

    def handle_git(self):
        user = self.authorized()
        if user is None:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="wiki"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        path, _, query = self.path.partition("?")
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": self.root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "REMOTE_USER": user,
            "REMOTE_ADDR": "127.0.0.1",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "REQUEST_METHOD": self.command,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
            "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
        }
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        result = subprocess.run(["git", "http-backend"], input=body, env=env, capture_output=True)
        head, _, payload = result.stdout.partition(b"\r\n\r\n")
        status = 200
        headers = []
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name, value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = handle_git
    do_POST = handle_git


def serve(root, token):
    GitHandler.root = root
    GitHandler.token = token
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GitHandler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


def hang():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print(listener.getsockname()[1], flush=True)
    held = []
    while True:
        connection, _ = listener.accept()
        held.append(connection)  # never answered, never closed


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "hang":
        hang()
    elif sys.argv[1] == "closed":
        held = socket.socket()
        held.bind(("127.0.0.1", 0))
        print(held.getsockname()[1], flush=True)
        threading.Event().wait()
    elif sys.argv[1] == "free-port":
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        print(probe.getsockname()[1], flush=True)
