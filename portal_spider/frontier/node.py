"""A crawler node: ``portal-archive crawl --frontier URL [PORTALS]`` (``python -m portal_spider.frontier.node``).

It needs no archive.  It waits for the writer's run (``portal-archive ingest``), crawls
the run's portals among its own (all by default) with the requests it takes from the
frontier, sends everything to the writer through Redis, and exits when the writer ends the
run.  Several nodes with different portal lists share a frontier: a node inside mainland
China can be given only the portals that answer there.

Exit status: 0 the run ended and every page this node fetched succeeded; 1 some failed, or
the node was stopped before the run ended (what it held goes back to the frontier);
2 usage error; 8 (:data:`EXIT_FRONTIER_UNREACHABLE`) Redis cannot be reached.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time

from . import EXIT_FRONTIER_UNREACHABLE
from .connection import Frontier, node_name, redact
from ..runner import EXIT_PARTIAL, EXIT_SUCCESS, EXIT_USAGE, FAILURES, apply_options, parse_args, quiet_per_page_debug

#: Seconds between two looks for a run when none is going on.
RUN_POLL_SECONDS = 0.5
#: A node started with its writer (the usual case) finds the run within this time: no message then.
SAY_WAITING_SECONDS = 5.0


def frontier_arguments(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """The node's own options; the rest are the crawl's (``portal_spider.runner``)."""
    parser = argparse.ArgumentParser(add_help=False)
    url = os.environ.get("PORTAL_ARCHIVE_FRONTIER")  # keeps a password out of the process list
    parser.add_argument("--frontier", default=url, required=not url, help="Redis URL (default: $PORTAL_ARCHIVE_FRONTIER)")
    parser.add_argument("--prefix", default="")
    parser.add_argument("--node", default="")
    return parser.parse_known_args(argv)


def reach(url: str, prefix: str) -> Frontier | str:
    """The frontier at ``url``, or the one-line reason it cannot be reached."""
    import redis

    try:
        frontier = Frontier.from_url(url, prefix, patient=False)
        frontier.redis.ping()
    except ValueError as exc:
        return f"error: {exc}"
    except redis.AuthenticationError as exc:
        return f"error: the frontier at {redact(url)} refused the password: {exc}"
    except (redis.RedisError, OSError) as exc:
        return f"error: cannot reach the frontier at {redact(url)}: {exc}"
    return Frontier.from_url(url, prefix)


def wait_for_run(frontier: Frontier, url: str) -> dict[str, str]:
    said, since = False, time.monotonic()
    while (run := frontier.run()).get("state") != "crawling":
        if not said and time.monotonic() - since > SAY_WAITING_SECONDS:
            print(f"waiting for `portal-archive ingest` to start a run on {redact(url)}", file=sys.stderr, flush=True)
            said = True
        time.sleep(RUN_POLL_SECONDS)
    return run


def main(argv: list[str] | None = None) -> int:
    own, rest = frontier_arguments(sys.argv[1:] if argv is None else argv)
    args = parse_args(rest)
    from scrapy.crawler import CrawlerProcess
    from scrapy.spiderloader import SpiderLoader
    from scrapy.utils.project import get_project_settings

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "portal_spider.settings")
    settings = get_project_settings()
    names = SpiderLoader.from_settings(settings).list()
    unknown = [p for p in args.portals if p not in names]
    if unknown:
        print(f"error: unknown portal {', '.join(unknown)} (known: {', '.join(sorted(names))})", file=sys.stderr)
        return EXIT_USAGE
    frontier = reach(own.frontier, own.prefix or settings.get("PORTAL_ARCHIVE_FRONTIER_PREFIX"))
    if isinstance(frontier, str):
        print(frontier, file=sys.stderr)
        return EXIT_FRONTIER_UNREACHABLE
    try:
        run = wait_for_run(frontier, own.frontier)
    except KeyboardInterrupt:
        return 130
    portals = [p for p in (args.portals or sorted(names)) if p in run["portals"].split()]
    if not portals:
        print(f"run {run['id']} crawls none of this node's portals ({', '.join(args.portals)}): nothing to do",
              file=sys.stderr)
        return EXIT_SUCCESS

    apply_options(settings, args)
    node = own.node or node_name()
    cluster = {
        "PORTAL_ARCHIVE_FRONTIER": own.frontier, "PORTAL_ARCHIVE_FRONTIER_NODE": node,
        "PORTAL_ARCHIVE_FRONTIER_PORTALS": " ".join(portals), "PORTAL_ARCHIVE_RUN_ID": run["id"],
        "SCHEDULER": "portal_spider.frontier.redis_scheduler.FrontierScheduler",
        # a request leaves the frontier once its callback's outputs are handled, one at a time
        "CONCURRENT_ITEMS": 1,
    }
    if own.prefix:
        cluster["PORTAL_ARCHIVE_FRONTIER_PREFIX"] = own.prefix
    for key, value in cluster.items():
        settings.set(key, value, priority="cmdline")
    settings["DOWNLOADER_MIDDLEWARES"] = {**settings.getdict("DOWNLOADER_MIDDLEWARES"),
                                          "portal_spider.frontier.politeness.ClusterPolitenessMiddleware": 900}
    print(f"node {node}: run {run['id']}, portals {' '.join(portals)}", file=sys.stderr, flush=True)
    process = CrawlerProcess(settings)
    quiet_per_page_debug(settings.get("LOG_LEVEL"))
    crawlers = []
    spider_args = {"since": args.since} if args.since else {}
    for name in portals:
        crawler = process.create_crawler(name)
        crawlers.append(crawler)
        process.crawl(crawler, **spider_args)
    gc.set_threshold(20_000, 10, 10)  # as runner.py: the crawl's garbage is mostly acyclic
    process.start()
    stats = [c.stats.get_stats() if c.stats else {} for c in crawlers]
    requests = sum(s.get("downloader/request_count", 0) for s in stats)
    failed = sum(v for s in stats for k, v in s.items() if k.rsplit("/", 1)[-1] in FAILURES and k.startswith("portal_archive/outcome/"))
    finished = all(s.get("finish_reason") == "finished" for s in stats)
    print(f"node {node}: {requests} requests, {failed} failed; run {run['id']} "
          f"{'ended' if finished else 'left before it ended'}")
    return EXIT_SUCCESS if finished and not failed else EXIT_PARTIAL


if __name__ == "__main__":
    sys.exit(main())
