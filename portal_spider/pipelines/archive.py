"""Write articles to the SQLite archive in batches, deduplicated (see ``archive.store``)."""

from __future__ import annotations

from twisted.internet import task

from ..recorder import recorder_for


class ArchivePipeline:
    """Hands items to the crawl's :class:`~portal_spider.recorder.Recorder`, which saves
    them with the fetch outcomes in one ``BEGIN IMMEDIATE`` transaction per batch.

    A crash loses at most the unsaved batch; those articles are not in the
    archive, so the next (incremental) run fetches them again.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.recorder = recorder_for(crawler)
        self.ticker: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        self.recorder.open(self.crawler.spider.name)
        # outcomes keep arriving when no article does (a blocked portal): flush on a clock too
        self.ticker = task.LoopingCall(self.recorder.maybe_flush)
        self.ticker.start(self.recorder.flush_seconds, now=False)

    def process_item(self, item):
        # a shallow copy, not asdict(): the WARC locations inside must stay the writer's own dicts
        # (it fills them in when it writes the records, before it saves the rows)
        self.recorder.article(dict(vars(item)))
        return item

    def close_spider(self):
        if self.ticker and self.ticker.running:
            self.ticker.stop()
        self.recorder.close()
