"""Helpers of the cluster tests: a writer and nodes in child processes on a throwaway redis-server."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

PORTALS = ("guiyang", "eguizhou")
SPAWNED: list[subprocess.Popen] = []


@pytest.fixture(autouse=True)
def no_child_left():
    """Whatever a test started is gone after it, passed or failed (import this into the test module)."""
    yield
    while SPAWNED:
        proc = SPAWNED.pop()
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def cluster_env(url: str) -> dict[str, str]:
    return {**os.environ, "PORTAL_ARCHIVE_FRONTIER": url}


def spawn(module: str, args: list[str], url: str) -> subprocess.Popen:
    """``python -m module args`` with the frontier in its environment, output in files (``proc.out``)."""
    out = Path(tempfile.mkdtemp(prefix="cluster-out-"))
    proc = subprocess.Popen([sys.executable, "-m", module, *args], cwd=ROOT, env=cluster_env(url),
                            stdout=open(out / "stdout", "wb"), stderr=open(out / "stderr", "wb"))
    proc.out = out
    SPAWNED.append(proc)
    return proc


def writer(url: str, db: str, *extra: str, portals=PORTALS) -> subprocess.Popen:
    return spawn("portal_spider.frontier.writer", [*portals, "--db", db, *extra], url)


def node(url: str, proxy: str, name: str, *extra: str, portals=PORTALS) -> subprocess.Popen:
    return spawn("portal_spider.frontier.node", [*portals, "--proxy", proxy, "--fast", "--log-level", "WARNING",
                                                 "-s", f"PORTAL_ARCHIVE_FRONTIER_NODE={name}", *extra], url)


def output(proc: subprocess.Popen) -> tuple[str, str]:
    return (proc.out / "stdout").read_text(), (proc.out / "stderr").read_text()


def query(db: str, sql: str, *params):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


def run_nodes(db: str, run_id: int) -> dict:
    return json.loads(query(db, "SELECT nodes FROM runs WHERE id = ?", run_id)[0][0])


def one_outcome_per_url(db: str) -> bool:
    return query(db, "SELECT count(*) FROM (SELECT run_id, url FROM fetches GROUP BY run_id, url HAVING count(*) > 1)") == [(0,)]
