"""F7: Sichuan (English pages inside www.sc.gov.cn's Chinese tree, ``/YYYY/M/D/<id>.shtml``)."""

from __future__ import annotations

from scrapy.http import Response

from .family import FamilySpider


class SichuanPortalSpider(FamilySpider):
    """Base spider of family F7, the Sichuan provincial portal.

    Listings are column folders ``/10462/10758/…/index.shtml`` then
    ``index_1.shtml`` ... (inferred).  Articles are
    ``…/YYYY/M/D/<32 hex or digits>.shtml``; pages print no date line (the URL
    date is the flagged fallback), a header bar ``Open Governance``, and
    paragraphs indented by two spaces.

    Required attributes: those of :class:`PortalSpider` (``name``,
    ``portal_name``, ``hosts``, ``sections``, ``level``, ``province``, ``city``).
    Optional hook: :meth:`next_listing_url`.
    """

    family = "F7"

    def next_listing_url(self, response: Response, page: int) -> str | None:
        """``index_{N}.shtml`` when linked or declared by the pager script."""
        return self.next_index_page(response)
