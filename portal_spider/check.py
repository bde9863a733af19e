"""Live check of one portal: its first listing page, its first article, every field and the layer behind it.

``portal-archive check NAME`` calls :func:`check` (``--all``: :func:`check_all`).
Pages are fetched with ``urllib`` (one request each, the project's user agent,
no retries), then read by the spider's own listing rules and by
``extract_article``, the crawl's code path.

Exit status (:data:`portal_spider.exits.CHECK_MEANINGS`): 0 the article has a
title, a date and a body; 1 a listing or an article was read but something is
missing (flagged in the output); 2 usage error (unknown portal); 3 the portal
cannot be reached (one line on stderr: ``cannot reach HOST: reason``).

``--save-fixture DIR`` writes both pages as raw bytes in the sample-portal tree
format, ``DIR/<host>/<path>`` with a ``<file>.headers`` sidecar (status line and
headers), ready to copy into ``portal_spider/sample_portal/sites/``.

``--all`` checks every registered portal at once (hosts in parallel, short
timeouts): one line per portal (listing reached or why not; listing pages
declared and walked, up to 3, by the crawl's own pagination rules; article links;
which of title, date with its source, body and photos its first 3 articles have),
then a total line.  Exit 0 only when every portal is healthy, 3 when none could
be reached, 1 otherwise.  ``--save-fixtures DIR`` saves every listing page walked
and every article they link.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from .sample_portal import url_file

from .exits import Exit

EXIT_OK, EXIT_MISSING, EXIT_USAGE, EXIT_UNREACHABLE = Exit.SUCCESS, Exit.PARTIAL, Exit.USAGE, Exit.ALL_FAILED

#: fields printed, in order; the first three must be there for the check to pass
FIELDS = ("title", "published", "body", "date_source", "source", "byline", "section", "photos", "attachments", "pages")
REQUIRED = ("title", "published", "body")


class Unreachable(Exception):
    """A page could not be fetched; ``str()`` is the reason."""


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
            raise Unreachable(network_reason(exc.reason)) from None
        except (socket.timeout, TimeoutError):
            raise Unreachable("timed out") from None
        except (OSError, ValueError) as exc:
            raise Unreachable(str(exc) or type(exc).__name__) from None


def _as_extracted(body: bytes, data: dict) -> str:
    """The page's text in the encoding the extractor read it in (a GBK page's 大汉网络 must match)."""
    try:
        return body.decode(data.get("encoding") or "utf-8", "replace")
    except LookupError:
        return body.decode("utf-8", "replace")


def network_reason(reason) -> str:
    """A fetch failure in a few words, the same for every platform's wording.

    >>> network_reason(socket.gaierror(-2, "Name or service not known"))
    'DNS lookup failed'
    >>> network_reason(ConnectionRefusedError(111, "Connection refused")), network_reason(TimeoutError())
    ('connection refused', 'timed out')
    """
    if isinstance(reason, socket.gaierror):
        return "DNS lookup failed"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, ConnectionResetError):
        return "connection reset"
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(reason, ssl.SSLError):
        return "TLS handshake failed"
    return str(getattr(reason, "strerror", None) or reason)


def _is_loopback(proxy: str) -> bool:
    host = urlsplit(proxy if "://" in proxy else f"http://{proxy}").hostname or ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def save(root: Path, url: str, status: int, headers: list[tuple[str, str]], body: bytes) -> Path:
    """Write one answer in the sample-portal tree format (raw body + ``.headers`` sidecar)."""
    file = root / url_file(url)
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
    from .families import recognise_family
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
            print(f"cannot reach {urlsplit(url).hostname}: {exc}", file=sys.stderr)
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
    recognised, evidence = recognise_family(article_url, _as_extracted(body, data))
    expected = None if cls.family == "F9" else cls.family
    if recognised == expected:
        print(f"family   {cls.family}: {', '.join(evidence) or 'a template of its own (no family signature)'}", file=out)
    else:
        print(f"MISMATCH family {cls.family} declared, but the pages show {recognised or 'F9'}: "
              f"{', '.join(evidence) or 'no signature of ' + cls.family} (see docs/families.md)", file=out)
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
    return EXIT_MISSING if missing or not data["is_article"] or recognised != expected else EXIT_OK


@dataclass
class PortalHealth:
    """What ``check --all`` found on one portal."""

    name: str
    unreachable: str | None = None  # "english.beijing.gov.cn: DNS lookup failed"
    status: int | None = None
    declared: int = 0  # listing pages its pager declares (0: none declared)
    walked: int = 0
    links: int = 0
    articles: list[dict] = field(default_factory=list)  # first 3: title / published / date_source / body / photos
    family_mismatch: str | None = None  # "declared F9, the pages show F4"

    @property
    def healthy(self) -> bool:
        return (self.unreachable is None and self.links > 0 and bool(self.articles) and not self.family_mismatch
                and all(a["is_article"] and a["title"] and a["published"] and a["body"] for a in self.articles))

    def line(self) -> str:
        if self.unreachable:
            return f"{self.name:<16} cannot reach {self.unreachable}"
        pages = f"{self.walked} walked" + (f" of {self.declared} declared" if self.declared else "")
        head = f"{self.name:<16} {'ok' if self.healthy else 'PROBLEM':<7} listing HTTP {self.status}, {pages}, {self.links} links"
        if not self.links:
            return f"{head}; no article link matches the family's URL pattern"
        marks = []
        for a in self.articles:
            if not a["is_article"]:
                marks.append(f"not an article ({a['reject_reason']})")
                continue
            date = f"date({a['date_source']})" if a["published"] else "NO-DATE"
            marks.append(" ".join([
                "title" if a["title"] else "NO-TITLE", date, "body" if a["body"] else "NO-BODY",
                f"{len(a['photos'])} photo(s)" if a["photos"] else "no photo"]))
        if self.family_mismatch:
            marks.append(f"family {self.family_mismatch}")
        return f"{head}; " + "; ".join(marks)


def check_portal(cls, fetcher: Fetcher, save_dir: str | None = None, max_pages: int = 3,
                 max_articles: int = 3) -> PortalHealth:
    """Walk up to ``max_pages`` listing pages of a portal's first section as the crawl would, and read its first articles."""
    from scrapy.http import HtmlResponse, Request

    from .extract import extract_article, listing, with_listing_date
    from .families import recognise_family
    from .urls import canonical_url

    health = PortalHealth(cls.name)
    spider = cls()
    spider.requested = set()

    def fetch(url: str):
        status, headers, body = fetcher.get(url)
        if save_dir:
            save(Path(save_dir), url, status, headers, body)
        return status, headers, body

    url = next(iter(cls.sections.values()))
    links: list[str] = []
    dates: dict = {}
    counts_from_one = None
    try:
        for page in range(1, max_pages + 1):
            status, headers, body = fetch(url)
            if page == 1:
                health.status = status
            response = HtmlResponse(url, status=status, headers=dict(headers), body=body, request=Request(url))
            found = spider.article_links(response)
            new = [u for u in found if canonical_url(u) not in spider.requested]
            if page > 1 and not new:
                break
            spider.requested.update(canonical_url(u) for u in new)
            links += new
            dates.update(listing.listing_dates(response.selector.root, url, new))
            health.walked = page
            next_url, _, pager, counts_from_one = spider.next_page(response, page, counts_from_one, bool(new))
            if pager is not None:
                health.declared = max(health.declared, pager.pages)
            if not next_url:
                break
            url = next_url
    except Unreachable as exc:
        if not health.walked:
            health.unreachable = f"{urlsplit(url).hostname}: {exc}"
            return health
    health.links = len(links)
    for n, link in enumerate(links if save_dir else links[:max_articles]):
        try:
            status, headers, body = fetch(link)
        except Unreachable as exc:
            if n < max_articles:
                health.articles.append({"is_article": False, "reject_reason": str(exc)})
            continue
        if n < max_articles:
            day = dates.get(canonical_url(link))
            data = extract_article(body, link, dict(headers))
            if n == 0:
                recognised, _ = recognise_family(link, _as_extracted(body, data))
                if recognised != (None if cls.family == "F9" else cls.family):
                    health.family_mismatch = f"declared {cls.family}, the pages show {recognised or 'F9'}"
            if day is not None:
                data = with_listing_date(data, {"iso": day.iso, "utc": day.utc, "precision": day.precision, "raw": day.raw})
            health.articles.append(data)
    return health


