"""F8: Shaanxi (``/octzwosx/<col>/<id>.htm``, ``/news/shaanxinews/<id>.htm``)."""

from __future__ import annotations

from scrapy.http import Response

from .family import FamilySpider


class ShaanxiPortalSpider(FamilySpider):
    """Base spider of family F8, english.shaanxi.gov.cn (``Powered by: E-government Office of Shaanxi Province``).

    Listings are column folders ``/octzwosx/<col>/index.htm`` then
    ``index_1.htm`` ... (inferred).  Articles are ``…/<id>.htm`` with no URL
    date; the date and source share one line
    (``2017-01-13 14:26:46 , Source : The Government Website of Shaanxi Province``)
    and an uncredited caption can sit right under it.

    Required attributes: those of :class:`PortalSpider` (``name``,
    ``portal_name``, ``hosts``, ``sections``, ``level``, ``province``, ``city``).
    Optional hook: :meth:`next_listing_url`.
    """

    family = "F8"

    def next_listing_url(self, response: Response, page: int) -> str | None:
        """``index_{N}.htm`` when linked or declared by the pager script."""
        return self.next_index_page(response)
