"""F2: the legacy China Daily template (``/YYYY-MM/DD/content_<8 digits>.htm``)."""

from __future__ import annotations

from scrapy.http import Response

from .family import FamilySpider


class LegacyChinaDailySpider(FamilySpider):
    """Base spider of family F2, China Daily's 2013-14 channel template (eguizhou, guizhou.chinadaily).

    Listings are named pages (``node_<id>.htm``, then ``node_<id>_2.htm`` ...,
    inferred from China Daily channels of the time).  Articles are
    ``/YYYY-MM/DD/content_<8 digits>.htm``; later pages ``content_<id>_N.htm``
    behind the older pager ``Previous Page 1 2 Next Page``.  Under a header bar
    ``| 中国日报网贵州频道 | 中国贵州网 |`` come the headline, a byline
    ``By … ( chinadaily.com.cn )`` and ``Updated: YYYY-MM-DD``; the headline
    repeats (image alt text) before each caption, whose credit is glued in
    round brackets ``…people.(Photo/China Daily Guizhou Office)``.

    Required attributes: those of :class:`PortalSpider` (``name``,
    ``portal_name``, ``hosts``, ``sections``, ``level``, ``province``, ``city``).
    Optional hook: :meth:`next_listing_url`.
    """

    family = "F2"

    def next_listing_url(self, response: Response, page: int) -> str | None:
        """``<node>_{N+1}.htm`` when the pager links to it, else None."""
        return self.next_named_page(response)
