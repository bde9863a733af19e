"""Keep every fetched response, byte for byte, in WARC files.

Sits next to the downloader (order 950), so it sees responses before
HttpCompressionMiddleware decompresses them: the record holds the bytes as
they came over the wire, with the status line and headers.
"""

from __future__ import annotations

from scrapy.exceptions import NotConfigured

from ..recorder import recorder_for


class WarcCaptureMiddleware:
    def __init__(self, crawler):
        self.recorder = recorder_for(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("PORTAL_ARCHIVE_WARC"):
            raise NotConfigured
        return cls(crawler)

    def process_response(self, request, response):
        headers = [(name, value) for name, values in response.headers.items() for value in values]
        location = self.recorder.capture(
            response.url, response.status, headers, response.body,
            protocol=response.protocol or "HTTP/1.1", ip=str(response.ip_address) if response.ip_address else None,
        )
        if location is not None:
            request.meta["warc"] = location
            if request.meta.get("dont_obey_robotstxt") and request.url.endswith("/robots.txt"):
                self.recorder.outcome(request.url, "robots-txt", status=response.status, warc=location)
        return response
