"""robots.txt, read conservatively, with Crawl-delay applied per host.

Replaces Scrapy's ``RobotsTxtMiddleware`` (same order, 100; same settings
``ROBOTSTXT_OBEY``, ``ROBOTSTXT_PARSER``, ``ROBOTSTXT_USER_AGENT``; same
``robots_parsed`` signal), which parses whatever comes back as rules, ignores
Crawl-delay and logs a traceback when a host cannot be reached.  Following
RFC 9309:

* 2xx: the rules are obeyed — unless the answer is an anti-bot challenge or a
  geo-block page (see :mod:`.blockpages`), which is not a robots.txt at all;
* 4xx (other than 412/429): there is no robots.txt, everything is allowed;
* 5xx, 429, 412/521 or a challenge page: robots.txt could not be read, so
  nothing on that host is crawled in this run; every request to it ends with
  ``blocked-challenge`` (challenge answers), ``geo-blocked`` or
  ``blocked-robots`` (the rest);
* no answer (DNS, refused, reset, TLS, timeout): the host cannot be reached;
  the robots.txt fetch and every request to the host end with that network
  outcome (``dns-error``, ``connection-refused`` ...), and one line says so
  (``cannot reach HOST: reason``, see :func:`.outcomes.report_unreachable`).

``Crawl-delay`` (for our user agent, else ``*``) becomes the minimum gap
between two requests to that host, capped at ``PORTAL_ARCHIVE_MAX_CRAWL_DELAY``
seconds; AutoThrottle is told not to shorten it.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler, load_object
from twisted.internet.defer import Deferred

from ..recorder import recorder_for
from .blockpages import classify
from .hostslots import set_min_delay
from .outcomes import NETWORK, BlockedChallenge, BlockedRobots, OutcomeError, Unreachable, network_failure, \
    report_unreachable

logger = logging.getLogger(__name__)


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


class PortalRobotsTxtMiddleware:
    DOWNLOAD_PRIORITY = 1000

    def __init__(self, crawler):
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.parser_class = load_object(settings.get("ROBOTSTXT_PARSER"))
        self.robots_useragent = settings.get("ROBOTSTXT_USER_AGENT")
        self.default_useragent = settings.get("USER_AGENT")
        self.max_crawl_delay = settings.getfloat("PORTAL_ARCHIVE_MAX_CRAWL_DELAY")
        self.rules: dict[str, object] = {}  # netloc -> its parser (None: nothing forbidden)
        self.blocked: dict[str, tuple[type[OutcomeError], str, str | None]] = {}  # netloc -> (error, reason, outcome)
        self.waiting: dict[str, list[Deferred]] = {}  # netloc -> requests waiting for its robots.txt
        self.crawl_delays: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_request(self, request, spider=None):
        if request.meta.get("dont_obey_robotstxt") or request.url.startswith(("data:", "file:")):
            return None
        url = urlparse_cached(request)
        netloc = url.netloc
        if netloc not in self.rules and netloc not in self.blocked:
            await self._read_robots(url.scheme, netloc)
        if netloc in self.blocked:
            cls, reason, outcome = self.blocked[netloc]
            self.stats.inc_value("robotstxt/blocked_host_request")
            raise cls(f"{reason}: not crawling {netloc}", outcome=outcome)
        delay = self.crawl_delays.get(netloc)
        if delay:
            request.meta["autothrottle_dont_adjust_delay"] = True
            set_min_delay(self.crawler, request, delay)
        parser = self.rules.get(netloc)
        useragent = self.robots_useragent or request.headers.get(b"User-Agent", self.default_useragent)
        if parser is not None and not parser.allowed(request.url, useragent):
            self.stats.inc_value("robotstxt/forbidden")
            raise BlockedRobots("Forbidden by robots.txt")
        return None

    async def _read_robots(self, scheme: str, netloc: str) -> None:
        """Fetch and judge ``netloc``'s robots.txt once; requests arriving meanwhile wait for it."""
        if netloc in self.waiting:
            waiter: Deferred = Deferred()
            self.waiting[netloc].append(waiter)
            await maybe_deferred_to_future(waiter)
            return
        self.waiting[netloc] = []
        robots_url = f"{scheme}://{netloc}/robots.txt"
        try:
            request = Request(robots_url, priority=self.DOWNLOAD_PRIORITY, meta={"dont_obey_robotstxt": True},
                              callback=NO_CALLBACK)
            try:
                response = await self.crawler.engine.download_async(request)
            except IgnoreRequest:  # not sent (the crawl is stopping, the window closed): no rules
                self.rules[netloc] = None
            except Exception as exc:
                self._unanswered(robots_url, netloc, exc)
            else:
                await self._judge(response, netloc, request)
        finally:
            self.stats.inc_value("robotstxt/request_count")
            for waiter in self.waiting.pop(netloc):
                waiter.callback(None)

    def _unanswered(self, robots_url: str, netloc: str, exc: Exception) -> None:
        """No answer at all: nothing was captured, so record the robots.txt fetch here."""
        self.stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        outcome = network_failure(exc)
        if outcome is not None:
            host = netloc.split(":")[0]
            self.blocked[netloc] = (Unreachable, f"cannot reach {host}: {NETWORK[outcome]}", outcome)
            report_unreachable(host, outcome)
        else:
            self.blocked[netloc] = (BlockedRobots, f"robots.txt unreadable ({type(exc).__name__})", None)
            outcome = "robots-txt"
        logger.debug("robots.txt of %s: no answer", netloc, exc_info=exc)
        recorder = recorder_for(self.crawler)
        if recorder.archive is not None:
            recorder.outcome(robots_url, outcome, detail=f"unreadable: {type(exc).__name__}: {exc}"[:300])

    async def _judge(self, response, netloc: str, request) -> None:
        self.stats.inc_value("robotstxt/response_count")
        self.stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        verdict = robots_verdict(response.status, response.body)
        if verdict is not None:
            self.stats.inc_value(f"robotstxt/unusable/{response.status}")
            self.crawler.spider.logger.warning("%s; not crawling %s in this run", verdict[1], netloc)
            self.blocked[netloc] = (*verdict, None)
            return
        parser = build_from_crawler(self.parser_class, self.crawler, response.body)
        await self.crawler.signals.send_catch_log_async(signal=signals.robots_parsed, robotparser=parser,
                                                        request=request)
        self.rules[netloc] = parser
        useragent = self.robots_useragent or request.headers.get(b"User-Agent", self.default_useragent)
        delay = parser.crawl_delay(useragent) if hasattr(parser, "crawl_delay") else None
        if delay:
            if delay > self.max_crawl_delay:
                self.crawler.spider.logger.warning("%s asks for Crawl-delay %s s; using the cap of %s s",
                                                   netloc, delay, self.max_crawl_delay)
                delay = self.max_crawl_delay
            self.crawl_delays[netloc] = float(delay)
            self.stats.set_value(f"robotstxt/crawl_delay/{netloc}", float(delay))
