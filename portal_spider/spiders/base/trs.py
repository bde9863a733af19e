"""F4: TRS-style portals (``/YYYYMM/tYYYYMMDD_<id>.html``, ``.htm``, ``.shtml``)."""

from __future__ import annotations

from scrapy.http import Response

from .family import FamilySpider


class TrsSpider(FamilySpider):
    """Base spider of family F4, the TRS WCM URL scheme (Beijing, Shenzhen, Qingdao, Nanning, Suzhou, Wuhan, Hunan).

    Listings are ``<column>/index.html`` then ``index_1.html``, ``index_2.html``
    ... (the pager is often drawn by ``createPageHTML(pages, current, "index",
    "html")``, which is read too); items are ``Title | YYYY-MM-DD`` + summary
    (Shenzhen), not strictly chronological.  Articles are
    ``/YYYYMM/tYYYYMMDD_<id>.html`` with the URL date as the flagged fallback
    (Nanning, Wuhan and Hunan print no date line).  Date lines vary per portal:
    ``2024-02-05  |  ``, ``Date: 2022-09-29`` / ``Source: …``, ``From: …`` /
    ``Updated: …``, ``Qingdao Government | DECEMBER 24,2021``; Suzhou prints
    junk ``Date: Tmp: …`` lines first.  Trailers ``Editor:``, ``Translator:``,
    ``Chinese source:`` are parsed and dropped; captions may repeat (Hunan) or
    follow the body uncredited (Shenzhen).

    Required attributes: those of :class:`PortalSpider` (``name``,
    ``portal_name``, ``hosts``, ``sections``, ``level``, ``province``, ``city``).
    Optional hook: :meth:`next_listing_url`.
    """

    family = "F4"

    def next_listing_url(self, response: Response, page: int) -> str | None:
        """``index_{N}.html`` when linked or declared by the pager script."""
        return self.next_index_page(response)
