"""Scrapy's meta-refresh redirects, without decoding every page to look for one.

Replaces ``MetaRefreshMiddleware`` (same order, 580).  Scrapy's looks for
``<meta http-equiv="refresh">`` in the first 4,096 characters of the page's
text, which decodes the whole body (and detects its encoding) on every page,
although the crawl hands article bodies to the extraction workers as bytes.
4,096 characters of an ASCII-compatible encoding (UTF-8, GBK, GB18030: at most
4 bytes a character) lie in the first 16 KB; when those bytes hold neither
``refresh`` nor a character reference (one could spell it) there
is nothing to find, and the page is passed on as it is.  Anything else (a NUL
byte: UTF-16 or UTF-32) goes through Scrapy's own check.

A refresh to another http(s) URL becomes a new request, which passes the fetch
boundary (:mod:`.fetch_boundary`) like every hop; a refresh to a ``file:``,
``data:`` or other URL, which Scrapy would ignore and pass the page on, ends
the page as ``refused-scheme``.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse
from scrapy.utils.response import get_meta_refresh

from .fetch_boundary import SCHEMES
from .outcomes import RefusedScheme

#: bytes that can hold the first 4,096 characters of an ASCII-compatible page
HEAD_BYTES = 4 * 4096


def may_refresh(body: bytes) -> bool:
    """Whether the head of ``body`` could hold a meta refresh (False: it cannot).

    >>> may_refresh(b'<meta http-equiv="Content-Type" content="text/html"><p>News</p>')
    False
    >>> may_refresh(b'<META HTTP-EQUIV="Refresh" CONTENT="0; url=/home">')
    True
    >>> may_refresh(b'<meta http-equiv="&#114;efresh" content="0; url=/home">')
    True
    >>> may_refresh('<meta http-equiv="refresh">'.encode("utf-16"))
    True
    """
    head = body[:HEAD_BYTES]
    return b"&#" in head or b"\x00" in head or b"refresh" in head.lower()


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    def process_response(self, request, response, spider=None):
        if not may_refresh(response.body):
            return response
        result = super().process_response(request, response)
        if result is response and isinstance(response, HtmlResponse) and not request.meta.get("dont_redirect"):
            interval, url = get_meta_refresh(response, ignore_tags=self._ignore_tags)  # cached by Scrapy's call
            if url and interval < self._maxdelay and urlsplit(urljoin(response.url, url)).scheme not in SCHEMES:
                raise RefusedScheme(f"meta refresh to a non-http URL, not followed: {url[:200]}",
                                    response=response, request=request)
        return result
