"""robots.txt holds for every request that waited for it, not only the first one.

Scrapy awaits a host's pending robots.txt with ``Deferred.asFuture``, which passes None on to the
next waiter: of several requests to a host sent before its robots.txt arrived, all but the first
went out unchecked.  A cluster node taking a host's first requests all at once met it every run.
"""

from __future__ import annotations

import subprocess
import sys

from portal_spider.sample_portal.faults import Slow
from portal_spider.sample_portal.server import SamplePortal

from tests.conftest import ROOT

G = "https://english.guiyang.gov.cn"

SPIDER = '''
import scrapy


class Waiters(scrapy.Spider):
    name = "waiters"
    hosts = ("english.guiyang.gov.cn",)  # the fetch boundary's portal hosts
    # the project's settings (scrapy.cfg): PortalRobotsTxtMiddleware, the proxy middleware
    custom_settings = {"CONCURRENT_REQUESTS_PER_DOMAIN": 8, "LOG_LEVEL": "WARNING", "PORTAL_ARCHIVE_WARC": False}

    async def start(self):
        for path in PATHS:
            yield scrapy.Request("HOST" + path, errback=self.refused)

    def parse(self, response):
        print("fetched", response.url)

    def refused(self, failure):
        print("refused", failure.request.url)
'''


class SlowPortal(Slow, SamplePortal):
    pass


def test_every_request_waiting_for_robots_txt_obeys_it(tmp_path):
    paths = ["/news.html", "/2024-01/31/c_1000101.htm", "/private/2024-01/05/c_1000199.htm",
             "/2024-03/01/c_1000109.htm", "/private/2024-01/05/c_1000199_2.htm"]
    with SlowPortal(delay=0.3) as portal:  # robots.txt answers after every request has asked for it
        spider = tmp_path / "waiters.py"
        spider.write_text(SPIDER.replace("PATHS", repr(paths)).replace("HOST", G))
        result = subprocess.run([sys.executable, "-m", "scrapy", "runspider", str(spider), "-s",
                                 f"PORTAL_ARCHIVE_PROXY={portal.proxy}"], capture_output=True, text=True, timeout=120,
                                cwd=ROOT)
        asked = sorted(url for _, url, _ in portal.requests)
    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split("\n")) == sorted(
        ["", f"fetched {G}/news.html", f"fetched {G}/2024-01/31/c_1000101.htm", f"fetched {G}/2024-03/01/c_1000109.htm",
         f"refused {G}/private/2024-01/05/c_1000199.htm", f"refused {G}/private/2024-01/05/c_1000199_2.htm"])
    assert asked == [f"{G}/2024-01/31/c_1000101.htm", f"{G}/2024-03/01/c_1000109.htm", f"{G}/news.html",
                     f"{G}/robots.txt"]
