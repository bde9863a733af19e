"""Shared fixtures: the loopback sample portal and a real crawl into a temporary archive."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal_spider.sample_portal.server import SamplePortal

ROOT = Path(__file__).resolve().parent.parent
SITES = ROOT / "portal_spider" / "sample_portal" / "sites"
# The sample portal is a proxy on 127.0.0.1: let every crawl these tests start (they inherit the
# environment) connect to loopback, which the fetch boundary refuses by default.  Private, link-local
# and other internal addresses stay refused; tests/test_fetch_boundary.py turns it off again.
os.environ["PORTAL_ARCHIVE_ALLOW_LOOPBACK"] = "1"


def pytest_addoption(parser):
    parser.addoption("--long", action="store_true", help="run the long-form reliability tests")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--long") or os.environ.get("PORTAL_ARCHIVE_LONG") == "1":
        return
    skip = pytest.mark.skip(reason="long form: run with --long")
    for item in items:
        if "long" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def sample_portal():
    with SamplePortal() as portal:
        yield portal


@pytest.fixture
def db_path(tmp_path) -> str:
    return str(tmp_path / "archive.db")


def run_cli(*args: str, env: dict | None = None, timeout: int = 180) -> subprocess.CompletedProcess:
    """Run ``portal-archive ARGS`` as a user would (a child process, real files)."""
    return subprocess.run(
        [sys.executable, "-m", "portal_spider", *args], capture_output=True, text=True, timeout=timeout,
        cwd=ROOT, env={**os.environ, **(env or {})},
    )


def crawl(db: str, proxy: str, *portals: str, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """A real crawl of the sample portal through the loopback proxy."""
    return subprocess.run(
        [sys.executable, "-m", "portal_spider.runner", *(portals or ("guiyang", "eguizhou")), "--db", db,
         "--proxy", proxy, "--fast", "--log-level", "WARNING", *extra],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )
