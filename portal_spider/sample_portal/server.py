"""A loopback web server that plays the real portals from saved pages.

It is an HTTP proxy: the crawler keeps the portals' real URLs
(``https://english.guiyang.gov.cn/...``) and sends its requests here, as it
would to any proxy (``CONNECT`` for https, with a throwaway self-signed
certificate).  Pages are served byte for byte from ``sites/<host>/<path>``;
an optional ``<file>.headers`` sidecar holds the status line and headers.
Overlay folders (``overlays/<name>/<host>/<path>``) replace single files, to
replay an edited article.

Run it by hand with ``python -m portal_spider.sample_portal.server``.
"""

from __future__ import annotations

import argparse
import hashlib
import datetime as dt
import http.server
import mimetypes
import socket
import socketserver
import ssl
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from . import page_file

HERE = Path(__file__).resolve().parent
SITES = HERE / "sites"
OVERLAYS = HERE / "overlays"


def _self_signed(folder: Path, hosts: list[str]) -> tuple[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "portal-archive sample portal")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(h) for h in hosts or ["localhost"]]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


class SamplePortal:
    """Serve ``root`` (default: the bundled sample portal) on 127.0.0.1.

    >>> with SamplePortal() as portal:
    ...     portal.proxy.startswith("http://127.0.0.1:")
    True
    """

    def __init__(self, root: Path | str = SITES, overlays: list[str] | tuple = (), port: int = 0):
        self.roots = [OVERLAYS / name if not Path(name).is_absolute() else Path(name) for name in overlays]
        self.roots.append(Path(root))
        self.requests: list[tuple[str, str, int]] = []  # (method, url, status)
        self._lock = threading.Lock()
        self._tmp = tempfile.TemporaryDirectory(prefix="sample-portal-")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        hosts = sorted({d.name for r in self.roots if r.is_dir() for d in r.iterdir() if d.is_dir()})
        context.load_cert_chain(*_self_signed(Path(self._tmp.name), hosts))
        portal = self

        class Handler(_Handler):
            sample = portal
            tls = context

        self.server = _Server(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.proxy = f"http://127.0.0.1:{self.port}"
        self._thread: threading.Thread | None = None

    def set_overlays(self, overlays: list[str]) -> None:
        """Replace the overlay list (e.g. ``["revised"]``) while the server runs."""
        self.roots = [OVERLAYS / name for name in overlays] + [self.roots[-1]]

    def start(self) -> "SamplePortal":
        self._thread = threading.Thread(target=self.server.serve_forever, name="sample-portal", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:  # shutdown() waits for serve_forever, which never ran otherwise
            self.server.shutdown()
        self.server.server_close()
        self._tmp.cleanup()

    def __enter__(self) -> "SamplePortal":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def record(self, method: str, url: str, status: int) -> None:
        with self._lock:
            self.requests.append((method, url, status))

    def lookup(self, host: str, path: str) -> tuple[int, list[tuple[str, str]], bytes]:
        rel = page_file(host, path)
        if ".." in rel.parts:
            return 400, [("Content-Type", "text/plain")], b"bad path\n"
        for root in self.roots:
            file = root / rel
            if file.is_file():
                status, headers = 200, []
                sidecar = file.with_name(file.name + ".headers")
                if sidecar.is_file():
                    for line in sidecar.read_text("utf-8").splitlines():
                        if line.startswith("HTTP/"):
                            status = int(line.split()[1])
                        elif ":" in line:
                            name, _, value = line.partition(":")
                            headers.append((name.strip(), value.strip()))
                if not any(n.lower() == "content-type" for n, _ in headers):
                    headers.append(("Content-Type", _content_type(rel.name)))
                return status, headers, file.read_bytes()
        return 404, [("Content-Type", "text/html")], b"<html><body><h1>404 Not Found</h1></body></html>"


def _content_type(name: str) -> str:
    """What a portal's web server says a saved file is, by its extension (pages are HTML).

    >>> _content_type("f44d305ea4d52703f9f02a.jpg"), _content_type("robots.txt"), _content_type("index.shtml")
    ('image/jpeg', 'text/plain', 'text/html')
    """
    kind = mimetypes.guess_type(name)[0]
    return kind if kind and kind.startswith(("image/", "text/plain", "application/pdf")) else "text/html"


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class _Handler(http.server.BaseHTTPRequestHandler):
    sample: SamplePortal
    tls: ssl.SSLContext
    protocol_version = "HTTP/1.1"
    tunnel_host: str | None = None
    # headers and body go out as two writes: with Nagle's algorithm the second waits for the
    # client's delayed ACK (~40 ms a response), which no real server adds
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # quiet: the crawler logs what matters
        pass

    def do_CONNECT(self):
        host = self.path.rsplit(":", 1)[0]
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()
        try:
            conn = self.tls.wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            self.close_connection = True
            return
        # serve the requests that come through the tunnel on the TLS socket
        self.connection = conn
        self.rfile = conn.makefile("rb", self.rbufsize)
        self.wfile = socketserver._SocketWriter(conn)
        self.tunnel_host = host
        self.close_connection = False
        while not self.close_connection:
            try:
                self.handle_one_request()
            except (ssl.SSLError, OSError, socket.timeout):
                break

    def do_GET(self, head: bool = False):
        if self.path.startswith(("http://", "https://")):
            parts = urlsplit(self.path)
            scheme, host, path = parts.scheme, parts.hostname or "", parts.path
        else:
            scheme = "https" if self.tunnel_host else "http"
            host = (self.tunnel_host or self.headers.get("Host", "")).split(":")[0]
            path = urlsplit(self.path).path
        status, headers, body = self.sample.lookup(host.lower(), path)
        if status == 200:
            # validators, so conditional revisits can be answered 304 as a real server would
            etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
            headers = [*headers, ("ETag", etag)]
            if self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
        url = self.path if self.path.startswith(("http://", "https://")) else f"{scheme}://{host}{self.path}"
        self.sample.record(self.command, url, status)
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET(head=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--overlay", action="append", default=[], help="overlay folder name, e.g. revised")
    args = parser.parse_args()
    portal = SamplePortal(overlays=args.overlay, port=args.port)
    print(f"sample portal on {portal.proxy} (use it as the crawler's proxy); Ctrl-C stops", flush=True)
    try:
        portal.server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
