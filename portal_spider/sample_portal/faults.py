"""A loopback portal that misbehaves on purpose: the fault-injection server.

:class:`FaultPortal` is a :class:`~portal_spider.sample_portal.server.SamplePortal`
(same proxy, same tree of saved pages) in which chosen URLs answer with a
fault instead of their file.  A fault is a callable ``fault(handler, attempt)``
that writes the whole answer on ``handler`` (``attempt`` counts the requests
for that URL, from 1), so a fault can recover (``Sequence``).  The ready-made
ones cover what real portals do: error statuses then recovery, 429 with
Retry-After, anti-bot and geo-block pages, hang-ups, slow headers, trickled
bodies, truncated Content-Length, broken chunking, empty bodies, huge bodies, gzip
bombs, a small gzip page of a million tiny paragraphs, redirect loops,
off-site redirects and meta refreshes (to internal addresses and ``file:``
too), and pages in GBK whose headers lie about it.  :class:`Gate` holds a URL's
answer until the test opens it.

Every fault waits with :meth:`FaultPortal.wait` (an event set at ``stop()``),
never with a bare sleep, so stopping the server ends the slow ones at once.

>>> with FaultPortal(faults={"https://english.guiyang.gov.cn/x.htm": Status(404)}) as portal:
...     portal.proxy.startswith("http://127.0.0.1:")
True
"""

from __future__ import annotations

import threading
import time
import zlib
from collections import Counter
from pathlib import Path
from typing import Callable

from .server import SITES, SamplePortal, _Handler

Fault = Callable[["_FaultHandler", int], None]


class FaultPortal(SamplePortal):
    """Serve ``root`` like :class:`SamplePortal`, except the URLs in ``faults``.

    ``faults`` maps full URLs (``https://host/path``; the query string is
    ignored) to faults.  ``hits`` counts requests per URL, ``times`` keeps
    their arrival times (``time.monotonic()``) for politeness checks.
    """

    def __init__(self, root: Path | str = SITES, faults: dict[str, Fault] | None = None, **kw):
        super().__init__(root=root, **kw)
        self.faults = dict(faults or {})
        self.hits: Counter[str] = Counter()
        self.times: dict[str, list[float]] = {}
        self._stopping = threading.Event()
        portal = self

        class Handler(_FaultHandler):
            sample = portal
            tls = self.server.RequestHandlerClass.tls

        self.server.RequestHandlerClass = Handler

    def wait(self, seconds: float) -> bool:
        """Wait ``seconds`` unless the server stops first (then return True)."""
        return self._stopping.wait(seconds)

    def stop(self) -> None:
        self._stopping.set()
        super().stop()

    def count(self, url: str) -> int:
        with self._lock:
            self.hits[url] += 1
            self.times.setdefault(url, []).append(time.monotonic())
            return self.hits[url]


class _FaultHandler(_Handler):
    sample: FaultPortal

    def do_GET(self, head: bool = False):
        url = self._url()
        fault = self.sample.faults.get(url)
        attempt = self.sample.count(url)
        if fault is None:
            return super().do_GET(head)
        try:
            fault(self, attempt)
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True

    def _url(self) -> str:
        from urllib.parse import urlsplit

        if self.path.startswith(("http://", "https://")):
            parts = urlsplit(self.path)
            return f"{parts.scheme}://{(parts.hostname or '').lower()}{parts.path}"
        scheme = "https" if self.tunnel_host else "http"
        host = (self.tunnel_host or self.headers.get("Host", "")).split(":")[0].lower()
        return f"{scheme}://{host}{urlsplit(self.path).path}"

    # helpers for faults
    def answer(self, status: int, body: bytes = b"", headers: list[tuple[str, str]] | tuple = (),
               content_type: str | None = "text/html; charset=utf-8", length: int | None = None) -> None:
        self.send_response(status)
        if content_type and not any(n.lower() == "content-type" for n, _ in headers):
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()


# --- faults ----------------------------------------------------------------------------------


