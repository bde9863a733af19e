"""What every portal spider shares: listing walk, article extraction, one outcome per URL.

A per-portal spider only sets attributes (see :class:`PortalSpider`); its CMS
family's base class supplies the family rules through two hooks.
"""

from __future__ import annotations

import hashlib
import logging
import re
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError

from archive.store import ArchiveCorrupt

from ...dates import date_from_url
from ...extract import extract_article, listing, with_listing_date
from ...families import FAMILIES
from ...items import ArticleItem
from ...pages import stitch_pages
from ...recorder import recorder_for, stop_on_corrupt
from ...urls import canonical_url, clean_url, host_of


#: the first bytes of JPEG, PNG, GIF and BMP files (WebP and SVG are tested apart)
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"BM")


class PortalSpider(scrapy.Spider):
    """Base of all portal spiders.

    Required attributes of a portal spider:

    ``name``
        spider name, also the portal's id in the archive (``guiyang``).
    ``portal_name``
        human name (``Guiyang (english.guiyang.gov.cn)``).
    ``hosts``
        every host the portal serves articles from, aliases included: the only hosts fetched
        (see :mod:`portal_spider.middlewares.fetch_boundary`).
    ``sections``
        ``{section name: first listing page URL}``.
    ``level``, ``province``, ``city``
        ``state`` / ``province`` / ``city`` / ``district``; place names (or None).

    Optional: ``cdn_hosts``, hosts outside the portal that serve its pages (a CDN), fetched too.

    Optional: ``mirror_hosts``, ``{host: other host[/folder]}`` for hosts of the
    portal that serve another host's pages (an alias, or a district subdomain
    mirroring a folder of the city portal); canonical URLs are spelt on the
    other host.  Write it as a literal: :func:`portal_spider.registry.mirror_hosts`
    reads it without importing Scrapy.

    Optional: ``article_pattern``, a regex searched in an article URL's path (or
    ``path?query``) that narrows the family's URL shapes to this portal's articles
    (a TRS portal whose host also serves Chinese pages in the same shape);
    required by the one-off family F9, which has no shapes of its own.

    ``family`` is set by the family base class (``F1`` ...).  Family hooks:
    :meth:`next_listing_url` (listing pagination) and :meth:`article_url_pattern`.

    Spider arguments: ``since=YYYY-MM-DD`` skips articles whose URL date is older
    (a bounded backfill).
    """

    family: ClassVar[str] = ""
    portal_name: ClassVar[str] = ""
    hosts: ClassVar[tuple[str, ...]] = ()
    cdn_hosts: ClassVar[tuple[str, ...]] = ()
    sections: ClassVar[dict[str, str]] = {}
    level: ClassVar[str] = ""
    province: ClassVar[str | None] = None
    city: ClassVar[str | None] = None
    mirror_hosts: ClassVar[dict[str, str]] = {}
    article_pattern: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.hosts:
            cls.allowed_domains = list(cls.hosts)
        if "article_pattern" in cls.__dict__ and cls.article_pattern:
            cls._article_re = re.compile(cls.article_pattern)

    # --- hooks --------------------------------------------------------------------------------

    def article_url_pattern(self) -> re.Pattern:
        """The portal's ``article_pattern`` when it declares one, else its family's URL shapes."""
        return getattr(self, "_article_re", None) or FAMILIES[self.family].article_pattern

    def next_listing_url(self, response: Response, page: int) -> str | None:  # pragma: no cover - family hook
        raise NotImplementedError

    # --- plumbing ---------------------------------------------------------------------------

    @property
    def recorder(self):
        return recorder_for(self.crawler)

    def record(self, url: str, outcome: str, response: Response | None = None, detail: str | None = None) -> None:
        self.recorder.outcome(url, outcome, status=response.status if response is not None else None, detail=detail,
                              warc=response.meta.get("warc") if response is not None else None)
        if response is not None and response.request is not None:
            response.meta["outcome"] = outcome  # for middlewares/callback_errors.py: this URL has its one outcome

    async def start(self):
        try:
            async for request in self._start():
                yield request
        except ArchiveCorrupt as exc:  # not in a callback: middlewares/callback_errors.py does not see it
            stop_on_corrupt(exc)

    async def _start(self):
        self.requested: set[str] = set()
        self.walks: dict[str, dict] = {}  # section -> pages walked, pages declared, why the walk stopped
        self.requested_images: set[str] = set()
        self.recorder.open(self.name)
        # after a crash or a kill, walk every listing page once: the stopped run may have archived
        # a section's first page and not the pages after it
        self.deep_walk = self.recorder.archive.last_run_interrupted(self.name, self.recorder.run_id)
        if self.deep_walk:
            self.logger.info("the last crawl of %s did not finish: walking all listing pages", self.name)
        if self.settings.get("PORTAL_ARCHIVE_FRONTIER"):
            return  # a cluster node: the writer seeds the shared frontier (portal_spider/frontier/writer.py)
        for request in self.section_requests():
            yield request
        if self.settings.getbool("PORTAL_ARCHIVE_INCREMENTAL"):
            # edits to older articles: listings only show the newest, so look the due ones up directly
            for due in self.recorder.archive.due_articles(self.name,
                                                          self.settings.getint("PORTAL_ARCHIVE_REVISITS_PER_RUN")):
                self.requested.add(due["canonical_url"])
                try:
                    yield self.revisit(due["url"], due)
                except ValueError as exc:  # not a URL Scrapy can request (an imported ``javascript:`` ...)
                    scheme = urlsplit(due["url"]).scheme
                    self.record(due["url"], "fetch-failed" if scheme in ("http", "https") else "refused-scheme",
                                detail=str(exc)[:300])

    def section_requests(self) -> list[scrapy.Request]:
        """The first listing page of every section: where a run starts."""
        return [scrapy.Request(url, callback=self.parse_listing, errback=self.failed, cb_kwargs={"section": section, "page": 1})
                for section, url in self.sections.items()]

    def parse(self, response: Response, **kwargs):
        return self.parse_listing(response, section="", page=1)

    # --- listings ---------------------------------------------------------------------------

    def article_links(self, response: Response) -> list[str]:
        pattern = self.article_url_pattern()
        hosts = set(self.hosts)
        links: dict[str, str] = {}
        for href in response.xpath("//a/@href").getall():
            url = clean_url(urljoin(response.url, href.strip()))
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and host_of(url) in hosts and pattern.search(parts.path):
                links.setdefault(canonical_url(url), url)
        since = getattr(self, "since", None)
        if since:
            links = {c: u for c, u in links.items() if not (d := date_from_url(u)) or d.iso >= since}
        return list(links.values())

    def parse_listing(self, response: Response, section: str, page: int, known_pages: int = 0,
                      probe: bool = False, counts_from_one: bool | None = None):
        alternative = response.meta.get("other_numbering")
        if alternative and response.status == 404:
            # page 2 named by the other count (index_2 where index_1 was guessed): one more try
            self.record(response.url, "listing-end", response,
                        detail=f"{section} page {page} as declared: HTTP 404; trying {alternative}")
            yield scrapy.Request(alternative, callback=self.parse_listing, errback=self.failed,
                                 cb_kwargs={"section": section, "page": page, "known_pages": known_pages,
                                            "counts_from_one": not counts_from_one})
            return
        if probe and response.status >= 300:
            # a probed next page that is not there (404, or a redirect home): the section ends here
            self.record(response.url, "listing-end", response,
                        detail=f"{section} page {page} probed: HTTP {response.status}")
            return
        links = self.article_links(response)
        canon = {u: canonical_url(u) for u in links}
        fresh = [u for u in links if canon[u] not in self.requested]
        if probe and not fresh:  # a soft 404, or the same page again: no page of this section is left
            self.record(response.url, "listing-end", response, detail=f"{section} page {page} probed: no new links")
            return
        self.record(response.url, "listing", response, detail=f"{section} page {page}: {len(links)} articles")
        if not links:
            self.logger.warning("listing %s has no article links (template changed?)", response.url)
            self.crawler.stats.inc_value("portal_archive/empty_listing")
        incremental = self.settings.getbool("PORTAL_ARCHIVE_INCREMENTAL")
        archive = self.recorder.archive
        known = archive.known_urls(canon.values()) if incremental and links else set()
        due = archive.due_for_revisit(known) if known else {}
        # one request per article per run, whatever spelling each listing used
        new = [u for u in links if canon[u] not in known and canon[u] not in self.requested]
        self.requested.update(canon[u] for u in new)
        self.crawler.stats.inc_value("portal_archive/skipped_known", len(known) - len(due))
        dated = listing.listing_dates(response.selector.root, response.url, new) if new else {}
        for url in new:
            day = dated.get(canon[url])
            meta = {"listing_date": {"iso": day.iso, "utc": day.utc, "precision": day.precision, "raw": day.raw}} \
                if day is not None else None
            yield scrapy.Request(url, callback=self.parse_article, errback=self.failed, meta=meta)
        for url in links:
            validators = due.get(canon[url])
            if validators and canon[url] not in self.requested:  # due for a look at its edits
                self.requested.add(canon[url])
                yield self.revisit(url, validators)
        walk = self.walks.setdefault(section, {"pages": 0, "declared": 0, "stopped": None})
        walk["pages"] = max(walk["pages"], page)
        # A page counts as known when all its articles are archived, or when the archived ones form
        # its tail (new articles first, then only known ones): the boundary between new and known
        # is on this page, as on a newest-first listing.  An old article bumped to the top does not count.
        flags = [canon[u] in known for u in links]
        boundary = True in flags and all(flags[flags.index(True):])
        known_pages = known_pages + 1 if incremental and boundary else 0
        if known_pages and not getattr(self, "deep_walk", False) \
                and known_pages >= self.settings.getint("PORTAL_ARCHIVE_STOP_AFTER_KNOWN_PAGES"):
            self.logger.info("listing %s: its articles are archived from here on; not paging further", response.url)
            walk["stopped"] = "archived"
            return
        if page >= self.settings.getint("PORTAL_ARCHIVE_MAX_LISTING_PAGES"):
            walk["stopped"] = "max-pages"
            return
        next_url, how, pager, counts_from_one = self.next_page(response, page, counts_from_one, bool(new))
        if pager is not None:
            walk["declared"] = max(walk["declared"], pager.pages)
        if next_url and host_of(next_url) in self.hosts:
            meta = None
            if how == "probe":  # a probe's miss (404, 410, a redirect: not followed) ends the section, not a failure
                meta = {"handle_httpstatus_list": [404, 410, 301, 302, 303, 307, 308]}
            elif how == "declared" and page == 1 and (other := listing.other_numbering(next_url)):
                meta = {"handle_httpstatus_list": [404], "other_numbering": other}
            yield scrapy.Request(next_url, callback=self.parse_listing, errback=self.failed, meta=meta,
                                 cb_kwargs={"section": section, "page": page + 1, "known_pages": known_pages,
                                            "probe": how == "probe", "counts_from_one": counts_from_one})

    def next_page(self, response: Response, page: int, counts_from_one: bool | None, brought_new: bool):
        """``(next URL or None, how, declared pager or None, counts_from_one)`` after a listing page;
        ``how`` is ``linked``, ``declared`` or ``probe``.

        The family's hook (a linked next page) first; then the pager the page declares in a
        script or in print; failing both, when the page brought articles not archived yet, the
        conventional next name, to probe once (a miss ends the section: a pager drawn by a
        script that cannot be read costs one request, not the section).
        """
        next_url, how = self.next_listing_url(response, page), "linked"
        pager = listing.declared_pager(response.xpath("//script/text()").getall(),
                                       " ".join(response.xpath("//body//text()[not(ancestor::script)]").getall()[:3000]))
        if pager is not None and counts_from_one is None:
            counts_from_one = listing.pager_counts_from_one(response.url, pager)
        if next_url is None and pager is not None:
            next_url, how = listing.declared_next_page(response.url, pager, counts_from_one), "declared"
        if next_url is None and pager is None and brought_new:
            next_url, how = listing.conventional_next_page(response.url), "probe"
        return next_url, how, pager, counts_from_one

    def closed(self, reason: str) -> None:
        """Sections whose walk ended on page 1 although their pager declares more pages: an alert."""
        for section, walk in getattr(self, "walks", {}).items():
            if walk["declared"] > 1 and walk["pages"] == 1 and walk["stopped"] is None:
                self.crawler.stats.set_value(f"portal_archive/short_walk/{section}",
                                             f"walked 1 of {walk['declared']} declared listing pages")

    def revisit(self, url: str, validators: dict) -> scrapy.Request:
        """A conditional GET of a known article (304: unchanged; 404/410: gone)."""
        headers = {}
        if validators.get("etag"):
            headers["If-None-Match"] = validators["etag"]
        if validators.get("last_modified"):
            headers["If-Modified-Since"] = validators["last_modified"]
        return scrapy.Request(url, callback=self.parse_article, errback=self.failed, headers=headers,
                              meta={"handle_httpstatus_list": [304, 404, 410], "revisit": True}, dont_filter=True)

    # --- articles ---------------------------------------------------------------------------

    def parse_article(self, response: Response, parts: list[dict] | None = None, remaining: list[str] | None = None):
        requested = (response.meta.get("redirect_urls") or [response.url])[0]
        if response.meta.get("revisit") and parts is None:
            canon = canonical_url(requested)
            if response.status == 304:
                self.recorder.touch(canon)
                self.record(requested, "not-modified", response)
                return
            if response.status in (404, 410) or (response.meta.get("redirect_urls") and urlsplit(response.url).path in ("", "/", "/index.html")):
                self.recorder.tombstone(canon)
                self.record(requested, "gone", response)
                return
        if response.meta.get("redirect_urls") and urlsplit(response.url).path in ("", "/", "/index.html"):
            self.record(requested, "not-article", response, detail=f"redirected to {response.url}")
            return
        headers = {"Content-Type": response.headers.get("Content-Type", b"").decode("latin-1")}
        # done in a worker process by middlewares/extract_pool.py when it runs (which may have failed it:
        # too-complex, parse-failed); the same call otherwise
        failed = response.meta.pop("extract_failed", None)
        data = None if failed else response.meta.pop("extracted", None)
        if data is None and not failed:
            try:
                data = extract_article(response.body, response.url, headers)
            except Exception as exc:  # a page that breaks the extractor must not stop the crawl
                self.logger.exception("extraction failed on %s", response.url)
                failed = ("parse-failed", f"{type(exc).__name__}: {exc}")
        if failed:
            self.logger.warning("%s: %s (%s)", failed[0], response.url, failed[1])
            self.record(requested, failed[0], response, detail=failed[1])
            for url in [p["url"] for p in parts or ()]:  # the article's earlier pages: fetched again next run
                self.record(url, "incomplete-article", detail=f"page {requested} failed")
            return
        data["warc_records"] = [response.meta["warc"]] if response.meta.get("warc") else []
        if parts is None:  # first page
            if not data["is_article"]:
                # blocked-challenge, soft-error and empty-page are transient (the URL is fetched again later)
                outcome = data.get("reject_outcome") or "not-article"
                self.logger.warning("%s (%s): %s", outcome, data["reject_reason"], response.url)
                self.record(requested, outcome, response, detail=data["reject_reason"])
                return
            data = with_listing_date(data, response.meta.get("listing_date"))
            data["etag"] = (response.headers.get("ETag") or b"").decode("latin-1") or None
            data["last_modified"] = (response.headers.get("Last-Modified") or b"").decode("latin-1") or None
            parts, remaining = [data], list(data["next_pages"])
        else:
            parts = [*parts, data]
        if remaining:
            yield scrapy.Request(remaining[0], callback=self.parse_article, errback=self.failed_page,
                                 cb_kwargs={"parts": parts, "remaining": remaining[1:]},
                                 meta={"article_pages": [p["url"] for p in parts]})
            return
        item = self.build_item(parts)
        yield item
        yield from self.photo_requests(item)

    def build_item(self, parts: list[dict]) -> ArticleItem:
        """One item from the pages of an article, in page order."""
        item = ArticleItem.from_extracted(stitch_pages(parts), portal=self.name)
        self.record_fields(item)
        return item

    # --- photos -----------------------------------------------------------------------------

    def photo_requests(self, item: ArticleItem):
        """One request per photo of ``item`` not yet archived nor asked for in this run (same politeness,
        robots.txt and fetch boundary as pages; a size cap; each image fetched once across articles)."""
        if not self.settings.getbool("PORTAL_ARCHIVE_PHOTOS"):
            return
        srcs = list(dict.fromkeys(p["src"] for p in item.photos if (p.get("src") or "").startswith(("http://", "https://"))))
        srcs = [u for u in srcs if u not in self.requested_images]
        if not srcs:
            return
        known = self.recorder.archive.known_images(srcs)
        for url in srcs:
            self.requested_images.add(url)
            if url not in known:
                yield scrapy.Request(url, callback=self.parse_image, errback=self.failed_image, priority=-1,
                                     meta={"download_maxsize": self.settings.getint("PORTAL_ARCHIVE_MAX_PHOTO_BYTES"),
                                           "photo_of": item.url})

    def parse_image(self, response: Response):
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1").split(";")[0].strip().lower()
        body = response.body
        is_image = body.startswith(_IMAGE_MAGIC) or (body[:4] == b"RIFF" and body[8:12] == b"WEBP") \
            or (content_type == "image/svg+xml" and b"<svg" in body[:2048])
        if response.status != 200 or not is_image:
            why = f"HTTP {response.status}" if response.status != 200 else f"not an image ({content_type or 'no type'})"
            self.recorder.image({"url": response.url, "status": response.status, "detail": why,
                                 "warc": response.meta.get("warc")})
            return
        self.recorder.image({"url": response.url, "status": response.status, "content_type": content_type or None,
                             "size": len(body), "sha256": hashlib.sha256(body).hexdigest(),
                             "warc": response.meta.get("warc"), "detail": f"photo of {response.meta.get('photo_of')}"})

    def failed_image(self, failure):
        """A photo that could not be fetched: its caption is shown with this reason."""
        request = failure.request
        response = getattr(failure.value, "response", None)
        why = getattr(failure.value, "outcome", None)
        status = getattr(response, "status", None)
        detail = (f"{why}: " if why else "") + (f"HTTP {status}" if status else failure.getErrorMessage()[:200])
        self.recorder.image({"url": request.url, "status": status, "detail": detail})

    def record_fields(self, item: ArticleItem) -> None:
        stats = self.crawler.stats
        stats.inc_value("portal_archive/fields/articles")
        for name in ("title", "published", "body"):
            if getattr(item, name):
                stats.inc_value(f"portal_archive/fields/{name}")

    # --- failures ---------------------------------------------------------------------------

    def failed(self, failure):
        from scrapy.exceptions import DownloadCancelledError, ResponseDataLossError

        from ...middlewares.outcomes import OutcomeError, Unreachable, network_failure

        request = failure.request
        response = getattr(failure.value, "response", None)
        if failure.check(OutcomeError):  # named by a politeness/fault middleware (portal_spider/middlewares)
            name = failure.value.outcome
        elif failure.check(HttpError):
            status = response.status
            name = "not-found" if status in (404, 410) else "blocked-challenge" if status in (412, 521) else "http-error"
        elif failure.check(DownloadCancelledError) and "max size" in str(failure.value):
            name = "too-large"
        elif failure.check(ResponseDataLossError):
            name = "truncated"
        elif network := network_failure(failure.value):  # DNS, refused, reset, TLS, timeout
            name = network
        elif failure.check(IgnoreRequest):
            name = "ignored"
        else:
            name = "fetch-failed"
        if response is not None and getattr(response, "request", None) is None:
            response = None  # raised before the engine tied it to its request: no WARC location to read
        url = (request.meta.get("redirect_urls") or [request.url])[0]  # the URL the spider asked for
        self.record(url, name, response, detail=failure.getErrorMessage()[:300])
        # a host that cannot be reached had its one line (cannot reach HOST: reason), and a page left for
        # the next run is no news: both are details
        quiet = failure.check(Unreachable) or name == "deferred"
        self.logger.log(logging.INFO if quiet else logging.WARNING, "%s: %s (%s)", name, url, failure.getErrorMessage())

    def failed_page(self, failure):
        """A later page of a multi-page article failed: keep nothing, so the next run retries it whole."""
        self.failed(failure)
        for url in failure.request.meta.get("article_pages", []):
            self.record(url, "incomplete-article", detail=f"page {failure.request.url} failed")
