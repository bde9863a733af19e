"""F6 / F6b: Shanghai portals (``/<section>/YYYYMMDD/<32 hex>.html``; the JSP list app ``?p_page=N``)."""

from __future__ import annotations

from scrapy.http import Response

from .family import FamilySpider


class ShanghaiCmsSpider(FamilySpider):
    """Base spider of family F6, the Shanghai municipal CMS (english.shanghai, stcsm.sh, wsb.sh).

    Listings are ``/<section>/index.html`` then ``index_2.html`` ...
    (``/en-Latest-WhatsNew/index_10.html``); items are a ``-`` bullet, the
    title, ``Month D, YYYY`` and a summary.  Articles are
    ``/<section>/YYYYMMDD/<32 hex>.html``; pages often print no date, so the
    URL date is the flagged fallback; wsb.sh prints ``( 2026.01.14 )`` after
    its heading; stcsm text is PDF-derived (hard line breaks rejoined).

    Required attributes: those of :class:`PortalSpider` (``name``,
    ``portal_name``, ``hosts``, ``sections``, ``level``, ``province``, ``city``).
    Optional hook: :meth:`next_listing_url`.
    """

    family = "F6"

    def next_listing_url(self, response: Response, page: int) -> str | None:
        """``index_{N+1}.html`` when linked or declared by the pager script."""
        return self.next_index_page(response)


class ShanghaiJspSpider(FamilySpider):
    """Base spider of family F6b, the Shanghai information office's JSP list app (touch.shio = 61.129.132.137).

    Listings are ``/jsp/zfxw_default_en.jsp?p_page=N&siteId=…`` (past 300
    pages), items ``Title - December 18, 2023``.  Articles are the app's detail
    pages, ``/jsp/zfxw_content_en.jsp?…id=<n>`` (inferred: no detail URL is
    documented), dated by their printed line only.

    Required attributes: those of :class:`PortalSpider` (``name``,
    ``portal_name``, ``hosts``, ``sections``, ``level``, ``province``, ``city``).
    Optional hook: :meth:`next_listing_url`.
    """

    family = "F6b"

    def next_listing_url(self, response: Response, page: int) -> str | None:
        """``?p_page={N+1}`` while the page lists articles."""
        return self.next_query_page(response, "p_page")
