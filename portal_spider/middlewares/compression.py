"""Decompression with a bounded output: a gzip bomb ends as ``too-large``.

Scrapy's ``HttpCompressionMiddleware`` already stops inflating a body once it
passes ``DOWNLOAD_MAXSIZE`` (it decompresses in chunks, so memory stays
bounded) but then raises a bare ``IgnoreRequest``; this subclass (same order,
590) names the outcome.  Bodies over ``DOWNLOAD_MAXSIZE`` on the wire are
stopped by the download handler itself (``DownloadCancelledError``, mapped to
``too-large`` by the spider's errback).
"""

from __future__ import annotations

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest

from .outcomes import TooLarge


class BoundedCompressionMiddleware(HttpCompressionMiddleware):
    def process_response(self, request, response, spider=None):
        try:
            return super().process_response(request, response)
        except IgnoreRequest as exc:
            if "DOWNLOAD_MAXSIZE" in str(exc):
                raise TooLarge(f"decompressed body exceeds DOWNLOAD_MAXSIZE: {response.url}",
                               response=response, request=request) from exc
            raise