def check_all(names: list[str] | None = None, proxy: str = "", save_dir: str | None = None,
              user_agent: str | None = None, out=sys.stdout, timeout: float = 10.0, workers: int = 16) -> int:
    """``check --all``: every portal (or ``names``), in parallel; one line each, then a total line."""
    import warnings

    warnings.simplefilter("ignore")
    from .project import project_settings, spider_loader

    settings = project_settings()
    loader = spider_loader(settings)
    names = names or sorted(loader.list())
    unknown = [n for n in names if n not in loader.list()]
    if unknown:
        print(f"error: unknown portal {', '.join(unknown)} (see portal-archive portals)", file=sys.stderr)
        return EXIT_USAGE
    fetcher = Fetcher(user_agent or settings.get("USER_AGENT"), proxy, timeout=timeout)

    def one(name: str) -> PortalHealth:
        try:
            return check_portal(loader.load(name), fetcher, save_dir)
        except Exception as exc:  # a page that breaks a rule must not hide the other portals
            return PortalHealth(name, unreachable=f"check failed: {type(exc).__name__}: {exc}")

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(one, names))
    for health in results:
        print(health.line(), file=out, flush=True)
    healthy = sum(h.healthy for h in results)
    unreachable = sum(h.unreachable is not None for h in results)
    print(f"total: {len(results)} portals, {healthy} healthy, {len(results) - healthy - unreachable} with problems, "
          f"{unreachable} unreachable", file=out)
    if unreachable == len(results):
        return EXIT_UNREACHABLE
    return EXIT_OK if healthy == len(results) else EXIT_MISSING
