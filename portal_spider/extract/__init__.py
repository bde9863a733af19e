"""Article extraction: ``extract_article(body, url) -> dict``, the same code path as the crawl.

>>> page = b'''<html><head><title>Guiyang opens metro line - Guiyang</title></head><body>
... <div>Home> News</div><h1>Guiyang opens metro line</h1>
... <div>english.guiyang.gov.cn |Updated: 2024-01-31 18:17:01</div>
... <p>The third metro line opened on Wednesday, linking the north and south of the city.</p>
... <p>Presented by China Daily.</p></body></html>'''
>>> art = extract_article(page, "https://english.guiyang.gov.cn/2024-01/31/c_1.htm")
>>> art["title"], art["published"], art["source"], art["section"]
('Guiyang opens metro line', '2024-01-31T18:17:01+08:00', 'english.guiyang.gov.cn', ['Home', 'News'])
>>> art["body"]
'The third metro line opened on Wednesday, linking the north and south of the city.'
"""

from __future__ import annotations

from .article import EXTRACTOR_VERSION, extract_page, with_listing_date


def extract_article(body: bytes, url: str, headers: dict[str, str] | None = None) -> dict:
    """Extract one article page.

    Returns a dict with ``is_article`` (False, with ``reject_reason``, for
    challenge pages, empty shells and listings), ``url``, ``canonical_url``,
    ``title``, ``published`` (ISO 8601, ``+08:00`` when a time is printed,
    date only otherwise), ``published_utc``, ``date_precision``, ``date_raw``,
    ``date_source`` (``printed`` | ``meta`` | ``headline`` | ``url`` | ``asset``;
    ``listing`` once :func:`with_listing_date` is applied), ``byline``, ``source``,
    ``section`` (breadcrumb parts), ``photos`` (``src``, ``caption``,
    ``credit``), ``body`` (paragraphs separated by a blank line),
    ``attachments``, ``page``/``pages``/``next_pages`` (multi-page articles),
    ``encoding`` and ``field_sources`` (the layer each field came from).
    """
    return extract_page(body, url, headers)


__all__ = ["EXTRACTOR_VERSION", "extract_article", "with_listing_date"]
