"""Commands of a crawl spread over several machines (see ``portal_spider/frontier``): ``ingest``
and the cluster of ``demo --nodes N`` (a node is ``crawl --frontier``, :mod:`portal_spider.runner`).

The Redis URL reaches the child processes in ``PORTAL_ARCHIVE_FRONTIER``, not on their
command line, so that its password does not show in the process list.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import click

from archive.store import default_db_path

from .app import Fail, cli

#: Seconds the nodes of ``demo --nodes`` get to leave after the writer ended the run.
NODES_LEAVE_SECONDS = 60


def frontier_env(url: str) -> dict[str, str]:
    return {**os.environ, "PORTAL_ARCHIVE_FRONTIER": url}


@cli.command()
@click.argument("portals", nargs=-1)
@click.option("--frontier", required=True, metavar="REDIS_URL", envvar="PORTAL_ARCHIVE_FRONTIER",
              help="The cluster's Redis: redis://[:password@]host:port/db, rediss:// for TLS "
                   "(default: $PORTAL_ARCHIVE_FRONTIER).")
@click.option("--db", "db_path", default=default_db_path, show_default="./archive.db or $PORTAL_ARCHIVE_DB",
              type=click.Path(dir_okay=False), help="Archive file (only the writer's machine has it).")
@click.option("--full", is_flag=True, help="Nodes re-walk every listing page and refetch known articles.")
@click.option("--prefix", default="", help="Prefix of the frontier's Redis keys (one frontier per prefix).")
@click.option("-s", "--set", "settings", multiple=True, metavar="NAME=VALUE", help="Any crawl setting.")
def ingest(portals, frontier, db_path, full, prefix, settings):
    """Run a cluster crawl of PORTALS (all when none): seed the frontier, store what the nodes send.

    The one writer of the archive: start it, then nodes anywhere with
    `portal-archive crawl --frontier REDIS_URL [PORTALS]`.  It prints the crawl's
    summary and exits when no request is left; stopped, it resumes its run when
    started again.  Never expose Redis without a password (and TLS across networks).

    \b
    Example:
      portal-archive ingest --frontier redis://:PASSWORD@10.0.0.5:6379/0 --db news.db

    Exit status: as crawl (0 success, 1 partial, 2 usage, 3 all failed, 4 locked),
    130 stopped, 8 the frontier cannot be reached.
    """
    extra = ["--db", db_path, *(["--full"] if full else []), *(["--prefix", prefix] if prefix else [])]
    for pair in settings:
        extra += ["-s", pair]
    try:
        sys.exit(subprocess.call([sys.executable, "-m", "portal_spider.frontier.writer", *portals, *extra],
                                 env=frontier_env(frontier)))
    except KeyboardInterrupt:
        sys.exit(130)


def crawl_with_nodes(nodes: int, portals: tuple[str, ...], db_path: str, node_args: list[str],
                     writer_args: list[str] = ()) -> int:
    """A cluster on this machine: a throwaway redis-server, the writer and ``nodes`` node processes.
    Returns the writer's exit status; no process outlives the call."""
    from ..frontier.local_redis import LocalRedis, RedisMissing

    try:
        server = LocalRedis()
    except RedisMissing as exc:
        raise Fail(str(exc)) from None
    children: list[subprocess.Popen] = []
    # a SIGTERM ends the demo through the finally below: redis-server runs in a session of its own
    # (a Ctrl-C must reach the nodes and the writer, not Redis before them), so nothing else stops it
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(143))
    with server:
        env = frontier_env(server.url)
        click.echo(f"redis-server on 127.0.0.1:{server.port}; {nodes} node(s) and the writer")
        try:
            writer = subprocess.Popen([sys.executable, "-m", "portal_spider.frontier.writer", *portals, "--db", db_path,
                                       *writer_args], env=env)
            children.append(writer)
            for n in range(1, nodes + 1):
                children.append(subprocess.Popen(
                    [sys.executable, "-m", "portal_spider.frontier.node", *portals, *node_args,
                     "-s", f"PORTAL_ARCHIVE_FRONTIER_NODE=demo-node-{n}"], env=env, stdout=subprocess.DEVNULL))
            code = writer.wait()
            for child in children[1:]:
                child.wait(NODES_LEAVE_SECONDS)
            return code
        except KeyboardInterrupt:
            return 130
        finally:
            for child in children:
                if child.poll() is None:
                    child.terminate()
                    try:
                        child.wait(10)
                    except subprocess.TimeoutExpired:
                        child.kill()
                        child.wait()
