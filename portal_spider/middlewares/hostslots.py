"""Per-host pauses and delays on Scrapy's downloader slots, and a crawl that stops sending.

Scrapy queues requests per slot, one per host (``Downloader.get_slot_key``).
:class:`HostSlotsMiddleware` is the last downloader middleware before the
downloader (order 980): every request passes it just before it joins its
slot's queue, so it is where a host is held back, through public API only:

* a paused host (:func:`pause_host`: a back-off or a ``Retry-After``) has its
  requests held here until the pause ends; the requests already queued in its
  slot are handed back to the scheduler (:class:`HostPaused`) and come back here;
* a crawl told to stop (:func:`stop_sending`: SIGINT/SIGTERM, see the runner)
  lets nothing more through: what waits in a slot's queue or here ends as
  ``deferred`` (:class:`Stopped`), left for the next run; only transfers already
  under way finish.

:func:`set_min_delay` keeps a host's gap between requests at least its
robots.txt Crawl-delay: on its slot, and in its ``DOWNLOAD_SLOTS`` entry for a
slot not made yet (or dropped while idle and made anew).
"""

from __future__ import annotations

import weakref
from time import monotonic

from scrapy.utils.asyncio import call_later
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from scrapy.utils.defer import maybe_deferred_to_future

from .outcomes import OutcomeError


class Stopped(OutcomeError):
    """Not sent: the crawl is stopping (the next run fetches it)."""

    outcome = "deferred"


class HostPaused(Exception):
    """Taken out of a paused host's slot queue: back to the scheduler, to wait in the middleware."""


class _HostSlots:
    """One crawler's pauses (slot key -> monotonic end), held requests and stop reason."""

    def __init__(self):
        self.pauses: dict[str, float] = {}
        self.sleepers: set[Deferred] = set()
        self.stopped: str | None = None

    async def sleep(self, seconds: float) -> None:
        woken: Deferred = Deferred()
        timer = call_later(seconds, lambda: woken.called or woken.callback(None))
        self.sleepers.add(woken)
        try:
            await maybe_deferred_to_future(woken)
        finally:
            self.sleepers.discard(woken)
            timer.cancel()

    def wake_all(self) -> None:
        for woken in list(self.sleepers):
            if not woken.called:
                woken.callback(None)


_STATE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # crawler -> _HostSlots
_LISTENERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # crawler -> [(on_pause, on_min_delay)]


def listen(crawler, on_pause, on_min_delay) -> None:
    """Also tell ``on_pause(request, seconds)`` and ``on_min_delay(request, seconds)`` of every pause
    and minimum delay: nodes of a cluster share them (``portal_spider/frontier/politeness.py``)."""
    _LISTENERS.setdefault(crawler, []).append((on_pause, on_min_delay))


def _state(crawler) -> _HostSlots:
    state = _STATE.get(crawler)
    if state is None:
        state = _STATE[crawler] = _HostSlots()
    return state


def _requeue(slot, exc: Exception, keep=lambda request: False) -> None:
    """Fail the requests waiting in ``slot``'s queue with ``exc`` (those ``keep`` accepts stay)."""
    kept = []
    while slot.queue:
        request, waiting = slot.queue.popleft()
        if keep(request):
            kept.append((request, waiting))
        else:
            waiting.errback(Failure(exc))
    slot.queue.extend(kept)


def pause_host(crawler, request, seconds: float) -> float:
    """Send nothing more to ``request``'s host for ``seconds``; return when the pause ends (monotonic)."""
    downloader = crawler.engine.downloader
    key = downloader.get_slot_key(request)
    state = _state(crawler)
    until = max(state.pauses.get(key, 0.0), monotonic() + seconds)
    state.pauses[key] = until
    slot = downloader.slots.get(key)
    if slot is not None:
        _requeue(slot, HostPaused(key))
    for on_pause, _ in _LISTENERS.get(crawler, ()):
        on_pause(request, seconds)
    return until


def stop_sending(crawler, reason: str) -> None:
    """From now on no request of ``crawler`` reaches the network; the waiting ones end as ``deferred``."""
    state = _state(crawler)
    if state.stopped:
        return
    state.stopped = reason
    state.wake_all()
    for slot in list(crawler.engine.downloader.slots.values()):
        _requeue(slot, Stopped(f"not sent: {reason}"))


def set_min_delay(crawler, request, seconds: float) -> None:
    """At least ``seconds`` between two requests to ``request``'s host, without random jitter below it."""
    for _, on_min_delay in _LISTENERS.get(crawler, ()):
        on_min_delay(request, seconds)
    downloader = crawler.engine.downloader
    key = downloader.get_slot_key(request)
    entry = downloader.per_slot_settings.setdefault(key, {})
    if entry.get("delay", 0) < seconds or entry.get("jitter"):
        entry.update(delay=max(entry.get("delay", 0), seconds), jitter=0.0)
    slot = downloader.slots.get(key)
    if slot is not None and (slot.delay < seconds or slot.jitter):
        slot.delay = max(slot.delay, seconds)
        slot.jitter = 0.0


class HostSlotsMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.state = _state(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        state = self.state
        if state.stopped:
            raise Stopped(f"not sent: {state.stopped}")
        if state.pauses:
            key = self.crawler.engine.downloader.get_slot_key(request)
            if state.pauses.get(key, 0.0) > monotonic():
                return self._wait(key)  # awaited by the downloader (a coroutine, no Deferred)
            state.pauses.pop(key, None)
        return None

    async def _wait(self, key: str) -> None:
        state = self.state
        while not state.stopped and (left := state.pauses.get(key, 0.0) - monotonic()) > 0:
            await state.sleep(left)
        if state.stopped:
            raise Stopped(f"not sent: {state.stopped}")

    def process_exception(self, request, exception, spider=None):
        if isinstance(exception, HostPaused):
            return request.replace(dont_filter=True)  # waits in process_request until the pause ends
        return None
