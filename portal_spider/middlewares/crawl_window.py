"""An optional crawl window in Beijing time (``PORTAL_ARCHIVE_CRAWL_WINDOW = "01:00-06:00"``).

Outside the window a crawl does not start: the runner calls
:func:`outside_window` and exits with ``Exit.OUTSIDE_WINDOW`` (6) without
touching the archive.  A crawl still running when the window closes is wound
down by :class:`CrawlWindowMiddleware`: no new request is sent, the spider
closes with the reason ``crawl window closed``, everything fetched so far is
saved, and the next run (incremental) carries on where it stopped.
A window may span midnight (``"22:00-04:00"``).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from ..exits import Exit
from .outcomes import OutcomeError

BEIJING = ZoneInfo("Asia/Shanghai")
_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class WindowError(ValueError):
    """A malformed PORTAL_ARCHIVE_CRAWL_WINDOW."""


def parse_window(text: str) -> tuple[dt.time, dt.time]:
    """``"HH:MM-HH:MM"`` -> (start, end).

    >>> parse_window("01:00-06:00")
    (datetime.time(1, 0), datetime.time(6, 0))
    >>> parse_window("25:00-06:00")
    Traceback (most recent call last):
    ...
    portal_spider.middlewares.crawl_window.WindowError: PORTAL_ARCHIVE_CRAWL_WINDOW must look like 01:00-06:00 (Beijing time), not '25:00-06:00'
    """
    match = _WINDOW.match(text or "")
    try:
        if not match:
            raise ValueError
        h1, m1, h2, m2 = map(int, match.groups())
        start, end = dt.time(h1, m1), dt.time(h2, m2)
    except ValueError:
        raise WindowError(f"PORTAL_ARCHIVE_CRAWL_WINDOW must look like 01:00-06:00 (Beijing time), not {text!r}") from None
    if start == end:
        raise WindowError(f"PORTAL_ARCHIVE_CRAWL_WINDOW {text!r} is empty")
    return start, end


def in_window(text: str, now: dt.datetime | None = None) -> bool:
    """Whether ``now`` (default: the current time) falls in the window, read in Beijing time.

    >>> utc = dt.timezone.utc
    >>> in_window("01:00-06:00", dt.datetime(2024, 5, 1, 18, 30, tzinfo=utc))   # 02:30 in Beijing
    True
    >>> in_window("01:00-06:00", dt.datetime(2024, 5, 1, 22, 0, tzinfo=utc))    # 06:00 in Beijing: closed
    False
    >>> in_window("22:00-04:00", dt.datetime(2024, 5, 1, 17, 0, tzinfo=utc))    # 01:00, across midnight
    True
    """
    start, end = parse_window(text)
    local = (now or dt.datetime.now(dt.timezone.utc)).astimezone(BEIJING).time().replace(tzinfo=None)
    if start < end:
        return start <= local < end
    return local >= start or local < end


def outside_window(window: str | None, now: dt.datetime | None = None) -> str | None:
    """None when a crawl may start now, else the one-line reason it may not (for the runner).

    >>> outside_window("") is None
    True
    >>> outside_window("01:00-06:00", dt.datetime(2024, 5, 1, 4, 0, tzinfo=dt.timezone.utc))
    'outside the crawl window 01:00-06:00 Beijing time (now 12:00); not crawling'
    """
    if not window:
        return None
    if in_window(window, now):
        return None
    local = (now or dt.datetime.now(dt.timezone.utc)).astimezone(BEIJING)
    return f"outside the crawl window {window.strip()} Beijing time (now {local:%H:%M}); not crawling"


def window_exit(window: str | None, now: dt.datetime | None = None) -> tuple[int, str] | None:
    """For the runner: None when a crawl may start, else ``(exit status, one-line message)``.

    >>> window_exit("01:00-06:00", dt.datetime(2024, 5, 1, 18, 0, tzinfo=dt.timezone.utc)) is None
    True
    >>> window_exit("01:00-06:00", dt.datetime(2024, 5, 1, 4, 0, tzinfo=dt.timezone.utc))[0]
    <Exit.OUTSIDE_WINDOW: 6>
    >>> window_exit("1am-6am")
    (<Exit.USAGE: 2>, "error: PORTAL_ARCHIVE_CRAWL_WINDOW must look like 01:00-06:00 (Beijing time), not '1am-6am'")
    """
    try:
        message = outside_window(window, now)
    except WindowError as exc:
        return Exit.USAGE, f"error: {exc}"
    return (Exit.OUTSIDE_WINDOW, message) if message else None


class WindowClosed(OutcomeError):
    """Not sent: the crawl window closed (the next run fetches it)."""

    outcome = "deferred"


class CrawlWindowMiddleware:
    """Close the spider when the window ends in the middle of a crawl."""

    def __init__(self, crawler, window: str):
        parse_window(window)
        self.crawler = crawler
        self.window = window
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler):
        window = crawler.settings.get("PORTAL_ARCHIVE_CRAWL_WINDOW")
        if not window:
            raise NotConfigured
        return cls(crawler, window)

    def process_request(self, request, spider=None):
        if not self.closing and in_window(self.window):
            return None
        if not self.closing:
            self.closing = True
            self.crawler.spider.logger.warning("the crawl window %s (Beijing time) has closed: stopping", self.window)
            self.crawler.stats.set_value("portal_archive/crawl_window_closed", True)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="crawl window closed"))
        raise WindowClosed(f"crawl window {self.window} closed")
