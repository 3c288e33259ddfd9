#!/usr/bin/env python3
"""Loopback HTTP server for the tests: serves files and injects faults.

Started by tests/support_httpd.c. Binds 127.0.0.1 on a free port, prints the
port on the first line of stdout, and serves the files of --dir. Paths under
/fault/ inject failures for libcurl to meet:

  /fault/500/<n>/<file>                  500 for the first n requests of this path, then the file
  /fault/503/<n>/<file>                  likewise with 503
  /fault/429/<n>/<retry_after>/<file>    429 + Retry-After for the first n requests, then the file
  /fault/404/<file>                      always 404
  /fault/hang/<file>                     accept, read the request, never answer
  /fault/trickle/<bytes_per_sec>/<file>  the file, slowly (Content-Length is right)
  /fault/short/<file>                    Content-Length larger than the body, then close
  /fault/close/<file>                    close without any answer
  /fault/redirect/<target path>          302 to /<target path> (nest for chains)
  /fault/redirect-to?url=<url>           302 to url (absolute, percent-encoded)
  /fault/loop                            302 to itself, forever
  /fault/gzip/<file>                     the file gzip-compressed when the client accepts gzip
  /fault/etag/<file>                     ETag + Last-Modified; 304 to a matching
                                         If-None-Match or to If-Modified-Since >= mtime
  /fault/etag-bare/<file>                likewise, but the 304 repeats neither
  /fault/big/<n>                         n bytes, with Content-Length
  /fault/big-chunked/<n>                 n bytes, chunked (no Content-Length)
  /fault/gzip-bomb/<n>[/...]             n zero bytes gzip-compressed (about n/1000 bytes
                                         sent), Content-Encoding gzip; the rest of the
                                         path is ignored (an endpoint prefix)
  /fault/headers                         the request headers as the body (text)

A directory with a file "_index" answers with that file (an API path that is
both a listing and a prefix, as GCP's /services and /services/ID/skus).
A paged API answers by page token: a request whose query has pageToken=T
gets the file "<path>.page-T" when it exists, else the file itself.

Counters are kept per request path (query string included, so a test can make
its own counter with "?case=name"). The server exits by itself after
--idle seconds without a request (default 120) or when its parent goes away,
and stops cleanly on SIGTERM. Python 3 standard library only.
"""

import argparse
import email.utils
import gzip
import hashlib
import os
import select
import signal
import sys
import threading
import time
import urllib.parse
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COUNTERS = {}
COUNTERS_LOCK = threading.Lock()
LAST_REQUEST = [time.monotonic()]
REASONS = {
    200: "OK", 302: "Found", 304: "Not Modified", 404: "Not Found",
    429: "Too Many Requests", 500: "Internal Server Error", 503: "Service Unavailable",
}


def count(path):
    """How many times this path was requested, this request included."""
    with COUNTERS_LOCK:
        COUNTERS[path] = COUNTERS.get(path, 0) + 1
        return COUNTERS[path]


BOMBS = {}


