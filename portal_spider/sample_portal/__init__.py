"""Saved portal pages (``sites/<host>/<path>``, raw bytes) and the loopback server that plays them.

:func:`page_file` is the one rule that maps a URL to its saved page: the server
answers from it, ``portal-archive check --save-fixture`` writes to it, and
``portal-archive new-portal`` and the tests name fixtures by it.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit


def page_file(host: str, path: str) -> PurePosixPath:
    """The file that holds the page at ``path`` on ``host``, relative to a sites folder.

    A folder's page is its ``index.html``.

    >>> page_file("english.beijing.gov.cn", "/latest/news/").as_posix()
    'english.beijing.gov.cn/latest/news/index.html'
    >>> page_file("www.sz.gov.cn", "/en_szgov/news/latest/index_1.html").as_posix()
    'www.sz.gov.cn/en_szgov/news/latest/index_1.html'
    """
    rel = unquote(path).lstrip("/")
    if not rel or rel.endswith("/"):
        rel += "index.html"
    return PurePosixPath(host, rel)


def url_file(url: str) -> PurePosixPath:
    """:func:`page_file` of a URL; the query string is not part of the name (one file answers every ``?p_page=N``).

    >>> url_file("https://touch.shio.gov.cn/jsp/zfxw_default_en.jsp?p_page=1").as_posix()
    'touch.shio.gov.cn/jsp/zfxw_default_en.jsp'
    """
    parts = urlsplit(url)
    return page_file(parts.hostname or "", parts.path)
