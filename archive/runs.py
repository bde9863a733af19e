"""Crawl runs as they are read back: a ``running`` row whose process is gone is ``died``.

A crawl writes its pid and :func:`this_host` (host name and boot id) into its
``runs`` row when it starts, and closes the row when it ends (``success``,
``partial``, ``all-failed``, ``interrupted``).  A row left ``running`` by a
process that could not close it (kill -9, power loss, a full disk) is shown as
``died`` by every reader (:func:`shown_status`); the next crawl records it so
(:func:`close_died`) and resumes it.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

BOOT_ID = Path("/proc/sys/kernel/random/boot_id")
#: A process that holds a crawl has one of these in its command line (``portal-archive crawl``,
#: ``python -m portal_spider ...``, ``scrapy crawl``): a pid reused by something else is not it.
_CRAWLERS = (b"portal", b"scrapy")


def this_host() -> str:
    """``"<host name> <boot id>"``: a pid means something only on the same machine, since its last boot."""
    try:
        boot = BOOT_ID.read_text().strip()
    except OSError:  # not Linux: the host name alone
        boot = ""
    return f"{socket.gethostname()} {boot}".strip()


def process_alive(pid: int) -> bool:
    """Whether ``pid`` is a running crawl on this machine.

    >>> process_alive(os.getpid()) in (True, False), process_alive(2 ** 22 + 1)
    (True, False)
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # no /proc: existing is all we can tell
        return True
    return any(word in command for word in _CRAWLERS)


def shown_status(status: str | None, pid: int | None, host: str | None, here: str | None = None) -> str | None:
    """The status to show for a run: ``died`` for a ``running`` row whose process is gone.

    A row of another machine (or from before hosts were recorded) stays ``running``: nothing
    here can tell.  A row of this machine from before its last boot died with it.

    >>> here = "box 1111"
    >>> shown_status("running", 2 ** 22 + 1, "box 1111", here), shown_status("running", 1, "box 0000", here)
    ('died', 'died')
    >>> shown_status("running", 1, "other 1111", here), shown_status("partial", 2 ** 22 + 1, "box 1111", here)
    ('running', 'partial')
    """
    if status != "running" or not pid or not host:
        return status
    name, _, boot = host.partition(" ")
    here_name, _, here_boot = (here or this_host()).partition(" ")
    if name != here_name:
        return status
    if boot != here_boot:
        return "died"
    return status if process_alive(pid) else "died"


def close_died(db) -> list[dict]:
    """Record as ``died`` every ``running`` run whose process is gone; return those rows (oldest first)."""
    rows = list(db.query("SELECT id, started, pid, host, portals FROM runs WHERE status = 'running' ORDER BY id"))
    died = [r for r in rows if shown_status("running", r["pid"], r["host"]) == "died"]
    for row in died:
        db.execute("UPDATE runs SET status = 'died' WHERE id = ? AND status = 'running'", [row["id"]])
    if died:
        db.conn.commit()
    return died


def unfinished_before(db, run_id: int, portals: list[str]) -> dict | None:
    """The last run before ``run_id`` that crawled one of ``portals`` if it did not finish
    (``died`` or ``interrupted``), else None: the run this one resumes."""
    for row in list(db.query("SELECT id, started, finished, status, portals FROM runs WHERE id < ? ORDER BY id DESC",
                             [run_id])):
        if set((row["portals"] or "").split()) & set(portals):
            return row if row["status"] in ("died", "interrupted") else None
    return None
