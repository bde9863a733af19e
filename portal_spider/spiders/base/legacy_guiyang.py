"""F10: the legacy Guiyang portal (``/c<NNNN>/index.html``)."""

from __future__ import annotations

from scrapy.http import Response

from .family import FamilySpider


class LegacyGuiyangSpider(FamilySpider):
    """Base spider of family F10, en.www.guiyang.gov.cn.

    Section listings and articles share one URL shape, ``/c<NNNN>/index.html``
    (no URL date); a listing's later pages are ``index_N.html`` (inferred).
    Articles print ``home > Government > Mayor speech``, a side word
    (``General Survey``) and ``2018-03-27   Source:Guiyang China``.  Linked
    section pages fetched as articles are recognised as listings, not stored.

    Required attributes: those of :class:`PortalSpider` (``name``,
    ``portal_name``, ``hosts``, ``sections``, ``level``, ``province``, ``city``).
    Optional hook: :meth:`next_listing_url`.
    """

    family = "F10"

    def next_listing_url(self, response: Response, page: int) -> str | None:
        """``index_{N}.html`` when linked or declared by the pager script."""
        return self.next_index_page(response)
