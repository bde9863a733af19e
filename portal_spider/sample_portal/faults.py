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


# --- error pages served with HTTP 200 (the bytes each server or CMS sends, text written for the tests) ----------------

_SITE_HEAD = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{title}</title><link rel="stylesheet" href="/css/common.css" /></head><body>
<div class="header"><div class="logo"><a href="/"><img src="/images/logo.png" alt="Guiyang China" /></a></div>
<div class="toplink"><a href="http://www.guiyang.gov.cn/">中文</a> | <a href="/contactus.html">Contact Us</a></div></div>
<div class="nav"><ul><li><a href="/">Home</a></li><li><a href="/news.html">News</a></li><li><a href="/profile.html">Profile</a></li>
<li><a href="/government.html">Government</a></li><li><a href="/investment.html">Investment</a></li>
<li><a href="/travel.html">Travel</a></li></ul></div>
<div class="main w1000">"""
_SITE_FOOT = """</div><div class="footer"><p><a href="/aboutus.html">About Us</a> | <a href="/sitemap.html">Site Map</a></p>
<p>Guiyang China &copy; The Guiyang Municipal People's Government. All Rights Reserved.</p></div>
<script type="text/javascript">var _hmt=_hmt||[];</script></body></html>"""


def _in_site_template(title: str, middle: str) -> bytes:
    return (_SITE_HEAD.format(title=title) + middle + _SITE_FOOT).encode("utf-8")


#: Error, soft-404 and maintenance pages as they come with HTTP 200, by server or CMS and language.
ERROR_PAGES = {
    "nginx-502": b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1>"
                 b"</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
    "nginx-403": b"<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1>"
                 b"</center>\r\n<hr><center>nginx/1.20.1</center>\r\n</body>\r\n</html>\r\n",
    "nginx-404": b"<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1>"
                 b"</center>\r\n<hr><center>openresty</center>\r\n</body>\r\n</html>\r\n",
    "apache-503": b"""<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>503 Service Unavailable</title>
</head><body>
<h1>Service Unavailable</h1>
<p>The server is temporarily unable to service your
request due to maintenance downtime or capacity
problems. Please try again later.</p>
<hr>
<address>Apache/2.4.41 (Ubuntu) Server at english.guiyang.gov.cn Port 443</address>
</body></html>
""",
    "iis-500": b"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>500 - Internal server error.</title>
<style type="text/css">body{margin:0;font-size:.7em;font-family:Verdana, Arial, Helvetica, sans-serif;background:#EEEEEE;}</style>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>500 - Internal server error.</h2>
  <h3>There is a problem with the resource you are looking for, and it cannot be displayed.</h3>
 </fieldset></div>
</div>
</body>
</html>
""",
    "tomcat-500": """<!doctype html><html lang="en"><head><title>HTTP Status 500 – Internal Server Error</title>
<style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1, h2, h3, b {color:white;background-color:#525D76;}</style>
</head><body><h1>HTTP Status 500 – Internal Server Error</h1><hr class="line" /><p><b>Type</b> Exception Report</p>
<p><b>Message</b> Request processing failed; nested exception is java.lang.NullPointerException</p>
<p><b>Description</b> The server encountered an unexpected condition that prevented it from fulfilling the request.</p>
<p><b>Exception</b></p><pre>org.springframework.web.util.NestedServletException: Request processing failed
	org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014)
	javax.servlet.http.HttpServlet.service(HttpServlet.java:626)
</pre><p><b>Note</b> The full stack trace of the root cause is available in the server logs.</p>
<hr class="line" /><h3>Apache Tomcat/9.0.50</h3></body></html>""".encode("utf-8"),
    "aspnet-500": b"""<!DOCTYPE html>
<html>
    <head>
        <title>Runtime Error</title>
        <meta name="viewport" content="width=device-width" />
    </head>
    <body bgcolor="white">
            <span><H1>Server Error in '/' Application.<hr width=100% size=1 color=silver></H1>
            <h2> <i>Runtime Error</i> </h2></span>
            <font face="Arial, Helvetica, Geneva, SunSans-Regular, sans-serif ">
            <b> Description: </b>An application error occurred on the server. The current custom error settings for
            this application prevent the details of the application error from being viewed remotely.
            <br><br>
    </body>
</html>
""",
    "cn-soft-404": _in_site_template(
        "页面不存在", '<div class="error-box"><img src="/images/404.png" alt="" /><h2>抱歉，您访问的页面不存在或已被删除！</h2>'
        '<p>请检查您输入的网址是否正确，或点击下面的链接返回首页继续浏览。</p><p><a href="/">返回首页</a></p></div>'),
    "en-soft-404": _in_site_template(
        "Guiyang China", '<div class="crumb"><a href="/">Home</a>&gt; Notice</div><div class="detail"><h1>Sorry!</h1>'
        "<p>The page you requested does not exist or has been moved. Please check the address, or go back to the "
        'home page.</p><p>This page will return to the <a href="/">home page</a> in 5 seconds.</p></div>'),
    "cn-maintenance": """<!DOCTYPE html><html><head><meta charset="utf-8"><title>系统维护</title></head>
<body style="text-align:center"><div class="wrap"><h1>系统维护中</h1>
<p>为了给您提供更好的服务，网站正在进行升级维护，请稍后再访问。</p><p>给您带来的不便，敬请谅解！</p></div></body></html>""".encode("utf-8"),
    "en-maintenance": _in_site_template(
        "Guiyang China", '<div class="detail"><h1>Scheduled maintenance</h1><p>The website is currently undergoing '
        "scheduled maintenance to improve our services. We'll be back soon. Thank you for your patience.</p></div>"),
}


