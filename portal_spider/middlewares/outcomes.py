"""Exceptions that end a request with a named outcome.

A downloader middleware that recognises a fault raises one of these (they are
:class:`~scrapy.exceptions.IgnoreRequest` subclasses, so Scrapy hands them to
the request's errback, nowhere else); ``PortalSpider.failed`` records
``exc.outcome`` as the URL's one outcome.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import IgnoreRequest


class OutcomeError(IgnoreRequest):
    """A request ended for a known reason; ``outcome`` names it in ``fetches`` (a class's own, or given)."""

    outcome = "fetch-failed"

    def __init__(self, message: str, response=None, request=None, outcome: str | None = None):
        super().__init__(message)
        if outcome is not None:
            self.outcome = outcome
        self.response = response
        if response is not None and request is not None and getattr(response, "request", None) is None:
            response.request = request  # so the errback can read the response's WARC location


class BlockedChallenge(OutcomeError):
    """An anti-bot answer: 412/521, or a JavaScript/CAPTCHA challenge page (also as robots.txt)."""

    outcome = "blocked-challenge"


class SoftError(OutcomeError):
    """An error, soft-404 or maintenance page served as a success (HTTP 200): fetched again later."""

    outcome = "soft-error"


class BlockedRobots(OutcomeError):
    """robots.txt forbids the URL, or could not be read (RFC 9309: then nothing is crawled)."""

    outcome = "blocked-robots"


class GeoBlocked(OutcomeError):
    """The portal refuses visitors from the crawler's region (451, or a region-refusal page)."""

    outcome = "geo-blocked"


class TooLarge(OutcomeError):
    """The body, or its decompressed size, exceeds DOWNLOAD_MAXSIZE."""

    outcome = "too-large"


class RedirectLoop(OutcomeError):
    """A redirect comes back to a URL of its own chain, or the chain is too long."""

    outcome = "redirect-loop"


class RedirectOffsite(OutcomeError):
    """A redirect leaves the portal's hosts; it is not followed."""

    outcome = "off-site-redirect"


class OffSite(OutcomeError):
    """The URL is on none of the portal's hosts (nor a CDN the spider declares); not fetched."""

    outcome = "off-site"


class RefusedScheme(OutcomeError):
    """Not an http(s) URL (``file:``, ``data:``, ``ftp:`` ...); not fetched."""

    outcome = "refused-scheme"


class RefusedAddress(OutcomeError):
    """The host (or the proxy) is a loopback, private, link-local, multicast or reserved address."""

    outcome = "refused-address"


class TooComplex(OutcomeError):
    """Extracting the page overran its time or memory budget; the worker was replaced."""

    outcome = "too-complex"


class BackedOff(OutcomeError):
    """The host asked for a longer pause (Retry-After) than the crawl will wait."""

    outcome = "http-error"


class Unreachable(OutcomeError):
    """The host could not be reached (its robots.txt, fetched first, could not): ``outcome`` is one
    of :data:`NETWORK`."""


#: Network failures: their outcomes, and how the one line per host words them.
NETWORK = {
    "dns-error": "DNS lookup failed",
    "connection-refused": "connection refused",
    "connection-reset": "connection reset",
    "tls-error": "TLS handshake failed",
    "timeout": "timed out",
}


def _causes(exc: BaseException):
    """``exc``, what it was raised from, and the reasons Twisted's HTTP client gives, depth first."""
    seen, stack = set(), [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack += [current.__cause__, current.__context__]
        stack += [getattr(reason, "value", reason) for reason in getattr(current, "reasons", None) or ()]


def network_failure(exc: BaseException) -> str | None:
    """The outcome of a download that failed for a network reason (see :data:`NETWORK`), else None.

    >>> from twisted.internet import error
    >>> from scrapy.exceptions import CannotResolveHostError, DownloadFailedError
    >>> from twisted.web.client import ResponseNeverReceived
    >>> from twisted.python.failure import Failure
    >>> network_failure(CannotResolveHostError("english.beijing.gov.cn"))
    'dns-error'
    >>> network_failure(error.ConnectionRefusedError())
    'connection-refused'
    >>> failed = DownloadFailedError("lost")
    >>> failed.__cause__ = ResponseNeverReceived([Failure(error.ConnectionLost("reset by peer"))])
    >>> network_failure(failed)
    'connection-reset'
    >>> from OpenSSL import SSL
    >>> network_failure(ResponseNeverReceived([Failure(SSL.Error([("SSL routines", "", "wrong version number")]))]))
    'tls-error'
    >>> network_failure(error.TCPTimedOutError()), network_failure(ValueError("no"))
    ('timeout', None)
    """
    from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, DownloadTimeoutError
    from twisted.internet import error

    causes = list(_causes(exc))
    kinds = [
        ("tls-error", _tls_errors()),
        ("dns-error", (error.DNSLookupError, CannotResolveHostError)),
        ("connection-refused", (error.ConnectionRefusedError, DownloadConnectionRefusedError, ConnectionRefusedError)),
        ("timeout", (error.TimeoutError, error.TCPTimedOutError, DownloadTimeoutError, TimeoutError)),
        ("connection-reset", (error.ConnectionLost, error.ConnectionDone, error.ConnectionAborted, ConnectionError)),
    ]
    for outcome, classes in kinds:
        if any(isinstance(cause, classes) for cause in causes):
            return outcome
    return None


def _tls_errors() -> tuple[type, ...]:
    import ssl

    classes: list[type] = [ssl.SSLError]
    try:
        from OpenSSL import SSL

        classes.append(SSL.Error)
    except ImportError:  # pragma: no cover - Scrapy's TLS needs pyOpenSSL
        pass
    try:
        from service_identity.exceptions import VerificationError

        classes.append(VerificationError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(classes)


_UNREACHABLE: set[str] = set()  # hosts already reported in this process
network_logger = logging.getLogger("portal_archive.network")


def report_unreachable(host: str, outcome: str) -> bool:
    """Log ``cannot reach HOST: reason`` once per host and process (every crawler of a run shares it);
    True the first time."""
    if host in _UNREACHABLE:
        return False
    _UNREACHABLE.add(host)
    network_logger.warning("cannot reach %s: %s", host, NETWORK.get(outcome, outcome))
    return True
