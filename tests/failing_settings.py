"""The project's settings, plus the spiders of :mod:`tests.failing_spiders` (for tests/test_crawl_failures.py)."""

from portal_spider.settings import *  # noqa: F401,F403
from portal_spider.settings import SPIDER_MODULES

SPIDER_MODULES = [*SPIDER_MODULES, "tests.failing_spiders"]
