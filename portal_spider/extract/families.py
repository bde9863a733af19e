"""URL shapes of the CMS families (portals.md "Families at a glance").

Pure data plus two helpers; both the spiders and the extractor read it, so a
family's URL grammar is written once.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

#: Article URL pattern per family, matched against the URL path.
ARTICLE_PATTERNS: dict[str, re.Pattern] = {
    # eguangzhou also serves /gzbusiness/content/post_<id>.html pages in the same template (no date line)
    "F1": re.compile(r"(?:/\d{4}-\d{2}/\d{2}/c_\d+(?:_\d+)?\.htm|/content/post_\d+\.html)$"),
    "F2": re.compile(r"/\d{4}-\d{2}/\d{2}/content_\d{8}(?:_\d+)?\.htm$"),
    "F3": re.compile(r"content_(?:\d{15}|WS[0-9a-f]{24})\.html?$"),
    "F4": re.compile(r"/\d{6}/t\d{8}_\d+\.s?html?$"),
    "F5": re.compile(r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html$"),
    "F6": re.compile(r"/(?:en-[\w-]+|News|shzxzb)/\d{8}/[0-9a-f]{32}\.html$"),
    "F7": re.compile(r"/\d{4}/\d{1,2}/\d{1,2}/(?:[0-9a-f]{32}|\d+)\.shtml$"),
    "F8": re.compile(r"/(?:octzwosx/\w+|news/shaanxinews)/\d+\.htm$"),
    "F6b": re.compile(r"/jsp/zfxw_(?:content|detail)_en\.jsp\?(?:.*&)?(?:id|newsId|infoId)=\d+"),  # inferred
    "F10": re.compile(r"/c\d+/index\.html$"),
}

#: pages of one multi-page article: F1 ``c_<id>_N.htm``, F2 ``content_<id>_N.htm``
_F1_PAGE = re.compile(r"/((?:c|content)_\d+)(?:_(\d+))?\.htm$")


def url_family(url: str) -> str | None:
    """The family whose article URL shape matches ``url``, if any.

    >>> url_family("https://english.guiyang.gov.cn/2024-01/31/c_956327.htm")
    'F1'
    >>> url_family("https://english.beijing.gov.cn/latest/news/202407/t20240727_3760807.html")
    'F4'
    >>> url_family("https://english.guiyang.gov.cn/news_2.html") is None
    True
    """
    parts = urlsplit(url)
    for family, pattern in ARTICLE_PATTERNS.items():
        if pattern.search(parts.path) or (parts.query and pattern.search(f"{parts.path}?{parts.query}")):
            return family
    return None


def is_article_url(url: str) -> bool:
    return url_family(url) is not None


def f1_sibling_pages(url: str, hrefs: list[str]) -> tuple[int, list[str]]:
    """Page number of ``url`` and the other pages of the same F1 article found in ``hrefs``.

    Pages are ``c_<id>.htm``, ``c_<id>_2.htm``, ... in the same folder; a link to
    another article's ``c_<other>_2.htm`` is not a sibling.

    >>> f1_sibling_pages("https://h.gov.cn/2024-02/20/c_7.htm", ["c_7_2.htm", "/2024-02/20/c_7_3.htm", "c_8_2.htm", "c_7_2.htm"])
    (1, ['https://h.gov.cn/2024-02/20/c_7_2.htm', 'https://h.gov.cn/2024-02/20/c_7_3.htm'])
    >>> f1_sibling_pages("http://www.eguizhou.gov.cn/2014-06/09/content_17573809.htm", ["content_17573809_2.htm"])
    (1, ['http://www.eguizhou.gov.cn/2014-06/09/content_17573809_2.htm'])
    >>> f1_sibling_pages("https://h.gov.cn/2024-02/20/c_7.htm", ["https://x.example/2024-02/20/c_7_2.htm"])
    (1, [])
    """
    path, host = urlsplit(url).path, urlsplit(url).hostname  # a sibling is on the page's host, as on every portal
    match = _F1_PAGE.search(path)
    if not match:
        return 1, []
    article_id, page = match.group(1), int(match.group(2) or 1)
    folder = path[: path.rindex("/") + 1]
    pages: dict[int, str] = {}
    for href in hrefs:
        if article_id not in href:
            continue  # resolves to this page itself at most (its own number, left out below)
        absolute = urljoin(url, href.strip())
        parts = urlsplit(absolute)
        sibling = _F1_PAGE.search(parts.path)
        if sibling and sibling.group(1) == article_id and parts.path.startswith(folder) and parts.hostname == host:
            number = int(sibling.group(2) or 1)
            if number > 1:
                pages.setdefault(number, f"{parts.scheme}://{parts.netloc}{parts.path}")
    return page, [pages[n] for n in sorted(pages) if n != page]
