"""Listing pages: which links are articles, and which URL is the next page (docs/families.md, "Pagination and listings").

Pure functions over URLs and ``href`` strings (no Scrapy): the spiders call them
from their family hooks and ``portal-archive check`` calls them on a fetched page.
Pagination, in order of evidence: the next page the page links to; the next
page its pager script declares (:func:`declared_pager`: ``createPageHTML(...)``,
``var countPage = 13`` with the name built by concatenation, a record total and
a page size, "Page 1 of 13" printed); failing both, one conventional next name
is probed (:func:`conventional_next_page`), and the walk goes on only while
pages bring new article links.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from ..dates import normalise_date
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


# --- pagers drawn by scripts ---------------------------------------------------------------

_PAGE_COUNT_VAR = re.compile(
    r"""(?i)\b(?:count_?pages?|total_?pages?|page_?count|page_?total|pages?_?num(?:ber)?s?|all_?pages?|max_?pages?|"""
    r"""total_?page_?num|page_?size_?count|pages)\b\s*[=:]\s*["']?(\d{1,5})(?!\d)""")
_CURRENT_PAGE_VAR = re.compile(
    r"""(?i)\b(?:current_?page|curr?_?page|now_?page|page_?index|page_?no|current_?index|cur_?index|current)\b"""
    r"""\s*[=:]\s*["']?(\d{1,5})(?!\d)""")
_RECORD_COUNT_VAR = re.compile(
    r"""(?i)\b(?:record_?count|total_?records?|records?_?total|total_?count|total_?num|record_?num|total_?size|total)\b"""
    r"""\s*[=:]\s*["']?(\d{1,7})(?!\d)""")
_PAGE_SIZE_VAR = re.compile(r"""(?i)\b(?:page_?size|per_?page|page_?num_?size|rows_?per_?page)\b\s*[=:]\s*["']?(\d{1,4})(?!\d)""")
#: ``"default" + "_" + n + "." + "shtml"``, ``"index_" + n + ".html"``, ``'list_'+(p+1)+'.htm'``
_CONCAT_STEM = re.compile(r"""["']([\w-]{1,40}?)(?:["']\s*\+\s*["'])?_["']\s*\+""")
_CONCAT_EXT = re.compile(r"""\+\s*["']\.(?:["']\s*\+\s*["'])?(s?html?|jsp|php|aspx?)["']""")
#: ``createPageHTML(13, 0, "index", "html")``, also with the pager element's id first (``'page_div', 13, 0, …``)
_CREATE_PAGE = re.compile(
    r"""createPageHTML\(\s*(?:["'][\w-]*["']\s*,\s*)?["']?(\d+)["']?\s*,\s*["']?(\d+)["']?\s*"""
    r"""(?:,\s*["']([\w-]+)["']\s*,\s*["'](\w+)["'])?""")
#: "Page 1 of 13", "1/13 pages", "共13页", "第1页/共13页", "Total 13 pages"
_PRINTED_COUNT = re.compile(
    r"""(?i)(?:\bpage\s*\d{1,5}\s*(?:of|/)\s*(\d{1,5})\b|\b\d{1,5}\s*/\s*(\d{1,5})\s*pages?\b|共\s*(\d{1,5})\s*页|"""
    r"""\btotal(?:\s+of)?\s*[:：]?\s*(\d{1,5})\s*pages?\b|\b(\d{1,5})\s+pages?\s+in\s+total\b)""")


@dataclass(frozen=True)
class DeclaredPager:
    """What a listing page says about its pages without linking them.

    ``pages``: how many pages the section has; ``current``: this page's number as the
    script counts it (0-based or 1-based: unknown until compared with the URL);
    ``stem`` / ``ext``: the page file name the script builds (``default`` / ``shtml``).
    """

    pages: int | None = None
    current: int | None = None
    stem: str | None = None
    ext: str | None = None


