"""Decompression with a bounded output: a gzip bomb ends as ``too-large``.

Scrapy's ``HttpCompressionMiddleware`` already stops inflating a body once it
passes ``DOWNLOAD_MAXSIZE`` (it decompresses in chunks, so memory stays
bounded) but then raises a bare ``IgnoreRequest``; this subclass (same order,
590) names the outcome.  Bodies over ``DOWNLOAD_MAXSIZE`` on the wire are
stopped by the download handler itself (``DownloadCancelledError``, mapped to
``too-large`` by the spider's errback); a body with no Content-Length that
grows past the limit is cut while reading, with an empty cancellation error,
so the bytes received per request are counted to name that case too.
"""

from __future__ import annotations

import weakref

from scrapy import signals
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest

from .outcomes import TooLarge


class BoundedCompressionMiddleware(HttpCompressionMiddleware):
    @classmethod
    def from_crawler(cls, crawler):
        mw = super().from_crawler(crawler)
        mw.received = weakref.WeakKeyDictionary()
        mw.limit = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        crawler.signals.connect(mw.count_bytes, signal=signals.bytes_received)
        return mw

    def count_bytes(self, data, request, spider=None):
        self.received[request] = self.received.get(request, 0) + len(data)

    def process_exception(self, request, exception, spider=None):
        received = self.received.pop(request, 0)
        limit = request.meta.get("download_maxsize", self.limit)
        if isinstance(exception, DownloadCancelledError) and limit and received > limit:
            raise TooLarge(f"body exceeds DOWNLOAD_MAXSIZE ({limit} B) after {received} B: {request.url}") from exception
        return None

    def process_response(self, request, response, spider=None):
        self.received.pop(request, None)
        try:
            return super().process_response(request, response)
        except IgnoreRequest as exc:
            if "DOWNLOAD_MAXSIZE" in str(exc):
                raise TooLarge(f"decompressed body exceeds DOWNLOAD_MAXSIZE: {response.url}",
                               response=response, request=request) from exc
            raise
