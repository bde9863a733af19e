"""URL helpers: canonical article URLs (the families' URL shapes are in :mod:`portal_spider.families`).

Pure functions (no Scrapy), shared by the spiders, the extractor and the archive.

Canonicalisation is the first deduplication step: the portals serve one
article under several spellings (http/https, ``index.html``, fragments,
tracking parameters, district subdomains that mirror a path of the city
portal, hosts that moved).  Two URLs that :func:`canonical_url` maps to the
same string are the same document.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from .registry import mirror_hosts

# Query parameters that never select content (share/tracking tags).
_TRACKING = re.compile(
    r"^(utm_\w+|from|isappinstalled|spm|share\w*|fbclid|gclid|mc_\w+|_t|timestamp|scene|srcid)$",
    re.I,
)
_INDEX_PAGE = re.compile(r"/(?:index|default)\.(?:html?|shtml|jsp|php|aspx?)$", re.I)


def canonical_url(url: str) -> str:
    """Return the canonical spelling of an article URL.

    Scheme becomes ``https``, the host is lower-cased, a mirror host (a
    spider's ``mirror_hosts``) becomes the host and folder it mirrors;
    fragments, default ports, tracking parameters and a trailing
    ``index.html`` are dropped, remaining query parameters are sorted.

    >>> canonical_url("http://English.Guiyang.gov.cn:80/2024-01/31/c_956327.htm#top")
    'https://english.guiyang.gov.cn/2024-01/31/c_956327.htm'
    >>> canonical_url("https://nanming.english.guiyang.gov.cn/2024-03/21/c_973087.htm")
    'https://english.guiyang.gov.cn/nanming/2024-03/21/c_973087.htm'
    >>> canonical_url("http://english.gov.cn/news/index.html?from=singlemessage")
    'https://english.www.gov.cn/news/'
    >>> canonical_url("https://touch.shio.gov.cn/jsp/zfxw_default_en.jsp?siteId=300&p_page=2")
    'https://touch.shio.gov.cn/jsp/zfxw_default_en.jsp?p_page=2&siteId=300'
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    path = parts.path or "/"
    mirror = mirror_hosts().get(host)
    if mirror:
        host, _, prefix = mirror.partition("/")
        if prefix and not path.startswith(f"/{prefix}/"):
            path = f"/{prefix}{path}"
    path = _INDEX_PAGE.sub("/", path)
    path = quote(unquote(path), safe="/%:@!$&'()*+,;=-._~")
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    )
    return urlunsplit(("https", host, path, query, ""))


def clean_url(url: str) -> str:
    """The URL to fetch: fragment and tracking parameters removed, nothing else changed.

    >>> clean_url("http://english.guiyang.gov.cn/2024-03/01/c_1.htm?from=singlemessage#top")
    'http://english.guiyang.gov.cn/2024-03/01/c_1.htm'
    """
    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def host_of(url: str) -> str:
    """
    >>> host_of("https://English.Guiyang.gov.cn/x")
    'english.guiyang.gov.cn'
    """
    return (urlsplit(url).hostname or "").lower()
