"""Route every request through one HTTP proxy, e.g. the offline sample portal.

Scrapy's own robots.txt requests carry no proxy setting, so this runs in the
downloader chain (before HttpProxyMiddleware) where it sees them too.
"""

from __future__ import annotations

from scrapy.exceptions import NotConfigured


class LoopbackProxyMiddleware:
    def __init__(self, proxy: str):
        self.proxy = proxy

    @classmethod
    def from_crawler(cls, crawler):
        proxy = crawler.settings.get("PORTAL_ARCHIVE_PROXY")
        if not proxy:
            raise NotConfigured
        return cls(proxy)

    def process_request(self, request):
        request.meta.setdefault("proxy", self.proxy)
        return None