def declared_pager(scripts: list[str], text: str = "") -> DeclaredPager | None:
    """The pager a listing declares in its inline scripts (or prints), when it has more than one page.

    >>> declared_pager(['createPageHTML(12, 0, "index", "html");'])
    DeclaredPager(pages=12, current=0, stem='index', ext='html')
    >>> declared_pager(['var countPage = 13//共多少页\\nvar currentPage = 0;\\n'
    ...                 'var nextPage = currentPage + 1;\\n'
    ...                 'document.write("<a href=\\\\"" + "default" + "_" + nextPage + "." + "shtml" + "\\\\">Next</a>");'])
    DeclaredPager(pages=13, current=0, stem='default', ext='shtml')
    >>> declared_pager(["var recordCount = 500; var pageSize = 40; var pageIndex = 1; url = 'list_' + (pageIndex + 1) + '.htm';"])
    DeclaredPager(pages=13, current=1, stem='list', ext='htm')
    >>> declared_pager([], "Home > News  Page 1 of 7  Next")
    DeclaredPager(pages=7, current=None, stem=None, ext=None)
    >>> declared_pager(["createPageHTML('page_div', 25, 0, 'index', 'shtml', 500);"])
    DeclaredPager(pages=25, current=0, stem='index', ext='shtml')
    >>> declared_pager(["var totalPage = 1; var currentPage = 0;"]) is None
    True
    """
    pages = current = stem = ext = None
    for script in scripts:
        if len(script) > 200_000:
            continue  # a bundled library, not a pager
        made = _CREATE_PAGE.search(script)
        if made:
            pages, current = int(made.group(1)), int(made.group(2))
            stem, ext = made.group(3) or stem, made.group(4) or ext
            break
        count = _PAGE_COUNT_VAR.search(script)
        if count is None:
            records, size = _RECORD_COUNT_VAR.search(script), _PAGE_SIZE_VAR.search(script)
            if records and size and int(size.group(1)) > 0:
                pages = math.ceil(int(records.group(1)) / int(size.group(1)))
            else:
                continue
        else:
            pages = int(count.group(1))
        cur = _CURRENT_PAGE_VAR.search(script)
        current = int(cur.group(1)) if cur else None
        named, suffix = _CONCAT_STEM.search(script), _CONCAT_EXT.search(script)
        stem, ext = (named.group(1) if named else None), (suffix.group(1) if suffix else None)
        break
    if pages is None and text:
        printed = _PRINTED_COUNT.search(text[:20_000] if len(text) > 20_000 else text)
        if printed:
            pages = int(next(g for g in printed.groups() if g))
    if not pages or pages < 2:
        return None
    return DeclaredPager(pages, current, stem, ext)


_NUMBERED_LEAF = re.compile(r"^(?P<stem>[\w-]+?)(?:_(?P<n>\d{1,5}))?\.(?P<ext>s?html?|jsp|php|aspx?)$")


def pager_counts_from_one(page_url: str, pager: DeclaredPager | None, stem: str | None = None) -> bool:
    """Whether a listing's page names count from 1 (``list.htm``, ``list_2.htm``) rather than 0 (TRS: ``index.html``,
    ``index_1.html``), as far as this page tells: the first page's script counter says it; a page named ``_1``
    counts from 0; otherwise the name's stem decides (``index``/``default`` count from 0).

    >>> pager_counts_from_one("https://h.gov.cn/news/list.htm", DeclaredPager(13, 1))
    True
    >>> pager_counts_from_one("https://h.gov.cn/news/index.html", DeclaredPager(13, 0))
    False
    >>> pager_counts_from_one("https://h.gov.cn/news/news_4.html", DeclaredPager(13))
    True
    """
    leaf = urlsplit(page_url).path.rpartition("/")[2]
    match = _NUMBERED_LEAF.match(leaf or "index.html")
    n = int(match.group("n") or 0) if match else 0
    if n == 0 and pager is not None and pager.current is not None:
        return pager.current == 1
    if n == 1:
        return False
    stem = (pager.stem if pager else None) or stem or (match.group("stem") if match else "index")
    return stem not in ("index", "default")


