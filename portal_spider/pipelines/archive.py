"""Write articles to the SQLite archive in batches, deduplicated (see ``archive.store``)."""

from __future__ import annotations

import time
from dataclasses import asdict

from archive.store import Archive


class ArchivePipeline:
    """Buffers items and saves them in one ``BEGIN IMMEDIATE`` transaction per batch.

    A crash loses at most the unsaved batch; those articles are not in the
    archive, so the next (incremental) run fetches them again.
    """

    def __init__(self, crawler, path: str, batch_size: int, flush_seconds: float):
        self.crawler = crawler
        self.path = path
        self.batch_size = batch_size
        self.flush_seconds = flush_seconds
        self.buffer: list[dict] = []
        self.last_flush = time.monotonic()
        self.archive: Archive | None = None

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        return cls(crawler, s.get("PORTAL_ARCHIVE_DB"), s.getint("PORTAL_ARCHIVE_BATCH_SIZE"),
                   s.getfloat("PORTAL_ARCHIVE_FLUSH_SECONDS"))

    def open_spider(self):
        self.archive = Archive(self.path)

    def process_item(self, item):
        self.buffer.append(asdict(item))
        if len(self.buffer) >= self.batch_size or time.monotonic() - self.last_flush >= self.flush_seconds:
            self.flush()
        return item

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        if not self.buffer:
            return
        batch, self.buffer = self.buffer, []
        outcomes = self.archive.save(batch)
        stats = self.crawler.stats
        for outcome in outcomes:
            stats.inc_value(f"portal_archive/outcome/{outcome}")

    def close_spider(self):
        try:
            self.flush()
        finally:
            self.archive.close()
