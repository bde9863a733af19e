"""Progress of a long crawl: a live line on a terminal, plain log lines otherwise.

Shows pages fetched, articles saved, rate, and the same per portal when the
runner crawls several portals in one process.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time

from scrapy import signals
from twisted.internet import task

logger = logging.getLogger("portal_archive.progress")

_BOARD: dict[str, dict] = {}  # portal -> its stats collector, shared by the crawlers of one process
_PRINTER: dict[str, object] = {}


def progress_line(board: dict[str, dict], elapsed: float) -> str:
    """One line summarising every portal's progress.

    >>> progress_line({"guiyang": {"downloader/response_count": 120, "portal_archive/outcome/stored": 40},
    ...                "eguizhou": {"downloader/response_count": 30}}, 60.0)
    '[0:01:00] 150 pages, 40 new articles, 2.5 pages/s | eguizhou 30p/0n | guiyang 120p/40n'
    """
    pages = sum(s.get("downloader/response_count", 0) for s in board.values())
    new = sum(s.get("portal_archive/outcome/stored", 0) for s in board.values())
    rate = pages / elapsed if elapsed > 0 else 0.0
    clock = str(dt.timedelta(seconds=int(elapsed)))
    per = " | ".join(f"{name} {s.get('downloader/response_count', 0)}p/{s.get('portal_archive/outcome/stored', 0)}n"
                     for name, s in sorted(board.items()))
    return f"[{clock}] {pages} pages, {new} new articles, {rate:.1f} pages/s" + (f" | {per}" if per else "")


class Progress:
    def __init__(self, crawler, interval: float, tty: bool):
        self.crawler = crawler
        self.interval = interval
        self.tty = tty
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):
        tty = sys.stderr.isatty()
        interval = crawler.settings.getfloat("PORTAL_ARCHIVE_PROGRESS_INTERVAL", 0) or (2.0 if tty else 60.0)
        ext = cls(crawler, interval, tty)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider):
        _BOARD[spider.name] = self.crawler.stats.get_stats()
        if "loop" not in _PRINTER:  # one printer for all the crawlers of this process
            loop = task.LoopingCall(self.show)
            _PRINTER["loop"] = loop
            loop.start(self.interval, now=False)

    def show(self):
        line = progress_line({k: dict(v) for k, v in _BOARD.items()}, time.monotonic() - self.started)
        if self.tty:
            sys.stderr.write("\r\x1b[2K" + line)
            sys.stderr.flush()
        else:
            logger.info("progress: %s", line)

    def spider_closed(self, spider):
        _BOARD[spider.name] = dict(self.crawler.stats.get_stats())
        if all(s.get("finish_reason") for s in _BOARD.values()):
            loop = _PRINTER.pop("loop", None)
            if loop is not None and loop.running:
                loop.stop()
            if self.tty:
                sys.stderr.write("\r\x1b[2K")
                sys.stderr.flush()
            logger.info("progress: %s", progress_line(_BOARD, time.monotonic() - self.started))
