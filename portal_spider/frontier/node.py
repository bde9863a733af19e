"""A crawler node: ``portal-archive crawl --frontier URL [PORTALS]`` (also ``python -m portal_spider.frontier.node``,
the same command with the URL from ``$PORTAL_ARCHIVE_FRONTIER``).

The crawl's own options and checks are the runner's (:func:`portal_spider.runner.run`); instead of
an archive, a node waits for the writer's run (``portal-archive ingest``), crawls the run's portals
among its own (all by default) with the requests it takes from the frontier, sends everything to
the writer through Redis, and exits when the writer ends the run.  Several nodes with different
portal lists share a frontier: a node inside mainland China can be given only the portals that
answer there.  ``-s PORTAL_ARCHIVE_FRONTIER_NODE=NAME`` names the node (default ``<host>-<pid>``).

Exit status: 0 the run ended and every page this node fetched succeeded; 1 some failed;
2 usage error; 8 (``Exit.FRONTIER_UNREACHABLE``) Redis cannot be reached; 130/143 stopped by a
signal (what the node held goes back to the frontier for the other nodes).
"""

from __future__ import annotations

import os
import sys
import time

from ..exits import Exit, for_signal
from .connection import Frontier, node_name, redact

#: Seconds between two looks for a run when none is going on.
RUN_POLL_SECONDS = 0.5
#: A node started with its writer (the usual case) finds the run within this time: no message then.
SAY_WAITING_SECONDS = 5.0


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


def wait_for_run(frontier: Frontier, url: str, stopper) -> dict[str, str] | None:
    """The run in progress, once the writer has started one (None: a stop signal came first)."""
    said, since = False, time.monotonic()
    while (run := frontier.run()).get("state") != "crawling":
        if stopper.signum is not None:
            return None
        if not said and time.monotonic() - since > SAY_WAITING_SECONDS:
            print(f"waiting for `portal-archive ingest` to start a run on {redact(url)}", file=sys.stderr, flush=True)
            said = True
        time.sleep(RUN_POLL_SECONDS)
    return run


def crawl_as_node(url: str, portals: list[str], names: list[str], settings, since: str | None, stopper,
                  tracebacks: bool) -> int:
    """The runner's crawl, as a node of the frontier at ``url`` (options already checked)."""
    from ..runner import FAILURES, start_crawl

    frontier = reach(url, settings.get("PORTAL_ARCHIVE_FRONTIER_PREFIX"))
    if isinstance(frontier, str):
        print(frontier, file=sys.stderr)
        return Exit.FRONTIER_UNREACHABLE
    run = wait_for_run(frontier, url, stopper)
    if run is None:
        return for_signal(stopper.signum)
    chosen = [p for p in (portals or sorted(names)) if p in run["portals"].split()]
    if not chosen:
        print(f"run {run['id']} crawls none of this node's portals ({', '.join(portals)}): nothing to do",
              file=sys.stderr)
        return Exit.SUCCESS
    node = settings.get("PORTAL_ARCHIVE_FRONTIER_NODE") or node_name()
    cluster = {
        "PORTAL_ARCHIVE_FRONTIER": url, "PORTAL_ARCHIVE_FRONTIER_NODE": node,
        "PORTAL_ARCHIVE_FRONTIER_PORTALS": " ".join(chosen), "PORTAL_ARCHIVE_RUN_ID": run["id"],
        "SCHEDULER": "portal_spider.frontier.redis_scheduler.FrontierScheduler",
        # a request leaves the frontier once its callback's outputs are handled, one at a time
        "CONCURRENT_ITEMS": 1,
        # the last before the downloader (after the host-slot middleware at 980): it holds the host
        # for the whole cluster from just before the request joins its slot to its answer
        "DOWNLOADER_MIDDLEWARES": {**settings.getdict("DOWNLOADER_MIDDLEWARES"),
                                   "portal_spider.frontier.politeness.ClusterPolitenessMiddleware": 990},
    }
    for key, value in cluster.items():
        settings.set(key, value, priority="cmdline")
    print(f"node {node}: run {run['id']}, portals {' '.join(chosen)}", file=sys.stderr, flush=True)
    crawlers = start_crawl(chosen, settings, since, stopper, tracebacks)
    stats = [crawler.stats.get_stats() if crawler.stats else {} for _, crawler in crawlers]
    requests = sum(s.get("downloader/request_count", 0) for s in stats)
    failed = sum(s.get(f"portal_archive/outcome/{name}", 0) for s in stats for name in FAILURES)
    print(f"node {node}: {requests} requests, {failed} failed; run {run['id']} "
          + ("ended" if stopper.signum is None else "left before it ended (what this node held went back)"))
    if stopper.signum is not None:
        return for_signal(stopper.signum)
    return Exit.PARTIAL if failed else Exit.SUCCESS


def main() -> None:
    from ..runner import crawl

    if "PORTAL_ARCHIVE_FRONTIER" not in os.environ:
        print("error: set PORTAL_ARCHIVE_FRONTIER to the frontier's Redis URL", file=sys.stderr)
        sys.exit(Exit.USAGE)
    crawl.main(args=sys.argv[1:], prog_name="portal-archive crawl --frontier")


if __name__ == "__main__":
    main()
