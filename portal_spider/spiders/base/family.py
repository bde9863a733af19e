"""What the family base spiders share: reading a listing's links and its pager.

:class:`FamilySpider` reads article links from ``<a href>`` and from script
text (Hanweb's record lists, TRS pager scripts) through the pure helpers of
:mod:`portal_spider.extract.listing`, and matches the family's URL pattern
against the path and, for JSP apps, ``path?query``.
"""

from __future__ import annotations

from scrapy.http import Response

from ...dates import date_from_url
from ...extract import listing
from ...urls import canonical_url
from .portal import PortalSpider


class FamilySpider(PortalSpider):
    """A :class:`PortalSpider` whose listings are read by the shared listing helpers."""

    def listing_hrefs(self, response: Response) -> list[str]:
        return response.xpath("//a/@href").getall() + listing.script_hrefs(response.xpath("//script/text()").getall())

    def article_links(self, response: Response) -> list[str]:
        links = listing.article_links(response.url, self.listing_hrefs(response), self.article_url_pattern(),
                                      frozenset(self.hosts))
        # F10 listings share the article URL shape: a section page is never its own article
        sections = {canonical_url(u) for u in self.sections.values()} | {canonical_url(response.url)}
        links = [u for u in links if canonical_url(u) not in sections]
        since = getattr(self, "since", None)
        if since:
            links = [u for u in links if not (d := date_from_url(u)) or d.iso >= since]
        # links not yet requested in this run: a page that adds none ends a constructed walk (?p_page=N)
        requested = getattr(self, "requested", set())
        if response.request is not None:  # (a response built by hand has no request, hence no meta)
            response.meta.setdefault("fresh_links", sum(canonical_url(u) not in requested for u in links))
        return links

    def next_index_page(self, response: Response) -> str | None:
        """``index.html`` -> ``index_1.html`` (or ``index_2``) -> ... as linked or declared by a TRS pager script."""
        return listing.next_index_page(response.url, response.xpath("//a/@href").getall(),
                                       response.xpath("//script/text()").getall())

    def next_named_page(self, response: Response) -> str | None:
        """``<slug>.html`` -> ``<slug>_2.html`` -> ... as linked from the pager."""
        return listing.next_named_page(response.url, response.xpath("//a/@href").getall())

    def next_query_page(self, response: Response, param: str) -> str | None:
        """``?<param>=N`` -> ``N+1`` while the page lists articles."""
        links = self.article_links(response) if response.request is None or "fresh_links" not in response.meta else []
        fresh = response.meta["fresh_links"] if response.request is not None else len(links)
        return listing.next_query_page(response.url, response.xpath("//a/@href").getall(), param, fresh > 0)
