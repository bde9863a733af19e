"""More than one machine: crawler nodes on a shared Redis frontier, one archive writer.

* ``portal-archive ingest --frontier URL --db archive.db`` (:mod:`.writer`) starts a cluster
  run: it seeds the frontier (start listings, due revisits, the archive's known URLs and the
  portals whose last crawl did not finish), then consumes what the nodes send and writes WARC
  and SQLite exactly as a one-machine crawl does, acknowledging a result only after its commit.
* ``portal-archive crawl --frontier URL [PORTALS]`` (:mod:`.node`) runs a node: Scrapy with the
  frontier's scheduler (:mod:`.redis_scheduler`, scrapy-redis extended so that a taken request
  is never lost), a recorder that sends outcomes, articles and raw responses to the writer
  (:mod:`.results`) and per-host politeness shared by all nodes (:mod:`.politeness`).

The Redis keys, their lifetimes and the Lua scripts that change several of them at once are
in :mod:`.connection`.  Every number a node or the writer needs to agree on (the lease, the
per-host limits) travels through Redis or the Scrapy settings, never through a node's memory.
A node or writer that cannot reach Redis exits with ``Exit.FRONTIER_UNREACHABLE`` (8, :mod:`portal_spider.exits`).
"""
