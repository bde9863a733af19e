"""``portal-archive``: the command line, the composition root of the project.

It sits above both packages: it drives the crawler (:mod:`portal_spider.runner`,
in this process; Scrapy is imported only by the commands that crawl or load the
spiders) and the archive's Python API (``archive``).  Each module registers its commands on the one group in
:mod:`portal_spider.cli.app`:

- :mod:`.app`: the group, crawl (declared in :mod:`portal_spider.runner`), demo, search, stats, portals, extract;
- :mod:`.archivist`: runs, history, reparse, repair, schedule;
- :mod:`.analyst`: cluster, reindex, timeline, export, import, watch, serve;
- :mod:`.portals`: check, new-portal;
- :mod:`.frontier`: ingest (the writer of a crawl spread over several machines).
"""

from __future__ import annotations

import os
import sys

import click

from archive.store import ArchiveError

from ..exits import Exit
from . import analyst, archivist, frontier, portals  # noqa: F401  (each registers its commands on `cli`)
from .app import cli

__all__ = ["cli", "main"]


def main() -> None:
    try:
        cli.main(prog_name="portal-archive", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(Exit.INTERRUPTED)
    except ArchiveError as exc:  # a damaged archive met mid-command (ArchiveCorrupt) and the like
        click.echo(f"error: {exc}", err=True)
        sys.exit(Exit.USAGE)
    except Exception as exc:  # the last guard: one line, never a traceback
        if os.environ.get("PORTAL_ARCHIVE_DEBUG"):
            raise
        click.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(Exit.FAILED)
