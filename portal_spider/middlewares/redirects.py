"""Redirects that end with an outcome instead of vanishing.

Runs just before Scrapy's ``RedirectMiddleware`` (order 610 > 600) on 3xx
answers with a ``Location``:

* a target already in the request's own redirect chain, or a chain longer
  than ``REDIRECT_MAX_TIMES``: ``redirect-loop`` (Scrapy's dupefilter would
  drop the looping request silently, with no errback);
* a target that is not http(s) (``file:``, ``data:`` ...): ``refused-scheme``;
* a target on none of the spider's hosts (:func:`.fetch_boundary.fetch_hosts`):
  not followed, ``off-site-redirect``, with the 3xx answer's WARC record.

A redirect it lets through is marked ``dont_filter`` so that it reaches the
spider even when another URL already redirected to the same target: each
requested URL then gets its own outcome.  That exempts it from the dupefilter
only: the redirected request, and every later hop (a meta refresh too), goes
through the fetch boundary (:mod:`.fetch_boundary`) like any other request.
"""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit

from w3lib.url import safe_url_string

from .fetch_boundary import SCHEMES, fetch_hosts
from .outcomes import RedirectLoop, RedirectOffsite, RefusedScheme

_REDIRECTS = {301, 302, 303, 307, 308}


class RedirectGuardMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.max_times = crawler.settings.getint("REDIRECT_MAX_TIMES")
        self.enabled = crawler.settings.getbool("REDIRECT_ENABLED")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        if (not self.enabled or response.status not in _REDIRECTS or b"Location" not in response.headers
                or request.meta.get("dont_redirect") or request.meta.get("handle_httpstatus_all")
                or response.status in request.meta.get("handle_httpstatus_list", ())):
            return response
        location = response.headers[b"Location"]
        if location.startswith(b"//"):
            location = request.url.split(":", 1)[0].encode() + b":" + location
        target = urljoin(request.url, safe_url_string(location))
        chain = [*request.meta.get("redirect_urls", []), request.url]
        seen = {urldefrag(u)[0] for u in chain}
        if urldefrag(target)[0] in seen:
            raise RedirectLoop(f"redirect loop: {' -> '.join([*chain, target])}", response=response, request=request)
        if len(chain) > self.max_times:
            raise RedirectLoop(f"more than {self.max_times} redirects: {' -> '.join([*chain, target])}",
                               response=response, request=request)
        parts = urlsplit(target)
        if parts.scheme not in SCHEMES:  # Scrapy would pass the 3xx on as a page
            raise RefusedScheme(f"redirected to a {parts.scheme or 'schemeless'} URL, not fetched: {target}",
                                response=response, request=request)
        if (parts.hostname or "").rstrip(".") not in fetch_hosts(self.crawler.spider):
            raise RedirectOffsite(f"redirected off the portal to {target}", response=response, request=request)
        request.dont_filter = True  # RedirectMiddleware copies it to the redirected request
        return response