def declared_next_page(page_url: str, pager: DeclaredPager | None, counts_from_one: bool | None = None) -> str | None:
    """The next page a :class:`DeclaredPager` implies for ``page_url``, or None on its last page.

    Names follow the script's stem and extension, else the page's own; the second page
    is ``<stem>_1`` when names count from 0 (TRS), ``<stem>_2`` when they count from 1
    (``counts_from_one``, as the walk learnt it on its first page; else
    :func:`pager_counts_from_one` on this page).

    >>> p = DeclaredPager(13, 0, "default", "shtml")
    >>> declared_next_page("https://www.fmprc.gov.cn/mfa_eng/xw/default.shtml", p)
    'https://www.fmprc.gov.cn/mfa_eng/xw/default_1.shtml'
    >>> declared_next_page("https://www.fmprc.gov.cn/mfa_eng/xw/default_11.shtml", DeclaredPager(13, 11, "default", "shtml"))
    'https://www.fmprc.gov.cn/mfa_eng/xw/default_12.shtml'
    >>> declared_next_page("https://www.fmprc.gov.cn/mfa_eng/xw/default_12.shtml", DeclaredPager(13, 12, "default", "shtml")) is None
    True
    >>> declared_next_page("https://h.gov.cn/news/list.htm", DeclaredPager(13, 1, "list", "htm"))
    'https://h.gov.cn/news/list_2.htm'
    >>> declared_next_page("https://h.gov.cn/news/list_13.htm", DeclaredPager(13, 13, "list", "htm")) is None
    True
    >>> declared_next_page("https://h.gov.cn/news/list_12.htm", DeclaredPager(13, 12, "list", "htm"), counts_from_one=True)
    'https://h.gov.cn/news/list_13.htm'
    >>> declared_next_page("https://h.gov.cn/news/", DeclaredPager(7))
    'https://h.gov.cn/news/index_1.html'
    >>> declared_next_page("https://h.gov.cn/news/index_6.html", DeclaredPager(7)) is None
    True
    """
    if pager is None:
        return None
    parts = urlsplit(page_url)
    folder, _, leaf = parts.path.rpartition("/")
    match = _NUMBERED_LEAF.match(leaf or f"{pager.stem or 'index'}.{pager.ext or 'html'}")
    if not match:
        return None
    n = int(match.group("n") or 0)  # 0: the first page, whose name has no number
    stem, ext = pager.stem or match.group("stem"), pager.ext or match.group("ext")
    if counts_from_one is None:
        counts_from_one = pager_counts_from_one(page_url, pager)
    # the page's number is in its name (a script counter may be a template's constant)
    nxt = (max(n, 1) if counts_from_one else n) + 1
    if nxt > (pager.pages if counts_from_one else pager.pages - 1):
        return None
    return urlunsplit((parts.scheme, parts.netloc, f"{folder}/{stem}_{nxt}.{ext}", "", ""))


def other_numbering(url: str) -> str | None:
    """Page 2's name under the other numbering (``index_1`` <-> ``index_2``): tried once when the first guess is missing.

    >>> other_numbering("https://h.gov.cn/news/index_1.html"), other_numbering("https://h.gov.cn/news/list_2.htm")
    ('https://h.gov.cn/news/index_2.html', 'https://h.gov.cn/news/list_1.htm')
    >>> other_numbering("https://h.gov.cn/news/list_3.htm") is None
    True
    """
    parts = urlsplit(url)
    folder, _, leaf = parts.path.rpartition("/")
    match = _NUMBERED_LEAF.match(leaf)
    if not match or match.group("n") not in ("1", "2"):
        return None
    other = "2" if match.group("n") == "1" else "1"
    return urlunsplit((parts.scheme, parts.netloc, f"{folder}/{match.group('stem')}_{other}.{match.group('ext')}", "", ""))


