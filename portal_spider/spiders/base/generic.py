"""F9: one-off templates, crawled by declared URL shapes and read by the generic extractor."""

from __future__ import annotations

from scrapy.http import Response

from ...extract import listing
from .family import FamilySpider


class GenericPortalSpider(FamilySpider):
    """Base spider of family F9, portals with a template of their own (Xi'an, Dongguan, SAFE, MOFCOM, ...).

    Nothing about the markup is assumed: the extractor's layers (metadata,
    date-label lines with the value on the same or the next line, caption
    credits, paragraph density) read the article.  Listings are walked through
    whichever pager the page links (``index_N``, ``<slug>_N``, ``?page=N``).

    Required attributes: those of :class:`PortalSpider` (``name``,
    ``portal_name``, ``hosts``, ``sections``, ``level``, ``province``,
    ``city``) plus ``article_pattern``, a regex matched against an article
    URL's path (or ``path?query``).
    Optional hook: :meth:`next_listing_url`.
    """

    family = "F9"

    def next_listing_url(self, response: Response, page: int) -> str | None:
        """The linked ``index_N`` / ``<slug>_N`` / ``?page=N`` next page, else None."""
        return (self.next_index_page(response) or self.next_named_page(response)
                or listing.next_query_page(response.url, response.xpath("//a/@href").getall(), "page", False))
