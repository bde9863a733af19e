"""A portal whose host is ``localhost``, crawled without a proxy (``scrapy runspider``) by
tests/test_fetch_boundary.py: the name resolves (from /etc/hosts, no network) to 127.0.0.1, an
address the fetch boundary refuses unless PORTAL_ARCHIVE_ALLOW_LOOPBACK is set."""

from __future__ import annotations

from portal_spider.spiders.base import ChinaDailyCmsSpider


class LocalhostSpider(ChinaDailyCmsSpider):
    name = "localhost"
    portal_name = "A portal on localhost"
    hosts = ("localhost",)
    level = "city"

    def __init__(self, port: str = "80", **kwargs):
        super().__init__(**kwargs)
        self.sections = {"News": f"http://localhost:{port}/news.html"}
