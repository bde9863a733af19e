"""Listing pages: which links are articles, and which URL is the next page (portals.md "Pagination and listings").

Pure functions over URLs and ``href`` strings (no Scrapy): the spiders call them
from their family hooks and ``portal-archive check`` calls them on a fetched page.
Pagination is link-driven: a next page is only followed when the page links to
it (or, for TRS, declares it in its ``createPageHTML`` pager script), so a
template change ends a walk instead of sending the crawler into 404s.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from ..urls import canonical_url, clean_url, host_of

#: ``href`` values inside Hanweb's ``<script type="text/xml">`` record lists (CDATA, not parsed as HTML).
_SCRIPT_HREF = re.compile(r"""<a\b[^>]*?\bhref\s*=\s*["']([^"'<>]+)["']""", re.I)
_TRS_PAGER = re.compile(r"""createPageHTML\(\s*["']?(\d+)["']?\s*,\s*["']?(\d+)["']?\s*,\s*["'](\w+)["']\s*,\s*["'](\w+)["']""")
_INDEX_LEAF = re.compile(r"^(?P<stem>index|default)(?:_(?P<n>\d+))?\.(?P<ext>s?html?)$")
_NAMED_LEAF = re.compile(r"^(?P<stem>.+?)\.(?P<ext>s?html?)$")


def script_hrefs(scripts: list[str]) -> list[str]:
    """Links written inside script text (Hanweb record lists, ``document.write`` pagers).

    >>> script_hrefs(['<recordset><record><![CDATA[<li><a href="/art/2015/1/30/art_1150_2065213.html" '
    ...               'title="x">x</a></li>]]></record></recordset>'])
    ['/art/2015/1/30/art_1150_2065213.html']
    """
    return [m.group(1) for text in scripts for m in _SCRIPT_HREF.finditer(text)]


def article_links(page_url: str, hrefs: list[str], pattern: re.Pattern, hosts: set[str] | frozenset[str]) -> list[str]:
    """Article URLs among ``hrefs``, in page order, one per canonical URL.

    ``pattern`` is matched against the URL path, then against ``path?query``
    (the JSP apps of F6b select the article by a parameter).

    >>> p = re.compile(r"/\\d{6}/t\\d{8}_\\d+\\.s?html?$")
    >>> article_links("https://english.beijing.gov.cn/latest/news/index.html",
    ...               ["./202407/t20240727_3760807.html", "../index_1.html",
    ...                "http://english.beijing.gov.cn/latest/news/202407/t20240727_3760807.html#top",
    ...                "https://other.example.org/202407/t20240727_1.html"], p, {"english.beijing.gov.cn"})
    ['https://english.beijing.gov.cn/latest/news/202407/t20240727_3760807.html']
    """
    links: dict[str, str] = {}
    for href in hrefs:
        href = href.strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        url = clean_url(urljoin(page_url, href))
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or host_of(url) not in hosts:
            continue
        if pattern.search(parts.path) or (parts.query and pattern.search(f"{parts.path}?{parts.query}")):
            links.setdefault(canonical_url(url), url)
    return list(links.values())


def _linked(page_url: str, hrefs: list[str], wanted: list[str]) -> str | None:
    """The first of ``wanted`` paths (in order) that ``hrefs`` link to on the page's own host, as an
    absolute URL.  Links are matched by host and path: the same path on another host is not the
    pager's (an off-site ``news_2.html`` listed first would end the walk, or leave the portal).

    >>> _linked("https://h.gov.cn/news.html", ["https://x.example/news_2.html", "news_2.html"], ["/news_2.html"])
    'https://h.gov.cn/news_2.html'
    """
    host = host_of(page_url)
    found: dict[str, str] = {}
    for href in hrefs:
        url = urljoin(page_url, href.strip()).split("#")[0]
        if host_of(url) == host:
            found.setdefault(urlsplit(url).path, url)
    for path in wanted:
        if path in found:
            return found[path]
    return None


def next_named_page(page_url: str, hrefs: list[str]) -> str | None:
    """Next page of a named listing: ``<slug>.html`` -> ``<slug>_2.html`` -> ``<slug>_3.html`` (F1, F2).

    A slug may itself end in digits (``node_1234.htm``), so both readings are tried.

    >>> next_named_page("https://www.ezhejiang.gov.cn/jinhua/latest_200.html", ["latest_199.html", "latest_201.html"])
    'https://www.ezhejiang.gov.cn/jinhua/latest_201.html'
    >>> next_named_page("http://www.eguizhou.gov.cn/node_1234.htm", ["/node_1234_2.htm"])
    'http://www.eguizhou.gov.cn/node_1234_2.htm'
    >>> next_named_page("https://english.guiyang.gov.cn/news_2.html", ["news.html"]) is None
    True
    >>> next_named_page("https://english.guiyang.gov.cn/news.html", ["https://elsewhere.example/news_2.html"]) is None
    True
    """
    path = urlsplit(page_url).path
    folder, _, leaf = path.rpartition("/")
    match = _NAMED_LEAF.match(leaf)
    if not match:
        return None
    stem, ext = match.group("stem"), match.group("ext")
    wanted = [f"{folder}/{stem}_2.{ext}"]
    numbered = re.match(r"^(?P<stem>.+)_(?P<n>\d+)$", stem)
    if numbered:
        wanted.insert(0, f"{folder}/{numbered.group('stem')}_{int(numbered.group('n')) + 1}.{ext}")
    return _linked(page_url, hrefs, wanted)


def next_index_page(page_url: str, hrefs: list[str], scripts: list[str] = ()) -> str | None:
    """Next page of an ``index.html``, ``index_1.html``, ... listing (TRS F4, Shanghai F6, ...).

    TRS numbers the second page ``index_1``; other systems ``index_2``: the one
    the page links to wins.  TRS pagers are often drawn by a script,
    ``createPageHTML(pages, current, "index", "html")``, which is read too.

    >>> next_index_page("https://www.sz.gov.cn/en_szgov/news/latest/index.html", ["index_1.html", "index_5.html"])
    'https://www.sz.gov.cn/en_szgov/news/latest/index_1.html'
    >>> next_index_page("https://english.shanghai.gov.cn/en-Latest-WhatsNew/index_10.html", ["index_9.html", "index_11.html"])
    'https://english.shanghai.gov.cn/en-Latest-WhatsNew/index_11.html'
    >>> next_index_page("https://english.beijing.gov.cn/latest/news/", [], ['createPageHTML(12, 0, "index", "html");'])
    'https://english.beijing.gov.cn/latest/news/index_1.html'
    >>> next_index_page("https://english.beijing.gov.cn/latest/news/index_11.html", [], ['createPageHTML(12, 11, "index", "html");']) is None
    True
    """
    path = urlsplit(page_url).path
    folder, _, leaf = path.rpartition("/")
    match = _INDEX_LEAF.match(leaf or "index.html")
    if not match:
        return None
    stem, ext, n = match.group("stem"), match.group("ext"), int(match.group("n") or 0)
    wanted = [f"{folder}/{stem}_{n + 1}.{ext}"] + ([f"{folder}/{stem}_2.{ext}"] if n == 0 else [])
    linked = _linked(page_url, hrefs, wanted)
    if linked:
        return linked
    for text in scripts:
        pager = _TRS_PAGER.search(text)
        if pager:
            pages, current, name, suffix = int(pager.group(1)), int(pager.group(2)), pager.group(3), pager.group(4)
            if current + 1 < pages:
                return urljoin(page_url, f"{name}_{current + 1}.{suffix}")
            return None
    return None


def next_query_page(page_url: str, hrefs: list[str], param: str, has_items: bool) -> str | None:
    """Next page of a listing numbered by a query parameter (``?p_page=N`` F6b, ``?pageNum=N`` Hanweb).

    The linked next page wins; a page that listed articles but shows only a
    ``Next`` button (script) still gets ``N+1``; an empty page ends the walk.

    >>> next_query_page("https://touch.shio.gov.cn/jsp/zfxw_default_en.jsp?p_page=329&siteId=300", [], "p_page", True)
    'https://touch.shio.gov.cn/jsp/zfxw_default_en.jsp?p_page=330&siteId=300'
    >>> next_query_page("https://touch.shio.gov.cn/jsp/zfxw_default_en.jsp?siteId=300", [], "p_page", True)
    'https://touch.shio.gov.cn/jsp/zfxw_default_en.jsp?siteId=300&p_page=2'
    >>> next_query_page("https://touch.shio.gov.cn/jsp/zfxw_default_en.jsp?p_page=3&siteId=300", [], "p_page", False) is None
    True
    >>> next_query_page("https://touch.shio.gov.cn/jsp/zfxw_default_en.jsp?p_page=%C2%B2", [], "p_page", True)  # "²"
    'https://touch.shio.gov.cn/jsp/zfxw_default_en.jsp?p_page=2'
    """
    parts = urlsplit(page_url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    current = next((int(v) for k, v in query if k == param and v.isascii() and v.isdigit()), 1)
    wanted = current + 1
    for href in hrefs:
        url = urljoin(page_url, href.strip()).split("#")[0]
        other = urlsplit(url)
        if (other.hostname, other.path) == (parts.hostname, parts.path) and (param, str(wanted)) in parse_qsl(other.query):
            return url
    if not has_items:
        return None
    if any(k == param for k, _ in query):
        query = [(k, str(wanted) if k == param else v) for k, v in query]
    else:
        query.append((param, str(wanted)))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
