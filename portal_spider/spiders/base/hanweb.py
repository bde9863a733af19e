"""F5: Hanweb JCMS portals (``/art/YYYY/M/D/art_<col>_<id>.html``)."""

from __future__ import annotations

from scrapy.http import Response

from .family import FamilySpider


class HanwebSpider(FamilySpider):
    """Base spider of family F5, Hanweb JCMS (``Produced By 大汉网络 大汉版通发布系统``).

    Listings are column pages ``/col/col<id>/index.html`` whose items often sit
    in a ``<script type="text/xml">`` record list (read as well as plain links),
    paged by ``?uid=…&pageNum=N`` (Hanweb's jpage; inferred).  Articles are
    ``/art/YYYY/M/D/art_<col>_<id>.html`` (month and day not zero-padded), URL
    date as the flagged fallback.  Date lines: a bare ``2015-01-30 11:09:40``,
    ``Date:2021-07-30 16:34``, or glued ``english.jinan.gov.cn2022-01-21``;
    breadcrumbs ``Home > Hot News``, ``> I WANT TO > …`` or an empty ``>  >``;
    captions may carry an empty credit ``[Photo/]``.

    Required attributes: those of :class:`PortalSpider` (``name``,
    ``portal_name``, ``hosts``, ``sections``, ``level``, ``province``, ``city``).
    Optional hook: :meth:`next_listing_url`.
    """

    family = "F5"

    def next_listing_url(self, response: Response, page: int) -> str | None:
        """``?pageNum={N+1}`` while the page lists articles, or the linked ``index_N.html``."""
        return self.next_index_page(response) or self.next_query_page(response, "pageNum")