class Status:
    """A plain status answer with an optional body and headers."""

    def __init__(self, status: int, body: bytes = b"<html><body><h1>Error</h1></body></html>", headers=(),
                 content_type: str | None = "text/html; charset=utf-8"):
        self.status, self.body, self.headers, self.content_type = status, body, list(headers), content_type

    def __call__(self, handler: _FaultHandler, attempt: int) -> None:
        handler.answer(self.status, self.body, self.headers, self.content_type)


class File:
    """The file a URL would serve anyway (from the portal's tree), optionally with other headers."""

    def __init__(self, path: Path | str, status: int = 200, content_type: str | None = "text/html"):
        self.path, self.status, self.content_type = Path(path), status, content_type

    def __call__(self, handler: _FaultHandler, attempt: int) -> None:
        handler.answer(self.status, self.path.read_bytes(), content_type=self.content_type)


def serve_file(handler: _FaultHandler, attempt: int) -> None:
    """No fault: what the URL serves from the portal's tree (the recovery in a :class:`Sequence`)."""
    _Handler.do_GET(handler)


class Sequence:
    """Fault ``n`` for the ``n``-th request, the last one for every later request (e.g. 503, 503, then the page)."""

    def __init__(self, *faults: Fault):
        self.faults = faults

    def __call__(self, handler: _FaultHandler, attempt: int) -> None:
        self.faults[min(attempt, len(self.faults)) - 1](handler, attempt)


class SlowHeaders:
    """Say nothing for ``seconds`` (beyond the crawler's timeout), then a page."""

    def __init__(self, seconds: float, then: Fault | None = None):
        self.seconds, self.then = seconds, then

    def __call__(self, handler: _FaultHandler, attempt: int) -> None:
        if handler.sample.wait(self.seconds):
            return
        (self.then or Status(200, b"<html><body>late</body></html>"))(handler, attempt)


class Trickle:
    """Headers at once, then the body a few bytes at a time, ``interval`` seconds apart."""

    def __init__(self, body: bytes, chunk: int = 64, interval: float = 0.25):
        self.body, self.chunk, self.interval = body, chunk, interval

    def __call__(self, handler: _FaultHandler, attempt: int) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(self.body)))
        handler.end_headers()
        for i in range(0, len(self.body), self.chunk):
            handler.wfile.write(self.body[i: i + self.chunk])
            handler.wfile.flush()
            if handler.sample.wait(self.interval):
                return


class Hangup:
    """No answer: the connection is cut as soon as the request is read (a reset, a crashed server)."""

    def __call__(self, handler: _FaultHandler, attempt: int) -> None:
        handler.close_connection = True
        _hang_up(handler)


