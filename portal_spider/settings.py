"""Scrapy settings of the portal crawler.

Project settings use the ``PORTAL_ARCHIVE_`` prefix; override any of them with
``scrapy crawl NAME -s NAME=VALUE`` or the options of ``portal-archive crawl``.
"""

import os

BOT_NAME = "portal_spider"
SPIDER_MODULES = ["portal_spider.spiders"]
NEWSPIDER_MODULE = "portal_spider.spiders"
#: ``scrapy crawl`` checks its options as ``portal-archive crawl`` does (portal_spider/commands/crawl.py)
COMMANDS_MODULE = "portal_spider.commands"

# --- politeness -------------------------------------------------------------------
ROBOTSTXT_OBEY = True
#: Identify the crawler; set a contact with PORTAL_ARCHIVE_CONTACT or replace it whole.
PORTAL_ARCHIVE_CONTACT = os.environ.get("PORTAL_ARCHIVE_CONTACT", "")
USER_AGENT = os.environ.get("PORTAL_ARCHIVE_USER_AGENT") or (
    "portal-archive/0.1 (archiving English-language gov.cn news"
    + (f"; contact: {PORTAL_ARCHIVE_CONTACT}" if PORTAL_ARCHIVE_CONTACT else "")
    + ")"
)
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 2
#: The spider's errback logs each failed URL's outcome once; Scrapy's "Gave up retrying" would say it twice.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # no listening ports on an archive server
LOG_LEVEL = "INFO"
#: Scrapy's check re-reads a generator callback's source (inspect + ast) whenever its cache, keyed on
#: short-lived bound methods, misses: about every article (~6% of the crawl's CPU).  A lint, not a guard.
WARN_ON_GENERATOR_RETURN_VALUE = False
#: Outputs of one callback handled at a time.  The archive pipeline never awaits, so more buys nothing,
#: while Scrapy starts that many asyncio tasks for every response (default 100: ~0.7 ms a page).
CONCURRENT_ITEMS = 1

DOWNLOADER_MIDDLEWARES = {
    "portal_spider.middlewares.extract_pool.ExtractionPoolMiddleware": 40,
    # Scrapy's offsite filter, replaced: it lets dont_filter requests through and drops the rest silently
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "portal_spider.middlewares.fetch_boundary.FetchBoundaryMiddleware": 50,
    "portal_spider.middlewares.crawl_window.CrawlWindowMiddleware": 60,
    # Scrapy's robots.txt, retry, meta-refresh and decompression middlewares, replaced (same order)
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "portal_spider.middlewares.robots.PortalRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "portal_spider.middlewares.backoff.BackoffRetryMiddleware": 550,
    "portal_spider.middlewares.blockpages.BlockPageMiddleware": 560,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "portal_spider.middlewares.metarefresh.HeadMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "portal_spider.middlewares.compression.BoundedCompressionMiddleware": 590,
    "portal_spider.middlewares.redirects.RedirectGuardMiddleware": 610,
    "portal_spider.middlewares.loopback_proxy.LoopbackProxyMiddleware": 740,
    "portal_spider.middlewares.warc_capture.WarcCaptureMiddleware": 950,
    # the last before the downloader: holds a paused host's requests, and sends nothing once stopping
    "portal_spider.middlewares.hostslots.HostSlotsMiddleware": 980,
}
EXTENSIONS = {
    "portal_spider.extensions.progress.Progress": 500,
}
#: Seconds between progress reports (default: 2 on a terminal, 60 in logs).
PORTAL_ARCHIVE_PROGRESS_INTERVAL = 0
SPIDER_MIDDLEWARES = {
    # a listing's articles before its next page: the scheduler holds one page of articles, not the portal
    "portal_spider.middlewares.articles_first.ArticlesFirstMiddleware": 800,
    # an exception in a callback is the URL's outcome (parse-failed) and makes the run partial
    "portal_spider.middlewares.callback_errors.CallbackErrorsMiddleware": 990,
}
ITEM_PIPELINES = {
    "portal_spider.pipelines.archive.ArchivePipeline": 300,
}

