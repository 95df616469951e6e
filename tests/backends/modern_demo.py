"""The demo register's modern replacement: a small REST service implementing the routes the
facade publishes for wsdl/demo.wsdl (mappings/demo.toml) as a migration team would write it,
with the same customers as the embedded legacy service.

    python3 modern_demo.py [PORT]

It listens on 127.0.0.1:PORT (a free port by default), prints `ready PORT` once it does, and
stops when its standard input closes (so a test that dies never leaves it behind). Every answer carries `X-Served-By: modern`,
and says what it was asked: `X-Received` (the method and path, with the query string) and
`X-Received-Headers` (the request's header names, lowercase, sorted).

Deliberate differences, for the shadow comparison, are switched by POST /_control with a JSON
object of flags (all off at start):
  changed_value   Grace Hopper's balance is one cent more
  missing_field   answers leave `tag` out
  extra_item      Ada Lovelace has one phone more
  reordered_keys  object keys in reverse order (not a difference)
  timestamp       every answer carries `checkedAt`, the time now (noise)
  broken_contract Grace Hopper's status is `dormant`, which the WSDL does not allow
  slow_ms         every answer waits this long first
  fail            every answer is a 500
  html            every answer is a 200 HTML page (a proxy's error page, say)
"""

import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

CUSTOMERS = [
    {"id": "1", "vip": True, "name": "Ada Lovelace", "email": "ada@example.org",
     "status": "active", "balance": "1234.50", "since": "1843-07-01",
     "phone": [{"kind": "mobile", "value": "+44 20 7946 0000"}],
     "tag": ["analytical", "engine"]},
    {"id": "2", "vip": False, "name": "Charles Babbage", "email": None,
     "status": "suspended", "balance": "-12.00", "since": "1832-01-01",
     "phone": [], "tag": []},
    {"id": "3", "vip": False, "name": "Grace Hopper & Co <COBOL>", "email": "",
     "status": "active", "balance": "12345678901234567890.123456789",
     "since": "1952-05-01+01:00",
     "phone": [{"kind": "work", "value": "555-0100"}, {"kind": "home", "value": "555-0199"}],
     "tag": ["compiler"]},
]
FLAGS = {}
LOCK = threading.Lock()


def shown(customer):
    """A customer as this service answers it, with the switched differences."""
    c = json.loads(json.dumps(customer))
    if FLAGS.get("changed_value") and c["id"] == "3":
        c["balance"] = "12345678901234567890.133456789"
    if FLAGS.get("missing_field"):
        c.pop("tag", None)
    if FLAGS.get("extra_item") and c["id"] == "1":
        c["phone"].append({"kind": "work", "value": "+44 20 7946 0001"})
    if FLAGS.get("broken_contract") and c["id"] == "3":
        c["status"] = "dormant"
    if FLAGS.get("timestamp"):
        c["checkedAt"] = "%.6f" % time.time()
    if FLAGS.get("reordered_keys"):
        c = dict(reversed(list(c.items())))
    return c


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=()):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Served-By", "modern")
        self.send_header("X-Received", self.command + " " + self.path)
        self.send_header("X-Received-Headers", ",".join(sorted(k.lower() for k in self.headers.keys())))
        self.send_header("X-Received-Authorization", self.headers.get("Authorization") or "-")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def before(self):
        slow = FLAGS.get("slow_ms")
        if slow:
            time.sleep(slow / 1000)
        if FLAGS.get("fail"):
            self.answer(500, {"error": "failing on purpose"})
            return False
        if FLAGS.get("html"):
            data = b"<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-Served-By", "modern")
            self.end_headers()
            self.wfile.write(data)
            return False
        return True

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(n) or b"null")

    def do_GET(self):
        url = urlsplit(self.path)
        if not self.before():
            return
        m = re.fullmatch(r"/(?:v2/)?customers/([^/]+)", url.path)
        with LOCK:
            if m:
                found = [c for c in CUSTOMERS if c["id"] == m.group(1)]
                if not found:
                    return self.answer(404, {
                        "type": "urn:soapfig:demo:no-such-customer", "title": "Not Found",
                        "status": 404, "detail": "no customer has the number " + m.group(1)})
                return self.answer(200, shown(found[0]))
            if url.path == "/customers":
                q = parse_qs(url.query)
                status = q.get("status", [None])[0]
                part = (q.get("nameContains", [""])[0]).lower()
                found = [shown(c) for c in CUSTOMERS
                         if (status is None or c["status"] == status) and part in c["name"].lower()]
                return self.answer(200, {"customer": found})
        self.answer(404, {"title": "Not Found", "status": 404})

    def do_POST(self):
        url = urlsplit(self.path)
        if url.path == "/_control":
            FLAGS.clear()
            FLAGS.update(self.body() or {})
            return self.answer(200, FLAGS)
        if not self.before():
            return
        if url.path == "/customers":
            req = self.body() or {}
            with LOCK:
                new_id = str(max(int(c["id"]) for c in CUSTOMERS) + 1)
                c = {"id": new_id, "vip": False, "name": req.get("name", ""),
                     "email": req.get("email"), "status": "active", "balance": "0",
                     "since": "2026-11-21", "phone": req.get("phone", []), "tag": req.get("tag", [])}
                CUSTOMERS.append(c)
            return self.answer(201, shown(c), [("Location", "/customers/" + new_id)])
        self.answer(404, {"title": "Not Found", "status": 404})


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A caller that hangs up early (a facade past its timeout) is not this service's error.
        pass


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    server = Server(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("ready", server.server_address[1], flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
