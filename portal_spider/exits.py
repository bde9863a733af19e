"""Exit statuses of ``portal-archive``: one table for the runner, the CLI, ``check`` and ``--help``.

A crawl's status tells cron or systemd what happened; README's table and
``portal-archive crawl --help`` are both written from :data:`MEANINGS`.  Other
commands use the same numbers: 0 done, 1 failed (one line on stderr), 2 usage
error; ``check`` reads 1 and 3 as "something missing" and "unreachable"
(:data:`CHECK_MEANINGS`).
"""

from __future__ import annotations

import signal
from enum import IntEnum


class Exit(IntEnum):
    SUCCESS = 0
    PARTIAL = 1
    FAILED = 1  # any other command: it failed (one line on stderr)
    USAGE = 2
    ALL_FAILED = 3
    LOCKED = 4
    DISK_FULL = 5
    OUTSIDE_WINDOW = 6
    #: a cluster node or writer (``--frontier``, ``ingest``): Redis cannot be reached, or was lost
    FRONTIER_UNREACHABLE = 8
    #: 128 + the signal's number, as a shell reports a command the signal ended
    INTERRUPTED = 128 + signal.SIGINT
    TERMINATED = 128 + signal.SIGTERM


MEANINGS: dict[Exit, str] = {
    Exit.SUCCESS: "success: every portal's listings were read and nothing failed",
    Exit.PARTIAL: "partial: some pages failed or were blocked (see the summary and `portal-archive runs --failed`)",
    Exit.USAGE: "usage error (unknown portal, bad option or setting, unusable archive path, a file that is no portal "
                "archive); nothing was done; or the archive is damaged (run `portal-archive check-db`)",
    Exit.ALL_FAILED: "all failed: no listing page of any portal could be read (e.g. no network)",
    Exit.LOCKED: "locked: another crawl (or import, reparse, reindex, cluster, repair) is writing to this archive; "
                 "nothing was done",
    Exit.DISK_FULL: "disk full: the archive is intact; free space and run again (do not delete the -wal file)",
    Exit.OUTSIDE_WINDOW: "outside the crawl window (PORTAL_ARCHIVE_CRAWL_WINDOW, Beijing time); nothing was done",
    Exit.FRONTIER_UNREACHABLE: "a cluster node (--frontier) or `ingest`: the frontier's Redis cannot be reached, or was "
                               "lost for about a minute (what a node held goes to another; `ingest` again resumes)",
    Exit.INTERRUPTED: "interrupted by SIGINT (Ctrl-C): what was fetched is saved, the run is recorded as interrupted",
    Exit.TERMINATED: "interrupted by SIGTERM (kill, systemd stop, timeout): saved and recorded as interrupted",
}

CHECK_MEANINGS: dict[Exit, str] = {
    Exit.SUCCESS: "the article has a title, a date and a body (--all: every portal is healthy)",
    Exit.PARTIAL: "a listing or an article was read but something required is missing (--all: some portals)",
    Exit.USAGE: "unknown portal",
    Exit.ALL_FAILED: "the portal cannot be reached (--all: none can)",
}


def for_signal(signum: int) -> Exit:
    """The status of a crawl stopped by ``signum``.

    >>> for_signal(signal.SIGINT), for_signal(signal.SIGTERM)
    (<Exit.INTERRUPTED: 130>, <Exit.TERMINATED: 143>)
    """
    return Exit.TERMINATED if signum == signal.SIGTERM else Exit.INTERRUPTED


def help_text(meanings: dict[Exit, str] = MEANINGS) -> str:
    """The exit statuses as a block for click's ``--help`` (``\\b`` keeps its lines).

    >>> print(help_text({Exit.USAGE: CHECK_MEANINGS[Exit.USAGE], Exit.ALL_FAILED: "the portal cannot be reached"}))
    \b
    Exit status:
      2    unknown portal
      3    the portal cannot be reached
    """
    return "\b\nExit status:\n" + "\n".join(f"  {int(code):<5}{text}" for code, text in meanings.items())


def markdown_table(meanings: dict[Exit, str] = MEANINGS) -> str:
    """README's table (tests compare it with README).

    >>> print(markdown_table({Exit.DISK_FULL: MEANINGS[Exit.DISK_FULL]}))
    | code | meaning |
    |---|---|
    | 5 | disk full: the archive is intact; free space and run again (do not delete the -wal file) |
    """
    return "\n".join(["| code | meaning |", "|---|---|", *(f"| {int(c)} | {t} |" for c, t in meanings.items())])
