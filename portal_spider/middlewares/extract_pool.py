"""Article extraction on the idle core: a process pool fed by the downloader.

Scrapy runs a crawl on one core; extraction (~3-4 ms a page) is the biggest
cost of the spider's callback.  This middleware (order 40: the last to see a
response) hands each article response's body to a worker process
(``PORTAL_ARCHIVE_EXTRACT_WORKERS``, default: cores - 1; 0 turns it off) and
puts the result in ``response.meta["extracted"]``, which
``PortalSpider.parse_article`` uses instead of extracting again.  While a page
is in the pool the reactor keeps downloading.

The worker runs the very same ``extract_article(body, url, headers)`` call as
the spider would; when it fails for any reason (an extractor exception, a dead
worker) nothing is put in ``meta`` and the spider extracts in-process as before,
so errors and outcomes are unchanged.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from scrapy import signals
from scrapy.exceptions import NotConfigured


_SHARED: dict = {"pool": None, "users": 0}


def _warm() -> None:
    from ..extract import extract_article  # noqa: F401  (import once, at worker start)


def _extract(body: bytes, url: str, headers: dict):
    from ..extract import extract_article

    return extract_article(body, url, headers)


class ExtractionPoolMiddleware:
    def __init__(self, crawler, workers: int):
        self.crawler = crawler
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        crawler.signals.connect(self.open, signal=signals.spider_opened)
        crawler.signals.connect(self.close, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        workers = crawler.settings.get("PORTAL_ARCHIVE_EXTRACT_WORKERS")
        workers = max(0, (os.cpu_count() or 1) - 1) if workers in (None, "", "auto") else int(workers)
        if workers <= 0:
            raise NotConfigured
        return cls(crawler, workers)

    def open(self, spider=None):
        # one pool per process, shared by every crawler in it: `portal-archive crawl` runs all
        # portals in one process, and a pool each would spawn dozens of workers at once
        if _SHARED["pool"] is None:
            _SHARED["pool"] = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                  initializer=_warm)
        _SHARED["users"] += 1
        self.pool = _SHARED["pool"]

    def close(self, spider=None):
        if self.pool is None:
            return
        self.pool = None
        _SHARED["users"] -= 1
        if _SHARED["users"] <= 0 and _SHARED["pool"] is not None:
            _SHARED["pool"].shutdown(wait=False, cancel_futures=True)
            _SHARED["pool"], _SHARED["users"] = None, 0

    async def process_response(self, request, response, spider=None):
        if (self.pool is None or response.status != 200 or not response.body
                or getattr(request.callback, "__name__", None) != "parse_article"):
            return response
        headers = {"Content-Type": response.headers.get("Content-Type", b"").decode("latin-1")}
        try:
            future = self.pool.submit(_extract, response.body, response.url, headers)
            request.meta["extracted"] = await asyncio.wrap_future(future)
            self.crawler.stats.inc_value("portal_archive/extract_pool/pages")
        except Exception:  # the spider extracts in-process and records what went wrong
            self.crawler.stats.inc_value("portal_archive/extract_pool/fallbacks")
        return response