class Truncated:
    """A Content-Length larger than the body sent, then the connection closes."""

    def __init__(self, body: bytes, claimed: int | None = None):
        self.body, self.claimed = body, claimed

    def __call__(self, handler: _FaultHandler, attempt: int) -> None:
        half = self.body[: len(self.body) // 2]
        handler.answer(200, half, length=self.claimed or len(self.body))
        handler.close_connection = True
        _hang_up(handler)


class BrokenChunks:
    """``Transfer-Encoding: chunked`` with a valid first chunk, then garbage where a chunk size should be."""

    def __init__(self, body: bytes):
        self.body = body

    def __call__(self, handler: _FaultHandler, attempt: int) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        first = self.body[: len(self.body) // 2]
        handler.wfile.write(b"%x\r\n%s\r\nzz-not-a-size\r\n%s" % (len(first), first, self.body[len(first):]))
        handler.wfile.flush()
        handler.close_connection = True
        _hang_up(handler)


class Huge:
    """A body of ``size`` bytes streamed from a small block (the server never holds it whole).

    With ``chunked=True`` no Content-Length is sent, so the crawler only finds
    out while reading.
    """

    def __init__(self, size: int, chunked: bool = False):
        self.size, self.chunked = size, chunked

    def __call__(self, handler: _FaultHandler, attempt: int) -> None:
        block = (b"<p>" + b"filler text " * 5000 + b"</p>\n")[: 64 * 1024]
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        if self.chunked:
            handler.send_header("Transfer-Encoding", "chunked")
        else:
            handler.send_header("Content-Length", str(self.size))
        handler.end_headers()
        sent = 0
        while sent < self.size:
            piece = block[: self.size - sent]
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if self.chunked else piece)
            sent += len(piece)
        if self.chunked:
            handler.wfile.write(b"0\r\n\r\n")
        handler.wfile.flush()


def gzip_bomb(inflated: int) -> bytes:
    """A gzip member of about inflated/1000 bytes that inflates to ``inflated`` zero bytes."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1 << 20)
    out = []
    for _ in range(inflated // len(block)):
        out.append(comp.compress(block))
    out.append(comp.flush())
    return b"".join(out)


class Gzipped:
    """``body`` sent with ``Content-Encoding: gzip``."""

    def __init__(self, body: bytes):
        self.body = zlib.compress(body, 9, wbits=16 + zlib.MAX_WBITS)

    def __call__(self, handler: _FaultHandler, attempt: int) -> None:
        handler.answer(200, self.body, [("Content-Encoding", "gzip")])


class GzipBomb(Gzipped):
    """``Content-Encoding: gzip`` whose body inflates to ``inflated`` bytes."""

    def __init__(self, inflated: int = 1 << 30):
        self.body = gzip_bomb(inflated)


def tiny_paragraphs_page(paragraphs: int = 1_000_000, title: str = "Guiyang notice") -> bytes:
    """A page of ``paragraphs`` one-letter paragraphs under an article's headline (8 MB for a million;
    about 12 KB gzipped): little to download, a great deal of lines to read.

    >>> page = tiny_paragraphs_page()
    >>> len(page) // 1_000_000, len(Gzipped(page).body) // 1000, page[-30:]
    (8, 11, b'<p>x</p><p>x</p></body></html>')
    """
    return (f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
            "<div>english.guiyang.gov.cn |Updated: 2024-06-30 10:00:00</div>").encode() \
        + b"<p>x</p>" * paragraphs + b"</body></html>"


class MetaRefresh:
    """A 200 page whose ``<meta http-equiv="refresh">`` sends the browser to ``target``."""

    def __init__(self, target: str):
        self.body = (f'<html><head><meta http-equiv="refresh" content="0; url={target}">'
                     f"<title>Redirecting</title></head><body><p>Redirecting...</p></body></html>").encode()

    def __call__(self, handler: _FaultHandler, attempt: int) -> None:
        handler.answer(200, self.body)


class Gate:
    """Answer with ``then`` once ``opened`` (a :class:`threading.Event`) is set: the test decides when."""

    def __init__(self, opened: threading.Event, then: Fault = serve_file):
        self.opened, self.then = opened, then

    def __call__(self, handler: _FaultHandler, attempt: int) -> None:
        while not self.opened.wait(0.1):
            if handler.sample.wait(0):  # the server is stopping
                return
        self.then(handler, attempt)


class Redirect:
    """``status`` with ``Location: target``."""

    def __init__(self, target: str, status: int = 302):
        self.target, self.status = target, status

    def __call__(self, handler: _FaultHandler, attempt: int) -> None:
        handler.answer(self.status, b"", [("Location", self.target)])


def _hang_up(handler: _FaultHandler) -> None:
    try:
        handler.wfile.flush()
        handler.connection.shutdown(2)
    except OSError:
        pass


CHALLENGE_PAGE = b"""<!DOCTYPE html><html><head><title>Just a moment...</title></head>
<body><h1>english.guiyang.gov.cn</h1><p>Checking your browser before accessing the site.</p>
<noscript>Please enable JavaScript and cookies to continue</noscript>
<script>document.cookie="__jsl_clearance=1700000000.123|0|abc";location.reload();</script></body></html>"""

GEO_BLOCK_PAGE = b"""<!DOCTYPE html><html><head><title>403 Forbidden</title></head>
<body><h1>Access restricted</h1><p>Sorry, this website is not available in your region.</p>
<p>Request ID: 9f1c2e</p></body></html>"""
