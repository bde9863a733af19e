"""F3: the State Council's English portal (``content_<15 digits>.htm``, ``content_WS<24 hex>.html``)."""

from __future__ import annotations

from scrapy.http import Response

from .family import FamilySpider


class StateCouncilSpider(FamilySpider):
    """Base spider of family F3, english.www.gov.cn (= english.gov.cn).

    Listings are section folders, ``<section>/index.htm`` then
    ``index_1.htm`` ... (inferred: the portal's list markup is not documented).
    Articles are ``/…/YYYY/MM/DD/content_<15 digits>.htm`` (2016-17) and
    ``/…/YYYYMM/DD/content_WS<24 hex>.html`` (newer; China Daily's id shape),
    both with the URL date as the flagged fallback.  Date line
    ``Updated: Aug 15,2016 2:09 PM`` (12-hour clock); header bar ``App | 中文 |``.
    Specials (``/2016special/…``) list title + summary without dates.

    Required attributes: those of :class:`PortalSpider` (``name``,
    ``portal_name``, ``hosts``, ``sections``, ``level``, ``province``, ``city``).
    Optional hook: :meth:`next_listing_url`.
    """

    family = "F3"

    def next_listing_url(self, response: Response, page: int) -> str | None:
        """``index_{N}.htm`` when linked or declared by the pager script."""
        return self.next_index_page(response)
