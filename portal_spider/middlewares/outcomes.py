"""Exceptions that end a request with a named outcome.

A downloader middleware that recognises a fault raises one of these (they are
:class:`~scrapy.exceptions.IgnoreRequest` subclasses, so Scrapy hands them to
the request's errback, nowhere else); ``PortalSpider.failed`` records
``exc.outcome`` as the URL's one outcome.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest


class OutcomeError(IgnoreRequest):
    """A request ended for a known reason; ``outcome`` names it in ``fetches``."""

    outcome = "fetch-failed"

    def __init__(self, message: str, response=None, request=None):
        super().__init__(message)
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
