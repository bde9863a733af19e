"""Spider middleware: an exception in a spider callback ends its URL with an outcome, not a log line.

Scrapy logs a callback's exception ("Spider error processing") and goes on, so
the URL was left without an outcome and the run still counted as a success.
Here (order 990: the first to see a callback's exception) the URL gets
``parse-failed``, with the exception in ``detail`` (a multi-page article's
earlier pages get ``incomplete-article``, so the next run fetches it whole);
when the callback had already recorded the URL's outcome before raising, the
error is counted under ``portal_archive/errors/callback``.  Either way the
crawl's exit status says partial.  A damaged archive (``ArchiveCorrupt``) stops the
crawl at once instead (exit status 2).
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError

from archive.store import ArchiveCorrupt

from ..recorder import recorder_for, stop_on_corrupt


class CallbackErrorsMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_spider_exception(self, response, exception, spider=None):
        if isinstance(exception, (HttpError, IgnoreRequest)):  # answered by the errbacks
            return None
        if isinstance(exception, ArchiveCorrupt):  # a damaged archive (listing lookups, revisit marks): stop at once
            stop_on_corrupt(exception)
        spider = self.crawler.spider
        detail = f"{type(exception).__name__}: {exception}"[:300]
        url = (response.meta.get("redirect_urls") or [response.url])[0]
        spider.logger.error("callback failed on %s: %s", url, detail, exc_info=exception)
        recorder = recorder_for(self.crawler)
        if response.meta.get("outcome") is not None or recorder.archive is None:
            self.crawler.stats.inc_value("portal_archive/errors/callback")
            return []
        status, warc = response.status, response.meta.get("warc")
        recorder.outcome(url, "parse-failed", status=status, detail=detail, warc=warc)
        response.meta["outcome"] = "parse-failed"
        for page in response.meta.get("article_pages", []):
            recorder.outcome(page, "incomplete-article", detail=f"page {url} failed")
        return []
