"""What every portal spider shares: listing walk, article extraction, outcomes.

A per-portal spider only sets attributes (see :class:`PortalSpider`); its CMS
family's base class supplies the family rules through two hooks.
"""

from __future__ import annotations

import re
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError

from ...extract import extract_article
from ...extract.families import ARTICLE_PATTERNS
from ...items import ArticleItem
from ...urls import canonical_url, host_of


class PortalSpider(scrapy.Spider):
    """Base of all portal spiders.

    Required attributes of a portal spider:

    ``name``
        spider name, also the portal's id in the archive (``guiyang``).
    ``portal_name``
        human name (``Guiyang (english.guiyang.gov.cn)``).
    ``hosts``
        every host the portal serves articles from, aliases included.
    ``sections``
        ``{section name: first listing page URL}``.
    ``level``, ``province``, ``city``
        ``state`` / ``province`` / ``city`` / ``district``; place names (or None).

    ``family`` is set by the family base class (``F1`` ...).  Family hooks:
    :meth:`next_listing_url` (listing pagination) and :meth:`article_url_pattern`.
    """

    family: ClassVar[str] = ""
    portal_name: ClassVar[str] = ""
    hosts: ClassVar[tuple[str, ...]] = ()
    sections: ClassVar[dict[str, str]] = {}
    level: ClassVar[str] = ""
    province: ClassVar[str | None] = None
    city: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.hosts:
            cls.allowed_domains = list(cls.hosts)

    # --- hooks --------------------------------------------------------------------------------

    def article_url_pattern(self) -> re.Pattern:
        return ARTICLE_PATTERNS[self.family]

    def next_listing_url(self, response: Response, page: int) -> str | None:  # pragma: no cover - family hook
        raise NotImplementedError

    # --- plumbing ---------------------------------------------------------------------------

    @property
    def archive(self):
        """Read side of the archive (the pipeline owns the write side)."""
        if not hasattr(self, "_archive"):
            from archive.store import Archive

            self._archive = Archive(self.settings.get("PORTAL_ARCHIVE_DB"))
        return self._archive

    def closed(self, reason):
        if hasattr(self, "_archive"):
            self._archive.close()

    def outcome(self, name: str, count: int = 1) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"portal_archive/outcome/{name}", count)

    async def start(self):
        for section, url in self.sections.items():
            yield scrapy.Request(url, callback=self.parse_listing, errback=self.failed,
                                 cb_kwargs={"section": section, "page": 1})

    def parse(self, response: Response, **kwargs):
        return self.parse_listing(response, section="", page=1)

    # --- listings ---------------------------------------------------------------------------

    def article_links(self, response: Response) -> list[str]:
        pattern = self.article_url_pattern()
        hosts = set(self.hosts)
        links: dict[str, str] = {}
        for href in response.xpath("//a/@href").getall():
            url = urljoin(response.url, href.strip()).split("#")[0]
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and host_of(url) in hosts and pattern.search(parts.path):
                links.setdefault(canonical_url(url), url)
        return list(links.values())

    def parse_listing(self, response: Response, section: str, page: int):
        self.outcome("listing")
        links = self.article_links(response)
        if not links:
            self.logger.warning("listing %s has no article links (template changed?)", response.url)
            self.outcome("empty-listing")
        incremental = self.settings.getbool("PORTAL_ARCHIVE_INCREMENTAL")
        known = self.archive.known_urls(canonical_url(u) for u in links) if incremental and links else set()
        new = [u for u in links if canonical_url(u) not in known]
        if known:
            self.outcome("known", len(links) - len(new))
        for url in new:
            yield scrapy.Request(url, callback=self.parse_article, errback=self.failed)
        if incremental and links and not new:
            self.logger.info("listing %s: every article already archived; not paging further", response.url)
            return
        if page < self.settings.getint("PORTAL_ARCHIVE_MAX_LISTING_PAGES"):
            next_url = self.next_listing_url(response, page)
            if next_url:
                yield scrapy.Request(next_url, callback=self.parse_listing, errback=self.failed,
                                     cb_kwargs={"section": section, "page": page + 1})

    # --- articles ---------------------------------------------------------------------------

    def parse_article(self, response: Response, parts: list[dict] | None = None, remaining: list[str] | None = None):
        if not isinstance(response, scrapy.http.TextResponse) and not response.body.lstrip()[:1] == b"<":
            self.outcome("not-article")
            return
        headers = {"Content-Type": response.headers.get("Content-Type", b"").decode("latin-1")}
        data = extract_article(response.body, response.url, headers)
        if parts is None:  # first page
            if not data["is_article"]:
                self.logger.warning("not an article (%s): %s", data["reject_reason"], response.url)
                self.outcome("not-article")
                return
            parts, remaining = [data], list(data["next_pages"])
        else:
            parts = [*parts, data]
        if remaining:
            yield scrapy.Request(remaining[0], callback=self.parse_article, errback=self.failed_page,
                                 cb_kwargs={"parts": parts, "remaining": remaining[1:]})
            return
        yield self.build_item(parts)

    def build_item(self, parts: list[dict]) -> ArticleItem:
        """One item from the pages of an article, in page order."""
        first = dict(parts[0])
        if len(parts) > 1:
            first["body"] = "\n\n".join(p["body"] for p in parts if p["body"])
            first["photos"] = [photo for p in parts for photo in p["photos"]]
            first["attachments"] = [a for p in parts for a in p["attachments"]]
            first["pages"] = len(parts)
        item = ArticleItem.from_extracted(first, portal=self.name)
        self.record_fields(item)
        return item

    def record_fields(self, item: ArticleItem) -> None:
        stats = self.crawler.stats
        stats.inc_value("portal_archive/fields/articles")
        for name in ("title", "published", "body"):
            if getattr(item, name):
                stats.inc_value(f"portal_archive/fields/{name}")

    # --- failures ---------------------------------------------------------------------------

    def failed(self, failure):
        if failure.check(HttpError):
            status = failure.value.response.status
            name = "not-found" if status in (404, 410) else "blocked-challenge" if status in (412, 521) else "http-error"
        elif failure.check(TimeoutError, TCPTimedOutError):
            name = "timeout"
        elif failure.check(DNSLookupError):
            name = "dns-error"
        elif "Forbidden by robots.txt" in str(failure.value):
            name = "blocked-robots"
        else:
            name = "fetch-failed"
        self.outcome(name)
        self.logger.warning("%s: %s (%s)", name, failure.request.url, failure.getErrorMessage())

    def failed_page(self, failure):
        """A later page of a multi-page article failed: keep nothing, so the next run retries it whole."""
        self.failed(failure)
        self.outcome("incomplete-article")
