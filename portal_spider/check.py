"""Live check of one portal: its first listing page, its first article, every field and the layer behind it.

``portal-archive check NAME`` calls :func:`check`.  Pages are fetched with ``urllib`` (one request each, the project's user agent,
no retries), then read by the spider's own listing rules and by
``extract_article``, the crawl's code path.

Exit status (:data:`portal_spider.exits.CHECK_MEANINGS`): 0 the article has a
title, a date and a body; 1 a listing or an article was read but something is
missing (flagged in the output); 2 usage error (unknown portal); 3 the portal
cannot be reached (one line on stderr: ``cannot reach HOST (reason)``).

``--save-fixture DIR`` writes both pages as raw bytes in the sample-portal tree
format, ``DIR/<host>/<path>`` with a ``<file>.headers`` sidecar (status line and
headers), ready to copy into ``portal_spider/sample_portal/sites/``.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import sys
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from .exits import Exit

EXIT_OK, EXIT_MISSING, EXIT_USAGE, EXIT_UNREACHABLE = Exit.SUCCESS, Exit.PARTIAL, Exit.USAGE, Exit.ALL_FAILED

#: fields printed, in order; the first three must be there for the check to pass
FIELDS = ("title", "published", "body", "date_source", "source", "byline", "section", "photos", "attachments", "pages")
REQUIRED = ("title", "published", "body")


class Unreachable(Exception):
    """A page could not be fetched; ``str()`` is the reason."""


def fixture_path(root: Path, url: str) -> Path:
    """Where the sample portal serves ``url`` from (query strings are not part of the path).

    >>> fixture_path(Path("sites"), "https://english.beijing.gov.cn/latest/news/").as_posix()
    'sites/english.beijing.gov.cn/latest/news/index.html'
    >>> fixture_path(Path("sites"), "https://touch.shio.gov.cn/jsp/zfxw_default_en.jsp?p_page=1").as_posix()
    'sites/touch.shio.gov.cn/jsp/zfxw_default_en.jsp'
    """
    parts = urlsplit(url)
    rel = parts.path.lstrip("/")
    if not rel or rel.endswith("/"):
        rel += "index.html"
    return root / (parts.hostname or "") / rel


def describe(value) -> str:
    """One line for a field's value.

    >>> describe("a\\n\\nb"), describe([]), describe(None), describe([{"caption": "x"}])
    ("'a\\\\n\\\\nb' (2 paragraphs)", '-', '-', "1: [{'caption': 'x'}]")
    """
    if value in (None, "", []):
        return "-"
    if isinstance(value, str):
        text = value if len(value) <= 100 else value[:97] + "..."
        paragraphs = value.count("\n\n") + 1
        return repr(text) + (f" ({paragraphs} paragraphs)" if paragraphs > 1 else "")
    if isinstance(value, list):
        return f"{len(value)}: {value!r}"[:300]
    return str(value)


class Fetcher:
    """One GET per URL through an optional HTTP proxy, with the crawler's user agent."""

    def __init__(self, user_agent: str, proxy: str = "", timeout: float = 20.0):
        handlers: list = [urllib.request.ProxyHandler({"http": proxy, "https": proxy} if proxy else {})]
        if proxy and _is_loopback(proxy):
            # the offline sample portal answers https with a throwaway self-signed certificate
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self.opener = urllib.request.build_opener(*handlers)
        self.user_agent = user_agent
        self.timeout = timeout

    def get(self, url: str) -> tuple[int, list[tuple[str, str]], bytes]:
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept-Encoding": "identity"})
        try:
            with self.opener.open(request, timeout=self.timeout) as answer:
                return answer.status, list(answer.headers.items()), answer.read()
        except urllib.error.HTTPError as exc:
            raise Unreachable(f"HTTP {exc.code} {exc.reason}") from None
        except urllib.error.URLError as exc:
            raise Unreachable(str(getattr(exc.reason, "strerror", None) or exc.reason)) from None
        except (socket.timeout, TimeoutError):
            raise Unreachable("timed out") from None
        except (OSError, ValueError) as exc:
            raise Unreachable(str(exc) or type(exc).__name__) from None


def _is_loopback(proxy: str) -> bool:
    host = urlsplit(proxy if "://" in proxy else f"http://{proxy}").hostname or ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def save(root: Path, url: str, status: int, headers: list[tuple[str, str]], body: bytes) -> Path:
    """Write one answer in the sample-portal tree format (raw body + ``.headers`` sidecar)."""
    file = fixture_path(root, url)
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(body)
    keep = [(k, v) for k, v in headers if k.lower() in ("content-type", "last-modified", "etag", "content-language")]
    sidecar = file.with_name(file.name + ".headers")
    sidecar.write_text("".join([f"HTTP/1.1 {status} OK\n", *(f"{k}: {v}\n" for k, v in keep)]), "utf-8")
    return file


def check(name: str, proxy: str = "", save_dir: str | None = None, user_agent: str | None = None,
          out=sys.stdout) -> int:
    import warnings

    warnings.simplefilter("ignore")
    from scrapy.http import HtmlResponse, Request

    from .extract import extract_article
    from .project import project_settings, spider_loader

    settings = project_settings()
    loader = spider_loader(settings)
    if name not in loader.list():
        print(f"error: unknown portal {name} (see portal-archive portals)", file=sys.stderr)
        return EXIT_USAGE
    cls = loader.load(name)
    fetcher = Fetcher(user_agent or settings.get("USER_AGENT"), proxy)
    spider = cls()
    section, listing_url = next(iter(cls.sections.items()))

    def fetch(url: str):
        try:
            status, headers, body = fetcher.get(url)
        except Unreachable as exc:
            print(f"cannot reach {urlsplit(url).hostname} ({exc})", file=sys.stderr)
            return None
        if save_dir:
            print(f"saved    {save(Path(save_dir), url, status, headers, body)}", file=out)
        return status, headers, body

    got = fetch(listing_url)
    if got is None:
        return EXIT_UNREACHABLE
    status, headers, body = got
    listing = HtmlResponse(listing_url, status=status, headers=dict(headers), body=body, request=Request(listing_url))
    links = spider.article_links(listing)
    print(f"portal   {name} ({cls.family}, {cls.portal_name})", file=out)
    print(f"listing  {listing_url} [{section}]: HTTP {status}, {len(links)} article link(s)", file=out)
    if not links:
        print("MISSING  article links: the listing shows none that match the family's URL pattern", file=out)
        return EXIT_MISSING
    article_url = links[0]
    got = fetch(article_url)
    if got is None:
        return EXIT_UNREACHABLE
    status, headers, body = got
    data = extract_article(body, article_url, dict(headers))
    print(f"article  {article_url}: HTTP {status}, {data['encoding']}"
          + ("" if data["is_article"] else f", NOT AN ARTICLE ({data['reject_reason']})"), file=out)
    sources = data["field_sources"]
    missing, absent = [], []
    for field in FIELDS:
        value = data[field] if field != "pages" else (data["pages"] if data["pages"] > 1 else None)
        layer = sources.get("published" if field == "date_source" else field, "-")
        empty = value in (None, "", [])
        if empty and field in REQUIRED:
            missing.append(field)
            print(f"MISSING  {field:<12} {layer:<9} -", file=out)
        else:
            if empty and field != "pages":
                absent.append(field)
            print(f"         {field:<12} {layer:<9} {describe(value) if not empty else '(none)'}", file=out)
    print(f"missing: {', '.join(missing) or 'nothing'}; not on this page: {', '.join(absent) or 'nothing'}", file=out)
    return EXIT_MISSING if missing or not data["is_article"] else EXIT_OK
