"""Per-host pauses and delays on Scrapy's downloader slots (shared by the politeness middlewares).

Scrapy queues requests per slot (one per host).  A slot whose ``latercall`` is
set does not send anything until it fires, which is how a host is paused
without holding up the other hosts; a slot's ``delay`` is the gap between two
requests to it.
"""

from __future__ import annotations

import weakref
from time import monotonic

from scrapy.utils.asyncio import call_later

_PAUSES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # crawler -> {slot key: monotonic time}
_LISTENERS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()  # crawler -> [(on_pause, on_min_delay)]


def listen(crawler, on_pause, on_min_delay) -> None:
    """Also tell ``on_pause(request, seconds)`` and ``on_min_delay(request, seconds)`` of every pause
    and minimum delay: nodes of a cluster share them (``portal_spider/frontier/politeness.py``)."""
    _LISTENERS.setdefault(crawler, []).append((on_pause, on_min_delay))


def slot_for(crawler, request):
    """``(key, slot)`` of the downloader slot that will carry ``request``."""
    return crawler.engine.downloader._get_slot(request)


def pause_host(crawler, request, seconds: float) -> float:
    """Send nothing more to ``request``'s host for ``seconds``; return when the pause ends (monotonic)."""
    key, slot = slot_for(crawler, request)
    pauses = _PAUSES.setdefault(crawler, {})
    until = max(pauses.get(key, 0.0), monotonic() + seconds)
    pauses[key] = until
    _arm(crawler, slot, until)
    for on_pause, _ in _LISTENERS.get(crawler, ()):
        on_pause(request, seconds)
    return until


def keep_paused(crawler, request) -> None:
    """Re-arm a pause on a slot that Scrapy dropped while idle and made anew."""
    pauses = _PAUSES.get(crawler)
    if not pauses:
        return
    key, slot = slot_for(crawler, request)
    until = pauses.get(key)
    if until is None:
        return
    if until <= monotonic():
        del pauses[key]
    elif slot.latercall is None:
        _arm(crawler, slot, until)


def _arm(crawler, slot, until: float) -> None:
    remaining = until - monotonic()
    if remaining <= 0:
        return
    downloader = crawler.engine.downloader
    if slot.latercall is not None:
        slot.latercall.cancel()
    slot.latercall = call_later(remaining, downloader._latercall, slot)


def set_min_delay(crawler, request, seconds: float) -> None:
    """At least ``seconds`` between two requests to ``request``'s host, without random jitter below it."""
    for _, on_min_delay in _LISTENERS.get(crawler, ()):
        on_min_delay(request, seconds)
    _, slot = slot_for(crawler, request)
    if slot.delay < seconds or slot.jitter:
        slot.delay = max(slot.delay, seconds)
        slot.jitter = 0.0