def gzip_bomb(size):
    """size zero bytes, gzip-compressed in pieces (never all in memory)."""
    with COUNTERS_LOCK:
        if size not in BOMBS:
            z = zlib.compressobj(9, zlib.DEFLATED, 31)
            piece, left, out = bytes(1 << 20), size, []
            while left > 0:
                out.append(z.compress(piece[:min(left, len(piece))]))
                left -= len(piece)
            out.append(z.flush())
            BOMBS[size] = b"".join(out)
        return BOMBS[size]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms stalls
    root = "."

    def version_string(self):
        return "infracost-test-httpd"

    def log_message(self, fmt, *args):  # quiet: the tests read stderr of their own process
        pass

    # ---- helpers ---------------------------------------------------------
    def send(self, code, body=b"", headers=None, length=None):
        self.send_response(code, REASONS.get(code))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def file_path(self, rel):
        rel = urllib.parse.unquote(rel)
        parts = [p for p in rel.split("/") if p not in ("", ".")]
        if any(p == ".." for p in parts):
            return None
        path = os.path.join(self.root, *parts)
        if os.path.isdir(path) and os.path.isfile(os.path.join(path, "_index")):
            path = os.path.join(path, "_index")  # a listing that is also a directory
        return path if os.path.isfile(path) else None

    def read_file(self, rel):
        path = self.file_path(rel)
        if path is None:
            self.send(404, b"not found\n", {"Content-Type": "text/plain"})
            return None, None
        with open(path, "rb") as f:
            return f.read(), path

    def serve_file(self, rel, extra=None):
        data, _ = self.read_file(rel)
        if data is not None:
            headers = {"Content-Type": "application/octet-stream"}
            headers.update(extra or {})
            self.send(200, data, headers)

    # ---- GET -------------------------------------------------------------
    def do_GET(self):
        LAST_REQUEST[0] = time.monotonic()
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        n = count(self.path)
        if not path.startswith("/fault/"):
            # Paged APIs: "?...pageToken=T" serves "<file>.page-T" when it exists.
            token = urllib.parse.parse_qs(url.query).get("pageToken", [None])[0]
            if token and self.file_path(path + ".page-" + token):
                path = path + ".page-" + token
            self.serve_file(path)
            return
        parts = path[len("/fault/"):].split("/")
        kind = parts[0]
        try:
            if kind in ("500", "503"):
                if n <= int(parts[1]):
                    self.send(int(kind), b"failing on purpose\n", {"Content-Type": "text/plain"})
                else:
                    self.serve_file("/".join(parts[2:]))
            elif kind == "429":
                if n <= int(parts[1]):
                    self.send(429, b"slow down\n", {"Retry-After": parts[2]})
                else:
                    self.serve_file("/".join(parts[3:]))
            elif kind == "404":
                self.send(404, b"not here\n", {"Content-Type": "text/plain"})
            elif kind == "hang":
                self.hang()
            elif kind == "trickle":
                self.trickle(int(parts[1]), "/".join(parts[2:]))
            elif kind == "short":
                data, _ = self.read_file("/".join(parts[1:]))
                if data is not None:
                    self.close_connection = True
                    self.send(200, data, length=len(data) + 1000)
            elif kind == "close":
                self.close_connection = True
            elif kind == "redirect":
                self.send(302, b"", {"Location": "/" + "/".join(parts[1:])})
            elif kind == "redirect-to":
                target = urllib.parse.parse_qs(url.query).get("url", ["/"])[0]
                self.send(302, b"", {"Location": target})
            elif kind == "loop":
                self.send(302, b"", {"Location": "/fault/loop"})
            elif kind == "gzip":
                data, _ = self.read_file("/".join(parts[1:]))
                if data is not None:
                    if "gzip" in self.headers.get("Accept-Encoding", ""):
                        self.send(200, gzip.compress(data), {"Content-Encoding": "gzip"})
                    else:
                        self.send(200, data)
            elif kind in ("etag", "etag-bare"):
                self.etag("/".join(parts[1:]), kind == "etag-bare")
            elif kind == "big":
                self.send(200, b"x" * int(parts[1]))
            elif kind == "big-chunked":
                self.chunked(int(parts[1]))
            elif kind == "gzip-bomb":
                self.send(200, gzip_bomb(int(parts[1])), {"Content-Encoding": "gzip"})
            elif kind == "headers":
                text = "".join("%s: %s\n" % (k, v) for k, v in self.headers.items())
                self.send(200, text.encode(), {"Content-Type": "text/plain"})
            else:
                self.send(400, b"unknown fault\n")
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def hang(self):
        # Keep the connection open, answer nothing; return when the client
        # goes away (readable at EOF) or after a minute.
        self.close_connection = True
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            r, _, _ = select.select([self.connection], [], [], 0.5)
            if r:
                try:
                    if not self.connection.recv(4096):
                        return
                except OSError:
                    return

    def trickle(self, rate, rel):
        data, _ = self.read_file(rel)
        if data is None:
            return
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.flush()
        step = max(1, rate // 10)
        for i in range(0, len(data), step):
            self.wfile.write(data[i:i + step])
            self.wfile.flush()
            time.sleep(step / float(rate))

    def chunked(self, size):
        self.send_response(200)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        left = size
        while left > 0:
            piece = min(left, 16384)
            self.wfile.write(b"%x\r\n" % piece + b"y" * piece + b"\r\n")
            left -= piece
        self.wfile.write(b"0\r\n\r\n")

    def etag(self, rel, bare):
        data, path = self.read_file(rel)
        if data is None:
            return
        tag = '"%s"' % hashlib.sha1(data).hexdigest()[:16]
        mtime = int(os.stat(path).st_mtime)
        headers = {"ETag": tag, "Last-Modified": email.utils.formatdate(mtime, usegmt=True)}
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            fresh = inm.strip() == "*" or tag in [t.strip() for t in inm.split(",")]
        elif ims is not None:
            try:
                fresh = mtime <= email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                fresh = False
        else:
            fresh = False
        if fresh:
            self.send_response(304)
            for k, v in ({} if bare else headers).items():
                self.send_header(k, v)
            self.end_headers()
        else:
            self.send(200, data, headers)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that hangs up (a timeout, a size cap) is part of the tests.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default=".", help="directory of the files served")
    ap.add_argument("--idle", type=float, default=120.0,
                    help="exit after this many seconds without a request")
    args = ap.parse_args()

    Handler.root = os.path.abspath(args.dir)
    server = Server(("127.0.0.1", 0), Handler)
    parent = os.getppid()

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def watchdog():
        while True:
            time.sleep(0.5)
            if time.monotonic() - LAST_REQUEST[0] > args.idle or os.getppid() != parent:
                server.shutdown()
                return

    threading.Thread(target=watchdog, daemon=True).start()

    print(server.server_address[1], flush=True)
    # Nothing else goes to stdout: the reader of the port may have gone.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
