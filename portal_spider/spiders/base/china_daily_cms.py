"""F1: portals built by China Daily (``/YYYY-MM/DD/c_<id>.htm``)."""

from __future__ import annotations

from scrapy.http import Response

from .family import FamilySpider


class ChinaDailyCmsSpider(FamilySpider):
    """Base spider of family F1, the China Daily-built CMS.

    Listings are named pages: the first is ``<slug>.html`` (``news.html``,
    ``2023guizhoulatest.html``), page N is ``<slug>_N.html``, linked from a text
    pager ``1 2 >``.  Articles are ``/[<section>/]YYYY-MM/DD/c_<id>.htm`` with
    later pages ``c_<id>_N.htm`` (followed and stitched by the extractor's
    sibling rule; a bare ``1 2 3 4`` row is a carousel, not a pager).  Date
    line ``<source> |Updated: YYYY-MM-DD[ HH:MM[:SS]]`` under the headline.

    Required attributes: those of :class:`PortalSpider` (``name``,
    ``portal_name``, ``hosts``, ``sections``, ``level``, ``province``, ``city``).
    Optional hook: :meth:`next_listing_url`.
    """

    family = "F1"

    def next_listing_url(self, response: Response, page: int) -> str | None:
        """``<slug>_{N+1}.html`` when the page links to it (the pager), else None."""
        return self.next_named_page(response)