def big_challenge_page(size: int = 48 * 1024) -> bytes:
    """A JavaScript challenge of about ``size`` bytes (larger than the block-page bound): a spinner
    line and an obfuscated cookie script, as Chinese WAFs send."""
    parts, total, n = [], 0, 0
    while total < size:
        parts.append(f"var _0x{n:04x}=['\\x{n % 256:02x}','{n * 7919 % 65536:x}'];")
        total += len(parts[-1])
        n += 1
    return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>english.guiyang.gov.cn</title></head><body>"
            f"<div class=\"loading\">请稍候…</div><script>{''.join(parts)}document.cookie='__jsl_clearance=1700000000.321"
            f"|0|x';location.href=location.pathname+location.search;</script></body></html>").encode("utf-8")


class Slow:
    """Mixed into a :class:`SamplePortal` (or ``GeneratedPortal``): every page answers after ``delay``
    seconds, as a distant portal does, ``busiest[host]`` keeps the most requests to a host that
    were being answered at the same time (what a per-host limit is about) and ``arrivals`` when
    each request came (``time.monotonic()``).

    >>> class SlowSample(Slow, SamplePortal): pass
    >>> with SlowSample(delay=0.0) as portal:
    ...     status, _, _ = portal.lookup("english.guiyang.gov.cn", "/robots.txt")
    ...     status, dict(portal.busiest)
    (200, {'english.guiyang.gov.cn': 1})
    """

    def __init__(self, *args, delay: float = 0.2, **kw):
        super().__init__(*args, **kw)
        self.delay = delay
        self.busy: Counter[str] = Counter()
        self.busiest: Counter[str] = Counter()
        self.arrivals: list[float] = []
        self._busy_lock = threading.Lock()
        self._closing = threading.Event()

    def lookup(self, host: str, path: str):
        with self._busy_lock:
            self.arrivals.append(time.monotonic())
            self.busy[host] += 1
            self.busiest[host] = max(self.busiest[host], self.busy[host])
        try:
            self._closing.wait(self.delay)
            return super().lookup(host, path)
        finally:
            with self._busy_lock:
                self.busy[host] -= 1

    def stop(self) -> None:
        self._closing.set()
        super().stop()
