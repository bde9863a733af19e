"""Recognise anti-bot challenges and geo-blocks before the spider sees the page.

* 412 and 521 (the answers of Chinese WAFs and of a CDN in front of a dead
  origin) are ``blocked-challenge`` whatever their body.
* A short page (any status) whose visible text or title reads as a
  JavaScript/CAPTCHA check ("Just a moment", "安全验证", ``__jsl_clearance`` ...)
  is ``blocked-challenge`` — also when it comes with 200, which Scrapy would
  pass on as a normal page (a listing would then look empty).
* 451, or a short page that refuses the visitor's country or region, is
  ``geo-blocked``.
* A short success (2xx) whose title or text reads as an error, soft-404 or
  maintenance page (:func:`archive.verdict.error_page`: nginx's "502 Bad Gateway",
  "页面不存在" ...) is ``soft-error``, whether it was a listing or an article.

robots.txt answers are left to :mod:`.robots`, which judges them itself.
"""

from __future__ import annotations

import re

from scrapy.exceptions import NotConfigured

from archive.verdict import error_page

from ..extract.patterns import CHALLENGE, CHALLENGE_SCRIPT
from .outcomes import BlockedChallenge, GeoBlocked, OutcomeError, SoftError

GEO_BLOCK = re.compile(
    r"""(?ix)
      not\s+(?:be\s+)?(?:available|accessible|served)\s+(?:in|from)\s+your\s+(?:country|region|area|location)
    | (?:from|in)\s+your\s+(?:country|region|area|location)\s+(?:is|are)\s+(?:not\s+(?:allowed|permitted|supported)|blocked|restricted|denied)
    | your\s+(?:country|region|location)\s+is\s+(?:not\s+supported|blocked|restricted|not\s+allowed)
    | geo(?:graphic(?:al)?)?[-\s]?(?:restrict|block)\w*
    | (?:overseas|foreign)\s+(?:ip|access)\s+(?:is\s+)?(?:restricted|blocked|denied|not\s+allowed)
    | 境外(?:IP)?(?:访问|用户)?(?:受限|限制|禁止) | 海外(?:IP)?(?:访问)?(?:受限|限制|禁止) | 您所在的(?:国家|地区|区域) | 地区限制 | 区域限制
    """
)
_INVISIBLE = re.compile(r"(?is)<(script|style|template)\b.*?</\1\s*>|<!--.*?-->")
#: challenge scripts whose page says nothing readable (the extractor's pattern, on raw bytes)
_CHALLENGE_SCRIPT = re.compile(CHALLENGE_SCRIPT.pattern.encode(), re.I)
_TAGS = re.compile(r"(?s)<[^>]*>")
_TITLE = re.compile(r"(?is)<title[^>]*>(.*?)</title>")
_SPACE = re.compile(r"\s+")

#: Pages longer than this (raw bytes) are never treated as block pages: challenge and
#: geo-block pages are a few KB, real articles 30-60 KB.
MAX_BLOCK_PAGE_BYTES = 32 * 1024
#: A block page has little visible text (the extractor uses the same bound).
MAX_BLOCK_PAGE_TEXT = 3000


def visible_text(body: bytes) -> tuple[str, str]:
    """``(title, visible text)`` of a small HTML page, roughly as a browser shows it.

    >>> visible_text(b"<title>Just a moment...</title><script>var x='captcha';</script><p>Hi <b>there</b></p>")
    ('Just a moment...', 'Just a moment... Hi there')
    """
    html = body.decode("utf-8", "replace")
    if "\ufffd" in html:
        html = body.decode("gb18030", "replace")
    title = _TITLE.search(html)
    text = _TAGS.sub(" ", _INVISIBLE.sub(" ", html))
    return (_SPACE.sub(" ", title.group(1)).strip() if title else ""), _SPACE.sub(" ", text).strip()


def classify(status: int, body: bytes) -> tuple[type[OutcomeError], str] | None:
    """The block a response shows, as ``(exception class, reason)``, or None.

    >>> classify(521, b"")
    (<class 'portal_spider.middlewares.outcomes.BlockedChallenge'>, 'HTTP 521 anti-bot answer')
    >>> classify(200, b"<title>Just a moment...</title><p>Checking your browser</p>")[1]
    'challenge page (HTTP 200)'
    >>> classify(403, b"<p>Sorry, this website is not available in your region.</p>")[1]
    'geo-block page (HTTP 403)'
    >>> classify(200, b"<title>502 Bad Gateway</title><h1>502 Bad Gateway</h1><hr><center>nginx</center>")[1]
    'error headline: 502 Bad Gateway (HTTP 200)'
    >>> classify(200, b"<h1>Metro line opens</h1><p>Guiyang's third line opened today.</p>") is None
    True
    """
    if status in (412, 521):
        return BlockedChallenge, f"HTTP {status} anti-bot answer"
    if status == 451:
        return GeoBlocked, "HTTP 451 unavailable for legal reasons"
    if not body or len(body) > MAX_BLOCK_PAGE_BYTES:
        return None
    head = body[:512].lstrip().lower()
    if not (head.startswith((b"<", b"\xef\xbb\xbf<")) or b"<html" in body[:2048].lower()):
        return None  # not HTML (robots.txt, JSON, an image)
    title, text = visible_text(body)
    if len(text) > MAX_BLOCK_PAGE_TEXT:
        return None
    if GEO_BLOCK.search(text) or GEO_BLOCK.search(title):
        return GeoBlocked, f"geo-block page (HTTP {status})"
    if CHALLENGE.search(text) or CHALLENGE.search(title) or _CHALLENGE_SCRIPT.search(body):
        return BlockedChallenge, f"challenge page (HTTP {status})"
    if 200 <= status < 300 and (why := error_page(title, text)):
        return SoftError, f"{why} (HTTP {status})"
    return None


def is_robots_request(request) -> bool:
    return bool(request.meta.get("dont_obey_robotstxt")) and request.url.endswith("/robots.txt")


class BlockPageMiddleware:
    """Downloader middleware (after decompression, before retries): raise the block's outcome."""

    def __init__(self, crawler):
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("PORTAL_ARCHIVE_DETECT_BLOCK_PAGES"):
            raise NotConfigured
        return cls(crawler)

    def process_response(self, request, response):
        if is_robots_request(request) or request.meta.get("handle_block_pages"):
            return response
        verdict = classify(response.status, response.body)
        if verdict is None:
            return response
        cls, reason = verdict
        self.stats.inc_value(f"portal_archive/block_pages/{cls.outcome}")
        raise cls(f"{reason}: {response.url}", response=response, request=request)