# --- politeness and faults (portal_spider/middlewares/) ----------------------------
#: robots.txt Crawl-delay is obeyed per host, up to this many seconds.
PORTAL_ARCHIVE_MAX_CRAWL_DELAY = 30.0
#: 429/503/5xx and connection failures pause the host: Retry-After if sent, else
#: BASE * 2**retries seconds (at most BACKOFF_MAX); RETRY_TIMES retries at most.
PORTAL_ARCHIVE_BACKOFF_BASE = 5.0
PORTAL_ARCHIVE_BACKOFF_MAX = 120.0
#: A Retry-After longer than this is not waited for: the host is left alone for the run.
PORTAL_ARCHIVE_RETRY_AFTER_MAX = 600.0
#: Recognise challenge (412/521, "Just a moment...") and geo-block pages before the spider.
PORTAL_ARCHIVE_DETECT_BLOCK_PAGES = True
#: Worker processes extracting articles beside the crawl ("auto": cores - 1, at least 1; 0: in the
#: crawl's process, without the budgets below).
PORTAL_ARCHIVE_EXTRACT_WORKERS = "auto"
#: Budget of one page's extraction: a worker still on a page after this many seconds, or needing more
#: than this many MB of memory beyond its size at start, is replaced; the page ends ``too-complex``.
PORTAL_ARCHIVE_EXTRACT_TIMEOUT = 20.0
PORTAL_ARCHIVE_EXTRACT_MEMORY_MB = 192
#: Let the crawler connect to loopback addresses (middlewares/fetch_boundary.py): only for the sample portal's proxy on 127.0.0.1
#: (the tests and ``portal-archive demo``).  Private, link-local and other internal addresses stay refused.
PORTAL_ARCHIVE_ALLOW_LOOPBACK = os.environ.get("PORTAL_ARCHIVE_ALLOW_LOOPBACK", "") in ("1", "true", "yes")
#: After SIGINT/SIGTERM nothing more is sent; pages under way get this many seconds to arrive
#: before the crawl stops at once (they are fetched again next run).  A second signal stops at once.
PORTAL_ARCHIVE_STOP_GRACE = 20.0
#: Only start crawls inside this window, Beijing time ("01:00-06:00"; empty: any time).
PORTAL_ARCHIVE_CRAWL_WINDOW = os.environ.get("PORTAL_ARCHIVE_CRAWL_WINDOW", "")

# --- archive ------------------------------------------------------------------------
#: SQLite archive the pipeline writes to.
PORTAL_ARCHIVE_DB = os.environ.get("PORTAL_ARCHIVE_DB", "archive.db")
#: Keep every raw response in WARC files (default folder: ``<db name>-warc/`` beside the archive).
PORTAL_ARCHIVE_WARC = True
#: Fetch each stored article's photos into the WARC files (once per image URL, across articles),
#: up to this many bytes each (a larger one is recorded image-failed, too large).
PORTAL_ARCHIVE_PHOTOS = True
PORTAL_ARCHIVE_MAX_PHOTO_BYTES = 10 * 1024 * 1024
PORTAL_ARCHIVE_WARC_DIR = os.environ.get("PORTAL_ARCHIVE_WARC_DIR", "")
PORTAL_ARCHIVE_WARC_MAX_BYTES = 512 * 1024 * 1024
#: Set by the runner so that every fetch outcome is tied to its run.
PORTAL_ARCHIVE_RUN_ID = 0
#: Articles written per transaction (and at least every PORTAL_ARCHIVE_FLUSH_SECONDS).
PORTAL_ARCHIVE_BATCH_SIZE = 25
PORTAL_ARCHIVE_FLUSH_SECONDS = 2.0
#: Incremental crawling: skip articles already archived and stop walking a listing after a
#: page whose articles are all known, or whose known articles are its tail (new ones first).
#: False re-walks everything.
PORTAL_ARCHIVE_INCREMENTAL = True
#: Stop walking a section's listing after this many such pages in a row
#: (lists are not strictly chronological, so 2 tolerates an old item bumped to the top).
PORTAL_ARCHIVE_STOP_AFTER_KNOWN_PAGES = 1
#: Known articles due for a look at their edits (decaying schedule, see archive.store.next_visit)
#: fetched per portal per run with a conditional GET even when no walked listing page shows them
#: (the longest overdue first).
PORTAL_ARCHIVE_REVISITS_PER_RUN = 200
#: Listing pages walked per section at most.
PORTAL_ARCHIVE_MAX_LISTING_PAGES = 500
#: Send every request through this HTTP proxy (the offline sample portal uses it).
PORTAL_ARCHIVE_PROXY = os.environ.get("PORTAL_ARCHIVE_PROXY", "")

# --- more than one machine (portal_spider/frontier/) --------------------------------
#: Redis URL of the cluster's frontier (set by ``portal-archive crawl --frontier``); empty: one machine.
PORTAL_ARCHIVE_FRONTIER = ""
#: Prefix of the frontier's Redis keys (several clusters can share one Redis with different prefixes).
PORTAL_ARCHIVE_FRONTIER_PREFIX = "portal-archive"
#: Seconds after a node's last heartbeat before the requests it took go to another node.
PORTAL_ARCHIVE_FRONTIER_LEASE = 30.0
#: Results waiting for the writer above which a node takes no new request (bounds Redis's memory).
PORTAL_ARCHIVE_FRONTIER_MAX_BACKLOG = 2000
#: This node's name among the cluster's (default: ``<host>-<pid>``); the portals it crawls (set by the node).
PORTAL_ARCHIVE_FRONTIER_NODE = ""
PORTAL_ARCHIVE_FRONTIER_PORTALS = ""