def conventional_next_page(page_url: str) -> str | None:
    """The conventional name of the page after ``page_url``, to probe once when nothing declares one.

    >>> conventional_next_page("https://english.beijing.gov.cn/latest/news/index.html")
    'https://english.beijing.gov.cn/latest/news/index_1.html'
    >>> conventional_next_page("https://www.fmprc.gov.cn/mfa_eng/xw/default.shtml")
    'https://www.fmprc.gov.cn/mfa_eng/xw/default_1.shtml'
    >>> conventional_next_page("https://english.beijing.gov.cn/latest/news/index_4.html")
    'https://english.beijing.gov.cn/latest/news/index_5.html'
    >>> conventional_next_page("https://english.guiyang.gov.cn/news.html")
    'https://english.guiyang.gov.cn/news_2.html'
    >>> conventional_next_page("https://english.beijing.gov.cn/latest/news/")
    'https://english.beijing.gov.cn/latest/news/index_1.html'
    >>> conventional_next_page("https://en.xa.gov.cn/news/list.jsp?cat=3")
    'https://en.xa.gov.cn/news/list.jsp?cat=3&page=2'
    >>> conventional_next_page("https://en.xa.gov.cn/news/list.jsp?cat=3&page=2")
    'https://en.xa.gov.cn/news/list.jsp?cat=3&page=3'
    """
    parts = urlsplit(page_url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    for key in ("page", "pageNum", "pageNo", "p"):
        for k, v in query:
            if k == key and v.isascii() and v.isdigit():
                query = [(k2, str(int(v) + 1) if k2 == key else v2) for k2, v2 in query]
                return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    folder, _, leaf = parts.path.rpartition("/")
    match = _NUMBERED_LEAF.match(leaf or "index.html")
    if match and not parts.query:
        stem, ext, n = match.group("stem"), match.group("ext"), match.group("n")
        if n is not None:
            nxt = int(n) + 1
        else:
            nxt = 1 if stem in ("index", "default") else 2
        return urlunsplit((parts.scheme, parts.netloc, f"{folder}/{stem}_{nxt}.{ext}", "", ""))
    query.append(("page", "2"))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


# --- dates printed beside the links ----------------------------------------------------------

def listing_dates(root, page_url: str, links: list[str], *, max_links: int = 400) -> dict[str, object]:
    """The date printed next to each article link of a listing page, by canonical URL.

    ``root`` is the parsed page (an lxml element).  For each ``<a>`` to one of
    ``links``, the smallest enclosing element (up to four levels up) that holds no
    link to another article and prints a full date outside the link's own text
    gives the date (``Title | 2024-07-11``, a date cell of a table row, a ``<span>``
    after the link).  A date only inside the link text is taken when nothing else
    is printed (``Press Conference on July 3, 2020`` then names the event, not the day).

    >>> from lxml import html
    >>> page = html.fromstring(\'\'\'<ul>
    ...   <li><a href="/t1.shtml">First news</a> <span>2024-07-11</span></li>
    ...   <li><a href="/t2.shtml">Second news</a><em>(July 3, 2020)</em></li>
    ...   <li><a href="/t3.shtml">Third news without a date</a></li></ul>\'\'\')
    >>> {k: v.iso for k, v in listing_dates(page, "https://h.gov.cn/n/", ["https://h.gov.cn/t1.shtml",
    ...  "https://h.gov.cn/t2.shtml", "https://h.gov.cn/t3.shtml"]).items()}
    {'https://h.gov.cn/t1.shtml': '2024-07-11', 'https://h.gov.cn/t2.shtml': '2020-07-03'}
    """
    wanted = {canonical_url(u) for u in links}
    if root is None or not wanted:
        return {}
    anchors = []
    for a in root.iter("a"):
        href = a.get("href")
        if not href:
            continue
        canon = canonical_url(clean_url(urljoin(page_url, href.strip())))
        if canon in wanted:
            anchors.append((a, canon))
            if len(anchors) >= max_links:
                break
    linked = {id(a): canon for a, canon in anchors}
    found: dict[str, object] = {}
    for a, canon in anchors:
        if canon in found:
            continue
        own = (a.text_content() or "").strip()
        el = a
        for _ in range(4):
            parent = el.getparent()
            if parent is None or parent.tag in ("body", "html"):
                break
            el = parent
            if any(linked.get(id(x), canon) != canon for x in el.iter("a")):
                break  # the element lists another article: its dates are not this one's
            text = " ".join((el.text_content() or "").split())
            if len(text) > 600:
                break
            rest = text.replace(" ".join(own.split()), " ", 1) if own else text
            day = normalise_date(rest)
            if day is not None:
                found[canon] = day
                break
    return found
