"""The meta-refresh middleware skips the decoding only where no refresh can be, and otherwise
answers as Scrapy's own does."""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from portal_spider.middlewares.metarefresh import HeadMetaRefreshMiddleware

URL = "https://english.guiyang.gov.cn/old.html"
REFRESH = '<html><head><meta http-equiv="Refresh" content="0; url=/new.html"></head><body>Moved.</body></html>'


def answer(cls, body: bytes, encoding: str = "utf-8"):
    request = Request(URL)
    response = HtmlResponse(URL, body=body, encoding=encoding, request=request)
    return response, cls.from_crawler(get_crawler()).process_response(request, response)


def test_a_page_without_refresh_passes_undecoded():
    response, result = answer(HeadMetaRefreshMiddleware, b"<html><head><title>News</title></head><body>"
                              + b"<p>Text &amp; more.</p>" * 2000 + b"</body></html>")
    assert result is response
    assert response._cached_ubody is None  # never decoded


def test_same_answers_as_scrapys_middleware():
    for body, encoding in (
        (REFRESH.encode(), "utf-8"),
        (REFRESH.encode("gb18030"), "gb18030"),
        (REFRESH.replace("Refresh", "&#114;efresh").encode(), "utf-8"),
        (REFRESH.encode("utf-16"), "utf-16"),
        (b"<html><body>" + b"x" * 20000 + REFRESH.encode() + b"</body></html>", "utf-8"),  # past 4,096 characters
        (b"<p>No refresh here.</p>", "utf-8"),
    ):
        _, ours = answer(HeadMetaRefreshMiddleware, body, encoding)
        _, scrapys = answer(MetaRefreshMiddleware, body, encoding)
        assert type(ours) is type(scrapys) and ours.url == scrapys.url, body[:80]
    _, moved = answer(HeadMetaRefreshMiddleware, REFRESH.encode())
    assert isinstance(moved, Request) and moved.url == "https://english.guiyang.gov.cn/new.html"
