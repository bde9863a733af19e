"""scrapy-redis's scheduler, extended so that a request taken by a node is never lost.

Plain scrapy-redis pops a request from Redis when the engine asks for one: a node killed with
requests in flight loses them, and its duplicate filter blocks their URLs for ever.  Here
(keys and scripts in :mod:`.connection`):

* popping moves the request's id into the node's ``taken`` hash (one Lua script); the id
  leaves it only when the request is finished: its callback or errback has run and Scrapy has
  handled everything it produced (requests queued, items through the pipeline: results
  buffered), and then in the transaction that sends those results to the writer
  (:meth:`FrontierScheduler.release_finished`).  A retry or a redirect that Scrapy schedules
  again replaces the taken request under the same id.
* a node's taken requests go back to their queues when its lease lapses (:class:`NodeLease`),
  so another node fetches them after ``PORTAL_ARCHIVE_FRONTIER_LEASE`` seconds.
* the duplicate filter (:class:`RunDupeFilter`) keeps the fingerprints of one cluster run, by
  canonical URL, and checks and queues in the same script: a URL is never marked seen
  without being queued.  Fresh requests are always checked (``dont_filter`` too: the frontier
  is the cluster's "one request per article per run"), retries of a taken request are not.
* the spider stays open until the writer says the run is done, taking requests as they come.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import inspect
import logging
import time
import uuid

from scrapy_redis import picklecompat
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from ..urls import canonical_url
from .connection import Frontier, node_name

logger = logging.getLogger(__name__)

#: ``request.meta`` key holding the frontier id of a taken request.
LEASE = "frontier_lease"
#: Seconds between two looks for finished requests to release (also done at every request taken).
RELEASE_SECONDS = 0.05
#: Requests taken from the frontier at once (one Redis round trip for several pages).
PREFETCH = 3
#: Seconds before asking the frontier again after it had nothing for this node.
EMPTY_SECONDS = 0.05
_FRONTIERS: dict[tuple[str, str], Frontier] = {}


def frontier_for(settings) -> Frontier:
    """The process's one :class:`Frontier` for the crawl's settings."""
    key = (settings.get("PORTAL_ARCHIVE_FRONTIER"), settings.get("PORTAL_ARCHIVE_FRONTIER_PREFIX"))
    if key not in _FRONTIERS:
        _FRONTIERS[key] = Frontier.from_url(*key)
        _FRONTIERS[key].stop_on_loss = True  # only nodes crawl with this
    return _FRONTIERS[key]


class RunDupeFilter(RFPDupeFilter):
    """scrapy-redis's duplicate filter on the run's ``seen`` set, fingerprinting canonical URLs.

    >>> from scrapy import Request
    >>> f = RunDupeFilter(None, "seen")
    >>> f.request_fingerprint(Request("https://english.guiyang.gov.cn/2024-01/31/c_1.htm?from=timeline")) == \\
    ...     f.request_fingerprint(Request("http://english.guiyang.gov.cn/2024-01/31/c_1.htm"))
    True
    """

    def request_fingerprint(self, request) -> bytes:
        data = f"{request.method} {canonical_url(request.url)}".encode() + (request.body or b"")
        return hashlib.blake2b(data, digest_size=12).digest()

    def close(self, reason=""):
        """The fingerprints belong to the cluster run, not to this node: the writer drops them."""


class ReliableQueue(Base):
    """A portal's queue in the frontier (``P:q:<portal>``), popping into the node's ``taken`` hash."""

    def __init__(self, server, spider, key, serializer=None, *, frontier: Frontier, node: str, run_id: str):
        super().__init__(server, spider, key, serializer or picklecompat)
        self.frontier, self.node, self.run_id = frontier, node, run_id
        self.portal = spider.name
        self.prefetched: collections.deque = collections.deque()
        self.empty_at = -1.0

    def __len__(self):
        return self.frontier.queued(self.portal) + len(self.prefetched)

    def push(self, request, fingerprint: bytes | None = None, replaces: str | None = None) -> bool:
        """Queue ``request`` unless ``fingerprint`` was seen; ``replaces``: the taken id it stands for.

        Sent by the frontier's sending thread, before anything the node sends later (the release
        of the request that produced it): the crawl does not wait, and a duplicate is dropped there.
        """
        plain = request.replace(callback=_unwrapped(request.callback), errback=_unwrapped(request.errback))
        self.frontier.later(self.frontier.push, self.portal, replaces or uuid.uuid4().hex, self._encode_request(plain),
                            request.priority, fingerprint, self.run_id, taken_by=self.node if replaces else None)
        return True

    def pop(self, timeout=0):
        if not self.prefetched:
            now = time.monotonic()
            if now - self.empty_at < EMPTY_SECONDS:  # asked a moment ago: the engine asks after every page
                return None
            got = self.frontier.pop(self.portal, self.node, PREFETCH)
            if got is False:  # our lease lapsed (a long stall): renew it, our old requests are back in the queue
                NodeLease.current().renew()
                got = self.frontier.pop(self.portal, self.node, PREFETCH)
            if not got:
                self.empty_at = now
                return None
            self.prefetched.extend(got)
        request_id, data = self.prefetched.popleft()
        request = self._decode_request(data)
        request.meta[LEASE] = request_id
        return request

    def clear(self):
        """Never: the queue belongs to the cluster run."""


class FrontierScheduler(Scheduler):
    def __init__(self, crawler, frontier: Frontier):
        super().__init__(frontier.redis, persist=True, queue_key=frontier.key("q", "%(spider)s"),
                         queue_cls=f"{__name__}.ReliableQueue", serializer=picklecompat)
        self.crawler = crawler
        self.frontier = frontier
        self.stats = crawler.stats
        settings = crawler.settings
        self.run_id = settings.get("PORTAL_ARCHIVE_RUN_ID")
        self.max_backlog = settings.getint("PORTAL_ARCHIVE_FRONTIER_MAX_BACKLOG")
        self._checked = 0.0
        self._over = False
        self._backlogged = False
        self.taken: dict[str, object] = {}  # lease -> the request popped under it
        self.finishing: set[str] = set()  # leases whose callback or errback has returned
        self.release_loop = task.LoopingCall(self.release_finished)

    @classmethod
    def from_crawler(cls, crawler):
        # the engine asks for requests after each download and on its heartbeat (5 s): an idle node
        # would wait that long for requests another node has just queued
        crawler.engine._SLOT_HEARTBEAT_INTERVAL = 0.1
        return cls(crawler, frontier_for(crawler.settings))

    def open(self, spider):
        self.spider = spider
        lease = NodeLease.start(self.frontier, self.crawler.settings)
        self.queue = ReliableQueue(self.server, spider, self.queue_key, self.serializer,
                                   frontier=self.frontier, node=lease.node, run_id=self.run_id)
        self.df = RunDupeFilter(self.server, self.frontier.key("seen", self.run_id))
        self.recorder = _recorder(self.crawler)
        self.release_loop.start(RELEASE_SECONDS, now=False)

    def close(self, reason):
        if self.release_loop.running:
            self.release_loop.stop()
        self.release_finished()
        NodeLease.stop()  # what is still taken (a stop mid-crawl) goes back to the frontier

    def enqueue_request(self, request):
        lease = request.meta.get(LEASE)
        if lease is not None:  # a retry or a redirect stands in for the request taken under that id
            self.taken.pop(lease, None)
        fingerprint = None if lease is not None and request.dont_filter else self.df.request_fingerprint(request)
        self.queue.push(request, fingerprint, replaces=lease)
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        self.release_finished()
        self._check_run()
        if self._over or self._backlogged:
            return None
        request = self.queue.pop()
        if request is None:
            return None
        self.stats.inc_value("scheduler/dequeued/redis")
        lease = request.meta[LEASE]
        self.taken[lease] = request
        done = functools.partial(self.finishing.add, lease)
        request.callback = finished_after(request.callback or self.spider._parse, done)
        errback = finished_after(request.errback, done) if request.errback else _finish_failure(done)
        request.errback = _unless_deferred(errback)
        return request

    def release_finished(self) -> None:
        """Release the taken requests that Scrapy has finished with, sending their results.

        A callback's last outputs may still wait in the scraper's queue when it returns (Scrapy
        reads a callback a few outputs ahead), so a request counts as finished only once it has
        left the scraper's active set: Scrapy has no signal for "a response and everything it
        produced are handled", and that set is where it keeps the answer (private, Scrapy 2.19).
        """
        if not self.finishing:
            return
        active = self.crawler.engine.scraper.slot.active
        for lease in [lease for lease in self.finishing if self.taken.get(lease) not in active]:
            self.finishing.discard(lease)
            self.taken.pop(lease, None)
            self.recorder.release(lease)

    def has_pending_requests(self):
        """Until the writer ends the run, more may come from other nodes: the spider stays open."""
        self._check_run()
        return not self._over

    def _check_run(self) -> None:
        now = time.monotonic()
        if now - self._checked < 0.5:
            return
        self._checked = now
        run = self.frontier.run()
        self._over = run.get("id") != str(self.run_id) or run.get("state") != "crawling"
        backlog = self.frontier.backlog()
        if backlog > self.max_backlog and not self._backlogged:
            logger.info("%d results wait for the writer: taking no request until it catches up", backlog)
        self._backlogged = backlog > self.max_backlog


def _recorder(crawler):
    from ..recorder import recorder_for

    return recorder_for(crawler)


def _unwrapped(func):
    return getattr(func, "__wrapped__", func)


def finished_after(func, done):
    """``func`` (a callback or errback), then ``done()`` once it has returned its last output
    (or raised).

    >>> calls = []
    >>> list(finished_after(lambda: iter([1, 2]), lambda: calls.append("done"))()), calls
    ([1, 2], ['done'])
    """
    if inspect.isasyncgenfunction(func) or inspect.iscoroutinefunction(func):
        @functools.wraps(func)
        async def run_then_finish_async(*args, **kwargs):
            try:
                output = func(*args, **kwargs)
                if inspect.isawaitable(output):
                    output = await output
                if hasattr(output, "__aiter__"):
                    async for item in output:
                        yield item
                else:
                    for item in output or ():
                        yield item
            finally:
                done()

        return run_then_finish_async

    @functools.wraps(func)
    def run_then_finish(*args, **kwargs):
        try:
            yield from func(*args, **kwargs) or ()
        finally:
            done()

    return run_then_finish


def _unless_deferred(errback):
    """``errback``, except for a request this node did not send because it is stopping (outcome
    ``deferred``): on one machine the next run fetches it; in a cluster the run goes on, so it stays
    taken, and goes back to the frontier for another node when this one leaves (:meth:`NodeLease.stop`)."""
    @functools.wraps(errback)
    def errback_unless_deferred(failure):
        if getattr(failure.value, "outcome", None) == "deferred":
            return None
        return errback(failure)

    errback_unless_deferred.__wrapped__ = _unwrapped(errback)
    return errback_unless_deferred


def _finish_failure(done):
    def finish_and_fail(failure):
        done()
        return failure  # Scrapy logs the error as it would without an errback

    finish_and_fail.__wrapped__ = None  # the request had no errback (what the frontier keeps)
    return finish_and_fail


class NodeLease:
    """This process's lease in the frontier: renewed every third of ``PORTAL_ARCHIVE_FRONTIER_LEASE``
    by the reactor (a stalled reactor lets it lapse, and other nodes take its requests), which also
    puts back the requests of nodes whose lease lapsed.  One per process, shared by its crawlers."""

    _current: "NodeLease | None" = None
    _users = 0

    def __init__(self, frontier: Frontier, settings):
        self.frontier = frontier
        self.node = settings.get("PORTAL_ARCHIVE_FRONTIER_NODE") or node_name()
        self.lease_ms = int(settings.getfloat("PORTAL_ARCHIVE_FRONTIER_LEASE") * 1000)
        self.info = {"portals": settings.get("PORTAL_ARCHIVE_FRONTIER_PORTALS", ""), "started": time.time()}
        self.renew(register=True)
        self.loop = task.LoopingCall(self._tick)
        self.loop.start(self.lease_ms / 3000, now=False)

    @classmethod
    def start(cls, frontier: Frontier, settings) -> "NodeLease":
        if cls._current is None:
            cls._current = cls(frontier, settings)
        cls._users += 1
        return cls._current

    @classmethod
    def current(cls) -> "NodeLease":
        return cls._current

    @classmethod
    def stop(cls) -> None:
        cls._users -= 1
        if cls._users <= 0 and cls._current is not None:
            lease, cls._current, cls._users = cls._current, None, 0
            if lease.loop.running:
                lease.loop.stop()
            lease.frontier.drain()  # everything this node produced is sent before it leaves
            lease.frontier.redis.delete(lease.frontier.key("alive", lease.node))
            lease.frontier.reap()  # what this node still held (a stop mid-crawl) goes back to the queues

    def renew(self, register: bool = False) -> None:
        self.frontier.heartbeat(self.node, self.lease_ms, self.info if register else None)

    def _tick(self) -> None:
        self.renew()
        if moved := self.frontier.reap():
            logger.warning("put back %d request(s) taken by a node that stopped answering", moved)
