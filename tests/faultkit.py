"""Helpers shared by the fault-injection tests: crawls in child processes, archive checks."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from portal_spider.sample_portal.generated import MAIN, NANMING
from tests.conftest import ROOT

#: Settings that make a loopback crawl quick without changing what it does.
FAST = ("--fast", "--log-level", "WARNING")
#: The generated portal's (sample_portal.generated) three section listings, when each is one page:
#: their outcomes, and the next page each one's probe asks for (none is there: listing-end).
LISTINGS = {f"https://{MAIN}/news.html", f"https://{MAIN}/wsb/foreignaffairsofficenews.html", f"https://{NANMING}/news.html"}
PROBED = {u.replace(".html", "_2.html") for u in LISTINGS}
ROBOTS = {f"https://{h}/robots.txt" for h in (MAIN, NANMING)}


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str
    max_rss_mb: float
    seconds: float


def runner_command(db: str, proxy: str, *extra: str, portals: tuple[str, ...] = ("guiyang",)) -> list[str]:
    return [sys.executable, "-m", "portal_spider.runner", *portals, "--db", db, "--proxy", proxy, *FAST, *extra]


def crawl_command(db: str, proxy: str, *extra: str, portals: tuple[str, ...] = ("guiyang",)) -> list[str]:
    """``portal-archive crawl`` as an operator types it (the same crawl as :func:`runner_command`)."""
    return [sys.executable, "-m", "portal_spider", "crawl", *portals, "--db", db, "--proxy", proxy, *FAST, *extra]


def start(command: list[str], env: dict | None = None, new_session: bool = False) -> tuple[subprocess.Popen, Path]:
    """Start a child with its output in files (so it can be killed or reaped with its rusage);
    ``env``: variables added to the environment; ``new_session``: in a process group of its own,
    as a shell runs a command (its id is the child's pid)."""
    out = Path(tempfile.mkdtemp(prefix="crawl-out-"))
    proc = subprocess.Popen(command, cwd=ROOT, stdout=open(out / "stdout", "wb"), stderr=open(out / "stderr", "wb"),
                            env={**os.environ, **(env or {})}, start_new_session=new_session)
    return proc, out


def wait_for(condition, seconds: float, proc: subprocess.Popen | None = None) -> bool:
    """Poll ``condition()`` until it holds (True), ``seconds`` pass or ``proc`` ends (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc is not None and not running(proc):
            return bool(condition())
        time.sleep(0.005)  # polling a condition, not timing anything
    return False


def live_group(pgid: int) -> list[str]:
    """The processes of process group ``pgid`` that still run (zombies excluded: they have ended,
    and a container's init may never reap them), as ``"pid command"``."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:  # it ended meanwhile
            continue
        state, _, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if int(pgrp) == pgid and state != "Z":
            alive.append(f"{entry.name} {command}")
    return alive


def lock_free(db: str) -> bool:
    """Whether a crawl could take the archive's lock now."""
    import fcntl

    with open(f"{db}.lock", "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(lock, fcntl.LOCK_UN)
        return True


def running(proc: subprocess.Popen) -> bool:
    """Whether the child still runs, without reaping it (``finish`` reaps it, with its rusage)."""
    return os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None


def finish(proc: subprocess.Popen, out: Path, started: float, timeout: float = 240) -> Finished:
    """Reap the child (os.wait4 gives its own peak RSS), killing it past ``timeout``."""
    deadline = started + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)  # polling the child's state, not timing anything
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Finished(proc.returncode, (out / "stdout").read_text(), (out / "stderr").read_text(),
                    usage.ru_maxrss / 1024, time.monotonic() - started)


def run(command: list[str], timeout: float = 240, env: dict | None = None) -> Finished:
    started = time.monotonic()
    proc, out = start(command, env)
    return finish(proc, out, started, timeout)


def query(db: str, sql: str, *params):
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def check_integrity(db: str) -> None:
    """PRAGMA integrity_check and the FTS5 integrity check both pass (raises AssertionError otherwise)."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('integrity-check', 1)")
        conn.commit()
    finally:
        conn.close()


def warcio_check(folder: Path) -> subprocess.CompletedProcess:
    files = sorted(str(f) for f in Path(folder).glob("*.warc.gz"))
    assert files
    return subprocess.run([sys.executable, "-m", "warcio.cli", "check", *files], capture_output=True, text=True)


def missing_photos(db: str) -> dict[str, str]:
    """The outcome each stored article's photos must have on a server that holds no images: one
    fetch each (``image-failed``), however many articles show it."""
    with sqlite3.connect(db) as conn:
        return {src: "image-failed" for (src,) in conn.execute(
            "SELECT DISTINCT src FROM photos WHERE src LIKE 'http%'")}
