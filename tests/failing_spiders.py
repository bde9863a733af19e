"""A Guiyang spider whose callbacks raise on chosen pages, as a family hook with a bug would;
tests/test_crawl_failures.py crawls it through the runner with ``SCRAPY_SETTINGS_MODULE`` set to
:mod:`tests.failing_settings`."""

from __future__ import annotations

from portal_spider.spiders.guiyang import GuiyangSpider


#: the generated article (``make_articles``' ids start at 2,000,000) whose callback raises
BROKEN_ARTICLE = "/c_2000003.htm"


class FailingGuiyangSpider(GuiyangSpider):
    name = "guiyang_failing"

    def next_listing_url(self, response, page):
        if response.url.endswith("/news.html"):  # both news.html listings: after their outcome was recorded
            raise RuntimeError("pager bug")
        return super().next_listing_url(response, page)

    def article_links(self, response):
        if response.url.endswith("/foreignaffairsofficenews.html"):  # raises before any outcome
            raise RuntimeError("listing bug")
        return super().article_links(response)

    def build_item(self, parts):
        if parts[0]["url"].endswith(BROKEN_ARTICLE):
            raise RuntimeError("item bug")
        return super().build_item(parts)
