"""F1: portals built by China Daily (``/YYYY-MM/DD/c_<id>.htm``)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from scrapy.http import Response

from .portal import PortalSpider

_NAMED_PAGE = re.compile(r"^(?P<stem>.+?)(?:_(?P<n>\d+))?\.html$")


class ChinaDailyCmsSpider(PortalSpider):
    """Base spider of family F1, the China Daily-built CMS.

    Listings are named pages: the first is ``<slug>.html`` (``news.html``,
    ``2023guizhoulatest.html``), page N is ``<slug>_N.html``, linked from a text
    pager ``1 2 >``.  Articles are ``/[<section>/]YYYY-MM/DD/c_<id>.htm`` with
    later pages ``c_<id>_N.htm`` (followed and stitched by the extractor's
    sibling rule).

    Required attributes: those of :class:`PortalSpider` (``name``,
    ``portal_name``, ``hosts``, ``sections``, ``level``, ``province``, ``city``).
    Optional hook: :meth:`next_listing_url`.
    """

    family = "F1"

    def next_listing_url(self, response: Response, page: int) -> str | None:
        """``<slug>_{N+1}.html`` when the page links to it (the pager), else None."""
        path = urlsplit(response.url).path
        folder, _, leaf = path.rpartition("/")
        match = _NAMED_PAGE.match(leaf)
        if not match:
            return None
        wanted = f"{folder}/{match.group('stem')}_{int(match.group('n') or 1) + 1}.html"
        for href in response.xpath("//a/@href").getall():
            url = urljoin(response.url, href.strip())
            if urlsplit(url).path == wanted:
                return url.split("#")[0]
        return None
