"""Retries that back off per host: Retry-After honoured, exponential otherwise.

Replaces Scrapy's ``RetryMiddleware`` (same order, 550; same settings
``RETRY_TIMES``, ``RETRY_HTTP_CODES``, ``RETRY_EXCEPTIONS``).  When a host
answers 429/503 (or another retryable status, or a connection fails), the
whole host is paused — nothing is sent to it (see :mod:`.hostslots`) — for

* the ``Retry-After`` it sent (seconds or an HTTP date), or else
* ``PORTAL_ARCHIVE_BACKOFF_BASE * 2 ** (retries so far)`` seconds, at most
  ``PORTAL_ARCHIVE_BACKOFF_MAX``,

then the request is tried again, ``RETRY_TIMES`` times at most.  A
``Retry-After`` longer than ``PORTAL_ARCHIVE_RETRY_AFTER_MAX`` is not waited
for: the host is left alone for the rest of the run, its requests ending with
``http-error``.  Other hosts carry on meanwhile.  robots.txt is not retried
(an unreadable one blocks its host for the run, see :mod:`.robots`).
"""

from __future__ import annotations

import datetime as dt
import email.utils

from scrapy.downloadermiddlewares.retry import RetryMiddleware, get_retry_request
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import response_status_message

from .blockpages import is_robots_request
from .hostslots import pause_host
from .outcomes import BackedOff


def retry_after_seconds(value: bytes | str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (delta-seconds or HTTP-date), or None.

    >>> retry_after_seconds(b"120")
    120.0
    >>> retry_after_seconds("Wed, 21 Oct 2015 07:28:30 GMT", now=dt.datetime(2015, 10, 21, 7, 28, tzinfo=dt.timezone.utc))
    30.0
    >>> retry_after_seconds(b"soon") is None, retry_after_seconds("²") is None  # a digit to str.isdigit() alone
    (True, True)
    """
    if value is None:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    now = now or dt.datetime.now(dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


def backoff_seconds(retries: int, base: float, cap: float) -> float:
    """Exponential back-off: ``base * 2 ** retries``, at most ``cap``.

    >>> [backoff_seconds(n, 5.0, 60.0) for n in range(5)]
    [5.0, 10.0, 20.0, 40.0, 60.0]
    """
    return min(cap, base * 2 ** retries)


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings):
        super().__init__(settings)
        self.base = settings.getfloat("PORTAL_ARCHIVE_BACKOFF_BASE")
        self.cap = settings.getfloat("PORTAL_ARCHIVE_BACKOFF_MAX")
        self.retry_after_max = settings.getfloat("PORTAL_ARCHIVE_RETRY_AFTER_MAX")
        self.given_up: dict[str, str] = {}  # host -> why it is left alone for this run

    def process_request(self, request, spider=None):
        host = urlparse_cached(request).netloc
        if host in self.given_up and not is_robots_request(request):
            raise BackedOff(f"{self.given_up[host]}: not crawling {host} further in this run")
        return None

    def process_response(self, request, response, spider=None):
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes or is_robots_request(request):
            return response
        retries = request.meta.get("retry_times", 0)
        asked = retry_after_seconds(response.headers.get(b"Retry-After"))
        if asked is not None and asked > self.retry_after_max:
            host = urlparse_cached(request).netloc
            self.given_up[host] = f"HTTP {response.status} with Retry-After {asked:.0f} s (more than {self.retry_after_max:.0f} s)"
            self.crawler.stats.inc_value("portal_archive/backoff/gave_up_host")
            return response
        retry = self.retry(request, response_status_message(response.status))
        if retry is None:
            return response
        wait = asked if asked is not None else backoff_seconds(retries, self.base, self.cap)
        self._pause(request, wait, f"HTTP {response.status}")
        return retry

    def process_exception(self, request, exception, spider=None):
        if not isinstance(exception, self.exceptions_to_retry) or request.meta.get("dont_retry"):
            return None
        if is_robots_request(request):
            return None
        retry = self.retry(request, exception)
        if retry is not None:
            self._pause(request, backoff_seconds(request.meta.get("retry_times", 0), self.base, self.cap),
                        type(exception).__name__)
        return retry

    def retry(self, request, reason):
        """The request again (``RETRY_TIMES`` at most, or its ``max_retry_times``), or None."""
        return get_retry_request(request, spider=self.crawler.spider, reason=reason,
                                 max_retry_times=request.meta.get("max_retry_times", self.max_retry_times),
                                 priority_adjust=request.meta.get("priority_adjust", self.priority_adjust),
                                 give_up_log_level=request.meta.get("give_up_log_level", self.give_up_log_level))

    def _pause(self, request, seconds: float, why: str) -> None:
        if seconds <= 0:
            return
        pause_host(self.crawler, request, seconds)
        self.crawler.stats.inc_value("portal_archive/backoff/pauses")
        self.crawler.stats.max_value("portal_archive/backoff/longest_pause", seconds)
        self.crawler.spider.logger.info("%s from %s: pausing the host for %.1f s", why, urlparse_cached(request).netloc, seconds)
