"""robots.txt, read conservatively, with Crawl-delay applied per host.

Replaces Scrapy's ``RobotsTxtMiddleware`` (same order, 100), which parses
whatever comes back as rules and ignores Crawl-delay.  Following RFC 9309:

* 2xx: the rules are obeyed — unless the answer is an anti-bot challenge or a
  geo-block page (see :mod:`.blockpages`), which is not a robots.txt at all;
* 4xx (other than 412/429): there is no robots.txt, everything is allowed;
* 5xx, 429, 412/521, a challenge page, or no answer (timeout, refused
  connection): robots.txt could not be read, so nothing on that host is
  crawled in this run.  Every request to it ends with ``blocked-challenge``
  (challenge answers), ``geo-blocked`` or ``blocked-robots`` (the rest).

``Crawl-delay`` (for our user agent, else ``*``) becomes the minimum gap
between two requests to that host, capped at ``PORTAL_ARCHIVE_MAX_CRAWL_DELAY``
seconds; AutoThrottle is told not to shorten it.
"""

from __future__ import annotations

import asyncio

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from ..recorder import recorder_for
from .blockpages import classify
from .hostslots import set_min_delay
from .outcomes import BlockedChallenge, BlockedRobots, OutcomeError


def robots_verdict(status: int, body: bytes) -> tuple[type[OutcomeError], str] | None:
    """Why a robots.txt answer cannot be used as rules (None: use it).

    >>> robots_verdict(200, b"User-agent: *\\nDisallow: /private/\\n") is None
    True
    >>> robots_verdict(404, b"<html>not found</html>") is None
    True
    >>> robots_verdict(503, b"")
    (<class 'portal_spider.middlewares.outcomes.BlockedRobots'>, 'robots.txt unreadable (HTTP 503)')
    >>> robots_verdict(200, b"<title>Just a moment...</title><p>Checking your browser before accessing</p>")
    (<class 'portal_spider.middlewares.outcomes.BlockedChallenge'>, 'robots.txt answered with a challenge page (HTTP 200)')
    """
    block = classify(status, body)
    if block is not None:
        cls, reason = block
        kind = "a challenge page" if cls is BlockedChallenge else "a geo-block page"
        return cls, f"robots.txt answered with {kind} (HTTP {status})"
    if status >= 500 or status == 429:
        return BlockedRobots, f"robots.txt unreadable (HTTP {status})"
    return None


class PortalRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler):
        super().__init__(crawler)
        self.max_crawl_delay = crawler.settings.getfloat("PORTAL_ARCHIVE_MAX_CRAWL_DELAY")
        self.blocked: dict[str, tuple[type[OutcomeError], str]] = {}
        self.crawl_delays: dict[str, float] = {}
        self.schemes: dict[str, str] = {}

    async def process_request(self, request, spider=None):
        if request.meta.get("dont_obey_robotstxt") or request.url.startswith(("data:", "file:")):
            return None
        netloc = urlparse_cached(request).netloc
        self.schemes.setdefault(netloc, urlparse_cached(request).scheme)
        rp = await self.robot_parser(request)
        if netloc in self.blocked:
            cls, reason = self.blocked[netloc]
            self._stats.inc_value("robotstxt/blocked_host_request")
            raise cls(f"{reason}: not crawling {netloc}")
        delay = self.crawl_delays.get(netloc)
        if delay:
            request.meta["autothrottle_dont_adjust_delay"] = True
            set_min_delay(self.crawler, request, delay)
        self.process_request_2(rp, request)
        return None

    async def robot_parser(self, request):
        netloc = urlparse_cached(request).netloc
        waiting = self._parsers.get(netloc)
        if not isinstance(waiting, Deferred):
            return await super().robot_parser(request)
        # Scrapy awaits this Deferred with Deferred.asFuture, whose callback passes None on: of the
        # requests waiting for the same robots.txt, only the first got the rules and every other one
        # went out unchecked (a node taking a host's first requests all at once met it every run)
        answer = asyncio.get_running_loop().create_future()

        def hand_on(parser):
            if not answer.done():
                answer.set_result(parser)
            return parser

        waiting.addBoth(hand_on)
        return await answer

    async def _parse_robots(self, response, netloc, request):
        verdict = robots_verdict(response.status, response.body)
        if verdict is not None:
            self._stats.inc_value("robotstxt/response_count")
            self._stats.inc_value(f"robotstxt/unusable/{response.status}")
            self.crawler.spider.logger.warning("%s; not crawling %s in this run", verdict[1], netloc)
            self.blocked[netloc] = verdict
            self._resolve(netloc, None)
            return
        await super()._parse_robots(response, netloc, request)
        parser = self._parsers.get(netloc)
        useragent = self._robotstxt_useragent or request.headers.get(b"User-Agent", self._default_useragent)
        delay = None
        if hasattr(parser, "crawl_delay"):
            delay = parser.crawl_delay(useragent)
        if delay:
            if delay > self.max_crawl_delay:
                self.crawler.spider.logger.warning("%s asks for Crawl-delay %s s; using the cap of %s s",
                                                   netloc, delay, self.max_crawl_delay)
                delay = self.max_crawl_delay
            self.crawl_delays[netloc] = float(delay)
            self._stats.set_value(f"robotstxt/crawl_delay/{netloc}", float(delay))

    def _robots_error(self, exc, netloc):
        if not isinstance(exc, IgnoreRequest):
            # no answer at all: nothing was captured, so record the robots.txt fetch here
            self.blocked[netloc] = (BlockedRobots, f"robots.txt unreadable ({type(exc).__name__})")
            recorder = recorder_for(self.crawler)
            if recorder.archive is not None:
                scheme = self.schemes.get(netloc, "https")
                recorder.outcome(f"{scheme}://{netloc}/robots.txt", "robots-txt",
                                 detail=f"unreadable: {type(exc).__name__}: {exc}"[:300])
        super()._robots_error(exc, netloc)

    def _resolve(self, netloc, parser):
        dfd = self._parsers.get(netloc)
        self._parsers[netloc] = parser
        if dfd is not None and hasattr(dfd, "callback") and not dfd.called:
            dfd.callback(parser)
