"""Per-host politeness for the whole cluster, not per node.

Scrapy enforces ``CONCURRENT_REQUESTS_PER_DOMAIN``, ``DOWNLOAD_DELAY``, robots.txt
``Crawl-delay`` and the back-off pauses (:mod:`portal_spider.middlewares.hostslots`) inside
one process: N nodes would hit a portal N times as hard.  On a frontier, this middleware
(order 900: after robots.txt and retries decided the request goes, before the WARC capture)
takes a hold on the request's host in Redis before it is sent (:meth:`Frontier.acquire_host`,
one Lua script) and gives it back when the answer or the failure arrives:

* at most ``CONCURRENT_REQUESTS_PER_DOMAIN`` requests in flight to a host, cluster-wide;
* at least ``DOWNLOAD_DELAY`` (or the host's Crawl-delay, whichever is longer) between two
  requests to it from any node;
* a pause one node takes (Retry-After, back-off) holds every node.

A hold lapses after ``DOWNLOAD_TIMEOUT`` + 30 s, so a killed node's holds free themselves.
Each node still applies its own Scrapy limits on top: they can only make it slower.
"""

from __future__ import annotations

import asyncio
import uuid

from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from ..middlewares.hostslots import listen
from .redis_scheduler import frontier_for

#: ``request.meta`` key of the request's hold: ``(host, token)``.
HOLD = "frontier_host_hold"
#: Seconds between two asks when a host is at its limit (a hold is given back any moment).
POLL_SECONDS = 0.05
#: Longest single wait before asking again (another node may have paused the host meanwhile).
MAX_WAIT_SECONDS = 5.0


class ClusterPolitenessMiddleware:
    def __init__(self, crawler):
        s = crawler.settings
        self.crawler = crawler
        self.frontier = frontier_for(s)
        self.limit = s.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        self.delay_ms = int(s.getfloat("DOWNLOAD_DELAY") * 1000)
        self.hold_ms = int((s.getfloat("DOWNLOAD_TIMEOUT") + 30) * 1000)
        self.delays: dict[str, int] = {}
        listen(crawler, self.paused, self.delayed)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.get("PORTAL_ARCHIVE_FRONTIER"):
            raise NotConfigured
        return cls(crawler)

    async def process_request(self, request, spider=None):
        host = urlparse_cached(request).hostname or ""
        token = uuid.uuid4().hex
        waited = False
        while (wait := await self.frontier.acquire_host(host, token, self.limit, self.delay_ms, self.hold_ms)) != 0:
            waited = True
            await asyncio.sleep(POLL_SECONDS if wait < 0 else min(wait / 1000, MAX_WAIT_SECONDS))
        if waited:
            self.crawler.stats.inc_value("portal_archive/frontier/host_waits")
        request.meta[HOLD] = (host, token)
        return None

    def process_response(self, request, response, spider=None):
        self._release(request)
        return response

    def process_exception(self, request, exception, spider=None):
        self._release(request)
        return None

    def _release(self, request) -> None:
        hold = request.meta.pop(HOLD, None)
        if hold is not None:
            self.frontier.later(self.frontier.release_host, *hold)

    # --- pauses and delays decided by the politeness middlewares -------------------------------

    def paused(self, request, seconds: float) -> None:
        self.frontier.pause_host(urlparse_cached(request).hostname or "", int(seconds * 1000))

    def delayed(self, request, seconds: float) -> None:
        host, ms = urlparse_cached(request).hostname or "", int(seconds * 1000)
        if self.delays.get(host, 0) < ms:  # robots.txt sets it before every request to the host
            self.delays[host] = ms
            self.frontier.min_delay(host, ms)
