#!/usr/bin/env python3
"""The baseline of the pipeline benchmark: bare Scrapy following the same links, doing nothing else.

It starts from the ``guiyang`` spider's sections, follows F1 article links and the
listing pager exactly as the portal spider does, and drops every article response
(no extraction, no deduplication, no storage, no WARC).  Same download settings as
the full crawl it is compared with.  Prints Scrapy's stats as JSON.

Usage: python bench/bare_spider.py --proxy http://127.0.0.1:PORT [-s NAME=VALUE ...]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scrapy  # noqa: E402
from scrapy.crawler import CrawlerProcess  # noqa: E402

from portal_spider.spiders.guiyang import GuiyangSpider  # noqa: E402

ARTICLE = re.compile(r"/\d{4}-\d{2}/\d{2}/c_\d+(?:_\d+)?\.htm$")
NEXT = re.compile(r"^(?P<stem>.+?)(?:_(?P<n>\d+))?\.html$")


class BareSpider(scrapy.Spider):
    name = "bare"
    allowed_domains = list(GuiyangSpider.hosts)

    async def start(self):
        for url in GuiyangSpider.sections.values():
            yield scrapy.Request(url, callback=self.parse_listing)

    def parse_listing(self, response):
        folder, _, leaf = urlsplit(response.url).path.rpartition("/")
        match = NEXT.match(leaf)
        wanted = f"{folder}/{match.group('stem')}_{int(match.group('n') or 1) + 1}.html" if match else None
        for href in response.xpath("//a/@href").getall():
            url = urljoin(response.url, href.strip())
            path = urlsplit(url).path
            if ARTICLE.search(path):
                yield scrapy.Request(url, callback=self.parse_article)
            elif path == wanted:
                yield scrapy.Request(url.split("#")[0], callback=self.parse_listing)

    def parse_article(self, response):
        return None


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--proxy", required=True)
    ap.add_argument("-s", "--set", action="append", default=[])
    args = ap.parse_args()
    settings = {
        "ROBOTSTXT_OBEY": True, "LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False,
        "USER_AGENT": "portal-archive-bench", "COOKIES_ENABLED": False,
        "PORTAL_ARCHIVE_PROXY": args.proxy,
        "DOWNLOADER_MIDDLEWARES": {"portal_spider.middlewares.loopback_proxy.LoopbackProxyMiddleware": 740},
    }
    for pair in args.set:
        key, _, value = pair.partition("=")
        settings[key] = value
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler)
    process.start()
    stats = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in crawler.stats.get_stats().items()}
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
